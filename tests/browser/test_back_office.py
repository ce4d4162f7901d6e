"""The back office as the programme office and the teaching team use it on an ordinary day, in
Japanese: the admin home with the running cohorts, the session-day attendance, and the
certificates page of a cohort nobody has completed yet."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Attendance
from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.cohorts.factories import (
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    TeachingAssignmentFactory,
)
from tests.school.factories import ProgrammeAdministratorFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def _no_horizontal_overflow(page) -> None:
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def running_cohort():
    cohort = CohortFactory(name_ja="第12期 DX経営者育成")
    EnrolmentFactory.create_batch(3, cohort=cohort)
    SessionFactory(cohort=cohort, starts_at=timezone.now() - timedelta(hours=2))
    return cohort


def test_the_admin_home_is_japanese_and_shows_the_running_cohorts(page, password, running_cohort):
    administrator = ProgrammeAdministratorFactory()
    log_in(page, email=administrator.email, password=password)

    page.goto(reverse("wagtailadmin_home"))

    main = page.locator("main")
    expect(main).to_contain_text("運営中の期と対応待ちの件")
    expect(main).to_contain_text(running_cohort.name_ja)
    expect(main).to_contain_text("出欠の入力が残っている実施済みの回：1")
    for english in ("Search all pages", " Images", " Documents", "new items in", "(New)"):
        expect(page.locator("body")).not_to_contain_text(english)
    assert page.title().endswith("DX経営スクール")
    assert_no_serious_axe_violations(page)
    screenshot(page, "admin-home")
    _no_horizontal_overflow(page)
    screenshot(page, "admin-home-390")


def test_the_import_page_has_its_title_in_the_browser_tab(page, password, running_cohort):
    administrator = ProgrammeAdministratorFactory()
    log_in(page, email=administrator.email, password=password)

    page.goto(reverse("cohorts_admin_import_csv", args=[running_cohort.pk]))

    assert page.title().startswith("CSV")
    assert "Wagtail" not in page.title()
    assert_no_serious_axe_violations(page)
    _no_horizontal_overflow(page)
    screenshot(page, "admin-import-390")


def test_on_the_session_day_everyone_is_present_and_then_the_exceptions(
    page, password, running_cohort
):
    instructor = TeachingAssignmentFactory(cohort=running_cohort).user
    session = running_cohort.sessions.get()
    first, second, _third = running_cohort.enrolments.order_by("pk")
    log_in(page, email=instructor.email, password=password)

    page.goto(reverse("cohorts:mark_attendance", args=[session.pk]))
    expect(page.locator("input[type='radio']:checked")).to_have_count(0)
    assert_no_serious_axe_violations(page)
    screenshot(page, "attendance-session-day")
    with page.expect_navigation():
        page.get_by_role("button", name="全員出席にする").click()
    page.locator(f"input[name='status_{second.pk}'][value='absent']").check()
    page.locator(f"input[name='note_{second.pk}']").fill("体調不良")
    with page.expect_navigation():
        page.get_by_role("button", name="選んだ内容を保存").click()

    statuses = dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "status")
    )
    assert statuses[first.pk] == "present"
    assert statuses[second.pk] == "absent"
    assert list(statuses.values()).count("present") == 2
    screenshot(page, "attendance-session-day-saved")
    _no_horizontal_overflow(page)
    screenshot(page, "attendance-session-day-390")


def test_attendance_of_a_session_to_come_cannot_be_taken(page, password, running_cohort):
    instructor = TeachingAssignmentFactory(cohort=running_cohort).user
    later = SessionFactory(cohort=running_cohort)
    log_in(page, email=instructor.email, password=password)

    page.goto(reverse("cohorts:mark_attendance", args=[later.pk]))

    expect(page.locator("main")).to_contain_text("この回はまだ始まっていません")
    expect(page.locator("input[type='radio']")).to_have_count(0)
    assert_no_serious_axe_violations(page)
    screenshot(page, "attendance-session-to-come")


def test_the_issue_button_says_why_nobody_can_be_issued_yet(page, password, running_cohort):
    administrator = ProgrammeAdministratorFactory()
    log_in(page, email=administrator.email, password=password)

    page.goto(reverse("certificates_admin_eligibility", args=[running_cohort.pk]))

    issue = reverse("certificates_admin_issue_for_cohort", args=[running_cohort.pk])
    expect(page.locator(f"form[action='{issue}'] button")).to_be_disabled()
    expect(page.locator("#issue-disabled-reason")).to_contain_text("修了要件を満たした受講者")
    expect(page.locator("main")).to_contain_text("最低出席率 80%")
    assert_no_serious_axe_violations(page)
    screenshot(page, "eligibility-nobody-eligible")
    _no_horizontal_overflow(page)
    screenshot(page, "eligibility-nobody-eligible-390")

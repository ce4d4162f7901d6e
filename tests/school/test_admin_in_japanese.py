"""The back office in Japanese: Wagtail's strings its catalogue lacks, titles of our own admin
pages, and the home page's running cohorts with what is waiting."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from tests.cohorts.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
)
from tests.school.factories import ProgrammeAdministratorFactory
from workshops.admin_home import running_cohort_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, settings):
    client.force_login(ProgrammeAdministratorFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    return client


@pytest.mark.parametrize(
    "english",
    ["Search all pages…", "You have <span>unsaved edits</span>", "Search the whole site"],
)
def test_wagtail_strings_its_catalogue_lacks_are_japanese(english):
    with override("ja"):
        assert gettext(english) != english


def test_the_admin_home_shows_no_english_of_wagtails(admin_client):
    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Search all pages" not in page
    assert "すべてのページを検索" in page


def test_a_custom_admin_page_has_its_title_in_the_browser_tab(admin_client):
    cohort = CohortFactory()

    page = admin_client.get(reverse("cohorts_admin_import_csv", args=[cohort.pk]))

    title = page.content.decode().split("<title>")[1].split("</title>")[0].strip()
    assert title.startswith("CSV")
    assert "Wagtail" not in title


def test_the_admin_home_lists_the_running_cohorts_only(admin_client):
    CohortFactory(name_ja="第9期（運営中）")
    CohortFactory(name_ja="終了した期", status="finished")

    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "第9期（運営中）" in page
    assert "終了した期" not in page


def test_a_running_cohorts_key_figures(programme_administrator):
    cohort = CohortFactory(capacity=30)
    present, absent, _unmarked = EnrolmentFactory.create_batch(3, cohort=cohort)
    held = SessionFactory(cohort=cohort, starts_at=timezone.now() - timezone.timedelta(days=1))
    SessionFactory(cohort=cohort)  # still to come
    AttendanceFactory(session=held, enrolment=present, status="present")
    AttendanceFactory(session=held, enrolment=absent, status="absent")

    (figures,) = running_cohort_figures(user=programme_administrator)

    assert (figures.taking_part, figures.sessions_held, figures.sessions_total) == (3, 1, 2)
    assert figures.attendance_percent == 50
    assert figures.unmarked_sessions == 1
    assert (figures.plans_submitted, figures.plans_ungraded) == (0, 0)


def test_the_admin_home_says_what_is_waiting(admin_client):
    cohort = CohortFactory()
    EnrolmentFactory(cohort=cohort)
    SessionFactory(cohort=cohort, starts_at=timezone.now() - timezone.timedelta(days=1))

    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "出欠の入力が残っている実施済みの回：1" in page
    assert reverse("workshops:grading_queue") in page
    assert reverse("wagtailadmin_reports:workflow") in page


def test_the_admin_home_figures_cost_a_fixed_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    for _index in range(5):
        cohort = CohortFactory()
        EnrolmentFactory.create_batch(3, cohort=cohort)
        SessionFactory(cohort=cohort, starts_at=timezone.now() - timezone.timedelta(days=1))

    with django_assert_max_num_queries(40):
        assert admin_client.get(reverse("wagtailadmin_home")).status_code == 200

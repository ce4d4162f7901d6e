"""An instructor's teaching day in a real browser: attendance, the grading queue, one grade
released with the rubric and one plan returned for revision."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Attendance
from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.certificates.factories import held_sessions
from tests.cohorts.factories import CohortFactory, EnrolmentFactory, TeachingAssignmentFactory
from tests.workshops.factories import RubricFactory, SubmissionFactory, WorkshopFactory
from workshops.models import Assessment

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread, so the data must be committed; serialized
    # rollback puts back what the migrations made (roles, the home page) for the tests after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FEEDBACK = "ロードマップと予算の対応が明確で、経営会議にそのまま出せる水準です。"
SECTION_COMMENT = "ビジネスモデルの変化がよく描けています。"


@pytest.fixture
def teaching():
    """A cohort with a held session, a graded workshop and two participants who submitted."""
    cohort = CohortFactory()
    instructor = TeachingAssignmentFactory(cohort=cohort).user
    (session,) = held_sessions(cohort, 1)
    workshop = WorkshopFactory(cohort=cohort, rubric=RubricFactory())
    first, second = (
        SubmissionFactory(workshop=workshop, enrolment=EnrolmentFactory(cohort=cohort))
        for _ in range(2)
    )
    return instructor, session, first, second


def _open_from_queue(page, submission):
    page.goto(reverse("workshops:grading_queue"))
    page.get_by_role("link", name=submission.enrolment.user.full_name).click()
    expect(page.locator("form fieldset").first).to_be_visible()


def test_an_instructor_marks_attendance_grades_and_releases_one_plan_and_returns_another(
    page, teaching, password
):
    instructor, session, first, second = teaching
    log_in(page, email=instructor.email, password=password)

    page.goto(reverse("cohorts:mark_attendance", args=[session.pk]))
    rows = page.locator("tbody tr")
    rows.nth(0).locator("input[value='present']").check()
    rows.nth(1).locator("input[value='late']").check()
    rows.nth(1).locator("input[type='text']").fill("電車遅延")
    assert_no_serious_axe_violations(page)
    screenshot(page, "instructor-attendance")
    with page.expect_navigation():
        page.locator("form [type='submit']").last.click()
    statuses = dict(
        Attendance.objects.filter(session=session).values_list("enrolment_id", "status")
    )
    assert sorted(statuses.values()) == [Attendance.Status.LATE, Attendance.Status.PRESENT]

    page.goto(reverse("workshops:grading_queue"))
    assert_no_serious_axe_violations(page)
    screenshot(page, "instructor-grading-queue")

    _open_from_queue(page, first)
    for criterion in page.locator("form fieldset").all():
        criterion.locator("input[type='radio']").last.check()  # the top level
    page.locator("textarea[name^='comment_']").first.fill(SECTION_COMMENT)
    page.locator("textarea[name='overall_feedback']").fill(FEEDBACK)
    expect(page.locator("#running-total")).to_contain_text("100%")  # the running total
    assert_no_serious_axe_violations(page)
    screenshot(page, "instructor-grading-screen")
    page.once("dialog", lambda dialog: dialog.accept())  # "Release this feedback to …?"
    with page.expect_navigation():
        page.click("button[name='action'][value='release']")
    released = Assessment.objects.get(submission=first)
    assert released.status == Assessment.Status.RELEASED
    assert released.overall_feedback == FEEDBACK
    assert SECTION_COMMENT in released.section_comments.values()
    assert released.total_percentage == 100

    _open_from_queue(page, second)
    for criterion in page.locator("form fieldset").all():
        criterion.locator("input[type='radio']").nth(1).check()
    page.locator("textarea[name='overall_feedback']").fill("KPIの根拠を補って再提出してください。")
    due = timezone.localtime() + timedelta(days=10)
    page.fill("input[name='revision_due_at']", due.strftime("%Y-%m-%dT%H:%M"))
    page.once("dialog", lambda dialog: dialog.accept())  # "Return the plan to … for revision?"
    with page.expect_navigation():
        page.click("button[name='action'][value='return']")
    returned = Assessment.objects.get(submission=second)
    assert returned.status == Assessment.Status.RETURNED
    assert timezone.localtime(returned.revision_due_at).date() == due.date()

    page.goto(reverse("workshops:grading_queue"))
    for submission, status in (
        (first, Assessment.Status.RELEASED),
        (second, Assessment.Status.RETURNED),
    ):
        row = page.locator("tbody tr", has_text=submission.enrolment.user.full_name)
        expect(row).to_contain_text(str(status.label))
    assert_no_serious_axe_violations(page)
    screenshot(page, "instructor-grading-queue-graded")

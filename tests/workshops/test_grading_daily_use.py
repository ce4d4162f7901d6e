"""The grading queue and screen as the teaching team uses them every day (issue 14, points 1
and 5): wording for late plans, the current cohort first, search, the default due time, one
alert on a conflict, and confirmation before releasing or returning."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import CohortFactory, EnrolmentFactory, TeachingAssignmentFactory
from tests.workshops.factories import SubmissionFactory, WorkshopFactory
from tests.workshops.grading_fixtures import keys, save
from workshops.grading.forms import GradingForm

pytestmark = pytest.mark.django_db

QUEUE = reverse("workshops:grading_queue")


def _screen(submission):
    return reverse("workshops:grading_screen", args=[submission.pk])


def test_the_lateness_filter_speaks_of_the_deadline_not_of_being_late_for_class(
    client, submission, grader
):
    client.force_login(grader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"

    html = client.get(QUEUE).content.decode()

    assert "期限後提出" in html
    assert "遅刻" not in html


def test_the_queue_lists_the_current_cohort_before_an_earlier_one(client, rubric):
    earlier = CohortFactory(starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31), year=2025)
    current = CohortFactory(
        programme=earlier.programme,
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        year=2026,
    )
    old = SubmissionFactory(
        workshop=WorkshopFactory(cohort=earlier, rubric=rubric, due_at=timezone.now())
    )
    new = SubmissionFactory(
        workshop=WorkshopFactory(
            cohort=current, rubric=rubric, due_at=timezone.now() + timedelta(days=30)
        )
    )
    grader = TeachingAssignmentFactory(cohort=earlier).user
    TeachingAssignmentFactory(cohort=current, user=grader)
    client.force_login(grader)

    rows = client.get(QUEUE).context["queue"].rows

    assert [row.submission for row in rows] == [new, old]


def test_the_queue_finds_a_participant_by_the_whole_name_typed_as_one_word(
    client, submission, grader
):
    other = SubmissionFactory(workshop=submission.workshop)
    user = submission.enrolment.user
    client.force_login(grader)

    rows = client.get(QUEUE, {"q": f"{user.last_name}{user.first_name}"}).context["queue"].rows

    assert [row.submission for row in rows] == [submission]
    assert other not in [row.submission for row in rows]


def test_the_queue_finds_a_participant_by_company(client, submission, grader):
    SubmissionFactory(workshop=submission.workshop)
    client.force_login(grader)

    rows = client.get(QUEUE, {"q": submission.enrolment.company.name}).context["queue"].rows

    assert [row.submission for row in rows] == [submission]


def test_the_default_revision_due_time_is_the_end_of_the_day_a_week_ahead():
    due = GradingForm(criteria=[]).initial["revision_due_at"]

    assert (due.hour, due.minute) == (23, 59)
    assert due.date() == (timezone.localtime() + timedelta(days=7)).date()


def test_a_conflict_is_one_alert_naming_the_other_instructors_entries(client, assessment, grader):
    first = keys(assessment)[0]
    save(assessment, grader, scores={first: 4}, feedback="先に保存した講評")
    colleague = TeachingAssignmentFactory(cohort=assessment.submission.workshop.cohort).user
    client.force_login(colleague)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"

    response = client.post(
        _screen(assessment.submission),
        {"expected_revision": 0, "action": "save", f"score_{first}": 1},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert html.count('role="alert"') == 1
    assert "他の講師が保存した内容" in html


def test_release_and_return_ask_for_confirmation(client, submission, grader):
    client.force_login(grader)

    html = client.get(_screen(submission)).content.decode()

    assert html.count("data-confirm=") == 2
    assert "workshops/confirm.js" in html


def test_a_participant_of_another_cohort_is_not_found_by_search(client, submission, grader):
    stranger = EnrolmentFactory()
    client.force_login(grader)

    rows = client.get(QUEUE, {"q": stranger.user.email}).context["queue"].rows

    assert rows == []

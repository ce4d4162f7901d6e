"""The grading queue and screen as the teaching team uses them every day (issue 14, points 1
and 5): wording for late plans, the current cohort first, search, the default due time, one
alert on a conflict, and confirmation before releasing or returning."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import CohortFactory, EnrolmentFactory, TeachingAssignmentFactory
from tests.workshops.factories import SubmissionFactory, WorkshopFactory
from tests.workshops.grading_fixtures import keys, save
from workshops import services
from workshops.grading.forms import GradingForm
from workshops.models import Assessment

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


def test_the_grading_screen_keeps_a_running_total_of_the_weighted_score(client, submission, grader):
    client.force_login(grader)

    html = client.get(_screen(submission)).content.decode()

    assert 'id="running-total"' in html
    assert html.count('data-weight="1" data-max="4"') == 3
    assert "workshops/grading_total.js" in html


def test_ticked_drafts_are_released_together_and_an_unfinished_one_is_named(
    client, graded_workshop, grader
):
    finished, unfinished = (SubmissionFactory(workshop=graded_workshop) for _ in range(2))
    for submission, points in ((finished, 4), (unfinished, None)):
        assessment = services.assessment_start(submission=submission, by=grader)
        scores = {} if points is None else {key: points for key in keys(assessment)}
        save(assessment, grader, scores=scores)
    client.force_login(grader)

    response = client.post(
        reverse("workshops:grading_bulk_release"),
        {"submission": [finished.pk, unfinished.pk], "next": QUEUE + "?status=draft"},
    )

    assert response.url == QUEUE + "?status=draft"
    finished.assessment.refresh_from_db()
    unfinished.assessment.refresh_from_db()
    assert finished.assessment.status == Assessment.Status.RELEASED
    assert unfinished.assessment.status == Assessment.Status.DRAFT
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(unfinished.enrolment.user.full_name in text for text in texts)


def test_bulk_release_touches_no_draft_outside_the_graders_cohorts(client, assessment):
    outsider = TeachingAssignmentFactory().user
    client.force_login(outsider)

    client.post(
        reverse("workshops:grading_bulk_release"), {"submission": [assessment.submission_id]}
    )

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_bulk_release_goes_back_only_to_the_grading_queue(client, grader):
    client.force_login(grader)

    response = client.post(
        reverse("workshops:grading_bulk_release"), {"next": "https://evil.example/"}
    )

    assert response.url == QUEUE


def test_the_queue_sorts_by_score_and_its_header_says_so(client, graded_workshop, grader):
    low, high = (SubmissionFactory(workshop=graded_workshop) for _ in range(2))
    for submission, points in ((low, 1), (high, 4)):
        assessment = services.assessment_start(submission=submission, by=grader)
        save(assessment, grader, scores={key: points for key in keys(assessment)})
    client.force_login(grader)

    response = client.get(QUEUE, {"sort": "-score"})

    rows = response.context["queue"].rows
    assert [row.submission for row in rows[:2]] == [high, low]
    assert rows[-1].assessment is None  # what is not graded yet comes last
    assert 'aria-sort="descending"' in response.content.decode()

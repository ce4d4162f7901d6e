"""The grading queue kept in the cache (workshops/grading/queue_cache.py): an instructor's own
queue only, never stale for a hand-in, a grade or a release, and each page with its own form
token."""

import re
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from tests.workshops.factories import (
    PlanFactory,
    RubricFactory,
    SubmissionFactory,
    WorkshopFactory,
    complete_plan_rows,
)
from tests.workshops.grading_fixtures import save
from workshops import services
from workshops.models import Assessment, Workshop

pytestmark = pytest.mark.django_db

QUEUE = reverse("workshops:grading_queue")
RELEASE = reverse("workshops:grading_bulk_release")


def _visit(client, params=None) -> tuple[str, str]:
    """The queue's HTML and the SQL its request ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE, params or {})
    assert response.status_code == 200
    return response.content.decode(), " ".join(q["sql"] for q in queries.captured_queries)


def _token(html: str) -> str:
    """The bulk-release form's token (the navigation bar's sign-out form has its own)."""
    form = html[html.index('id="bulk-release"') :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def _screen(submission) -> str:
    return reverse("workshops:grading_screen", args=[submission.pk])


def _signed_in(user, *, language="en", enforce_csrf_checks=False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def test_a_second_visit_to_the_queue_reads_no_submission_from_the_database(submission, grader):
    client = _signed_in(grader)

    _html, first = _visit(client)
    _html, second = _visit(client)

    assert "workshops_submission" in first
    assert "workshops_submission" not in second
    assert "workshops_workshop" not in second


@pytest.mark.parametrize("count", [10, 300])
def test_a_kept_queue_costs_the_same_few_queries_for_10_or_300_submissions(
    graded_workshop, django_assert_max_num_queries, count
):
    for enrolment in EnrolmentFactory.create_batch(count, cohort=graded_workshop.cohort):
        SubmissionFactory(workshop=graded_workshop, enrolment=enrolment)
    client = _signed_in(TeachingAssignmentFactory(cohort=graded_workshop.cohort).user)
    _visit(client)

    # The account, and the public menu's page restrictions.
    with django_assert_max_num_queries(3):
        response = client.get(QUEUE)

    assert response.content.decode().count('name="submission"') == 0  # none drafted yet
    assert f"of {count} submissions" in response.content.decode()


def test_a_plan_handed_in_after_a_visit_shows_in_the_queue_at_once(
    submission, grader, graded_workshop
):
    enrolment = EnrolmentFactory(cohort=graded_workshop.cohort)
    plan = complete_plan_rows(PlanFactory(enrolment=enrolment))
    client = _signed_in(grader)
    _visit(client)
    _visit(client)

    handed_in = services.plan_submit(plan=plan, workshop=graded_workshop)

    html, _sql = _visit(client)
    assert _screen(handed_in) in html
    assert 'data-count="not_started">2<' in html


def test_a_grade_saved_after_a_visit_shows_in_the_queue_at_once(submission, grader):
    client = _signed_in(grader)
    html, _sql = _visit(client)
    assert 'data-count="draft">0<' in html

    save(services.assessment_start(submission=submission, by=grader), grader)

    html, _sql = _visit(client)
    assert 'data-count="draft">1<' in html and "100.0%" in html


def test_feedback_released_from_a_kept_queue_shows_as_released_on_the_next_visit(
    submission, grader
):
    save(services.assessment_start(submission=submission, by=grader), grader)
    client = _signed_in(grader, enforce_csrf_checks=True)
    _visit(client)
    html, _sql = _visit(client)  # from the cache

    response = client.post(
        RELEASE,
        {"csrfmiddlewaretoken": _token(html), "submission": [submission.pk], "next": QUEUE},
    )

    assert response.status_code == 302
    submission.assessment.refresh_from_db()
    assert submission.assessment.status == Assessment.Status.RELEASED
    html, _sql = _visit(client)
    assert 'data-count="released">1<' in html and 'data-count="draft">0<' in html


def test_a_queue_kept_for_one_browser_carries_the_form_token_of_another(submission, grader):
    save(services.assessment_start(submission=submission, by=grader), grader)
    office = _signed_in(grader, enforce_csrf_checks=True)
    laptop = _signed_in(grader, enforce_csrf_checks=True)
    office_html, _sql = _visit(office)

    laptop_html, sql = _visit(laptop)
    response = laptop.post(
        RELEASE, {"csrfmiddlewaretoken": _token(laptop_html), "submission": [submission.pk]}
    )

    assert "workshops_submission" not in sql  # the page kept for the office
    assert _token(laptop_html) != _token(office_html)
    assert response.status_code == 302
    submission.assessment.refresh_from_db()
    assert submission.assessment.status == Assessment.Status.RELEASED


def test_another_instructors_kept_queue_never_shows(submission, grader):
    elsewhere = SubmissionFactory(workshop=WorkshopFactory(rubric=RubricFactory()))
    other = TeachingAssignmentFactory(cohort=elsewhere.workshop.cohort).user
    _visit(_signed_in(grader))
    _visit(_signed_in(grader))

    html, _sql = _visit(_signed_in(other))

    assert _screen(elsewhere) in html
    assert _screen(submission) not in html
    assert submission.workshop.title_en not in html


def test_a_cohort_given_to_an_instructor_after_a_visit_shows_at_once(submission, grader):
    elsewhere = SubmissionFactory(workshop=WorkshopFactory(rubric=RubricFactory()))
    client = _signed_in(grader)
    _visit(client)

    TeachingAssignmentFactory(cohort=elsewhere.workshop.cohort, user=grader)

    html, _sql = _visit(client)
    assert _screen(elsewhere) in html and _screen(submission) in html


def test_a_filtered_or_sorted_queue_is_never_answered_with_the_whole_queue_kept(
    submission, grader, graded_workshop
):
    late = SubmissionFactory(workshop=graded_workshop, is_late=True)
    client = _signed_in(grader)
    _visit(client)

    html, _sql = _visit(client, {"late": "0"})

    assert _screen(submission) in html and _screen(late) not in html
    assert 'aria-sort="descending"' in _visit(client, {"sort": "-score"})[0]


def test_the_english_and_the_japanese_queues_are_kept_apart(submission, grader):
    japanese, _sql = _visit(_signed_in(grader, language="ja"))
    english, _sql = _visit(_signed_in(grader, language="en"))

    assert submission.workshop.title_ja in japanese and "未着手" in japanese
    assert submission.workshop.title_en in english and "Not started" in english


def test_a_change_written_around_the_models_shows_in_the_queue_within_a_minute(
    submission, grader, monkeypatch
):
    client = _signed_in(grader)
    _visit(client)
    Workshop.objects.filter(pk=submission.workshop_id).update(title_en="Renamed by a bulk update")
    assert "Renamed by a bulk update" not in _visit(client)[0]

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 60)

    assert "Renamed by a bulk update" in _visit(client)[0]


def test_with_the_cache_down_the_queue_is_served_and_its_bulk_release_works(
    redis_down, submission, grader
):
    save(services.assessment_start(submission=submission, by=grader), grader)
    client = _signed_in(grader, enforce_csrf_checks=True)

    _visit(client)
    html, sql = _visit(client)
    response = client.post(
        RELEASE, {"csrfmiddlewaretoken": _token(html), "submission": [submission.pk]}
    )

    assert "workshops_submission" in sql and _screen(submission) in html
    assert response.status_code == 302
    submission.assessment.refresh_from_db()
    assert submission.assessment.status == Assessment.Status.RELEASED

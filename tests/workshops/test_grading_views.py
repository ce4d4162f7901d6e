from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.cohorts.factories import EnrolmentFactory, SessionFactory, TeachingAssignmentFactory
from tests.school.factories import InstructorFactory, ProgrammeAdministratorFactory
from tests.workshops.factories import RubricFactory, SubmissionFactory, WorkshopFactory
from tests.workshops.grading_fixtures import full_scores, keys, save
from workshops import services
from workshops.models import Assessment, ScoreChange
from workshops.selectors import GRADING_QUEUE_PAGE_SIZE

pytestmark = pytest.mark.django_db

QUEUE = reverse("workshops:grading_queue")


def _screen(submission):
    return reverse("workshops:grading_screen", args=[submission.pk])


def _post(*, revision=0, action="save", scores=None, **extra):
    data = {"expected_revision": revision, "action": action, "overall_feedback": "良い計画です。"}
    for key, points in (scores or {}).items():
        data[f"score_{key}"] = points
    data.update(extra)
    return data


def _criterion_keys(submission):
    return [
        f"c{pk}"
        for pk in submission.workshop.rubric.criteria.order_by("sort_order").values_list(
            "pk", flat=True
        )
    ]


def _many_submissions(workshop, count):
    for enrolment in EnrolmentFactory.create_batch(count, cohort=workshop.cohort):
        SubmissionFactory(workshop=workshop, enrolment=enrolment)


# --- The queue ------------------------------------------------------------------------------


def test_the_queue_lists_only_submissions_of_the_cohorts_the_instructor_teaches(
    client, submission, grader
):
    elsewhere = SubmissionFactory(workshop=WorkshopFactory(rubric=RubricFactory()))
    client.force_login(grader)

    response = client.get(QUEUE)

    rows = [row.submission for row in response.context["queue"].rows]
    assert rows == [submission]
    assert elsewhere not in rows


def test_a_programme_administrator_sees_every_cohorts_submissions(client, submission):
    elsewhere = SubmissionFactory(workshop=WorkshopFactory(rubric=RubricFactory()))
    client.force_login(ProgrammeAdministratorFactory())

    response = client.get(QUEUE)

    assert {row.submission for row in response.context["queue"].rows} == {submission, elsewhere}


def test_the_queue_shows_only_the_latest_version_of_each_participant(client, submission, grader):
    newer = SubmissionFactory(
        workshop=submission.workshop, enrolment=submission.enrolment, version_number=2
    )
    client.force_login(grader)

    response = client.get(QUEUE)

    assert [row.submission for row in response.context["queue"].rows] == [newer]


def test_the_queue_filters_by_status_and_counts_each_status(client, submission, grader, assessment):
    SubmissionFactory(workshop=submission.workshop)
    client.force_login(grader)

    response = client.get(QUEUE, {"status": "not_started"})

    queue = response.context["queue"]
    assert [row.status for row in queue.rows] == ["not_started"]
    assert queue.counts == {"not_started": 1, "draft": 1, "released": 0, "returned": 0}


def test_the_queue_filters_late_submissions(client, submission, grader):
    late = SubmissionFactory(workshop=submission.workshop, is_late=True)
    client.force_login(grader)

    response = client.get(QUEUE, {"late": "1"})

    assert [row.submission for row in response.context["queue"].rows] == [late]


def test_an_instructor_who_teaches_no_cohort_sees_an_empty_queue(client, submission):
    client.force_login(InstructorFactory())

    response = client.get(QUEUE)

    queue = response.context["queue"]
    assert queue.rows == [] and queue.workshops == []
    assert queue.counts == {"not_started": 0, "draft": 0, "released": 0, "returned": 0}
    assert '<td colspan="8">' in response.content.decode()  # "No submissions to show."


def test_a_participant_cannot_open_the_queue(client, submission):
    client.force_login(submission.enrolment.user)

    assert client.get(QUEUE).status_code == 403


@pytest.mark.parametrize("count", [10, 300])
def test_the_queue_costs_the_same_queries_for_10_or_300_submissions(
    client, graded_workshop, django_assert_max_num_queries, count
):
    _many_submissions(graded_workshop, count)
    teacher = TeachingAssignmentFactory(cohort=graded_workshop.cohort).user
    client.force_login(teacher)

    # +2: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(10):
        response = client.get(QUEUE)

    assert len(response.context["queue"].rows) == min(count, GRADING_QUEUE_PAGE_SIZE)


def test_the_queue_shows_fifty_submissions_a_page_and_counts_the_whole_queue(
    client, graded_workshop
):
    _many_submissions(graded_workshop, 120)
    client.force_login(TeachingAssignmentFactory(cohort=graded_workshop.cohort).user)

    response = client.get(QUEUE)

    queue = response.context["queue"]
    assert len(queue.rows) == 50
    assert queue.page.paginator.num_pages == 3
    assert queue.counts["not_started"] == 120


def test_the_last_page_of_the_queue_holds_the_remaining_submissions(client, graded_workshop):
    _many_submissions(graded_workshop, 120)
    client.force_login(TeachingAssignmentFactory(cohort=graded_workshop.cohort).user)

    first = client.get(QUEUE).context["queue"].rows
    last = client.get(QUEUE, {"page": 3}).context["queue"].rows

    assert len(last) == 20
    assert not {row.submission for row in first} & {row.submission for row in last}


def test_a_page_number_past_the_end_shows_the_last_page(client, graded_workshop):
    _many_submissions(graded_workshop, 60)
    client.force_login(TeachingAssignmentFactory(cohort=graded_workshop.cohort).user)

    response = client.get(QUEUE, {"page": "99"})

    assert response.context["queue"].page.number == 2


def test_the_queue_page_links_keep_the_filters(client, graded_workshop):
    _many_submissions(graded_workshop, 60)
    client.force_login(TeachingAssignmentFactory(cohort=graded_workshop.cohort).user)

    response = client.get(QUEUE, {"workshop": graded_workshop.pk, "status": "not_started"})

    assert f"?workshop={graded_workshop.pk}&amp;status=not_started&amp;page=2" in (
        response.content.decode()
    )


def test_a_filtered_queue_is_paginated_within_the_filter(client, graded_workshop):
    _many_submissions(graded_workshop, 55)
    for enrolment in EnrolmentFactory.create_batch(3, cohort=graded_workshop.cohort):
        SubmissionFactory(workshop=graded_workshop, enrolment=enrolment, is_late=True)
    client.force_login(TeachingAssignmentFactory(cohort=graded_workshop.cohort).user)

    response = client.get(QUEUE, {"late": "1"})

    queue = response.context["queue"]
    assert queue.page.paginator.count == 3
    assert not queue.page.has_other_pages()
    assert all(row.submission.is_late for row in queue.rows)


# --- The grading screen ---------------------------------------------------------------------


def test_an_instructor_cannot_open_the_grading_screen_outside_their_cohorts(client, submission):
    client.force_login(InstructorFactory())

    assert client.get(_screen(submission)).status_code == 403


def test_an_instructor_cannot_grade_outside_their_cohorts(client, submission):
    client.force_login(InstructorFactory())

    response = client.post(_screen(submission), _post())

    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_opening_the_grading_screen_writes_nothing(client, submission, grader):
    client.force_login(grader)

    response = client.get(_screen(submission))

    assert response.status_code == 200
    assert not Assessment.objects.exists()
    assert "section_rows" in response.context


def test_the_first_save_starts_the_assessment_and_saves_the_scores(client, submission, grader):
    client.force_login(grader)
    first = _criterion_keys(submission)[0]

    response = client.post(_screen(submission), _post(scores={first: 3}))

    assert response.status_code == 302
    assessment = Assessment.objects.get(submission=submission)
    assert assessment.scores == {first: 3}
    assert assessment.overall_feedback == "良い計画です。"
    assert assessment.status == Assessment.Status.DRAFT


def test_a_stale_save_gets_a_conflict_keeps_the_typed_values_and_shows_the_saved_ones(
    client, assessment, grader
):
    first = keys(assessment)[0]
    save(assessment, grader, scores={first: 4}, feedback="先に保存した講評")
    colleague = TeachingAssignmentFactory(cohort=assessment.submission.workshop.cohort).user
    client.force_login(colleague)

    response = client.post(
        _screen(assessment.submission),
        _post(revision=0, scores={first: 1}),
    )

    assert response.status_code == 409
    content = response.content.decode()
    assert "先に保存した講評" in content
    assert "良い計画です。" in content
    assert response.context["form"]["expected_revision"].value() == "1"
    assessment.refresh_from_db()
    assert assessment.scores == {first: 4}
    assert ScoreChange.objects.filter(assessment=assessment, conflict=True).count() == 1


def test_a_score_outside_the_levels_is_shown_next_to_the_criterion(client, submission, grader):
    client.force_login(grader)
    first = _criterion_keys(submission)[0]

    response = client.post(_screen(submission), _post(scores={first: 9}))

    assert response.status_code == 400
    assert response.context["form"][f"score_{first}"].errors


def test_save_and_release_releases_and_emails_the_participant(
    client, submission, grader, django_capture_on_commit_callbacks
):
    client.force_login(grader)
    scores = {key: 3 for key in _criterion_keys(submission)}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_screen(submission), _post(action="release", scores=scores))

    assert Assessment.objects.get(submission=submission).status == Assessment.Status.RELEASED
    assert len(mail.outbox) == 1


def test_save_and_return_sets_the_revision_due_date(client, submission, grader):
    client.force_login(grader)
    due = timezone.localtime() + timedelta(days=10)

    client.post(
        _screen(submission),
        _post(action="return", revision_due_at=due.strftime("%Y-%m-%dT%H:%M")),
    )

    assessment = Assessment.objects.get(submission=submission)
    assert assessment.status == Assessment.Status.RETURNED
    assert timezone.localtime(assessment.revision_due_at).date() == due.date()


def test_the_score_history_is_shown_on_the_grading_screen(client, assessment, grader):
    save(assessment, grader)
    client.force_login(grader)

    response = client.get(_screen(assessment.submission))

    assert len(response.context["history"]) == len(keys(assessment))


@pytest.mark.parametrize("criteria", [3, 30])
def test_the_grading_screen_costs_the_same_queries_whatever_the_rubric_and_history(
    client, grader, submission, django_assert_max_num_queries, criteria
):
    submission.workshop.rubric = RubricFactory(criteria=criteria)
    submission.workshop.save()
    assessment = services.assessment_start(submission=submission, by=grader)
    for points in (1, 2, 3):
        assessment = save(assessment, grader, scores=full_scores(assessment, points))
    client.force_login(grader)

    # +1: the bell's unread count, asked once and then kept in the cache.
    # +2: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    # +1: the enrolment's DX推進指標 self-assessment, for the DX認定 panel's criterion (5).
    with django_assert_max_num_queries(14):
        response = client.get(_screen(submission))

    assert response.status_code == 200


# --- What the participant sees --------------------------------------------------------------


def _version_page(submission):
    return reverse(
        "workshops:plan_version", args=[submission.enrolment_id, submission.version_number]
    )


def test_a_participant_sees_released_feedback_on_their_version_page(client, assessment, grader):
    first = keys(assessment)[0]
    saved = save(
        assessment,
        grader,
        comments={"vision_and_business_model": "ビジョンが明確です。"},
        feedback="全体として優れています。",
    )
    services.assessment_release(assessment=saved, by=grader)
    client.force_login(assessment.submission.enrolment.user)

    response = client.get(_version_page(assessment.submission))

    content = response.content.decode()
    assert "ビジョンが明確です。" in content
    assert "全体として優れています。" in content
    assert "水準4の記述" in content
    assert response.context["feedback"].criteria[0].points == saved.scores[first]


def test_a_participant_never_sees_a_draft_assessment(client, assessment, grader):
    save(assessment, grader, feedback="まだ下書きの講評")
    client.force_login(assessment.submission.enrolment.user)

    response = client.get(_version_page(assessment.submission))

    assert response.context["feedback"] is None
    assert "まだ下書きの講評" not in response.content.decode()


def test_a_participant_cannot_see_another_participants_feedback(client, assessment, grader):
    saved = save(assessment, grader, feedback="他人への講評")
    services.assessment_release(assessment=saved, by=grader)
    other = EnrolmentFactory(cohort=assessment.submission.workshop.cohort)
    client.force_login(other.user)

    response = client.get(_version_page(assessment.submission))

    assert response.status_code == 403


def test_a_participant_cannot_open_the_grading_screen_of_their_own_plan(client, submission):
    client.force_login(submission.enrolment.user)

    assert client.get(_screen(submission)).status_code == 403


def test_saving_with_a_rubric_without_criteria_shows_a_message_and_writes_nothing(
    client, submission, grader
):
    submission.workshop.rubric = RubricFactory(criteria=0)
    submission.workshop.save()
    client.force_login(grader)

    response = client.post(_screen(submission), _post())

    assert response.status_code == 400
    assert str(_("The rubric has no criteria yet.")) in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_instructor_of_one_of_the_cohorts_sessions_may_grade_its_plans(client, submission):
    session_instructor = InstructorFactory()
    SessionFactory(cohort=submission.workshop.cohort).instructors.add(session_instructor)
    client.force_login(session_instructor)

    response = client.get(QUEUE)

    assert [row.submission for row in response.context["queue"].rows] == [submission]
    assert client.get(_screen(submission)).status_code == 200


# --- Released feedback changes only by releasing it again -------------------------------------


@pytest.fixture
def released(assessment, grader):
    saved = save(assessment, grader, feedback="公開した講評")
    return services.assessment_release(assessment=saved, by=grader)


def test_the_grading_screen_of_released_feedback_offers_release_the_changes_and_no_draft_save(
    english_client, released, grader
):
    english_client.force_login(grader)

    content = english_client.get(_screen(released.submission)).content.decode()

    assert 'value="save"' not in content
    assert str(_("Release the changes")) in content
    assert str(_("Save and release")) not in content
    assert "cannot be saved as a draft" in content


def test_the_grading_screen_of_a_draft_still_offers_save_draft(english_client, assessment, grader):
    english_client.force_login(grader)

    content = english_client.get(_screen(assessment.submission)).content.decode()

    assert 'value="save"' in content
    assert str(_("Save and release")) in content


def test_saving_a_draft_of_released_feedback_is_refused_and_the_typed_text_is_kept(
    client, released, grader
):
    client.force_login(grader)
    first = keys(released)[0]
    history = ScoreChange.objects.filter(assessment=released).count()

    response = client.post(
        _screen(released.submission),
        _post(
            revision=released.revision,
            scores={**full_scores(released), first: 1},
            overall_feedback="下書きのつもりで直した講評",
            comment_vision_and_business_model="直したコメント",
        ),
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "下書きのつもりで直した講評" in content
    assert "直したコメント" in content
    assert response.context["form"][f"score_{first}"].value() == "1"
    assert response.context["form"].non_field_errors()
    assert 'value="save"' not in content
    released.refresh_from_db()
    assert released.scores[first] == 4
    assert released.overall_feedback == "公開した講評"
    assert released.section_comments == {}
    assert ScoreChange.objects.filter(assessment=released).count() == history


def test_releasing_the_changes_from_the_grading_screen_emails_the_participant_once(
    client, released, grader, django_capture_on_commit_callbacks
):
    client.force_login(grader)
    first = keys(released)[0]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _screen(released.submission),
            _post(
                action="release",
                revision=released.revision,
                scores={**full_scores(released), first: 2},
                overall_feedback="直して公開した講評",
            ),
        )

    assert response.status_code == 302
    released.refresh_from_db()
    assert released.scores[first] == 2
    assert released.overall_feedback == "直して公開した講評"
    assert ScoreChange.objects.filter(assessment=released, field=first, new_value="2").exists()
    assert len(mail.outbox) == 1


def test_save_and_release_with_a_criterion_unscored_saves_nothing_and_keeps_the_entries(
    client, assessment, grader
):
    client.force_login(grader)
    first, *_rest = keys(assessment)

    response = client.post(
        _screen(assessment.submission),
        _post(action="release", scores={first: 3}, overall_feedback="途中までの講評"),
    )

    assert response.status_code == 400
    assert "途中までの講評" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.scores == {}
    assert assessment.revision == 0

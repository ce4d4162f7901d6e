import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation
from django.utils.formats import date_format

from school.models import OutgoingEmail
from school.tasks import send_outgoing_email
from tests.cohorts.factories import TeachingAssignmentFactory
from tests.school.factories import InstructorFactory
from tests.workshops.factories import SubmissionFactory
from tests.workshops.grading_fixtures import full_scores, keys, save
from workshops import services
from workshops.models import Assessment, RubricLevel, RubricVersion, ScoreChange


def _as_written(moment) -> str:
    """A time as the e-mails (in the participant's Japanese) write it."""
    with translation.override("ja"):
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


pytestmark = pytest.mark.django_db


def test_starting_an_assessment_pins_the_rubrics_current_version(assessment, rubric):
    assert assessment.rubric_version == RubricVersion.objects.get(rubric=rubric)
    assert assessment.rubric_version.number == 1
    assert keys(assessment) == [f"c{c.pk}" for c in rubric.criteria.order_by("sort_order")]


def test_starting_twice_returns_the_same_assessment(submission, grader, assessment):
    assert services.assessment_start(submission=submission, by=grader) == assessment
    assert Assessment.objects.count() == 1


def test_an_instructor_outside_the_cohort_cannot_start_an_assessment(submission):
    with pytest.raises(PermissionDenied):
        services.assessment_start(submission=submission, by=InstructorFactory())
    assert not Assessment.objects.exists()


def test_an_instructor_outside_the_cohort_cannot_save_scores(assessment):
    with pytest.raises(PermissionDenied):
        save(assessment, InstructorFactory())
    assessment.refresh_from_db()
    assert assessment.scores == {}


def test_the_same_rubric_unchanged_is_not_frozen_again(rubric):
    first = services.rubric_version_current(rubric=rubric)

    assert services.rubric_version_current(rubric=rubric) == first
    assert RubricVersion.objects.count() == 1


def test_saving_scores_computes_the_weighted_percentage_and_pass(assessment, grader):
    first, second, third = keys(assessment)
    saved = save(assessment, grader, scores={first: 4, second: 2, third: 1})

    # (4/4 + 2/4 + 1/4) / 3 = 58.3 %, under the pass mark of 60 %.
    assert str(saved.total_percentage) == "58.3"
    assert saved.passed is False
    assert saved.revision == 1


def test_a_score_that_is_not_one_of_the_levels_is_a_field_error(assessment, grader):
    key = keys(assessment)[0]
    with pytest.raises(ValidationError) as caught:
        save(assessment, grader, scores={key: 7})

    assert key in caught.value.message_dict
    assessment.refresh_from_db()
    assert assessment.revision == 0


def test_every_score_change_is_recorded_with_who_and_the_old_and_new_points(assessment, grader):
    key = keys(assessment)[0]
    saved = save(assessment, grader, scores={key: 2})
    save(saved, grader, scores={key: 3})

    changes = list(ScoreChange.objects.filter(assessment=assessment, field=key))
    assert [(c.old_value, c.new_value, c.revision) for c in changes] == [
        ("", "2", 1),
        ("2", "3", 2),
    ]
    assert {c.changed_by for c in changes} == {grader}
    assert not any(c.conflict for c in changes)


def test_two_saves_from_the_same_revision_one_wins_the_other_conflicts_and_history_has_both(
    assessment, grader
):
    colleague = TeachingAssignmentFactory(cohort=assessment.submission.workshop.cohort).user
    key = keys(assessment)[0]
    save(assessment, grader, scores={key: 3}, revision=0)

    with pytest.raises(services.AssessmentConflictError) as caught:
        save(assessment, colleague, scores={key: 1}, revision=0)

    assert caught.value.current.scores == {key: 3}
    assessment.refresh_from_db()
    assert assessment.scores == {key: 3}
    assert assessment.revision == 1
    history = [
        (c.changed_by, c.new_value, c.conflict)
        for c in ScoreChange.objects.filter(assessment=assessment)
    ]
    assert history == [(grader, "3", False), (colleague, "1", True)]


def test_editing_the_rubric_does_not_change_a_past_grade_and_a_new_assessment_uses_version_2(
    assessment, grader, rubric, graded_workshop
):
    first_key, second_key, third_key = keys(assessment)
    graded = save(assessment, grader, scores={first_key: 4, second_key: 2, third_key: 2})
    assert str(graded.total_percentage) == "66.7"

    criterion = rubric.criteria.order_by("sort_order").first()
    criterion.weight = 5
    criterion.save()
    RubricLevel.objects.filter(criterion__rubric=rubric, points=4).update(points=8)

    graded.refresh_from_db()
    assert str(graded.total_percentage) == "66.7"
    assert graded.rubric_version.number == 1
    assert graded.rubric_version.definition["criteria"][0]["weight"] == 1
    later = services.assessment_start(
        submission=SubmissionFactory(workshop=graded_workshop), by=grader
    )
    assert later.rubric_version.number == 2
    resaved = save(graded, grader, scores={first_key: 4, second_key: 2, third_key: 2})
    assert str(resaved.total_percentage) == "66.7"


def test_releasing_needs_every_criterion_scored(assessment, grader):
    saved = save(assessment, grader, scores={keys(assessment)[0]: 4})

    with pytest.raises(ValidationError) as caught:
        services.assessment_release(assessment=saved, by=grader)

    assert caught.value.code == "incomplete"
    saved.refresh_from_db()
    assert saved.status == Assessment.Status.DRAFT


def test_releasing_records_the_status_change_and_sends_one_email_even_if_repeated(
    assessment, grader, django_capture_on_commit_callbacks
):
    saved = save(assessment, grader)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_release(assessment=saved, by=grader)
        services.assessment_release(assessment=saved, by=grader)

    saved.refresh_from_db()
    assert saved.status == Assessment.Status.RELEASED
    assert saved.released_by == grader
    assert saved.passed is True
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [saved.submission.enrolment.user.email]
    assert ScoreChange.objects.filter(assessment=saved, field="status").count() == 1


def test_returning_for_revision_sends_one_email_with_the_new_due_date(
    assessment, grader, django_capture_on_commit_callbacks
):
    due = timezone.now() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.assessment_return_for_revision(
            assessment=assessment, by=grader, revision_due_at=due
        )

    assert returned.status == Assessment.Status.RETURNED
    assert len(mail.outbox) == 1
    assert _as_written(due) in mail.outbox[0].body
    change = ScoreChange.objects.get(assessment=assessment, field="status")
    assert (change.old_value, change.new_value) == ("draft", "returned")


def test_returning_with_a_due_date_in_the_past_is_refused(assessment, grader):
    with pytest.raises(ValidationError):
        services.assessment_return_for_revision(
            assessment=assessment, by=grader, revision_due_at=timezone.now() - timedelta(hours=1)
        )


def test_full_marks_pass(assessment, grader):
    saved = save(assessment, grader, scores=full_scores(assessment, 4))

    assert saved.passed is True
    assert str(saved.total_percentage) == "100.0"


def test_returning_twice_with_the_same_due_date_sends_one_email(
    assessment, grader, django_capture_on_commit_callbacks
):
    due = timezone.now() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_return_for_revision(
            assessment=assessment, by=grader, revision_due_at=due
        )
        services.assessment_return_for_revision(
            assessment=assessment, by=grader, revision_due_at=due
        )

    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.filter(key__startswith="assessment-returned:").count() == 1


def test_a_new_due_date_for_a_returned_plan_tells_the_participant_again(
    assessment, grader, django_capture_on_commit_callbacks
):
    first, later = timezone.now() + timedelta(days=7), timezone.now() + timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_return_for_revision(
            assessment=assessment, by=grader, revision_due_at=first
        )
        services.assessment_return_for_revision(
            assessment=assessment, by=grader, revision_due_at=later
        )

    assert len(mail.outbox) == 2
    assert _as_written(later) in mail.outbox[1].body


@pytest.mark.skipif(connection.vendor == "sqlite", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_revision_one_wins_and_the_other_conflicts(
    assessment, grader
):
    colleague = TeachingAssignmentFactory(cohort=assessment.submission.workshop.cohort).user
    key = keys(assessment)[0]
    outcomes = []
    start = threading.Barrier(2)

    def attempt(user, points):
        try:
            start.wait()
            save(assessment, user, scores={key: points}, revision=0)
            outcomes.append("saved")
        except services.AssessmentConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(grader, 3)),
        threading.Thread(target=attempt, args=(colleague, 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict", "saved"]
    assessment.refresh_from_db()
    assert assessment.revision == 1
    changes = ScoreChange.objects.filter(assessment=assessment, field=key)
    assert sorted(changes.values_list("conflict", flat=True)) == [False, True]


# --- Feedback the participant can see changes only by releasing or returning it again -------


def _entries(assessment, *, scores=None, feedback="", comments=None, revision=None):
    return services.AssessmentEntries(
        scores=full_scores(assessment) if scores is None else scores,
        section_comments=comments or {},
        overall_feedback=feedback,
        expected_revision=assessment.revision if revision is None else revision,
    )


@pytest.fixture
def released(assessment, grader, django_capture_on_commit_callbacks):
    saved = save(
        assessment,
        grader,
        feedback="公開した講評",
        comments={"vision_and_business_model": "公開したコメント"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        released = services.assessment_release(assessment=saved, by=grader)
    mail.outbox.clear()
    return released


def _as_stored(assessment) -> tuple:
    assessment.refresh_from_db()
    history = list(
        ScoreChange.objects.filter(assessment=assessment).values_list(
            "field", "old_value", "new_value", "revision", "conflict"
        )
    )
    return (
        assessment.status,
        assessment.scores,
        assessment.section_comments,
        assessment.overall_feedback,
        assessment.total_percentage,
        assessment.revision,
        history,
    )


def test_saving_a_draft_of_released_feedback_is_refused_and_changes_nothing(released, grader):
    before = _as_stored(released)

    with pytest.raises(ValidationError) as caught:
        save(
            released,
            grader,
            scores=full_scores(released, 1),
            feedback="こっそり書き換えた講評",
            comments={"vision_and_business_model": "書き換えたコメント"},
        )

    assert caught.value.code == "visible"
    assert "release it again" in caught.value.messages[0]
    assert _as_stored(released) == before
    assert OutgoingEmail.objects.filter(key__startswith="assessment-updated:").count() == 0


def test_saving_a_draft_of_feedback_returned_for_revision_is_refused_and_changes_nothing(
    assessment, grader
):
    saved = save(assessment, grader, feedback="差し戻した講評")
    returned = services.assessment_return_for_revision(
        assessment=saved, by=grader, revision_due_at=timezone.now() + timedelta(days=7)
    )
    before = _as_stored(returned)

    with pytest.raises(ValidationError) as caught:
        save(returned, grader, scores=full_scores(returned, 1), feedback="書き換えた講評")

    assert caught.value.code == "visible"
    assert _as_stored(returned) == before


def test_releasing_again_with_a_changed_score_records_it_and_sends_one_updated_email(
    released, grader, django_capture_on_commit_callbacks
):
    key = keys(released)[0]
    scores = {**full_scores(released), key: 2}

    with django_capture_on_commit_callbacks(execute=True):
        updated = services.assessment_release(
            assessment=released,
            by=grader,
            entries=_entries(released, scores=scores, feedback="直した講評"),
        )

    updated.refresh_from_db()
    assert updated.status == Assessment.Status.RELEASED
    assert updated.scores[key] == 2
    assert updated.overall_feedback == "直した講評"
    change = ScoreChange.objects.get(assessment=updated, field=key, old_value="4")
    assert (change.new_value, change.changed_by, change.conflict) == ("2", grader, False)
    status = ScoreChange.objects.filter(assessment=updated, field="status").last()
    assert (status.old_value, status.new_value) == ("released", "released")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [updated.submission.enrolment.user.email]
    email = OutgoingEmail.objects.get(key__startswith="assessment-updated:")
    assert email.key == f"assessment-updated:{updated.pk}:{updated.revision}"
    assert email.sent_at is not None


def test_running_the_updated_email_task_twice_sends_it_once(
    released, grader, django_capture_on_commit_callbacks
):
    scores = {**full_scores(released), keys(released)[0]: 1}
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_release(
            assessment=released, by=grader, entries=_entries(released, scores=scores)
        )
    email = OutgoingEmail.objects.get(key__startswith="assessment-updated:")

    send_outgoing_email.apply(args=[email.pk]).get()
    send_outgoing_email.apply(args=[email.pk]).get()

    assert len(mail.outbox) == 1


def test_each_change_released_again_sends_its_own_updated_email(
    released, grader, django_capture_on_commit_callbacks
):
    key = keys(released)[0]
    with django_capture_on_commit_callbacks(execute=True):
        first = services.assessment_release(
            assessment=released,
            by=grader,
            entries=_entries(released, scores={**full_scores(released), key: 3}),
        )
        services.assessment_release(
            assessment=first,
            by=grader,
            entries=_entries(first, scores={**full_scores(first), key: 2}),
        )

    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.filter(key__startswith="assessment-updated:").count() == 2


def test_releasing_again_without_a_change_writes_nothing_and_sends_no_email(
    released, grader, django_capture_on_commit_callbacks
):
    before = _as_stored(released)

    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_release(
            assessment=released,
            by=grader,
            entries=_entries(
                released,
                feedback=released.overall_feedback,
                comments=released.section_comments,
            ),
        )

    assert _as_stored(released) == before
    assert mail.outbox == []


def test_releasing_again_with_a_criterion_left_unscored_is_refused_and_changes_nothing(
    released, grader
):
    before = _as_stored(released)
    scores = full_scores(released)
    del scores[keys(released)[0]]

    with pytest.raises(ValidationError) as caught:
        services.assessment_release(
            assessment=released, by=grader, entries=_entries(released, scores=scores)
        )

    assert caught.value.code == "incomplete"
    assert _as_stored(released) == before


def test_releasing_changes_from_a_stale_revision_is_a_conflict_and_changes_nothing_visible(
    released, grader
):
    colleague = TeachingAssignmentFactory(cohort=released.submission.workshop.cohort).user
    key = keys(released)[0]
    stale = _entries(released, scores={**full_scores(released), key: 1}, revision=0)

    with pytest.raises(services.AssessmentConflictError):
        services.assessment_release(assessment=released, by=colleague, entries=stale)

    released.refresh_from_db()
    assert released.scores[key] == 4
    refused = ScoreChange.objects.get(assessment=released, changed_by=colleague)
    assert (refused.new_value, refused.conflict) == ("1", True)


def test_returning_again_with_the_same_due_date_and_new_feedback_tells_the_participant(
    assessment, grader, django_capture_on_commit_callbacks
):
    due = timezone.now() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.assessment_return_for_revision(
            assessment=assessment, by=grader, revision_due_at=due
        )
        services.assessment_return_for_revision(
            assessment=returned,
            by=grader,
            revision_due_at=due,
            entries=_entries(returned, scores={}, feedback="差し戻し後に足した講評"),
        )

    returned.refresh_from_db()
    assert returned.overall_feedback == "差し戻し後に足した講評"
    assert returned.status == Assessment.Status.RETURNED
    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.filter(key__startswith="assessment-updated:").count() == 1
    assert _as_written(due) in mail.outbox[1].body


def test_returning_released_feedback_with_changes_sends_the_return_email(
    released, grader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.assessment_return_for_revision(
            assessment=released,
            by=grader,
            revision_due_at=timezone.now() + timedelta(days=7),
            entries=_entries(released, feedback="書き直してください"),
        )

    returned.refresh_from_db()
    assert returned.status == Assessment.Status.RETURNED
    assert returned.overall_feedback == "書き直してください"
    assert [e.key.split(":")[0] for e in OutgoingEmail.objects.order_by("pk")][-1] == (
        "assessment-returned"
    )
    assert len(mail.outbox) == 1

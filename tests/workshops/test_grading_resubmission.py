"""A plan returned for revision may be handed in again until the instructor's due date,
whatever the workshop's deadline and resubmission rule; the clock is frozen at the edges."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.cohorts.factories import TeachingAssignmentFactory
from tests.workshops.factories import PlanFactory, RubricFactory, complete_plan_rows
from workshops import selectors, services
from workshops.models import Assessment, Submission

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)


@pytest.fixture
def first(plan, workshop):
    workshop.rubric = RubricFactory()
    workshop.save()
    return services.plan_submit(plan=plan, workshop=workshop, now=workshop.due_at - SECOND)


@pytest.fixture
def teacher_of(first):
    return TeachingAssignmentFactory(cohort=first.workshop.cohort).user


def _return(submission, by, due_at):
    assessment = services.assessment_start(submission=submission, by=by)
    return services.assessment_return_for_revision(
        assessment=assessment, by=by, revision_due_at=due_at
    )


@pytest.fixture
def returned(first, teacher_of, workshop):
    # Returned with a week more, counted from after the workshop's own deadline.
    return _return(first, teacher_of, workshop.due_at + timedelta(days=7))


def test_without_a_return_a_second_submission_is_refused(plan, workshop, first):
    with pytest.raises(ValidationError) as caught:
        services.plan_submit(plan=plan, workshop=workshop, now=workshop.due_at - SECOND)

    assert caught.value.code == "already_submitted"


def test_a_returned_plan_can_be_resubmitted_at_the_revision_due_date_and_is_not_late(
    plan, workshop, returned
):
    submission = services.plan_submit(plan=plan, workshop=workshop, now=returned.revision_due_at)

    assert submission.version_number == 2
    assert submission.is_late is False


def test_a_returned_plan_cannot_be_resubmitted_one_second_after_the_revision_due_date(
    plan, workshop, returned
):
    with pytest.raises(ValidationError):
        services.plan_submit(plan=plan, workshop=workshop, now=returned.revision_due_at + SECOND)

    assert Submission.objects.count() == 1


def test_after_the_revised_version_is_in_no_third_version_is_accepted(plan, workshop, returned):
    services.plan_submit(plan=plan, workshop=workshop, now=returned.revision_due_at - SECOND)

    with pytest.raises(ValidationError):
        services.plan_submit(plan=plan, workshop=workshop, now=returned.revision_due_at - SECOND)

    assert Submission.objects.count() == 2


def test_a_released_assessment_does_not_reopen_submission(plan, workshop, first, teacher_of):
    assessment = services.assessment_start(submission=first, by=teacher_of)
    assessment = services.assessment_save(
        assessment=assessment,
        by=teacher_of,
        entries=services.AssessmentEntries(
            scores={c["key"]: 2 for c in assessment.rubric_version.criteria},
            section_comments={},
            overall_feedback="",
            expected_revision=0,
        ),
    )
    services.assessment_release(assessment=assessment, by=teacher_of)

    with pytest.raises(ValidationError):
        services.plan_submit(plan=plan, workshop=workshop, now=workshop.due_at + SECOND)


def test_a_returned_plan_of_another_participant_does_not_reopen_mine(workshop, returned):
    other = complete_plan_rows(PlanFactory(enrolment__cohort=workshop.cohort))
    services.plan_submit(plan=other, workshop=workshop, now=workshop.due_at - SECOND)

    with pytest.raises(ValidationError):
        services.plan_submit(plan=other, workshop=workshop, now=workshop.due_at + SECOND)
    assert returned.status == Assessment.Status.RETURNED


def test_the_editor_offers_to_submit_a_returned_plan_until_the_revision_due_date(
    plan, workshop, returned
):
    (row,) = selectors.workshops_for_enrolment(enrolment=plan.enrolment)

    assert row.status == row.RETURNED
    assert row.may_submit(now=returned.revision_due_at) is True
    assert row.may_submit(now=returned.revision_due_at + SECOND) is False

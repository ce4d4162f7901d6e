"""The editor's and the grading screen's one service each: what it did, said back to the view."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.workshops.factories import plan_data_of
from tests.workshops.grading_fixtures import full_scores
from workshops import services
from workshops.models import Assessment, Plan, PlanVersion, Submission

pytestmark = pytest.mark.django_db


def test_recording_without_a_workshop_saves_the_draft_and_hands_nothing_in(plan):
    recorded = services.plan_record(
        plan=plan,
        data=plan_data_of(plan, vision_and_business_model="新しい事業"),
        expected_revision=0,
    )

    assert recorded.submission is None and recorded.refusal is None
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model == "新しい事業"
    assert not Submission.objects.exists()


def test_recording_with_a_workshop_saves_the_draft_and_hands_it_in(plan, workshop):
    recorded = services.plan_record(
        plan=plan,
        data=plan_data_of(plan, vision_and_business_model="提出する計画"),
        expected_revision=0,
        workshop=workshop,
    )

    assert recorded.submission.version_number == 1
    version = PlanVersion.objects.get(submission=recorded.submission)
    assert version.content["sections"]["vision_and_business_model"] == "提出する計画"


def test_a_refused_hand_in_keeps_the_saved_draft_and_says_why(plan, workshop):
    workshop.due_at = timezone.now() - timedelta(hours=1)
    workshop.allow_late_submission = False
    workshop.save()

    recorded = services.plan_record(
        plan=plan,
        data=plan_data_of(plan, vision_and_business_model="締切後に書いた文章"),
        expected_revision=0,
        workshop=workshop,
    )

    assert recorded.submission is None
    assert recorded.refusal.code == "past_deadline"
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model == "締切後に書いた文章"


def _entries(assessment, **overrides):
    values = {
        "scores": full_scores(assessment),
        "section_comments": {},
        "overall_feedback": "よくできています",
        "expected_revision": assessment.revision,
        **overrides,
    }
    return services.AssessmentEntries(**values)


def test_recording_a_first_save_begins_the_assessment_and_says_saved(submission, grader):
    recorded = services.assessment_record(
        submission=submission,
        assessment=None,
        by=grader,
        action="save",
        entries=services.AssessmentEntries(
            scores={}, section_comments={}, overall_feedback="下書き", expected_revision=0
        ),
    )

    assert recorded.outcome == services.Recorded.SAVED
    assert Assessment.objects.get(submission=submission).overall_feedback == "下書き"


def test_releasing_says_released_then_updated_then_unchanged(assessment, grader):
    first = services.assessment_record(
        submission=assessment.submission,
        assessment=assessment,
        by=grader,
        action="release",
        entries=_entries(assessment),
    )
    assert first.outcome == services.Recorded.RELEASED

    changed = services.assessment_record(
        submission=assessment.submission,
        assessment=first.assessment,
        by=grader,
        action="release",
        entries=_entries(first.assessment, overall_feedback="加筆しました"),
    )
    assert changed.outcome == services.Recorded.UPDATED

    again = services.assessment_record(
        submission=assessment.submission,
        assessment=changed.assessment,
        by=grader,
        action="release",
        entries=_entries(changed.assessment, overall_feedback="加筆しました"),
    )
    assert again.outcome == services.Recorded.UNCHANGED


def test_returning_for_revision_says_returned(assessment, grader):
    recorded = services.assessment_record(
        submission=assessment.submission,
        assessment=assessment,
        by=grader,
        action="return",
        entries=_entries(assessment),
        revision_due_at=timezone.now() + timedelta(days=7),
    )

    assert recorded.outcome == services.Recorded.RETURNED
    assert recorded.assessment.status == Assessment.Status.RETURNED

"""The pass mark at its boundary: reaching it exactly passes, a point under it does not."""

import pytest

from tests.cohorts.factories import TeachingAssignmentFactory
from tests.workshops.factories import RubricFactory, SubmissionFactory, WorkshopFactory
from tests.workshops.grading_fixtures import keys, save
from workshops import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_marks_pass():
    """Three criteria of equal weight, levels of 1 to 4 points, a pass mark of 50 %."""
    submission = SubmissionFactory(
        workshop=WorkshopFactory(rubric=RubricFactory(pass_percentage=50))
    )
    grader = TeachingAssignmentFactory(cohort=submission.workshop.cohort).user
    return services.assessment_start(submission=submission, by=grader), grader


def test_exactly_the_pass_mark_passes(half_marks_pass):
    assessment, grader = half_marks_pass
    first, second, third = keys(assessment)

    saved = save(assessment, grader, scores={first: 4, second: 1, third: 1})  # 6 of 12 points

    assert str(saved.total_percentage) == "50.0"
    assert saved.passed is True


def test_one_point_under_the_pass_mark_does_not_pass(half_marks_pass):
    assessment, grader = half_marks_pass
    first, second, third = keys(assessment)

    saved = save(assessment, grader, scores={first: 3, second: 1, third: 1})  # 5 of 12 points

    assert str(saved.total_percentage) == "41.7"
    assert saved.passed is False

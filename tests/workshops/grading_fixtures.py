"""Fixtures shared by the grading tests: a rubric-graded workshop, a submission, its teacher."""

import pytest

from tests.cohorts.factories import TeachingAssignmentFactory
from tests.workshops.factories import RubricFactory, SubmissionFactory, WorkshopFactory
from workshops import services


@pytest.fixture
def rubric(db):
    return RubricFactory()


@pytest.fixture
def graded_workshop(rubric):
    return WorkshopFactory(rubric=rubric)


@pytest.fixture
def submission(graded_workshop):
    return SubmissionFactory(workshop=graded_workshop)


@pytest.fixture
def grader(submission):
    return TeachingAssignmentFactory(cohort=submission.workshop.cohort).user


@pytest.fixture
def assessment(submission, grader):
    return services.assessment_start(submission=submission, by=grader)


def keys(assessment) -> list[str]:
    return [c["key"] for c in assessment.rubric_version.criteria]


def full_scores(assessment, points=4) -> dict[str, int]:
    return {key: points for key in keys(assessment)}


def save(assessment, by, *, scores=None, revision=None, feedback="", comments=None):
    return services.assessment_save(
        assessment=assessment,
        by=by,
        entries=services.AssessmentEntries(
            scores=full_scores(assessment) if scores is None else scores,
            section_comments=comments or {},
            overall_feedback=feedback,
            expected_revision=assessment.revision if revision is None else revision,
        ),
    )

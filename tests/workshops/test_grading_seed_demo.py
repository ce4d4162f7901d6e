import pytest
from django.core.management import call_command

from workshops.models import (
    Assessment,
    Rubric,
    RubricCriterion,
    RubricLevel,
    RubricVersion,
    ScoreChange,
    Workshop,
)

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Rubric, RubricCriterion, RubricLevel, RubricVersion, Assessment, ScoreChange)
    }


def test_the_demo_grades_some_plans_returns_one_keeps_one_draft_and_runs_twice():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")

    assert _counts() == first
    # The grading rubric; the rubric library also holds presentation day's scoring rubric.
    grading = Rubric.objects.filter(workshops__isnull=False).distinct().get()
    assert RubricCriterion.objects.filter(rubric=grading).count() == 5
    assert RubricLevel.objects.filter(criterion__rubric=grading).count() == 25
    assert RubricVersion.objects.filter(rubric=grading).count() == 1
    assert not Workshop.objects.filter(rubric__isnull=True).exists()
    statuses = sorted(Assessment.objects.values_list("status", flat=True))
    assert statuses == ["draft", "released", "released", "returned"]
    returned = Assessment.objects.get(status="returned")
    assert returned.revision_due_at is not None

import pytest
from django.core.management import call_command

from workshops import selectors
from workshops.models import Plan, PlanVersion, Submission, Workshop

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count() for model in (Workshop, Plan, Submission, PlanVersion)
    }


def test_the_demo_has_two_workshops_and_plans_some_submitted_some_late_and_runs_twice():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")

    assert _counts() == first
    # This year's cohort; last year's alumni have their final plans too (for the check-ins).
    running = {"cohort__status": "running"}
    assert Workshop.objects.filter(**running).count() == 2
    assert Plan.objects.filter(**{f"enrolment__{k}": v for k, v in running.items()}).count() == 4
    assert Submission.objects.filter(is_late=True).count() == 1
    saito = Plan.objects.get(enrolment__user__email="saito@saito-seiki.example")
    a, b = selectors.versions_of(enrolment=saito.enrolment)
    assert any(row.changed for section in selectors.version_diff(a, b) for row in section.rows)

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.cohorts.factories import EnrolmentFactory, SessionFactory
from tests.workshops.factories import (
    ExtensionFactory,
    KpiFactory,
    PlanFactory,
    RoadmapInitiativeFactory,
    WorkshopFactory,
)
from workshops.models import Extension, Kpi, KpiTarget, MaturityScore, Plan, RoadmapInitiative

pytestmark = pytest.mark.django_db


def _errors(instance, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean(**kwargs)
    return caught.value.message_dict


@pytest.mark.parametrize("years", [2, 6])
def test_a_plan_horizon_other_than_3_4_or_5_years_is_refused(years):
    plan = PlanFactory.build(enrolment=EnrolmentFactory(), horizon_years=years)

    assert _errors(plan)["horizon_years"] == ["The plan covers 3, 4 or 5 years."]


@pytest.mark.parametrize("years", [3, 4, 5])
def test_a_plan_horizon_of_3_4_or_5_years_is_accepted(years):
    PlanFactory.build(enrolment=EnrolmentFactory(), horizon_years=years).full_clean()


def test_the_database_refuses_a_horizon_of_six_years():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(horizon_years=6)


def test_plan_years_are_japanese_fiscal_years_from_the_first_one():
    plan = Plan(start_fiscal_year=2026, horizon_years=3)

    assert plan.fiscal_year_of(1) == 2026
    assert plan.last_fiscal_year == 2028


def test_a_kpi_without_a_baseline_is_refused():
    kpi = Kpi(plan=PlanFactory(), name="売上高", unit="百万円", baseline=None)

    assert _errors(kpi)["baseline"] == ["Every KPI needs a baseline: its value today."]


def test_a_kpi_target_beyond_the_plans_period_is_kept_aside_not_refused():
    kpi = KpiFactory(plan=PlanFactory(horizon_years=3))
    target = KpiTarget(kpi=kpi, plan_year=4, target=Decimal("1"))

    target.full_clean()


def test_a_kpi_target_beyond_the_longest_period_is_refused():
    kpi = KpiFactory(plan=PlanFactory(horizon_years=3))
    target = KpiTarget(kpi=kpi, plan_year=6, target=Decimal("1"))

    assert _errors(target)["plan_year"] == ["Year 6 is outside the plan's horizon of 5 years."]


def test_a_kpi_target_in_the_last_year_of_the_horizon_is_accepted():
    kpi = KpiFactory(plan=PlanFactory(horizon_years=4))

    KpiTarget(kpi=kpi, plan_year=4, target=Decimal("1")).full_clean()


def test_a_roadmap_initiative_ending_before_it_starts_is_refused():
    item = RoadmapInitiativeFactory.build(plan=PlanFactory(), start_year=3, end_year=2)

    assert _errors(item)["end_year"] == ["The initiative cannot end before it starts."]


def test_a_roadmap_initiative_outside_the_horizon_is_refused():
    item = RoadmapInitiativeFactory.build(
        plan=PlanFactory(horizon_years=3), start_year=2, end_year=4, budget=[1, 2, 3]
    )

    assert _errors(item)["end_year"] == ["Year 4 is outside the plan's horizon of 3 years."]


def test_a_roadmap_budget_needs_one_amount_per_year_of_the_initiative():
    item = RoadmapInitiativeFactory.build(
        plan=PlanFactory(), start_year=1, end_year=3, budget=[100, 200]
    )

    assert _errors(item)["budget"] == ["Give one budget amount for each year of the initiative."]


def test_a_roadmap_budget_of_negative_or_fractional_yen_is_refused():
    item = RoadmapInitiativeFactory.build(plan=PlanFactory(), budget=[-1, 2.5])

    assert "budget" in _errors(item)


def test_the_database_refuses_a_roadmap_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        RoadmapInitiative.objects.create(
            plan=PlanFactory(), title="x", start_year=3, end_year=1, budget=[]
        )


def test_a_maturity_score_above_5_is_refused():
    score = MaturityScore(plan=PlanFactory(), dimension="data_use", current=6, target=5)

    assert "current" in _errors(score)


def test_a_workshop_due_before_it_opens_is_refused():
    workshop = WorkshopFactory.build(cohort=EnrolmentFactory().cohort)
    workshop.due_at = workshop.opens_at - timedelta(hours=1)

    assert _errors(workshop)["due_at"] == ["The workshop must be due after it opens."]


def test_a_workshop_in_a_session_of_another_cohort_is_refused():
    workshop = WorkshopFactory.build(cohort=EnrolmentFactory().cohort, session=SessionFactory())

    assert _errors(workshop)["session"] == ["The session belongs to another cohort."]


def test_an_extension_must_end_after_the_workshop_deadline():
    workshop = WorkshopFactory()
    extension = ExtensionFactory.build(
        workshop=workshop,
        enrolment=EnrolmentFactory(cohort=workshop.cohort),
        due_at=workshop.due_at,
    )

    assert _errors(extension)["due_at"] == [
        "An extension must end after the workshop's own deadline."
    ]


def test_an_extension_needs_a_reason():
    extension = ExtensionFactory()
    extension.reason = ""

    assert _errors(extension)["reason"] == ["Give the reason for the extension."]


def test_a_second_extension_for_the_same_participant_and_workshop_is_refused():
    extension = ExtensionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Extension.objects.create(
            workshop=extension.workshop,
            enrolment=extension.enrolment,
            due_at=extension.due_at,
            reason="もう一度",
        )

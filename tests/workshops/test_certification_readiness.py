"""DX認定 readiness: each criterion met, missing or waiting for publication, from the plan and the
company's records (workshops/certification/selectors.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from tests.workshops.certification_factories import (
    CertificationRecordFactory,
    published_everywhere,
)
from tests.workshops.factories import (
    KpiFactory,
    KpiTargetFactory,
    PlanFactory,
    RoadmapInitiativeFactory,
    RubricFactory,
    SubmissionFactory,
    WorkshopFactory,
    complete_plan_rows,
)
from tests.workshops.self_assessment_factories import rated
from workshops import services
from workshops.certification import selectors
from workshops.certification.criteria import CRITERIA
from workshops.models import CertificationRecord

pytestmark = pytest.mark.django_db

CODES = ["1", "2", "2-1", "2-2", "3", "4", "5", "6"]


@pytest.fixture
def ready_plan():
    """Every section written, the self-assessment done, a KPI and an initiative; the board's
    decision, a SECURITY ACTION declaration and every publication recorded."""
    plan = complete_plan_rows(PlanFactory())
    rated(plan.enrolment)
    published_everywhere(CertificationRecordFactory(company=plan.enrolment.company))
    return plan


@pytest.fixture
def plan_with_two_gaps():
    """No IT-systems section in the plan, and no security measures declared."""
    plan = complete_plan_rows(PlanFactory(it_systems_and_cybersecurity=""))
    rated(plan.enrolment)
    published_everywhere(
        CertificationRecordFactory(
            company=plan.enrolment.company,
            security_measure=CertificationRecord.SecurityMeasure.NONE,
        ),
        except_for=("2-2",),
    )
    return plan


def test_the_criteria_follow_the_applications_order():
    assert [criterion.code for criterion in CRITERIA] == CODES
    assert [criterion.number for criterion in CRITERIA][:4] == ["(1)", "(2)", "(2)①", "(2)②"]


def test_a_plan_with_every_record_meets_every_criterion(ready_plan):
    readiness = selectors.plan_readiness(plan=ready_plan)

    assert readiness.checklist() == [(code, "met") for code in CODES]
    assert (readiness.ready_count, readiness.total) == (8, 8)


def test_a_plan_without_its_it_section_and_security_misses_exactly_those_two(
    plan_with_two_gaps,
):
    readiness = selectors.plan_readiness(plan=plan_with_two_gaps)

    assert readiness.checklist() == [
        ("1", "met"),
        ("2", "met"),
        ("2-1", "met"),
        ("2-2", "missing"),
        ("3", "met"),
        ("4", "met"),
        ("5", "met"),
        ("6", "missing"),
    ]
    assert readiness.ready_count == 6


def test_a_criterion_written_but_not_published_needs_publication(ready_plan):
    ready_plan.enrolment.company.certification_record.publications.filter(criterion="3").delete()

    readiness = selectors.plan_readiness(plan=ready_plan)

    assert dict(readiness.checklist())["3"] == "needs_publication"


def test_the_vision_and_strategy_are_missing_until_the_boards_decision_is_recorded(ready_plan):
    CertificationRecord.objects.update(strategy_decided_on=None)

    checklist = dict(selectors.plan_readiness(plan=ready_plan).checklist())

    assert (checklist["1"], checklist["2"], checklist["2-1"]) == ("missing", "missing", "met")


def test_without_any_records_only_the_self_assessment_is_met():
    plan = complete_plan_rows(PlanFactory())
    rated(plan.enrolment)

    checklist = dict(selectors.plan_readiness(plan=plan).checklist())

    assert [code for code, status in checklist.items() if status == "met"] == ["5"]


def test_the_next_step_names_the_plans_missing_section(plan_with_two_gaps):
    with translation.override("en"):
        rows = {
            row.criterion.code: row
            for row in selectors.plan_readiness(plan=plan_with_two_gaps).criteria
        }

        assert (
            rows["2-2"].next_step == "Write the plan's section “3-3 IT systems and cybersecurity”."
        )
        assert rows["6"].next_step.startswith("Declare the security measures")


def test_the_participant_sees_how_many_criteria_are_ready(client, plan_with_two_gaps):
    client.force_login(plan_with_two_gaps.enrolment.user)

    response = client.get(
        reverse("workshops:certification_readiness", args=[plan_with_two_gaps.enrolment_id])
    )

    assert response.status_code == 200
    assert "8項目中6項目が準備済み" in response.content.decode()


def test_the_plan_editor_links_to_the_readiness_page(client, ready_plan):
    client.force_login(ready_plan.enrolment.user)
    url = reverse("workshops:certification_readiness", args=[ready_plan.enrolment_id])

    response = client.get(reverse("workshops:plan_editor", args=[ready_plan.enrolment_id]))

    assert url in response.content.decode()


def test_the_grading_screen_shows_the_readiness_of_the_submitted_version(client, ready_plan):
    workshop = WorkshopFactory(cohort=ready_plan.enrolment.cohort, rubric=RubricFactory())
    submission = services.plan_submit(plan=ready_plan, workshop=workshop)
    teacher = TeachingAssignmentFactory(cohort=workshop.cohort).user
    client.force_login(teacher)

    response = client.get(reverse("workshops:grading_screen", args=[submission.pk]))

    assert 'id="certification-heading"' in response.content.decode()


def _plan_with_rows(count: int):
    plan = PlanFactory()
    complete_plan_rows(plan)
    for index in range(count):
        kpi = KpiFactory(plan=plan, name=f"KPI {index}", baseline=Decimal(index))
        for year in plan.plan_years:
            KpiTargetFactory(kpi=kpi, plan_year=year, target=Decimal(year))
        RoadmapInitiativeFactory(plan=plan, title=f"施策 {index}", start_year=1, end_year=3)
    published_everywhere(CertificationRecordFactory(company=plan.enrolment.company))
    return plan


# Sessions, user, enrolment, the plan and its rows (one query per kind), the records, the
# latest version and the self-assessment (whether complete, and its summary for the link): the
# same for 1 KPI and initiative as for 31 of each.
QUERY_BUDGET = 20


@pytest.mark.parametrize("rows", [1, 30])
def test_the_readiness_page_costs_the_same_queries_for_few_and_many_rows(
    client, django_assert_max_num_queries, rows
):
    plan = _plan_with_rows(rows)
    SubmissionFactory(
        enrolment=plan.enrolment, workshop__cohort=plan.enrolment.cohort, version_number=1
    )
    client.force_login(plan.enrolment.user)
    url = reverse("workshops:certification_readiness", args=[plan.enrolment_id])

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(url)

    assert response.status_code == 200


def test_another_participant_cannot_read_the_readiness_page(client, ready_plan):
    client.force_login(EnrolmentFactory(cohort=ready_plan.enrolment.cohort).user)

    response = client.get(
        reverse("workshops:certification_readiness", args=[ready_plan.enrolment_id])
    )

    assert response.status_code == 403


def test_a_plan_with_a_complete_maturity_set_but_no_self_assessment_misses_criterion_5():
    plan = complete_plan_rows(PlanFactory())

    checklist = dict(selectors.plan_readiness(plan=plan).checklist())

    assert plan.maturity_scores.count() == 6
    assert checklist["5"] == "missing"


def test_a_self_assessment_with_one_item_unrated_misses_criterion_5(ready_plan):
    ready_plan.enrolment.self_assessments.get().ratings.filter(item="talent").update(target=None)

    checklist = dict(selectors.plan_readiness(plan=ready_plan).checklist())

    assert checklist["5"] == "missing"
    assert [code for code, status in checklist.items() if status != "met"] == ["5"]


def test_the_newest_self_assessment_is_the_one_that_counts(ready_plan):
    rated(ready_plan.enrolment, items=[], fiscal_year=2027)

    checklist = dict(selectors.plan_readiness(plan=ready_plan).checklist())

    assert checklist["5"] == "missing"


def test_the_readiness_page_links_to_the_self_assessment(client, ready_plan):
    client.force_login(ready_plan.enrolment.user)

    response = client.get(
        reverse("workshops:certification_readiness", args=[ready_plan.enrolment_id])
    )

    link = reverse("workshops:self_assessment", args=[ready_plan.enrolment_id, 2026])
    assert link in response.content.decode()

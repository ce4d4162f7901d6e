"""The stage rule, KPI progress and the aggregates of workshops/outcomes/report.py, on hand-made
data."""

from datetime import timedelta
from decimal import Decimal

import pytest

from cohorts.models import Attendance, Cohort, Company, Enrolment
from tests.cohorts.factories import AttendanceFactory, CohortFactory, CompanyFactory, SessionFactory
from tests.workshops.factories import CheckInVersionFactory
from tests.workshops.outcome_factories import (
    check_in_content,
    checked_in,
    company_in,
    plan_content,
    submitted_plan,
)
from workshops.outcomes.report import outcome_report
from workshops.outcomes.stages import (
    NO_PLAN,
    Stage,
    company_evidence,
    company_stage,
    kpi_progress,
)

# --- The stage rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "done", "stage"),
    [
        ({"business_model": 3, "data_use": 3}, 0, Stage.TRANSFORMATION),
        ({"business_model": 5, "data_use": 3, "it_systems": 0}, 0, Stage.TRANSFORMATION),
        ({"business_model": 3, "data_use": 2, "it_systems": 2}, 0, Stage.DIGITISATION),
        ({"business_model": 2, "data_use": 3}, 0, Stage.EFFICIENCY),
        ({"business_model": 5, "data_use": 2, "it_systems": 3}, 0, Stage.EFFICIENCY),
        ({"business_model": 2, "data_use": 2, "it_systems": 2}, 0, Stage.DIGITISATION),
        ({"business_model": 2, "data_use": 2, "it_systems": 2}, 1, Stage.EFFICIENCY),
        ({"business_model": 3, "data_use": 2}, 4, Stage.EFFICIENCY),
        ({}, 0, Stage.DIGITISATION),
    ],
)
def test_the_stage_rule_at_its_boundaries(levels, done, stage):
    assert company_stage(levels=levels, done_initiatives=done) == stage


def test_without_a_check_in_the_plans_current_levels_decide_the_stage():
    plan = plan_content(maturity={"business_model": 3, "data_use": 3})

    evidence = company_evidence(plan_content=plan, check_in_content=None)

    assert evidence.stage == Stage.TRANSFORMATION
    assert not evidence.checked_in


def test_a_check_in_level_replaces_the_plan_level_and_an_unreported_dimension_keeps_it():
    plan = plan_content(maturity={"business_model": 3, "data_use": 1})
    check_in = check_in_content(levels={"data_use": 3})

    evidence = company_evidence(plan_content=plan, check_in_content=check_in)

    assert evidence.after["data_use"] == 3
    assert evidence.after["business_model"] == 3
    assert evidence.before["data_use"] == 1
    assert evidence.stage == Stage.TRANSFORMATION


def test_only_initiatives_reported_done_count_as_done():
    plan = plan_content(roadmap=[(1, 1), (1, 2), (2, 3)])
    check_in = check_in_content(plan_year=2, statuses=["in_progress", "dropped", "not_started"])

    evidence = company_evidence(plan_content=plan, check_in_content=check_in)

    assert evidence.initiatives_done == 0
    assert evidence.stage == Stage.DIGITISATION


def test_initiatives_due_are_those_ending_by_the_reported_plan_year():
    plan = plan_content(roadmap=[(1, 1), (1, 2), (2, 3), (3, 3)])
    check_in = check_in_content(plan_year=2, statuses=["done", "in_progress", "done", "dropped"])

    evidence = company_evidence(plan_content=plan, check_in_content=check_in)

    assert (
        evidence.initiatives_planned,
        evidence.initiatives_due,
        evidence.initiatives_done_of_due,
        evidence.initiatives_done,
    ) == (4, 2, 1, 2)
    assert evidence.stage == Stage.EFFICIENCY


# --- KPI progress ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "progress"),
    [
        ("100", "150", "125", Decimal(50)),
        ("100", "150", "150", Decimal(100)),
        ("100", "150", "90", Decimal(-20)),
        ("10", "6", "5", Decimal(125)),
        ("10", "6", "8", Decimal(50)),
        ("7", "7", "7", Decimal(100)),
        ("7", "7", "6.99", Decimal(0)),
        ("7", None, "7", None),
        ("7", "9", None, None),
    ],
)
def test_kpi_progress_is_the_share_of_the_way_from_baseline_to_target(
    baseline, target, actual, progress
):
    assert kpi_progress(baseline=baseline, target=target, actual=actual) == progress


def test_a_kpi_is_assessed_against_the_target_of_the_check_ins_plan_year():
    plan = plan_content(kpis=[("100", {1: "110", 2: "150"}), ("5", {1: "4"})])
    check_in = check_in_content(plan_year=2, actuals=["125", "3"])

    evidence = company_evidence(plan_content=plan, check_in_content=check_in)

    # The second KPI has no target for plan year 2: it is not assessed.
    assert evidence.kpi_progress == (Decimal(50),)


# --- Aggregates ------------------------------------------------------------------------------


@pytest.fixture
def cohort_2026(db):
    return CohortFactory(name_en="2026", status=Cohort.Status.FINISHED)


def test_a_company_counts_once_with_its_executives_plan_before_a_managers(cohort_2026):
    company = CompanyFactory()
    manager_plan = plan_content(maturity={"business_model": 4, "data_use": 4})
    executive_plan = plan_content(maturity={"it_systems": 3})
    # A later cohort that has started (one that has not does not count at all).
    later = CohortFactory(starts_on=cohort_2026.starts_on + timedelta(days=20))
    company_in(later, company=company, plan=manager_plan, track=Enrolment.Track.MANAGER)
    company_in(cohort_2026, company=company, plan=executive_plan)

    report = outcome_report(full=True)

    assert report.total.companies == 1
    assert report.total.stages[Stage.EFFICIENCY] == 1
    assert report.total.stages[Stage.TRANSFORMATION] == 0
    # In the manager's own cohort, the manager's plan is the company's evidence.
    later_row = next(row for row in report.groups if row.key == later.pk)
    assert later_row.stages[Stage.TRANSFORMATION] == 1


def test_a_manager_plan_counts_when_the_executive_wrote_none(cohort_2026):
    company = CompanyFactory()
    company_in(cohort_2026, company=company)
    company_in(
        cohort_2026,
        company=company,
        plan=plan_content(maturity={"data_use": 3}),
        track=Enrolment.Track.MANAGER,
    )

    report = outcome_report(full=True)

    assert report.total.stages[Stage.EFFICIENCY] == 1
    assert report.total.stages[NO_PLAN] == 0


def test_the_newest_check_in_version_of_the_newest_fiscal_year_is_the_evidence(cohort_2026):
    enrolment = company_in(cohort_2026)
    version = submitted_plan(enrolment, plan_content())
    checked_in(version, check_in_content(fiscal_year=2028, levels={"it_systems": 3}))
    old = checked_in(
        version, check_in_content(fiscal_year=2027, levels={"business_model": 4, "data_use": 4})
    )
    CheckInVersionFactory(
        check_in=old.check_in,
        number=2,
        content=check_in_content(fiscal_year=2027, levels={"business_model": 5, "data_use": 5}),
    )

    report = outcome_report(full=True)

    assert report.total.stages[Stage.EFFICIENCY] == 1


def test_a_company_without_a_submitted_plan_has_no_stage(cohort_2026):
    company_in(cohort_2026)

    report = outcome_report(full=True)

    assert report.total.stages[NO_PLAN] == 1
    assert report.total.transformation_share is None


@pytest.fixture
def hand_made(db):
    """Two cohorts, six companies, with the figures worked out by hand in the test."""
    a = CohortFactory(name_en="A", status=Cohort.Status.FINISHED)
    b = CohortFactory(name_en="B", status=Cohort.Status.RUNNING)
    kpi_plan = {
        "kpis": [("100", {1: "120", 2: "140"}), ("10", {2: "6"})],
        "roadmap": [(1, 1), (1, 2), (2, 3)],
    }
    # A1: transformation by check-in; KPI 1 at 140 (100%), KPI 2 at 8 (50%); 2 of 2 due done.
    a1 = company_in(
        a,
        industry=Company.Industry.MANUFACTURING,
        plan=plan_content(maturity={"business_model": 2, "data_use": 2}, **kpi_plan),
        check_in=check_in_content(
            plan_year=2,
            statuses=["done", "done", "in_progress"],
            actuals=["140", "8"],
            levels={"business_model": 3, "data_use": 4},
        ),
        status=Enrolment.Status.COMPLETED,
    )
    # A2: efficiency by a done initiative; KPI 1 at 150 (125%), KPI 2 unreported; 1 of 2 due.
    a2 = company_in(
        a,
        industry=Company.Industry.MANUFACTURING,
        plan=plan_content(**kpi_plan),
        check_in=check_in_content(plan_year=2, statuses=["done"], actuals=["150", None]),
        status=Enrolment.Status.COMPLETED,
    )
    # A3: digitisation from the plan alone; withdrew.
    a3 = company_in(
        a,
        industry=Company.Industry.LOGISTICS,
        plan=plan_content(),
        status=Enrolment.Status.WITHDRAWN,
    )
    # A4: no plan; only invited, so not counted for completion.
    company_in(a, industry=Company.Industry.LOGISTICS, status=Enrolment.Status.INVITED)
    # B1, B2: transformation and efficiency from their plans; B is still running.
    b1 = company_in(
        b,
        industry=Company.Industry.SERVICES,
        plan=plan_content(maturity={"business_model": 4, "data_use": 3}),
    )
    company_in(b, industry=Company.Industry.SERVICES, plan=plan_content(maturity={"it_systems": 3}))
    sessions_a = [SessionFactory(cohort=a) for _ in range(2)]
    for enrolment, statuses in (
        (a1, ["present", "late"]),
        (a2, ["present", "absent"]),
        (a3, ["excused", "absent"]),
    ):
        for session, status in zip(sessions_a, statuses, strict=True):
            AttendanceFactory(session=session, enrolment=enrolment, status=status)
    AttendanceFactory(
        session=SessionFactory(cohort=b), enrolment=b1, status=Attendance.Status.PRESENT
    )
    return a, b


def test_stage_counts_per_cohort_and_across_cohorts(hand_made):
    a, b = hand_made

    report = outcome_report(full=True)

    by_cohort = {row.key: row.stages for row in report.groups}
    assert by_cohort[a.pk] == {
        "digitisation": 1,
        "efficiency": 1,
        "transformation": 1,
        "no_plan": 1,
    }
    assert by_cohort[b.pk] == {
        "digitisation": 0,
        "efficiency": 1,
        "transformation": 1,
        "no_plan": 0,
    }
    assert report.total.stages == {
        "digitisation": 1,
        "efficiency": 2,
        "transformation": 2,
        "no_plan": 1,
    }
    assert report.total.companies == 6
    assert report.total.transformation_share == Decimal(40)


def test_kpi_progress_of_a_group(hand_made):
    report = outcome_report(full=True)

    total = report.total
    # Progress 100%, 50% and 125%: two on target, median 100%.
    assert (total.contributors["kpis"], total.kpis_assessed, total.kpis_on_target) == (2, 3, 2)
    assert total.kpi_share == Decimal(67)
    assert total.kpi_median_progress == Decimal(100)


def test_initiatives_done_against_those_due(hand_made):
    total = outcome_report(full=True).total

    assert (
        total.contributors["initiatives"],
        total.initiatives_planned,
        total.initiatives_due,
        total.initiatives_done_of_due,
        total.initiatives_done,
    ) == (2, 6, 4, 3, 3)
    assert total.initiative_rate == Decimal(75)


def test_maturity_before_and_after_over_the_companies_that_checked_in(hand_made):
    total = outcome_report(full=True).total

    assert total.contributors["maturity"] == 2
    assert total.maturity_before["business_model"] == Decimal("1.5")
    assert total.maturity_after["business_model"] == Decimal("2.0")
    assert total.maturity_before["data_use"] == Decimal("1.5")
    assert total.maturity_after["data_use"] == Decimal("2.5")
    assert total.maturity_after["it_systems"] == Decimal("1.0")


def test_attendance_and_completion_rates(hand_made):
    a, _ = hand_made

    report = outcome_report(full=True)

    # Present or late: 3 of the 6 marks in A; 1 of 1 in B.
    row_a = next(row for row in report.groups if row.key == a.pk)
    assert (row_a.attended, row_a.marked, row_a.attendance_rate) == (3, 6, Decimal(50))
    assert (report.total.attended, report.total.marked) == (4, 7)
    assert report.total.attendance_rate == Decimal(57)
    # Completion only in finished cohorts, without the invited: 2 of 3.
    assert (report.total.completed, report.total.counted_for_completion) == (2, 3)
    assert report.total.completion_rate == Decimal(67)


def test_filters_and_breakdown_by_industry(hand_made):
    a, _ = hand_made

    report = outcome_report(full=True, breakdown="industry", cohort=a)

    assert [(row.key, row.companies) for row in report.groups] == [
        ("manufacturing", 2),
        ("logistics", 2),
    ]
    only_services = outcome_report(full=True, industry=Company.Industry.SERVICES)
    assert only_services.total.companies == 2
    assert only_services.total.stages[Stage.TRANSFORMATION] == 1


def test_the_administrators_report_names_the_companies_per_stage(hand_made):
    report = outcome_report(full=True)

    assert len(report.total.company_names["efficiency"]) == 2
    assert len(report.total.company_names[NO_PLAN]) == 1

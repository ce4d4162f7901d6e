"""Hand-made companies with a submitted plan and, if asked, a check-in: the data of the
programme-outcome tests."""

from cohorts.models import Enrolment
from tests.cohorts.factories import CompanyFactory, EnrolmentFactory
from tests.workshops.factories import CheckInFactory, CheckInVersionFactory, WorkshopFactory
from workshops.models import PlanVersion, Submission

ALL_LEVELS_1 = {
    "vision_leadership": 1,
    "business_model": 1,
    "data_use": 1,
    "it_systems": 1,
    "talent_organisation": 1,
    "security_governance": 1,
}


def plan_content(*, maturity=None, kpis=(), roadmap=()) -> dict:
    """A frozen plan's content: maturity {dimension: current}, KPIs as (baseline, {year:
    target}), the roadmap as (start_year, end_year)."""
    maturity = {**ALL_LEVELS_1, **(maturity or {})}
    return {
        "horizon_years": 3,
        "start_fiscal_year": 2026,
        "revision": 1,
        "sections": {},
        "maturity": [
            {"dimension": d, "current": level, "target": 4} for d, level in maturity.items()
        ],
        "kpis": [
            {
                "name": f"KPI {i}",
                "unit": "",
                "baseline": str(baseline),
                "targets": {str(year): str(t) for year, t in targets.items()},
            }
            for i, (baseline, targets) in enumerate(kpis)
        ],
        "roadmap": [
            {
                "title": f"施策{i}",
                "start_year": start,
                "end_year": end,
                "owner": "",
                "budget": [],
                "expected_outcome": "",
            }
            for i, (start, end) in enumerate(roadmap)
        ],
        "attachments": [],
    }


def check_in_content(*, plan_year=1, fiscal_year=2026, statuses=(), actuals=(), levels=None):
    """statuses: one status per roadmap index; actuals: one actual (or None) per KPI index."""
    return {
        "fiscal_year": fiscal_year,
        "plan_year": plan_year,
        "initiatives": [
            {"index": i, "title": f"施策{i}", "status": status, "note": ""}
            for i, status in enumerate(statuses)
        ],
        "kpis": [
            {"index": i, "name": f"KPI {i}", "unit": "", "actual": None if a is None else str(a)}
            for i, a in enumerate(actuals)
        ],
        "maturity": [{"dimension": d, "level": level} for d, level in (levels or {}).items()],
    }


def submitted_plan(enrolment, content: dict, *, number: int = 1) -> PlanVersion:
    workshop = WorkshopFactory(cohort=enrolment.cohort)
    submission = Submission.objects.create(
        workshop=workshop, enrolment=enrolment, version_number=number
    )
    return PlanVersion.objects.create(
        enrolment=enrolment, number=number, content=content, submission=submission
    )


def checked_in(version: PlanVersion, content: dict, *, number: int = 1):
    check_in = CheckInFactory(
        enrolment=version.enrolment, plan_version=version, fiscal_year=content["fiscal_year"]
    )
    return CheckInVersionFactory(check_in=check_in, number=number, content=content)


def company_in(
    cohort,
    *,
    company=None,
    plan=None,
    check_in=None,
    track=Enrolment.Track.EXECUTIVE,
    status=Enrolment.Status.ACTIVE,
    **company_fields,
) -> Enrolment:
    """An enrolment of a (new) company in the cohort, with a plan and a check-in if given."""
    company = company or CompanyFactory(**company_fields)
    enrolment = EnrolmentFactory(cohort=cohort, company=company, track=track, status=status)
    if plan is not None:
        version = submitted_plan(enrolment, plan)
        if check_in is not None:
            checked_in(version, check_in)
    return enrolment

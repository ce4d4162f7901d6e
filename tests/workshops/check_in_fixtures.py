"""Alumni with a submitted plan, for the check-in tests.

The cohort ran from September 2026 to January 2027; the plan covers fiscal years 2027–2029
(plan years 1–3). Tests pass `now` explicitly, so they do not depend on today's date.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from cohorts.models import Enrolment
from tests.cohorts.factories import CohortFactory, EnrolmentFactory
from tests.workshops.factories import (
    KpiFactory,
    KpiTargetFactory,
    PlanFactory,
    RoadmapInitiativeFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.models import MaturityScore

TOKYO = ZoneInfo("Asia/Tokyo")


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=TOKYO)


def finished_cohort(**kwargs):
    return CohortFactory(
        **{
            "year": 2026,
            "starts_on": date(2026, 9, 1),
            "ends_on": date(2027, 1, 31),
            "status": "finished",
            **kwargs,
        }
    )


def alumnus(*, cohort=None, start_fiscal_year=2027, horizon=3, initiatives=3, kpis=2, **kwargs):
    """A completed enrolment with one submitted plan version: `initiatives` roadmap rows,
    `kpis` KPIs with a target for each plan year, and all six maturity scores."""
    cohort = cohort or finished_cohort()
    enrolment = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.ACTIVE, **kwargs)
    plan = PlanFactory(
        enrolment=enrolment, start_fiscal_year=start_fiscal_year, horizon_years=horizon
    )
    for index in range(kpis):
        kpi = KpiFactory(plan=plan, name=f"KPI{index} 受注件数", unit="件", order=index)
        for year in range(1, horizon + 1):
            KpiTargetFactory(kpi=kpi, plan_year=year, target=Decimal(100 + 10 * year + index))
    for index in range(initiatives):
        RoadmapInitiativeFactory(
            plan=plan,
            title=f"施策{index} 受発注のデジタル化",
            start_year=1,
            end_year=2,
            order=index,
        )
    MaturityScore.objects.bulk_create(
        MaturityScore(plan=plan, dimension=dimension, current=1, target=3)
        for dimension in MaturityScore.Dimension
    )
    # The workshop's own dates are around today: the plan was handed in during the cohort.
    workshop = WorkshopFactory(cohort=cohort, allow_resubmission=True)
    services.plan_submit(plan=plan, workshop=workshop)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    enrolment.refresh_from_db()
    return enrolment


def answers(
    check_in,
    *,
    status="in_progress",
    note="進行中",
    actual="123.4",
    level=2,
    holds=False,
    certified_on=None,
) -> dict:
    """Answers to every question of the check-in."""
    content = check_in.plan_version.content
    return {
        "initiatives": [
            {"index": index, "status": status, "note": note}
            for index, _row in enumerate(content["roadmap"])
        ],
        "kpis": [{"index": index, "actual": actual} for index, _ in enumerate(content["kpis"])],
        "maturity": [
            {"dimension": dimension.value, "level": level} for dimension in MaturityScore.Dimension
        ],
        "certification": {"holds": holds, "certified_on": certified_on},
    }


def form_data(
    check_in,
    *,
    revision=None,
    status="in_progress",
    actual="123.4",
    level=2,
    holds="no",
    certified_on="",
) -> dict:
    """What the check-in form posts."""
    content = check_in.plan_version.content
    data = {"expected_revision": check_in.revision if revision is None else revision}
    for index, _row in enumerate(content["roadmap"]):
        data[f"initiatives-{index}-status"] = status
        data[f"initiatives-{index}-note"] = "順調"
    for index, _row in enumerate(content["kpis"]):
        data[f"kpis-{index}-actual"] = actual
    for dimension in MaturityScore.Dimension:
        data[f"maturity-{dimension.value}"] = level
    data["certification-holds"] = holds
    data["certification-certified_on"] = certified_on
    return data

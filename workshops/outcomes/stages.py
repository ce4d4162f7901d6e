"""Where one company stands: the transformation-stage rule and the figures read from its evidence.

The stage rule
--------------
The levels are the 0–5 maturity levels of the evidence: those the check-in reports, and for a
dimension it does not report, the plan's "current" level (a dimension never reported counts as
0). "Done initiatives" are the roadmap initiatives the check-in reports as done.

1. Business transformation: business model ≥ 3 and use of data ≥ 3. The business model has
   changed (3 means a defined, company-wide practice), and data drives it; neither alone is
   transformation, which is the city's point.
2. Efficiency: not transformation, but use of data ≥ 3, or IT systems ≥ 3, or at least one
   roadmap initiative done. Processes run on digital systems and data, or the company has
   actually carried a step of its plan out.
3. Digitisation: everything else. A company that wrote a plan has at least begun to digitise.

Other figures
-------------
- KPI progress: for each KPI the check-in reports an actual for, and whose plan has a target for
  the check-in's plan year, progress = (actual − baseline) / (target − baseline). The KPI is on
  target when progress ≥ 100% (a target equal to the baseline is met when the actual is not
  below it). The group shows the KPIs assessed, those on target, and the median progress.
- Initiatives: planned = the roadmap's initiatives; due = those ending in or before the
  check-in's plan year; done = those reported done. The rate is done-and-due over due.
- Maturity before/after, per dimension, over the companies that checked in: the plan's
  "current" level against the newest evidence.
- Attendance: present or late, over all attendance marks of the group's enrolments.
- Completion: completed enrolments over the enrolments of finished cohorts that began (not
  those still only invited).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models import InitiativeStatus, MaturityScore

TRANSFORMATION_BUSINESS_MODEL = 3


TRANSFORMATION_DATA_USE = 3


EFFICIENCY_LEVEL = 3


class Stage(models.TextChoices):
    DIGITISATION = "digitisation", _("Digitisation")
    EFFICIENCY = "efficiency", _("Efficiency")
    TRANSFORMATION = "transformation", _("Business transformation")


NO_PLAN = "no_plan"


STAGE_COLUMNS = (*Stage.values, NO_PLAN)


DIMENSIONS = tuple(MaturityScore.Dimension.values)


def stage_label(stage: str) -> str:
    return _("No submitted plan") if stage == NO_PLAN else Stage(stage).label


def company_stage(*, levels: Mapping[str, int], done_initiatives: int) -> Stage:
    """The stage rule of the module docstring."""
    business_model = levels.get("business_model", 0)
    data_use = levels.get("data_use", 0)
    it_systems = levels.get("it_systems", 0)
    if business_model >= TRANSFORMATION_BUSINESS_MODEL and data_use >= TRANSFORMATION_DATA_USE:
        return Stage.TRANSFORMATION
    if data_use >= EFFICIENCY_LEVEL or it_systems >= EFFICIENCY_LEVEL or done_initiatives > 0:
        return Stage.EFFICIENCY
    return Stage.DIGITISATION


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def kpi_progress(*, baseline, target, actual) -> Decimal | None:
    """Progress towards the year's target as a percentage, or None when it cannot be told."""
    baseline, target, actual = _decimal(baseline), _decimal(target), _decimal(actual)
    if baseline is None or target is None or actual is None:
        return None
    if target == baseline:
        return Decimal(100) if actual >= target else Decimal(0)
    return (actual - baseline) / (target - baseline) * 100


@dataclass(frozen=True)
class Evidence:
    """What one company's newest evidence says."""

    stage: Stage
    checked_in: bool
    before: dict[str, int]
    after: dict[str, int]
    kpi_progress: tuple[Decimal, ...] = ()
    initiatives_planned: int = 0
    initiatives_due: int = 0
    initiatives_done_of_due: int = 0
    initiatives_done: int = 0


def company_evidence(
    *, plan_content: Mapping[str, Any] | None, check_in_content: Mapping[str, Any] | None
) -> Evidence:
    """`plan_content` is the plan version reported on (the check-in's) or else the newest one."""
    plan_content = plan_content or {}
    before = {
        row.get("dimension"): int(row.get("current") or 0)
        for row in plan_content.get("maturity", [])
    }
    if check_in_content is None:
        return Evidence(
            stage=company_stage(levels=before, done_initiatives=0),
            checked_in=False,
            before=before,
            after=before,
        )
    after = dict(before)
    for row in check_in_content.get("maturity", []):
        if row.get("level") is not None:
            after[row.get("dimension")] = int(row["level"])
    plan_year = int(check_in_content.get("plan_year") or 0)
    roadmap = plan_content.get("roadmap", [])
    done = {
        row.get("index")
        for row in check_in_content.get("initiatives", [])
        if row.get("status") == InitiativeStatus.DONE
    }
    done = {index for index in done if isinstance(index, int) and 0 <= index < len(roadmap)}
    due = {i for i, item in enumerate(roadmap) if int(item.get("end_year") or 0) <= plan_year}
    kpis = plan_content.get("kpis", [])
    progress = []
    for row in check_in_content.get("kpis", []):
        index = row.get("index")
        if not isinstance(index, int) or not 0 <= index < len(kpis):
            continue
        kpi = kpis[index]
        value = kpi_progress(
            baseline=kpi.get("baseline"),
            target=(kpi.get("targets") or {}).get(str(plan_year)),
            actual=row.get("actual"),
        )
        if value is not None:
            progress.append(value)
    return Evidence(
        stage=company_stage(levels=after, done_initiatives=len(done)),
        checked_in=True,
        before=before,
        after=after,
        kpi_progress=tuple(progress),
        initiatives_planned=len(roadmap),
        initiatives_due=len(due),
        initiatives_done_of_due=len(due & done),
        initiatives_done=len(done),
    )

"""What a plan still lacks before it can be handed in, by the plan's own definition.

A plan handed in for a workshop is the whole plan: every section of the current schema written
(the Digital Governance Code 3.0's seven, plans/sections.py), at least one KPI with
a baseline and a target for each plan year, at least one roadmap initiative, and the maturity
self-assessment done (every dimension rated, with a target level above 0: "not started" is no
aim). The editor lists the gaps before the submit button is pressed; plan_submit refuses a plan
with any. Targets kept aside for years beyond a shortened period do not count.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from workshops.models import MaturityScore, Plan
from workshops.plans.sections import CURRENT


@dataclass(frozen=True)
class Gap:
    """One thing missing: `anchor` is the id of the editor's element to go to."""

    anchor: str
    message: str


def _section_gaps(plan: Plan) -> list[Gap]:
    return [
        Gap(
            anchor=f"id_plan-{section.name}",
            message=_("Write the section “%(section)s”.") % {"section": CURRENT.heading(section)},
        )
        for section in CURRENT.sections
        if not (getattr(plan, section.name) or "").strip()
    ]


def _kpi_gaps(plan: Plan) -> list[Gap]:
    kpis = list(plan.kpis.all())
    if not kpis:
        return [Gap(anchor="plan-kpis", message=_("Add at least one KPI."))]
    years = set(plan.plan_years)
    return [
        Gap(
            anchor="plan-kpis",
            message=_("Give the KPI “%(kpi)s” a target for every plan year (1 to %(last)s).")
            % {"kpi": kpi.name, "last": plan.horizon_years},
        )
        for kpi in kpis
        if not years <= {target.plan_year for target in kpi.targets.all()}
    ]


def _roadmap_gaps(plan: Plan) -> list[Gap]:
    if plan.roadmap.all():
        return []
    return [Gap(anchor="plan-roadmap", message=_("Add at least one roadmap initiative."))]


def _maturity_gaps(plan: Plan) -> list[Gap]:
    targets = {score.dimension: score.target for score in plan.maturity_scores.all()}
    missing = [d.label for d in MaturityScore.Dimension if not targets.get(d.value)]
    if not missing:
        return []
    return [
        Gap(
            anchor="plan-maturity",
            message=_("Complete the self-assessment: give a target level for %(dimensions)s.")
            % {"dimensions": "、".join(str(label) for label in missing)},
        )
    ]


def plan_gaps(*, plan: Plan) -> list[Gap]:
    """Everything the plan lacks, in the editor's order. Reads the plan's rows through
    plan.kpis.all() and the like: pass a plan from plans.selectors.plan_queryset() so that
    they are prefetched."""
    return [
        *_section_gaps(plan),
        *_maturity_gaps(plan),
        *_kpi_gaps(plan),
        *_roadmap_gaps(plan),
    ]

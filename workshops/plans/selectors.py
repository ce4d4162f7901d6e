"""Reads about the plan: the living plan with its rows, its versions and their attachments,
and the frozen content of a version."""

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, prefetch_related_objects

from cohorts.models import Enrolment
from school.models import User
from workshops.models import (
    Kpi,
    MaturityScore,
    Plan,
    PlanAttachment,
    PlanVersion,
    VersionAttachment,
    Workshop,
)
from workshops.permissions import user_may_read_plan
from workshops.plans.sections import CURRENT, SCHEMA_KEY

# --- Who may see what -----------------------------------------------------------------------


def _rows() -> tuple:
    """The plan's rows as the editor, its autosave and plans.completeness read them."""
    return (
        Prefetch("maturity_scores", queryset=MaturityScore.objects.order_by("dimension")),
        Prefetch("kpis", queryset=Kpi.objects.prefetch_related("targets")),
        "roadmap",
    )


def plan_queryset() -> QuerySet[Plan]:
    return Plan.objects.select_related("enrolment__user", "enrolment__cohort").prefetch_related(
        *_rows(), "attachments"
    )


def plan_of_enrolment(*, enrolment_id: int) -> Plan | None:
    """The enrolment's plan with the enrolment (one query), to check who may edit it before
    reading its rows; None when no plan has been started or there is no such enrolment."""
    return Plan.objects.select_related("enrolment").filter(enrolment_id=enrolment_id).first()


def plan_rows_read(*, plan: Plan) -> Plan:
    """Reads the plan's rows into it, once (four queries): an autosave compares what was posted
    with them, and what the plan still lacks is worked out from them when they are kept."""
    prefetch_related_objects([plan], *_rows())
    return plan


def plan_for(*, user: User, enrolment: Enrolment) -> Plan | None:
    """The enrolment's plan with all its rows, if the user may read it (None otherwise, and
    None when no plan has been started)."""
    if not user_may_read_plan(user=user, enrolment=enrolment):
        return None
    return plan_queryset().filter(enrolment=enrolment).first()


def versions_of(*, enrolment: Enrolment) -> QuerySet[PlanVersion]:
    return (
        PlanVersion.objects.filter(enrolment=enrolment)
        .select_related("submission__workshop")
        .order_by("number")
    )


def attachment_file_in_use(*, name: str) -> bool:
    """Whether a stored attachment file is still named by a plan or by a submitted version."""
    return (
        PlanAttachment.objects.filter(file=name).exists()
        or VersionAttachment.objects.filter(file=name).exists()
    )


@dataclass(frozen=True)
class VersionAttachmentRow:
    """One attachment a version was handed in with; `attachment` is None for a version
    submitted before attachments were kept with versions, whose file was since removed."""

    name: str
    size: int
    attachment: VersionAttachment | None


def version_attachments(*, version: PlanVersion) -> list[VersionAttachmentRow]:
    """The attachments named in the version's content, each with the frozen row to download it
    by. Uses the version's prefetched `attachments` when the caller read them."""
    rows = list(version.attachments.all())
    listed = []
    for frozen in version.content.get("attachments", []):
        match = next((row for row in rows if row.original_name == frozen.get("name")), None)
        if match is not None:
            rows.remove(match)
        listed.append(
            VersionAttachmentRow(
                name=frozen.get("name", ""), size=frozen.get("size") or 0, attachment=match
            )
        )
    # Rows the content does not name cannot come from plan_submit; listed all the same, so no
    # file of a version is ever hidden from those who may read it.
    listed += [VersionAttachmentRow(name=r.original_name, size=r.size, attachment=r) for r in rows]
    return listed


def plan_content(*, plan: Plan) -> dict[str, Any]:
    """The whole plan as plain JSON, for a frozen version, read afresh."""
    return plan_content_of(plan=plan_queryset().get(pk=plan.pk))


def plan_content_of(*, plan: Plan) -> dict[str, Any]:
    """The whole plan as plain JSON, from a plan read with its rows (`plan_queryset`)."""
    return {
        "horizon_years": plan.horizon_years,
        "start_fiscal_year": plan.start_fiscal_year,
        "revision": plan.revision,
        # The version keeps the section set it was written in (plans/sections.py).
        SCHEMA_KEY: CURRENT.key,
        "sections": {name: getattr(plan, name) for name in CURRENT.names},
        "maturity": [
            {"dimension": s.dimension, "current": s.current, "target": s.target}
            for s in plan.maturity_scores.all()
        ],
        "kpis": [
            {
                "name": kpi.name,
                "unit": kpi.unit,
                "baseline": str(kpi.baseline),
                # Targets kept aside for years a shortened period dropped are not the plan's.
                "targets": {
                    str(t.plan_year): str(t.target)
                    for t in kpi.targets.all()
                    if t.plan_year <= plan.horizon_years
                },
            }
            for kpi in plan.kpis.all()
        ],
        "roadmap": [
            {
                "title": item.title,
                "start_year": item.start_year,
                "end_year": item.end_year,
                "owner": item.owner,
                "budget": list(item.budget or []),
                "expected_outcome": item.expected_outcome,
            }
            for item in plan.roadmap.all()
        ],
        "attachments": [
            {"name": a.original_name, "content_type": a.content_type, "size": a.size}
            for a in plan.attachments.all()
        ],
    }


def version_queryset() -> QuerySet[PlanVersion]:
    """Versions with everything a page, a PDF or a ZIP of them shows, in the same query."""
    return PlanVersion.objects.select_related(
        "enrolment__user",
        "enrolment__company",
        "enrolment__cohort",
        "submission__workshop",
        "share",
    )


def latest_versions_for_workshop(*, workshop: Workshop) -> QuerySet[PlanVersion]:
    """For each participant, the last version they submitted for the workshop (one query)."""
    last_number = (
        PlanVersion.objects.filter(
            enrolment_id=OuterRef("enrolment_id"), submission__workshop=workshop
        )
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        version_queryset()
        .filter(submission__workshop=workshop, number=Subquery(last_number))
        .order_by("enrolment__user__last_name_roman", "enrolment__user__first_name_roman", "pk")
    )

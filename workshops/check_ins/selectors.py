"""Reads about alumni check-ins: who is due, their check-ins and what each asks about."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cohorts.models import Enrolment
from school.models import User
from workshops.models import (
    CheckIn,
    CheckInVersion,
    InitiativeStatus,
    MaturityScore,
    PlanVersion,
    SelfAssessment,
)
from workshops.self_assessment.indicator import active

# --- Who may see what -----------------------------------------------------------------------


def fiscal_year_of(day: date) -> int:
    """The Japanese fiscal year (April to March) a day falls in: 2027-03-31 is in 2026."""
    return day.year if day.month >= 4 else day.year - 1


def newest_version_q() -> Q:
    """Filters plan versions to the newest one of each enrolment."""
    return ~Exists(
        PlanVersion.objects.filter(
            enrolment_id=OuterRef("enrolment_id"), number__gt=OuterRef("number")
        )
    )


@dataclass(frozen=True)
class CheckInDue:
    enrolment: Enrolment
    plan_version: PlanVersion
    fiscal_year: int


def check_ins_due(*, today: date) -> list[CheckInDue]:
    """Who is asked for a check-in for the fiscal year `today` falls in, and on which plan.

    The rule: a completed enrolment whose cohort has ended and that has a submitted plan; the
    fiscal year lies within that plan's horizon (from its first fiscal year, normally the year
    after the cohort, to its last). The plan is the enrolment's newest version. A person with
    several completed enrolments with plans is asked once, on the newest of them (the latest
    cohort to start): that plan replaces the earlier ones. Those already asked this fiscal year
    are left out. Two queries, however many alumni.
    """
    fiscal_year = fiscal_year_of(today)
    versions = list(
        PlanVersion.objects.filter(
            newest_version_q(),
            enrolment__status=Enrolment.Status.COMPLETED,
            enrolment__cohort__ends_on__lt=today,
        )
        .select_related("enrolment__user", "enrolment__cohort")
        .order_by("enrolment__cohort__starts_on", "enrolment_id")
    )
    newest_per_person: dict[int, PlanVersion] = {}
    for version in versions:
        # Ordered oldest cohort first, so the last one seen is the newest enrolment.
        newest_per_person[version.enrolment.user_id] = version
    asked = set(
        CheckIn.objects.filter(fiscal_year=fiscal_year, requested_at__isnull=False).values_list(
            "enrolment__user_id", flat=True
        )
    )
    due = []
    for user_id, version in newest_per_person.items():
        start = version.content.get("start_fiscal_year")
        horizon = version.content.get("horizon_years")
        if not start or not horizon or not start <= fiscal_year <= start + horizon - 1:
            continue
        if user_id in asked:
            continue
        due.append(
            CheckInDue(enrolment=version.enrolment, plan_version=version, fiscal_year=fiscal_year)
        )
    return due


def check_in_queryset() -> QuerySet[CheckIn]:
    return CheckIn.objects.select_related(
        "enrolment__user", "enrolment__cohort", "enrolment__company", "plan_version"
    )


def check_in_versions_of(*, check_in: CheckIn) -> QuerySet[CheckInVersion]:
    return CheckInVersion.objects.filter(check_in=check_in).order_by("number")


def check_ins_of(*, user: User) -> list[CheckIn]:
    """The user's own check-ins, newest fiscal year first, each with its versions (`versions`
    prefetched, oldest first). Two queries."""
    return list(
        check_in_queryset()
        .filter(enrolment__user=user)
        .prefetch_related(Prefetch("versions", queryset=CheckInVersion.objects.order_by("number")))
        .order_by("-fiscal_year", "-enrolment__cohort__starts_on")
    )


def completed_enrolments_of(*, user: User) -> QuerySet[Enrolment]:
    """The user's completed enrolments, newest cohort first: what alumni keep access to."""
    return (
        Enrolment.objects.filter(user=user, status=Enrolment.Status.COMPLETED)
        .select_related("cohort")
        .order_by("-cohort__starts_on")
    )


def newest_versions_of(*, enrolment_ids) -> dict[int, PlanVersion]:
    """For each enrolment, its newest plan version (one query)."""
    return {
        version.enrolment_id: version
        for version in PlanVersion.objects.filter(
            newest_version_q(), enrolment_id__in=enrolment_ids
        )
    }


def _plan_year(content: dict, fiscal_year: int) -> int:
    return fiscal_year - content["start_fiscal_year"] + 1


def self_assessment_summary(*, enrolment_id: int, fiscal_year: int) -> dict[str, Any]:
    """How much of the fiscal year's DX推進指標 self-assessment is rated (one query)."""
    codes = [item.code for item in active().items]
    rated = (
        SelfAssessment.objects.filter(enrolment_id=enrolment_id, fiscal_year=fiscal_year)
        .annotate(
            rated_count=Count(
                "ratings",
                filter=Q(
                    ratings__item__in=codes,
                    ratings__current__isnull=False,
                    ratings__target__isnull=False,
                ),
            )
        )
        .values_list("rated_count", flat=True)
        .first()
    )
    total = len(codes)
    return {
        "exists": rated is not None,
        "rated": rated or 0,
        "total": total,
        "complete": rated is not None and rated >= total,
    }


def check_in_rows(*, check_in: CheckIn) -> dict[str, Any]:
    """What the check-in asks about, from its plan version: one row per initiative, KPI and
    maturity dimension, each with the answer to start from (the draft if there is one, else
    the alumnus' newest answer of an earlier year, else the plan's own starting point)."""
    plan = check_in.plan_version.content
    plan_year = _plan_year(plan, check_in.fiscal_year)
    start = check_in.draft or {}
    if not start:
        earlier = (
            CheckInVersion.objects.filter(
                check_in__enrolment_id=check_in.enrolment_id,
                check_in__plan_version_id=check_in.plan_version_id,
                check_in__fiscal_year__lt=check_in.fiscal_year,
            )
            .order_by("-check_in__fiscal_year", "-number")
            .first()
        )
        if earlier is not None:
            # Statuses and levels carry over; notes and figures are the new year's to write.
            start = {
                "initiatives": [
                    {"index": row["index"], "status": row["status"], "note": ""}
                    for row in earlier.content.get("initiatives", [])
                ],
                "maturity": earlier.content.get("maturity", []),
                "certification": earlier.content.get("certification") or {},
            }
    initiatives = {row["index"]: row for row in start.get("initiatives", [])}
    kpis = {row["index"]: row for row in start.get("kpis", [])}
    levels = {row["dimension"]: row["level"] for row in start.get("maturity", [])}
    planned_levels = {row["dimension"]: row for row in plan.get("maturity", [])}
    return {
        "plan_year": plan_year,
        "certification": start.get("certification") or {},
        "self_assessment": self_assessment_summary(
            enrolment_id=check_in.enrolment_id, fiscal_year=check_in.fiscal_year
        ),
        "initiatives": [
            {
                "index": index,
                "title": row["title"],
                "owner": row.get("owner", ""),
                "years": (row["start_year"], row["end_year"]),
                "fiscal_years": (
                    plan["start_fiscal_year"] + row["start_year"] - 1,
                    plan["start_fiscal_year"] + row["end_year"] - 1,
                ),
                "status": initiatives.get(index, {}).get("status", InitiativeStatus.NOT_STARTED),
                "note": initiatives.get(index, {}).get("note", ""),
            }
            for index, row in enumerate(plan.get("roadmap", []))
        ],
        "kpis": [
            {
                "index": index,
                "name": row["name"],
                "unit": row.get("unit", ""),
                "baseline": row.get("baseline", ""),
                "target": row.get("targets", {}).get(str(plan_year), ""),
                "actual": kpis.get(index, {}).get("actual"),
            }
            for index, row in enumerate(plan.get("kpis", []))
        ],
        "maturity": [
            {
                "dimension": dimension.value,
                "label": dimension.label,
                "planned_current": planned_levels.get(dimension.value, {}).get("current"),
                "planned_target": planned_levels.get(dimension.value, {}).get("target"),
                "level": levels.get(
                    dimension.value, planned_levels.get(dimension.value, {}).get("current")
                ),
            }
            for dimension in MaturityScore.Dimension
        ],
    }

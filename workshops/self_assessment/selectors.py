"""Reads of the DX推進指標 self-assessment: one enrolment's assessments, and whether the latest
is complete (every item of the indicator rated now and as a target), which DX認定 readiness
criterion (5) asks for (workshops/certification/selectors.py)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cohorts.models import Enrolment
from workshops.check_ins.selectors import fiscal_year_of
from workshops.models import SelfAssessment, SelfAssessmentRating
from workshops.self_assessment.indicator import Group, Item, active


def assessments_of(*, enrolment: Enrolment) -> QuerySet[SelfAssessment]:
    """The enrolment's self-assessments, newest year first, each with how many items it rates."""
    return (
        SelfAssessment.objects.filter(enrolment=enrolment)
        .annotate(
            rated_count=Count(
                "ratings",
                filter=Q(
                    ratings__item__in=[item.code for item in active().items],
                    ratings__current__isnull=False,
                    ratings__target__isnull=False,
                ),
            )
        )
        .order_by("-fiscal_year")
    )


def assessment_for(*, enrolment: Enrolment, fiscal_year: int) -> SelfAssessment | None:
    return (
        SelfAssessment.objects.filter(enrolment=enrolment, fiscal_year=fiscal_year)
        .prefetch_related("ratings")
        .first()
    )


def latest_is_complete(*, enrolment_id: int) -> bool:
    """Whether the enrolment's newest self-assessment rates every item (one query)."""
    latest = (
        assessments_of(enrolment=Enrolment(pk=enrolment_id)).values_list("rated_count", flat=True)
    ).first()
    return latest is not None and latest >= len(active().items)


@dataclass(frozen=True)
class Summary:
    """Where the readiness page links: the newest self-assessment's year (or this fiscal year
    when there is none yet) and how many of the items it rates."""

    fiscal_year: int
    rated_count: int
    exists: bool
    total: int = field(default_factory=lambda: len(active().items))

    @property
    def is_complete(self) -> bool:
        return self.rated_count >= self.total


def latest_summary(*, enrolment: Enrolment) -> Summary:
    latest = assessments_of(enrolment=enrolment).values("fiscal_year", "rated_count").first()
    if latest is None:
        return Summary(fiscal_year_of(timezone.localdate()), 0, exists=False)
    return Summary(latest["fiscal_year"], latest["rated_count"], exists=True)


@dataclass(frozen=True)
class Row:
    item: Item
    rating: SelfAssessmentRating | None


def rows_of(assessment: SelfAssessment | None) -> list[tuple[Group, list[Row]]]:
    """Every item in the indicator's order, under its framework, with its rating if any (no
    queries beyond the prefetched ratings)."""
    ratings = {r.item: r for r in assessment.ratings.all()} if assessment else {}
    return [
        (group, [Row(item, ratings.get(item.code)) for item in items])
        for group, items in active().grouped()
    ]


def latest_lines(*, enrolment_id: int) -> list[str]:
    """The newest self-assessment as one line per rated item ("1 ビジョン: 2 → 4"), in the
    indicator's order, for the DX認定 application's draft (two queries)."""
    latest = (
        SelfAssessment.objects.filter(enrolment_id=enrolment_id)
        .order_by("-fiscal_year")
        .prefetch_related("ratings")
        .first()
    )
    if latest is None:
        return []
    ratings = {r.item: r for r in latest.ratings.all() if r.is_rated}
    return [
        f"{item.number} {item.title}: {ratings[item.code].current} → {ratings[item.code].target}"
        for item in active().items
        if item.code in ratings
    ]


def levels_for(*, enrolment_id: int, fiscal_year: int) -> dict | None:
    """The fiscal year's self-assessment as a check-in freezes it (workshops.models.checkins):
    the indicator's edition and every catalogued item with its levels (None where not rated),
    or None when the enrolment has no self-assessment for that year (two queries)."""
    assessment = (
        SelfAssessment.objects.filter(enrolment_id=enrolment_id, fiscal_year=fiscal_year)
        .prefetch_related("ratings")
        .first()
    )
    if assessment is None:
        return None
    catalogue = active()
    ratings = {r.item: r for r in assessment.ratings.all()}
    return {
        "edition": catalogue.edition,
        "fiscal_year": fiscal_year,
        "items": [
            {
                "item": item.code,
                "current": getattr(ratings.get(item.code), "current", None),
                "target": getattr(ratings.get(item.code), "target", None),
            }
            for item in catalogue.items
        ],
    }


def frozen_levels_complete(frozen: dict | None) -> bool:
    """Whether frozen levels (levels_for's shape) rate every item of their catalogue."""
    if not frozen or frozen.get("edition") != active().edition:
        return False
    rated = {
        row["item"]
        for row in frozen.get("items", [])
        if row.get("current") is not None and row.get("target") is not None
    }
    return all(item.code in rated for item in active().items)

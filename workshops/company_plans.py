"""The company page's history: everyone's plans and check-ins over the years."""

from dataclasses import dataclass

from django.db.models import Case, OuterRef, Subquery, When

from cohorts.models import Cohort, Enrolment
from school.models import User
from workshops.grading.selectors import taught_cohort_ids
from workshops.models import (
    CheckIn,
    CheckInVersion,
    PlanVersion,
)

# --- Who may see what -----------------------------------------------------------------------


@dataclass(frozen=True)
class CompanyPerson:
    enrolment: Enrolment
    may_read: bool
    versions: list[PlanVersion]
    check_ins: list[tuple[CheckIn, int | None]]


def company_plans_and_check_ins(*, company_id: int, viewer: User) -> list[CompanyPerson]:
    """Every enrolment of the company with its plan versions and check-ins (each with its
    versions), executives first, then managers; within a track, oldest cohort first. Whether
    the viewer may open them follows the plan's rule (author, the cohort's teaching team,
    administrators). Four or five queries, however many people and years."""
    enrolments = list(
        Enrolment.objects.filter(company_id=company_id)
        .select_related("user", "cohort")
        .order_by(
            Case(When(track=Enrolment.Track.EXECUTIVE, then=0), default=1),
            "cohort__starts_on",
            "user__last_name_kana",
            "user__first_name_kana",
            "pk",
        )
    )
    if not enrolments:
        return []
    ids = [e.pk for e in enrolments]
    versions: dict[int, list[PlanVersion]] = {}
    for version in (
        PlanVersion.objects.filter(enrolment_id__in=ids).order_by("number").defer("content")
    ):
        versions.setdefault(version.enrolment_id, []).append(version)
    # Each check-in with its newest version's number (None until submitted), by fiscal year.
    newest = (
        CheckInVersion.objects.filter(check_in_id=OuterRef("pk"))
        .order_by("-number")
        .values("number")[:1]
    )
    check_ins: dict[int, list[tuple[CheckIn, int | None]]] = {}
    for check_in in (
        CheckIn.objects.filter(enrolment_id__in=ids)
        .annotate(newest_number=Subquery(newest))
        .defer("draft")
        .order_by("fiscal_year")
    ):
        check_ins.setdefault(check_in.enrolment_id, []).append((check_in, check_in.newest_number))
    taught = _taught_cohorts(viewer=viewer, cohort_ids={e.cohort_id for e in enrolments})
    return [
        CompanyPerson(
            enrolment=enrolment,
            may_read=enrolment.user_id == viewer.pk or enrolment.cohort_id in taught,
            versions=versions.get(enrolment.pk, []),
            check_ins=check_ins.get(enrolment.pk, []),
        )
        for enrolment in enrolments
    ]


def _taught_cohorts(*, viewer: User, cohort_ids: set[int]) -> set[int]:
    if not viewer.is_authenticated:
        return set()
    subquery = taught_cohort_ids(user=viewer)
    if subquery is None:
        return set(cohort_ids)
    taught = Cohort.objects.filter(pk__in=subquery).filter(pk__in=cohort_ids)
    return set(taught.values_list("pk", flat=True))

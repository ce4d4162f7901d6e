"""Which enrolments an answer reads, and the dimensions it is filtered and grouped by.

One company counts once in a group. Its evidence comes from one enrolment: the executive's
before a manager's, then the newest cohort. Of that enrolment we read the newest check-in
version (the highest fiscal year, then the highest version number), which reports on a plan
version; without a check-in, the newest submitted plan version. A company with neither has "no
submitted plan" and no stage.

Only cohorts that have started count: a cohort still recruiting has enrolments but no
attendance, plans or completions yet, and counting its companies would dilute every rate.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Attendance, Enrolment
from workshops.models import CheckInVersion, PlanVersion

ALL = "all"


BLOCKS = ("kpis", "initiatives", "maturity", "attendance", "completion")


class Breakdown(models.TextChoices):
    COHORT = "cohort", _("Cohort")
    INDUSTRY = "industry", _("Industry")
    EMPLOYEE_BAND = "band", _("Employees")


# The dimensions a selection can be filtered and grouped by are the same: a member's value in
# each is its cohort's id, its company's industry, its company's band ("" when unknown).
Selection = dict[str, Hashable]


@dataclass
class Member:
    """One enrolment with what we read about it."""

    enrolment: Enrolment
    plan_content: dict | None = None
    check_in_content: dict | None = None
    reported_plan_content: dict | None = None

    @property
    def has_evidence(self) -> bool:
        return self.plan_content is not None or self.check_in_content is not None


def members_of(*, cohort=None, industry=None, employee_band=None) -> list[Member]:
    """Three queries, whatever the number of cohorts and companies."""
    enrolments = Enrolment.objects.filter(cohort__starts_on__lte=timezone.localdate())
    if cohort is not None:
        enrolments = enrolments.filter(cohort=cohort)
    if industry is not None:
        enrolments = enrolments.filter(company__industry=industry)
    if employee_band is not None:
        enrolments = enrolments.filter(company__employee_band=employee_band)
    rows = list(
        enrolments.select_related("cohort", "company")
        .annotate(
            attended_count=Count(
                "attendances", filter=Q(attendances__status__in=Attendance.ATTENDED)
            ),
            marked_count=Count("attendances"),
        )
        .order_by("pk")
    )
    members = {row.pk: Member(enrolment=row) for row in rows}
    newest_version = (
        PlanVersion.objects.filter(enrolment=OuterRef("enrolment"))
        .order_by("-number")
        .values("number")[:1]
    )
    for enrolment_id, content in PlanVersion.objects.filter(
        enrolment__in=enrolments.values("pk"), number=Subquery(newest_version)
    ).values_list("enrolment_id", "content"):
        members[enrolment_id].plan_content = content
    newest_check_in = (
        CheckInVersion.objects.filter(check_in__enrolment=OuterRef("check_in__enrolment"))
        .order_by("-check_in__fiscal_year", "-number")
        .values("pk")[:1]
    )
    for enrolment_id, content, reported in CheckInVersion.objects.filter(
        check_in__enrolment__in=enrolments.values("pk"), pk=Subquery(newest_check_in)
    ).values_list("check_in__enrolment_id", "content", "check_in__plan_version__content"):
        members[enrolment_id].check_in_content = content
        members[enrolment_id].reported_plan_content = reported
    return list(members.values())


def representative(members: list[Member]) -> Member | None:
    """Whose evidence stands for a company: the executive's plan before a manager's, then the
    newest cohort (of the members with any evidence)."""
    with_evidence = [m for m in members if m.has_evidence]
    if not with_evidence:
        return None
    return min(
        with_evidence,
        key=lambda m: (
            m.enrolment.track != Enrolment.Track.EXECUTIVE,
            -m.enrolment.cohort.starts_on.toordinal(),
            -m.enrolment.pk,
        ),
    )


def value_in(member: Member, dimension: str) -> Hashable:
    enrolment = member.enrolment
    if dimension == Breakdown.COHORT:
        return enrolment.cohort_id
    if dimension == Breakdown.INDUSTRY:
        return enrolment.company.industry
    return enrolment.company.employee_band


def within(members: Iterable[Member], selection: Selection) -> list[Member]:
    return [m for m in members if all(value_in(m, d) == value for d, value in selection.items())]

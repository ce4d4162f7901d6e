"""The back office's home page: each running cohort's key figures and what is waiting.

It lives in workshops because it reads plans and grades as well as cohorts (imports run one
way: workshops may read cohorts, not the other way round). Figures are read in a fixed number
of queries, whatever the number of cohorts.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from cohorts.models import Attendance, Cohort, Enrolment, Session
from cohorts.selectors import TAKING_PART
from school.models import User
from workshops.grading.selectors import latest_submissions_for
from workshops.models import Assessment

GRADED = [Assessment.Status.RELEASED, Assessment.Status.RETURNED]


@dataclass(frozen=True)
class CohortFigures:
    cohort: Cohort
    taking_part: int
    sessions_held: int
    sessions_total: int
    attendance_marks: int
    attended: int
    unmarked_sessions: int
    plans_submitted: int
    plans_ungraded: int

    @property
    def attendance_percent(self) -> Decimal | None:
        if not self.attendance_marks:
            return None
        return (Decimal(100 * self.attended) / self.attendance_marks).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )


def _per_cohort(queryset, field: str = "cohort_id") -> dict[int, int]:
    return dict(queryset.values(field).annotate(n=Count("pk")).values_list(field, "n"))


def running_cohort_figures(*, user: User) -> list[CohortFigures]:
    now = timezone.now()
    cohorts = list(
        Cohort.objects.filter(status=Cohort.Status.RUNNING)
        .select_related("programme")
        .annotate(
            taking_part=Count(
                "enrolments", filter=Q(enrolments__status__in=TAKING_PART), distinct=True
            ),
            sessions_total=Count("sessions", distinct=True),
            sessions_held=Count("sessions", filter=Q(sessions__starts_at__lte=now), distinct=True),
        )
        .order_by("starts_on", "pk")
    )
    ids = [cohort.pk for cohort in cohorts]
    held_marks = Attendance.objects.filter(session__cohort_id__in=ids, session__starts_at__lte=now)
    marks = _per_cohort(held_marks, "session__cohort_id")
    attended = _per_cohort(held_marks.filter(status__in=Attendance.ATTENDED), "session__cohort_id")
    someone_unmarked = Enrolment.objects.filter(
        cohort_id=OuterRef("cohort_id"), status__in=TAKING_PART
    ).exclude(attendances__session_id=OuterRef("pk"))
    unmarked = _per_cohort(
        Session.objects.filter(cohort_id__in=ids, starts_at__lte=now).filter(
            Exists(someone_unmarked)
        )
    )
    latest = latest_submissions_for(user=user).filter(workshop__cohort_id__in=ids)
    submitted = _per_cohort(latest, "workshop__cohort_id")
    ungraded = _per_cohort(latest.exclude(assessment__status__in=GRADED), "workshop__cohort_id")
    return [
        CohortFigures(
            cohort=cohort,
            taking_part=cohort.taking_part,
            sessions_held=cohort.sessions_held,
            sessions_total=cohort.sessions_total,
            attendance_marks=marks.get(cohort.pk, 0),
            attended=attended.get(cohort.pk, 0),
            unmarked_sessions=unmarked.get(cohort.pk, 0),
            plans_submitted=submitted.get(cohort.pk, 0),
            plans_ungraded=ungraded.get(cohort.pk, 0),
        )
        for cohort in cohorts
    ]


def pages_awaiting_review() -> int:
    return WorkflowState.objects.active().count()


class RunningCohortsPanel(Component):
    """First on the administrator's admin home: the running cohorts and what is waiting."""

    name = "running_cohorts"
    order = 50
    template_name = "workshops/admin/home_running_cohorts.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        figures = running_cohort_figures(user=self.request.user)
        return {
            "figures": figures,
            "reviews": pages_awaiting_review(),
            "ungraded": sum(f.plans_ungraded for f in figures),
            "unmarked": sum(f.unmarked_sessions for f in figures),
        }

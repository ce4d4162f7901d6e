"""Reads about cohorts. Each returns a queryset or plain values at a fixed query cost."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cohorts.models import Attendance, Cohort, Company, Enrolment, Session, TeachingAssignment
from school.models import User

TAKING_PART = [Enrolment.Status.INVITED, Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]


def places_taken(*, cohort: Cohort) -> int:
    return Enrolment.objects.filter(cohort=cohort, status__in=TAKING_PART).count()


def cohort_teaching_team(*, cohort_id: int) -> QuerySet[User]:
    """The people who teach the cohort: its teaching team and its sessions' instructors
    (administrators, who run every cohort, are not counted in)."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(teaching_assignments__cohort_id=cohort_id) | Q(taught_sessions__cohort_id=cohort_id)
        )
        .distinct()
        .order_by("pk")
    )


def user_teaches_cohort(*, user: User, cohort_id: int) -> bool:
    """Programme administrators run every cohort; instructors the ones they are assigned to,
    through the teaching team or as the instructor of one of its sessions."""
    if not user.is_authenticated:
        return False
    if user.is_programme_administrator:
        return True
    return (
        TeachingAssignment.objects.filter(user=user, cohort_id=cohort_id).exists()
        or Session.objects.filter(cohort_id=cohort_id, instructors=user).exists()
    )


def cohorts_taught_by(*, user: User) -> QuerySet[Cohort]:
    cohorts = Cohort.objects.select_related("programme")
    if user.is_programme_administrator:
        return cohorts.exclude(status=Cohort.Status.FINISHED)
    return cohorts.filter(
        Q(teaching_assignments__user=user) | Q(sessions__instructors=user)
    ).distinct()


def enrolments_of(*, user: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(user=user, status__in=TAKING_PART).select_related(
        "cohort__programme", "company"
    )


def upcoming_sessions_for(*, user: User, limit: int | None = None) -> QuerySet[Session]:
    sessions = (
        Session.objects.filter(
            cohort__enrolments__user=user,
            cohort__enrolments__status__in=[Enrolment.Status.INVITED, Enrolment.Status.ACTIVE],
            ends_at__gte=timezone.now(),
        )
        .select_related("cohort", "module_page")
        .prefetch_related("instructors")
        .order_by("starts_at")
        .distinct()
    )
    return sessions[:limit] if limit else sessions


def sessions_for_calendar(*, user: User) -> QuerySet[Session]:
    """Every session of the cohorts the person takes part in, past ones included, so that a
    calendar keeps its history."""
    return (
        Session.objects.filter(
            cohort__enrolments__user=user, cohort__enrolments__status__in=TAKING_PART
        )
        .select_related("cohort", "module_page")
        .order_by("starts_at")
        .distinct()
    )


@dataclass(frozen=True)
class AttendanceSummary:
    enrolment: Enrolment
    held: int
    attended: int
    records: list

    @property
    def share(self) -> Decimal | None:
        if not self.held:
            return None
        return (Decimal(self.attended) / Decimal(self.held)).quantize(
            Decimal("0.001"), rounding=ROUND_HALF_UP
        )

    @property
    def required_share(self) -> Decimal:
        return self.enrolment.cohort.min_attendance_share

    @property
    def meets_rule(self) -> bool:
        return self.share is not None and self.share >= self.required_share


def attendance_summary(*, enrolment: Enrolment, now: datetime | None = None) -> AttendanceSummary:
    """Attendance so far: sessions that have started count as held; present and late count
    as attended; a held session with no record counts as not attended."""
    now = now or timezone.now()
    held_sessions = list(
        Session.objects.filter(cohort_id=enrolment.cohort_id, starts_at__lte=now).order_by(
            "starts_at"
        )
    )
    by_session = {
        row.session_id: row
        for row in Attendance.objects.filter(
            enrolment=enrolment, session__in=[s.pk for s in held_sessions]
        )
    }
    records = [(session, by_session.get(session.pk)) for session in held_sessions]
    attended = sum(
        1 for _session, row in records if row is not None and row.status in Attendance.ATTENDED
    )
    return AttendanceSummary(
        enrolment=enrolment, held=len(held_sessions), attended=attended, records=records
    )


def sessions_today_for(*, user: User) -> QuerySet[Session]:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Session.objects.filter(
            cohort__in=cohorts_taught_by(user=user),
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
        )
        .select_related("cohort")
        .order_by("starts_at")
    )


def sessions_to_mark_for(*, user: User) -> QuerySet[Session]:
    """Sessions that have started in the user's cohorts and still lack someone's attendance."""
    taking_part = Enrolment.objects.filter(
        cohort_id=OuterRef("cohort_id"), status__in=TAKING_PART
    ).exclude(attendances__session_id=OuterRef("pk"))
    return (
        Session.objects.filter(
            cohort__in=cohorts_taught_by(user=user), starts_at__lte=timezone.now()
        )
        .filter(Exists(taking_part))
        .select_related("cohort")
        .order_by("-starts_at")
    )


def session_roster(*, session: Session) -> list[tuple[Enrolment, Attendance | None]]:
    """Everyone of the session's cohort who takes part, with their record if marked."""
    enrolments = (
        Enrolment.objects.filter(cohort_id=session.cohort_id, status__in=TAKING_PART)
        .select_related("user", "company")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(session=session),
                to_attr="session_attendance",
            )
        )
    )
    return [(e, e.session_attendance[0] if e.session_attendance else None) for e in enrolments]


def cohort_enrolments_for_export(*, cohort: Cohort) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(cohort=cohort)
        .select_related("user", "company")
        .annotate(
            attended=Count("attendances", filter=Q(attendances__status__in=Attendance.ATTENDED))
        )
    )


def cohort_attendance_matrix(*, cohort: Cohort):
    sessions = list(Session.objects.filter(cohort=cohort).order_by("starts_at"))
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .select_related("user", "company")
        .prefetch_related("attendances")
    )
    return sessions, enrolments


def cohorts_for_admin_list() -> QuerySet[Cohort]:
    return Cohort.objects.select_related("programme").annotate(
        taking_part=Count(
            "enrolments", filter=Q(enrolments__status__in=TAKING_PART), distinct=True
        ),
        session_count=Count("sessions", distinct=True),
    )


def company_history(*, company: Company) -> QuerySet[Enrolment]:
    """Every enrolment of the company's people across cohorts: oldest cohort first, then
    executives before managers."""
    return (
        Enrolment.objects.filter(company=company)
        .select_related("user", "cohort__programme")
        .order_by("cohort__starts_on", "track", "user__last_name_kana")
    )


def current_and_upcoming_cohorts(*, programme_page) -> list[Cohort]:
    """Cohorts of the programme behind this page (in either language) that have not ended."""
    return list(
        Cohort.objects.filter(
            programme__page__translation_key=programme_page.translation_key,
            ends_on__gte=timezone.localdate(),
        )
        .exclude(status=Cohort.Status.FINISHED)
        .select_related("programme")
        .annotate(
            taking_part=Count(
                "enrolments", filter=Q(enrolments__status__in=TAKING_PART), distinct=True
            )
        )
        .order_by("starts_on")
    )


def cohorts_open_in_admin_to(*, user: User) -> QuerySet[Cohort] | None:
    """The cohorts whose rows a person may see in the admin: None (no limit) for programme
    administrators; for anyone else the cohorts they teach, finished ones included, by the same
    rule as `user_teaches_cohort`."""
    if user.is_programme_administrator:
        return None
    return cohorts_taught_by(user=user).values("pk")

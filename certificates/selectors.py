"""Reads about certificates: eligibility for a whole cohort, and lookups. Fixed query counts."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateTemplate
from cohorts.models import Attendance, Cohort, Enrolment, Session
from cohorts.selectors import user_teaches_cohort
from school.models import User
from workshops.models import Workshop
from workshops.selectors import passed_workshops


@dataclass
class Eligibility:
    enrolment: Enrolment
    held: int
    attended: int
    reasons: list[str] = field(default_factory=list)
    certificate: Certificate | None = None

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def share(self) -> Decimal | None:
        if not self.held:
            return None
        return (Decimal(self.attended) / Decimal(self.held)).quantize(
            Decimal("0.001"), rounding=ROUND_HALF_UP
        )


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def cohort_eligibility(
    *, cohort: Cohort, now: datetime | None = None, enrolment_ids: Iterable[int] | None = None
) -> list[Eligibility]:
    """Every enrolment of the cohort (or those of `enrolment_ids` in it), eligible or not, with
    each reason why not. The same attendance rule as cohorts.selectors.attendance_summary
    (sessions that have started count as held; present and late as attended), for the whole
    cohort in five queries. A certificate says the course is complete, so none is due before
    the day of the cohort's last session (the closing session, where certificates are handed
    out, may be that day)."""
    now = now or timezone.now()
    sessions = Session.objects.filter(cohort=cohort).aggregate(
        held=Count("pk", filter=Q(starts_at__lte=now)), last=Max("starts_at")
    )
    held, last_session = sessions["held"], sessions["last"]
    course_not_over = last_session is not None and timezone.localdate(
        last_session
    ) > timezone.localdate(now)
    enrolments = Enrolment.objects.filter(cohort=cohort)
    certificates = Certificate.objects.filter(enrolment__cohort=cohort)
    if enrolment_ids is not None:
        enrolment_ids = list(enrolment_ids)
        enrolments = enrolments.filter(pk__in=enrolment_ids)
        certificates = certificates.filter(enrolment_id__in=enrolment_ids)
    enrolments = list(
        enrolments.select_related("user", "company", "cohort__programme")
        .annotate(
            attended=Count(
                "attendances",
                filter=Q(
                    attendances__status__in=Attendance.ATTENDED,
                    attendances__session__starts_at__lte=now,
                ),
            )
        )
        .order_by("user__last_name_kana", "user__first_name_kana", "user__email")
    )
    required = list(
        Workshop.objects.filter(cohort=cohort, required_for_completion=True).order_by("due_at")
    )
    passed = passed_workshops(enrolment_ids=[e.pk for e in enrolments])
    certificates = {c.enrolment_id: c for c in certificates}
    minimum = cohort.min_attendance_share
    rows = []
    for enrolment in enrolments:
        row = Eligibility(
            enrolment=enrolment,
            held=held,
            attended=enrolment.attended,
            certificate=certificates.get(enrolment.pk),
        )
        if enrolment.status == Enrolment.Status.WITHDRAWN:
            row.reasons.append(_("Withdrew from the cohort."))
        elif enrolment.status == Enrolment.Status.INVITED:
            row.reasons.append(_("Never took up the invitation."))
        if course_not_over:
            row.reasons.append(
                _("The course is not over: its last session is on %(date)s.")
                % {"date": date_format(timezone.localdate(last_session))}
            )
        if held == 0:
            row.reasons.append(_("No session has been held yet."))
        elif row.share < minimum:
            row.reasons.append(
                _("Attended %(attended)s of %(held)s sessions (%(share)s); %(minimum)s needed.")
                % {
                    "attended": row.attended,
                    "held": held,
                    "share": _percent(row.share),
                    "minimum": _percent(minimum),
                }
            )
        for workshop in required:
            if workshop.pk not in passed.get(enrolment.pk, set()):
                row.reasons.append(
                    _("Has not passed the required workshop “%(workshop)s”.")
                    % {"workshop": workshop.title}
                )
        rows.append(row)
    return rows


def eligible_enrolment_ids(
    *, cohort: Cohort, enrolment_ids: Iterable[int] | None = None
) -> list[int]:
    """The eligible enrolments of the cohort (or among `enrolment_ids`)."""
    rows = cohort_eligibility(cohort=cohort, enrolment_ids=enrolment_ids)
    return [row.enrolment.pk for row in rows if row.eligible]


def enrolment_is_eligible(*, enrolment: Enrolment) -> bool:
    return enrolment.pk in eligible_enrolment_ids(
        cohort=enrolment.cohort, enrolment_ids=[enrolment.pk]
    )


def template_for(*, cohort: Cohort) -> CertificateTemplate | None:
    """The programme's own template, else the default one (no programme), else none: the PDF
    then uses the built-in wording."""
    templates = CertificateTemplate.objects.filter(
        Q(programme_id=cohort.programme_id) | Q(programme__isnull=True)
    ).order_by("programme_id", "pk")
    chosen = None
    for template in templates:
        if template.programme_id == cohort.programme_id:
            return template
        chosen = chosen or template
    return chosen


def public_certificates() -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        status__in=[Certificate.Status.ISSUED, Certificate.Status.REVOKED]
    )


def certificate_for_lookup(*, code: str) -> Certificate | None:
    """A certificate by its verification code (case-sensitive). Never by its serial: serials are
    sequential, so one would let anyone list every holder."""
    value = (code or "").strip()
    if not value or len(value) > 64:
        return None
    return public_certificates().filter(verification_code=value).first()


def certificates_of(*, user: User) -> QuerySet[Certificate]:
    return (
        public_certificates()
        .filter(enrolment__user=user)
        .select_related("enrolment__cohort")
        .order_by("-completed_on")
    )


def user_may_download(*, user: User, certificate: Certificate) -> bool:
    if not user.is_authenticated or not certificate.is_public:
        return False
    if certificate.enrolment.user_id == user.pk:
        return True
    return user_teaches_cohort(user=user, cohort_id=certificate.enrolment.cohort_id)

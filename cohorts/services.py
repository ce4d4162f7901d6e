"""Writes about cohorts: enrolling people, changing their status, marking attendance."""

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts import selectors
from cohorts.models import Attendance, CalendarFeed, Cohort, Company, Enrolment, Session
from school.models import OutgoingEmail, User
from school.roles import Role
from school.services import (
    InvitationReminder,
    invitation_create,
    user_add_role,
    user_create,
)


@transaction.atomic
def company_get_or_create(*, name: str, name_kana: str = "", **fields) -> Company:
    name = " ".join(name.split())
    company = Company.objects.filter(name=name).first()
    if company is not None:
        return company
    company = Company(name=name, name_kana=name_kana, **fields)
    company.full_clean()
    company.save()
    return company


def _lock_cohort(cohort: Cohort) -> Cohort:
    # Enrolments of one cohort are serialised on the cohort row, so two administrators adding
    # the last free place at the same moment cannot both succeed.
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def _check_capacity(cohort: Cohort, adding: int = 1) -> None:
    taken = selectors.places_taken(cohort=cohort)
    if taken + adding > cohort.capacity:
        raise ValidationError(
            _("The cohort is full: %(taken)s of %(capacity)s places are taken.")
            % {"taken": taken, "capacity": cohort.capacity},
            code="cohort_full",
        )


@transaction.atomic
def enrolment_create(
    *,
    cohort: Cohort,
    user: User,
    company: Company,
    job_title: str = "",
    track: str = Enrolment.Track.EXECUTIVE,
) -> Enrolment:
    """Enrol a person. Someone who already has a password is active at once and keeps their
    account; someone new is invited to set a password, by e-mail, after this commits."""
    cohort = _lock_cohort(cohort)
    if Enrolment.objects.filter(cohort=cohort, user=user).exists():
        raise ValidationError(
            _("%(person)s is already enrolled in %(cohort)s.") % {"person": user, "cohort": cohort},
            code="duplicate_enrolment",
        )
    _check_capacity(cohort)
    has_account = user.has_usable_password()
    enrolment = Enrolment(
        cohort=cohort,
        user=user,
        company=company,
        job_title=job_title,
        track=track,
        status=Enrolment.Status.ACTIVE if has_account else Enrolment.Status.INVITED,
    )
    enrolment.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as error:
        raise ValidationError(
            _("%(person)s is already enrolled in %(cohort)s.") % {"person": user, "cohort": cohort},
            code="duplicate_enrolment",
        ) from error
    user_add_role(user=user, role=Role.PARTICIPANT)
    if not has_account:
        invitation_create(user=user, note=str(cohort))
    return enrolment


@transaction.atomic
def enrolment_create_for_person(
    *,
    cohort: Cohort,
    email: str,
    company_name: str,
    company_name_kana: str = "",
    job_title: str = "",
    track: str = Enrolment.Track.EXECUTIVE,
    **names: str,
) -> Enrolment:
    """Enrol by e-mail address, creating the account only if nobody has that address yet.

    `names` are user_create's name fields (last_name, first_name, readings, romanised); an
    existing account keeps the names it has.
    """
    user = User.objects.filter(email=User.objects.normalize_email(email)).first()
    if user is None:
        user = user_create(email=email, **names)
    company = company_get_or_create(name=company_name, name_kana=company_name_kana)
    return enrolment_create(
        cohort=cohort, user=user, company=company, job_title=job_title, track=track
    )


@transaction.atomic
def enrolment_change_status(*, enrolment: Enrolment, status: str) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment.may_become(status):
        raise ValidationError(
            _("An enrolment cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": enrolment.get_status_display(),
                "new": Enrolment.Status(status).label,
            },
            code="forbidden_transition",
        )
    enrolment.status = status
    enrolment.status_changed_at = timezone.now()
    enrolment.save(update_fields=["status", "status_changed_at"])
    return enrolment


@transaction.atomic
def enrolment_resend_invitation(*, enrolment: Enrolment):
    if enrolment.status != Enrolment.Status.INVITED or enrolment.user.has_usable_password():
        raise ValidationError(
            _("Only someone who has not yet set a password can be invited again."),
            code="not_invited",
        )
    return invitation_create(user=enrolment.user, note=str(enrolment.cohort))


@transaction.atomic
def enrolments_activate_invited(*, user: User) -> int:
    """Once the person has set a password, their invited enrolments become active."""
    return Enrolment.objects.filter(user=user, status=Enrolment.Status.INVITED).update(
        status=Enrolment.Status.ACTIVE, status_changed_at=timezone.now()
    )


@transaction.atomic
def attendance_record_session(
    *,
    session: Session,
    marked_by: User,
    entries: Mapping[int, tuple[str, str]],
) -> int:
    """Record the attendance of a whole session at once.

    `entries` maps enrolment ids to (status, note). Every id must be an enrolment of the
    session's cohort; the database refuses any other, and so does this check first, with a
    clearer message.
    """
    if not selectors.user_teaches_cohort(user=marked_by, cohort_id=session.cohort_id):
        raise PermissionDenied(_("You do not teach this cohort."))
    valid_ids = set(
        Enrolment.objects.filter(cohort_id=session.cohort_id, pk__in=entries).values_list(
            "pk", flat=True
        )
    )
    unknown = set(entries) - valid_ids
    if unknown:
        raise ValidationError(
            _("These enrolments are not in this session's cohort: %(ids)s")
            % {"ids": ", ".join(str(pk) for pk in sorted(unknown))},
            code="wrong_cohort",
        )
    now = timezone.now()
    if session.starts_at > now:
        raise ValidationError(
            _("This session has not started yet: attendance can be taken from %(start)s.")
            % {"start": date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")},
            code="session_not_started",
        )
    rows = []
    for enrolment_id, (status, note) in entries.items():
        row = Attendance(
            session=session,
            enrolment_id=enrolment_id,
            status=status,
            note=note,
            marked_by=marked_by,
            marked_at=now,
        )
        # Field checks only: the one-row-per-session rule is the upsert itself, and the
        # same-cohort rule was checked above for all rows in one query.
        row.clean_fields(exclude=["session", "enrolment", "marked_by"])
        rows.append(row)
    Attendance.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["session", "enrolment"],
        update_fields=["status", "note", "marked_by", "marked_at"],
    )
    return len(rows)


@transaction.atomic
def calendar_feed_get_or_create(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """A new private address; the old one stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


# How long before a cohort's first session someone who has not yet accepted the invitation is
# reminded, once, with a fresh link.
INVITATION_REMINDER_BEFORE = timedelta(days=7)


def invitation_reminders_send(*, now: datetime | None = None) -> int:
    """Remind, once, everyone still invited (no password set) to a cohort whose first session
    is within INVITATION_REMINDER_BEFORE, with a fresh link (the earlier one stops working).
    Returns how many were reminded; running again reminds nobody (the outbox key decides).
    Each person in their own transaction, so one failure leaves the others reminded."""
    now = now or timezone.now()
    first_session = (
        Session.objects.filter(cohort=OuterRef("cohort")).order_by("starts_at").values("starts_at")
    )[:1]
    due = (
        Enrolment.objects.filter(status=Enrolment.Status.INVITED)
        .annotate(first_session=Subquery(first_session))
        .filter(first_session__gt=now, first_session__lte=now + INVITATION_REMINDER_BEFORE)
        .select_related("user", "cohort")
    )
    return sum(1 for enrolment in due if _invitation_remind(enrolment=enrolment))


@transaction.atomic
def _invitation_remind(*, enrolment: Enrolment) -> bool:
    # The enrolment's lock makes two sweeps at once remind once.
    locked = Enrolment.objects.select_for_update().select_related("user").get(pk=enrolment.pk)
    key = f"invitation-reminder:{locked.pk}"
    if locked.status != Enrolment.Status.INVITED or locked.user.has_usable_password():
        return False
    if OutgoingEmail.objects.filter(key=key).exists():
        return False
    invitation_create(
        user=locked.user,
        note=str(enrolment.cohort),
        reminder=InvitationReminder(key=key, starts_at=enrolment.first_session),
    )
    return True

"""Deadlines: extensions for one participant, and the reminders before a deadline."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.models import Enrolment
from cohorts.selectors import user_teaches_cohort
from school.models import User
from school.notifications.models import NotificationKind
from school.notifications.services import notify
from workshops.models import (
    DeadlineReminder,
    Extension,
    Submission,
    Workshop,
)


@transaction.atomic
def extension_grant(
    *,
    workshop: Workshop,
    enrolment: Enrolment,
    due_at: datetime,
    reason: str,
    granted_by: User,
) -> Extension:
    """Give one participant a later deadline; granting again replaces the earlier extension."""
    if not user_teaches_cohort(user=granted_by, cohort_id=workshop.cohort_id):
        raise PermissionDenied(_("You do not teach this cohort."))
    extension = Extension.objects.filter(workshop=workshop, enrolment=enrolment).first()
    if extension is None:
        extension = Extension(workshop=workshop, enrolment=enrolment)
    extension.due_at = due_at
    extension.reason = reason.strip()
    extension.granted_by = granted_by
    extension.granted_at = timezone.now()
    extension.full_clean()
    extension.save()
    _extension_granted_notify(extension)
    return extension


def _extension_granted_notify(extension: Extension) -> None:
    """Tell the participant their new deadline; a second grant is news again (its own key)."""
    enrolment, workshop, due_at = extension.enrolment, extension.workshop, extension.due_at
    notify(
        key=f"extension-granted:{extension.pk}:{int(extension.granted_at.timestamp())}",
        user=enrolment.user,
        kind=NotificationKind.EXTENSION,
        link=reverse("workshops:plan_editor", kwargs={"enrolment_id": enrolment.pk}),
        title=lambda: (
            _("Your deadline for %(workshop)s is extended to %(due)s")
            % {"workshop": workshop.title, "due": f"{timezone.localtime(due_at):%Y-%m-%d %H:%M}"}
        ),
        template="workshops/emails/extension_granted",
        context={"workshop": workshop, "extension": extension, "due_at": due_at},
    )


REMINDER_WINDOWS = (
    (DeadlineReminder.Kind.HOURS_24, timedelta(hours=24)),
    (DeadlineReminder.Kind.HOURS_72, timedelta(hours=72)),
)


def _reminder_kind(*, due_at: datetime, now: datetime) -> str | None:
    """The one reminder a deadline calls for now: inside 24 h only the 24 h one (so a late
    start or an extension never sends both at once), inside 72 h the 72 h one."""
    if due_at <= now:
        return None
    for kind, window in REMINDER_WINDOWS:
        if due_at - now <= window:
            return kind
    return None


@transaction.atomic
def deadline_reminders_send(*, now: datetime | None = None) -> int:
    """Remind everyone who has not yet handed in a plan whose deadline is near. Returns how
    many reminders were queued; running again at once queues none (the unique constraint on
    DeadlineReminder decides)."""
    now = now or timezone.now()
    latest = now + REMINDER_WINDOWS[-1][1]
    # A workshop is a candidate when its own deadline, or someone's extension, is near.
    workshops = list(
        Workshop.objects.filter(opens_at__lte=now)
        .filter(
            Q(due_at__gt=now, due_at__lte=latest)
            | Q(extensions__due_at__gt=now, extensions__due_at__lte=latest)
        )
        .distinct()
        .select_related("cohort")
    )
    if not workshops:
        return 0
    enrolments = list(
        Enrolment.objects.filter(
            cohort_id__in={w.cohort_id for w in workshops},
            # Only those taking part: an invitation not yet accepted gets the invitation
            # reminder instead (cohorts.services.invitation_reminders_send).
            status=Enrolment.Status.ACTIVE,
        ).select_related("user")
    )
    extensions = {
        (x.workshop_id, x.enrolment_id): x
        for x in Extension.objects.filter(workshop__in=workshops, enrolment__in=enrolments)
    }
    submitted = set(
        Submission.objects.filter(workshop__in=workshops, enrolment__in=enrolments).values_list(
            "workshop_id", "enrolment_id"
        )
    )
    queued = 0
    for workshop in workshops:
        for enrolment in enrolments:
            if enrolment.cohort_id != workshop.cohort_id:
                continue
            if (workshop.pk, enrolment.pk) in submitted:
                continue
            due_at = workshop.effective_due_at(extensions.get((workshop.pk, enrolment.pk)))
            kind = _reminder_kind(due_at=due_at, now=now)
            if kind is None:
                continue
            _reminder, created = DeadlineReminder.objects.get_or_create(
                workshop=workshop,
                enrolment=enrolment,
                kind=kind,
                due_at=due_at,
                defaults={"sent_at": now},
            )
            if not created:
                continue
            _deadline_reminder_email(
                workshop=workshop, enrolment=enrolment, kind=kind, due_at=due_at
            )
            queued += 1
    return queued


def _deadline_reminder_email(
    *, workshop: Workshop, enrolment: Enrolment, kind: str, due_at: datetime
) -> None:
    notify(
        key=f"deadline-reminder:{workshop.pk}:{enrolment.pk}:{kind}:{int(due_at.timestamp())}",
        user=enrolment.user,
        kind=NotificationKind.DEADLINE,
        link=reverse("workshops:plan_editor", kwargs={"enrolment_id": enrolment.pk}),
        title=lambda: (
            _("Reminder: your DX plan is due on %(due)s")
            % {"due": date_format(timezone.localtime(due_at), "DATETIME_FORMAT")}
        ),
        template="workshops/emails/deadline_reminder",
        context={"workshop": workshop, "due_at": due_at, "kind": kind},
    )

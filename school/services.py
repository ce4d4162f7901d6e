"""Writes about people: accounts and roles."""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.users.models import UserProfile

from school import tasks
from school.models import Invitation, OutgoingEmail, User
from school.roles import ROLE_GROUP_NAMES, Role
from school.selectors import invitation_link

INVITATION_ACCEPTED_HOOK = "after_invitation_accepted"

logger = logging.getLogger(__name__)


@transaction.atomic
def user_create(
    *,
    email: str,
    last_name: str,
    first_name: str,
    last_name_kana: str = "",
    first_name_kana: str = "",
    last_name_roman: str = "",
    first_name_roman: str = "",
    password: str | None = None,
    roles: Iterable[Role] = (),
    preferred_language: str = "ja",
) -> User:
    user = User(
        email=User.objects.normalize_email(email),
        last_name=last_name,
        first_name=first_name,
        last_name_kana=last_name_kana,
        first_name_kana=first_name_kana,
        last_name_roman=last_name_roman,
        first_name_roman=first_name_roman,
        preferred_language=preferred_language,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user_language_sync(user=user)
    user_set_roles(user=user, roles=roles)
    return user


def user_language_sync(*, user: User) -> None:
    """Give Wagtail the person's language. Wagtail writes its moderation e-mails (a page sent
    for review, approved, rejected, commented on) in the language of the recipient's Wagtail
    profile, and with none set, in the language of whoever acted: a Japanese reviewer's
    decision reached an English-speaking author in Japanese (wagtail/admin/mail.py,
    `send_emails`: `override(recipient.wagtail_userprofile.get_preferred_language())`)."""
    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != user.preferred_language:
        profile.preferred_language = user.preferred_language
        profile.save(update_fields=["preferred_language"])


@transaction.atomic
def user_upsert(*, email: str, password: str | None = None, roles: Iterable[Role] = (), **fields):
    """Create the user with this e-mail address, or bring an existing one up to date.

    Used where the same data may arrive twice (demo data, imports): running it again
    changes nothing that is already right.
    """
    user = User.objects.filter(email=User.objects.normalize_email(email)).first()
    if user is None:
        return user_create(email=email, password=password, roles=roles, **fields)
    for name, value in fields.items():
        setattr(user, name, value)
    if password and not user.check_password(password):
        user.set_password(password)
    user.full_clean()
    user.save()
    user_language_sync(user=user)
    user_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role]) -> None:
    """Give the user exactly these roles; other groups the user belongs to are kept."""
    wanted = {ROLE_GROUP_NAMES[Role(role)] for role in roles}
    role_groups = Group.objects.filter(name__in=ROLE_GROUP_NAMES.values())
    held = set(user.groups.filter(pk__in=role_groups).values_list("name", flat=True))
    # Only real changes, so the audit trail records a role given or taken, never a no-op.
    dropped = [group for group in role_groups if group.name in held - wanted]
    given = [group for group in role_groups if group.name in wanted - held]
    if dropped:
        user.groups.remove(*dropped)
    if given:
        user.groups.add(*given)
    for remembered in ("role_set", "_authorization"):  # this request's copy (the cache's is gone)
        user.__dict__.pop(remembered, None)


@dataclass(frozen=True)
class InvitationReminder:
    """An invitation sent again as a reminder: its own outbox key (so it goes once) and the
    start of the first session it reminds of."""

    key: str
    starts_at: datetime


@transaction.atomic
def invitation_create(
    *, user: User, note: str = "", reminder: InvitationReminder | None = None
) -> Invitation:
    """Invite a person to set their password; any earlier unused link of theirs stops working.

    The e-mail is written to the outbox in this transaction and sent once it commits, so a
    rolled-back enrolment never sends one and a broker outage delays it without losing it.
    """
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    invitation = Invitation(
        user=user,
        nonce=secrets.token_urlsafe(32),
        note=note,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()

    if reminder is None:
        _invitation_email_enqueue(invitation)
    else:
        _invitation_reminder_email_enqueue(invitation, reminder)
    return invitation


def _invitation_email_enqueue(invitation: Invitation) -> None:
    """Queue the invitation e-mail in the outbox, so it goes out even if the broker is down
    when the enrolment is made (the outbox sweep sends it once the broker is back)."""
    email_enqueue_for_user(
        key=f"invitation:{invitation.pk}",
        user=invitation.user,
        subject=lambda: _("DX Executive School: your invitation"),
        template="school/emails/invitation",
        context={
            "link": invitation_link(invitation),
            "note": invitation.note,
            "expires_at": invitation.expires_at,
        },
    )


def _invitation_reminder_email_enqueue(
    invitation: Invitation, reminder: InvitationReminder
) -> None:
    email_enqueue_for_user(
        key=reminder.key,
        user=invitation.user,
        subject=lambda: _("Reminder: your invitation to the DX Executive School"),
        template="school/emails/invitation_reminder",
        context={
            "link": invitation_link(invitation),
            "note": invitation.note,
            "expires_at": invitation.expires_at,
            "starts_at": reminder.starts_at,
        },
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Use the link: set the password, and let the apps activate what waited for it."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation link has already been used or has expired."))
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    for after_accept in hooks.get_hooks(INVITATION_ACCEPTED_HOOK):
        after_accept(user=user)
    return user


def user_add_role(*, user: User, role: Role) -> None:
    user.groups.add(Group.objects.get(name=ROLE_GROUP_NAMES[Role(role)]))
    for remembered in ("role_set", "_authorization"):  # this request's copy (the cache's is gone)
        user.__dict__.pop(remembered, None)


def session_clear_expired() -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


# --- The outbox: e-mails that must go out once, whatever happens to the broker ---------------

# A sweep leaves recent rows to the task enqueued for them, and retries the rest.
OUTBOX_GRACE = timedelta(minutes=1)
OUTBOX_MAX_ATTEMPTS = 10


def email_enqueue(
    *, key: str, to: str, subject: str, text: str, html: str = ""
) -> OutgoingEmail | None:
    """Queue one e-mail, identified by `key`, to be sent after the current transaction commits.

    Returns None when an e-mail with this key was already queued: the caller's step ran twice.
    """
    email, created = OutgoingEmail.objects.get_or_create(
        key=key[:200],
        defaults={"to": to, "subject": subject[:300], "body_text": text, "body_html": html},
    )
    if not created:
        return None
    email_id = email.pk
    transaction.on_commit(lambda: _enqueue_send(email_id))
    return email


def email_enqueue_for_user(
    *, key: str, user: User, subject: str, template: str, context: dict
) -> OutgoingEmail | None:
    """Render `<template>.txt` and `<template>.html` in the user's language and queue them.

    `subject` is a callable taking no argument, or a string; it is evaluated in the user's
    language too.
    """
    with translation.override(user.preferred_language):
        # LANGUAGE_CODE as a request would give it, so the HTML part's lang attribute is the
        # recipient's language, not the default.
        context = {
            "user": user,
            "name": user.name_for_language(user.preferred_language),
            "LANGUAGE_CODE": user.preferred_language,
            **context,
        }
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        subject_text = str(subject() if callable(subject) else subject)
    return email_enqueue(key=key, to=user.email, subject=subject_text, text=text, html=html)


def _enqueue_send(email_id: int) -> None:
    try:
        tasks.send_outgoing_email.delay(email_id)
    except Exception:
        logger.warning("Broker unavailable; e-mail %s waits for the outbox sweep", email_id)


def email_send(*, email_id: int) -> bool:
    """Send one queued e-mail unless it has been sent; True if this call sent it.

    The row stays locked while the message goes out, so two workers (a task and the sweep)
    cannot both send it.
    """
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        message = EmailMultiAlternatives(email.subject, email.body_text, to=[email.to])
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        try:
            message.send()
        except Exception as error:
            OutgoingEmail.objects.filter(pk=email.pk).update(
                attempts=email.attempts + 1, last_error=str(error)[:2000]
            )
            raise
        OutgoingEmail.objects.filter(pk=email.pk).update(
            sent_at=timezone.now(), attempts=email.attempts + 1, last_error=""
        )
    return True


def email_send_pending(*, now=None) -> int:
    """Send what the broker never delivered (it was down, or a worker died). Returns the count."""
    now = now or timezone.now()
    pending = OutgoingEmail.objects.filter(
        sent_at__isnull=True,
        created_at__lte=now - OUTBOX_GRACE,
        attempts__lt=OUTBOX_MAX_ATTEMPTS,
    ).values_list("pk", flat=True)
    sent = 0
    for email_id in list(pending[:500]):
        try:
            sent += email_send(email_id=email_id)
        except Exception:
            logger.exception("Sending e-mail %s failed", email_id)
    return sent

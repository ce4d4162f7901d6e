"""Writes about notifications. The apps call `notify` where they queued an e-mail before: it
creates the notification and, unless the person turned that kind of e-mail off, queues the
e-mail, in the caller's transaction. School knows none of the apps, so the caller passes the
link and the texts in."""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from school.models import User
from school.notifications.models import (
    ALWAYS_EMAILED,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from school.notifications.selectors import unread_count_key
from school.services import email_enqueue_for_user


def _in_language(language: str, text: Callable[[], str] | str) -> str:
    with translation.override(language):
        return str(text() if callable(text) else text)[:300]


@transaction.atomic
def notification_create(
    *, key: str, user: User, kind: str, link: str, title: Callable[[], str] | str
) -> Notification | None:
    """One notification for `user`, identified by `key`; None when this key was already used
    (the caller's step ran again, e.g. a retried task). `link` is a path on this site.
    `title` is a callable evaluated in Japanese and in English, so the list reads in the
    language the person has chosen."""
    if not link.startswith("/") or link.startswith("//"):
        raise ValidationError("A notification links to a path on this site.", code="link")
    notification, created = Notification.objects.get_or_create(
        key=key[:200],
        defaults={
            "recipient": user,
            "kind": NotificationKind(kind),
            "link": link[:500],
            "title_ja": _in_language("ja", title),
            "title_en": _in_language("en", title),
        },
    )
    if created:
        unread_count_forget(user_id=user.pk)
    return notification if created else None


def unread_count_forget(*, user_id: int) -> None:
    """The bell's cached count is stale: forget it now and again once the change is committed,
    so a page read in between cannot keep the old figure."""
    key = unread_count_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def email_wanted(*, user: User, kind: str) -> bool:
    if kind in ALWAYS_EMAILED:
        return True
    return not NotificationPreference.objects.filter(user=user, kind=kind, email=False).exists()


@transaction.atomic
def notify(
    *,
    key: str,
    user: User,
    kind: str,
    link: str,
    title: Callable[[], str] | str,
    subject: Callable[[], str] | str | None = None,
    template: str,
    context: dict,
) -> Notification | None:
    """Tell `user` in the site and, if they want it, by e-mail (`template` as for
    `email_enqueue_for_user`, with `link` made absolute on SITE_URL in its context). `subject`
    defaults to the title.
    Both are keyed by `key`, so a step that runs twice tells once."""
    notification = notification_create(key=key, user=user, kind=kind, link=link, title=title)
    if notification is not None and email_wanted(user=user, kind=kind):
        email_enqueue_for_user(
            key=key,
            user=user,
            subject=subject or title,
            template=template,
            context={"link": settings.SITE_URL + link, **context},
        )
    return notification


def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    """Mark one of the person's notifications read; reading it again keeps the first time."""
    Notification.objects.filter(pk=notification.pk, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    unread_count_forget(user_id=user.pk)
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    unread_count_forget(user_id=user.pk)
    return marked


@transaction.atomic
def notification_preferences_set(*, user: User, email_by_kind: dict[str, bool]) -> None:
    """Record which kinds the person also wants by e-mail; the always-e-mailed kinds stay on."""
    for kind, email in email_by_kind.items():
        if kind in ALWAYS_EMAILED:
            continue
        preference = NotificationPreference.objects.filter(
            user=user, kind=NotificationKind(kind)
        ).first() or NotificationPreference(user=user, kind=kind)
        preference.email = email
        preference.full_clean()
        preference.save()

"""Reads about notifications."""

from django.db.models import QuerySet

from school.models import User
from school.notifications.models import (
    ALWAYS_EMAILED,
    Notification,
    NotificationKind,
    NotificationPreference,
)


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """The person's notifications, newest first; one query per page whatever their number."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notifications_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_preferences(*, user: User) -> dict[str, bool]:
    """For every kind, whether the person also gets its e-mail."""
    turned_off = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
    return {
        kind: kind in ALWAYS_EMAILED or kind not in turned_off for kind in NotificationKind.values
    }

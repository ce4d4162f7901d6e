"""Reads about notifications."""

from django.core.cache import cache
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


# The bell is on every signed-in page: its count is kept in the cache, so a page asks the
# database only after something changed it (school/notifications/services.py forgets it then).
UNREAD_COUNT_SECONDS = 600


def unread_count_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def notifications_unread_count(*, user: User) -> int:
    key = unread_count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_COUNT_SECONDS)
    return count


def notification_preferences(*, user: User) -> dict[str, bool]:
    """For every kind, whether the person also gets its e-mail."""
    turned_off = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
    return {
        kind: kind in ALWAYS_EMAILED or kind not in turned_off for kind in NotificationKind.values
    }

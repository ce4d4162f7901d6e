"""The bell's unread count for the navigation, on every page."""

from django.utils.functional import SimpleLazyObject

from school.notifications.selectors import notifications_unread_count


def unread_notifications(request):
    """Lazy, so a page that never shows the navigation (a PDF, an e-mail) asks nothing, and one
    that does asks one query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications_count": SimpleLazyObject(
            lambda: notifications_unread_count(user=user)
        )
    }

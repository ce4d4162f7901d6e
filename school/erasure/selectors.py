"""What an erasure of a person would touch, for the administrator's confirmation page."""

from wagtail import hooks

from school.erasure.parts import ERASURE_COUNTS_HOOK
from school.models import Invitation, OutgoingEmail, User
from school.notifications.models import Notification


def erasure_preview(*, user: User) -> dict[str, int]:
    counts = {
        "notifications": Notification.objects.filter(recipient=user).count(),
        "invitations": Invitation.objects.filter(user=user).count(),
        "e-mails": OutgoingEmail.objects.filter(to__iexact=user.email).count(),
    }
    for counts_of_app in hooks.get_hooks(ERASURE_COUNTS_HOOK):
        counts.update(counts_of_app(user))
    return counts

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from school.notifications import selectors, services
from school.notifications.forms import NotificationPreferencesForm
from school.notifications.models import Notification

PER_PAGE = 20


def _own_notification(request, pk) -> Notification:
    """The reader's own notification; another person's and a missing one answer alike, 403, as
    every route of the site does (tests/workshops/test_existence_oracle.py)."""
    notification = Notification.objects.filter(pk=pk, recipient=request.user).first()
    if notification is None:
        raise PermissionDenied
    return notification


@login_required
@never_cache
def notification_list(request):
    page = Paginator(selectors.notifications_for(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "school/notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark it read and go to its object."""
    notification = _own_notification(request, pk)
    services.notification_mark_read(notification=notification, user=request.user)
    # Links are paths written by our own services; the check keeps a bad row from sending
    # anyone off the site (OWASP Unvalidated Redirects and Forwards Cheat Sheet).
    if url_has_allowed_host_and_scheme(notification.link, allowed_hosts=set()):
        return redirect(notification.link)
    return redirect("school:notifications")


@login_required
@require_POST
def notification_read(request, pk):
    notification = _own_notification(request, pk)
    services.notification_mark_read(notification=notification, user=request.user)
    return redirect("school:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("school:notifications")


@login_required
@never_cache
def notification_preferences(request):
    # Every box unticked posts nothing, which is still an answer.
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None,
        current=selectors.notification_preferences(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_set(user=request.user, email_by_kind=form.email_by_kind())
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("school:notification_preferences")
    return render(request, "school/notifications/preferences.html", {"form": form})

from auditlog.models import LogEntry
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from school.audit_viewsets import AuditTrailViewSet, ReadOnlyAuditPolicy
from school.dashboard import INSTRUCTOR_PANELS_HOOK, PARTICIPANT_PANELS_HOOK, DashboardPanel
from school.erasure import views as erasure_views


class AccountPanel(DashboardPanel):
    """Who is logged in, in which roles, and where to change the password."""

    order = 1000
    title = _("Your account")
    template_name = "school/panels/account.html"


@hooks.register(PARTICIPANT_PANELS_HOOK)
def participant_account_panel(request):
    return [AccountPanel(request)]


@hooks.register(INSTRUCTOR_PANELS_HOOK)
def instructor_account_panel(request):
    # Someone who both teaches and studies sees the card once, in the participant column.
    if request.user.is_participant:
        return []
    return [AccountPanel(request)]


@hooks.register("insert_global_admin_css")
def admin_contrast_fixes():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


register_permission_policy(LogEntry, ReadOnlyAuditPolicy(LogEntry))


@hooks.register("register_admin_viewset")
def register_audit_trail():
    return AuditTrailViewSet("audit_trail", url_namespace="admin_audit_trail")


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_programme_administrator


@hooks.register("register_admin_menu_item")
def register_erasure_menu_item():
    return AdministratorMenuItem(
        _("Erase a person's data"), reverse("school_admin_erasure"), icon_name="warning", order=900
    )


@hooks.register("register_admin_urls")
def register_erasure_admin_urls():
    return [
        path("erasure/", erasure_views.find_person, name="school_admin_erasure"),
        path(
            "erasure/<int:user_id>/",
            erasure_views.erase_person,
            name="school_admin_erasure_person",
        ),
    ]


@hooks.register("register_user_listing_buttons")
def erasure_button(user, request_user):
    if request_user.is_programme_administrator and user.pk != request_user.pk:
        yield Button(
            _("Erase personal data"),
            reverse("school_admin_erasure_person", args=[user.pk]),
            priority=90,
        )

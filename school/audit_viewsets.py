"""The audit trail in the Wagtail admin: programme administrators browse and filter it, and
nobody, superusers included, can add, edit or delete an entry from here (the library's own
Django-admin screens are not mounted). docs/personal-data.md says what is recorded."""

from auditlog.models import LogEntry
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from school.roles import Role


def user_may_read_audit_trail(user) -> bool:
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=Role.PROGRAMME_ADMINISTRATOR.group_name).exists()


class ReadOnlyAuditPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and user_may_read_audit_trail(user)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["view"]) if "view" in actions else []


class AuditTrailViewSet(ModelViewSet):
    model = LogEntry
    icon = "history"
    menu_label = _("Audit trail")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["timestamp", "actor", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type", "actor", "timestamp"]
    search_fields = ["object_repr", "object_pk"]
    search_backend_name = None
    ordering = ["-timestamp"]
    inspect_view_fields = [
        "timestamp",
        "actor",
        "action",
        "content_type",
        "object_pk",
        "object_repr",
        "changes",
        "additional_data",
        "remote_addr",
    ]
    # The forms are never shown (the policy refuses add and change); Wagtail still wants fields.
    form_fields = ["object_repr"]

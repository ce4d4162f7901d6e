"""Workshops and extensions in the Wagtail admin, beside the cohorts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from workshops import services
from workshops.models import Extension, Workshop


class WorkshopViewSet(ModelViewSet):
    model = Workshop
    icon = "doc-full"
    menu_label = _("Workshops")
    list_display = ["title_ja", "cohort", "opens_at", "due_at", "required_for_completion"]
    list_filter = ["cohort"]
    search_fields = ["title_ja", "title_en"]
    ordering = ["-due_at"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("cohort"), FieldPanel("session")]),
                FieldRowPanel([FieldPanel("title_ja"), FieldPanel("title_en")]),
                FieldPanel("brief"),
            ],
            heading=_("Workshop"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("due_at")]),
                FieldRowPanel(
                    [FieldPanel("allow_late_submission"), FieldPanel("allow_resubmission")]
                ),
                FieldRowPanel(
                    [FieldPanel("peer_comments_enabled"), FieldPanel("required_for_completion")]
                ),
            ],
            heading=_("Deadlines and rules"),
        ),
    ]
    add_to_admin_menu = False

    def get_queryset(self, request):
        return Workshop.objects.select_related("cohort")


class ExtensionSaveMixin:
    """Extensions go through the service, which records who granted them and checks that
    they teach the cohort."""

    def save_instance(self):
        data = self.form.cleaned_data
        return services.extension_grant(
            workshop=data["workshop"],
            enrolment=data["enrolment"],
            due_at=data["due_at"],
            reason=data["reason"],
            granted_by=self.request.user,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)


class ExtensionCreateView(ExtensionSaveMixin, generic.CreateView):
    pass


class ExtensionEditView(ExtensionSaveMixin, generic.EditView):
    pass


class ExtensionViewSet(ModelViewSet):
    model = Extension
    icon = "time"
    menu_label = _("Extensions")
    add_view_class = ExtensionCreateView
    edit_view_class = ExtensionEditView
    list_display = ["enrolment", "workshop", "due_at", "granted_by", "granted_at"]
    list_filter = ["workshop"]
    search_fields = ["enrolment__user__email", "enrolment__user__last_name", "reason"]
    form_fields = ["workshop", "enrolment", "due_at", "reason"]
    add_to_admin_menu = False

    def get_queryset(self, request):
        return Extension.objects.select_related(
            "workshop", "enrolment__user", "enrolment__cohort", "granted_by"
        )


class WorkshopsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Workshops")
    menu_icon = "doc-full"
    menu_order = 210
    items = (
        WorkshopViewSet("workshops", url_namespace="admin_workshops"),
        ExtensionViewSet("extensions", url_namespace="admin_workshop_extensions"),
    )

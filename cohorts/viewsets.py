"""The cohorts back office in the Wagtail admin, beside the pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from cohorts import selectors, services
from cohorts.admin_scoping import TaughtCohortsOnly
from cohorts.models import Cohort, Company, Enrolment, Programme, Session, TeachingAssignment
from cohorts.percentages import minimum_attendance_field, share_as_percent


class EnrolmentListPanel(Panel):
    """The cohort's enrolments on its edit page, with the actions that go through services."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cohorts/admin/enrolment_list_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            cohort = self.instance
            context["cohort"] = cohort
            context["enrolments"] = (
                cohort.enrolments.select_related("user", "company") if cohort.pk else []
            )
            return context


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    icon = "folder-open-inverse"
    menu_label = _("Programmes")
    list_display = ["name_ja", "name_en", "code"]
    search_fields = ["name_ja", "name_en", "code"]
    form_fields = ["name_ja", "name_en", "code"]
    add_to_admin_menu = False


class CohortForm(WagtailAdminModelForm):
    # Typed as a percentage; stored as the share the completion rule compares.
    min_attendance_share = minimum_attendance_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new cohort offers the model's default (80 %), which a declared field does not take.
        self.initial.setdefault(
            "min_attendance_share", Cohort._meta.get_field("min_attendance_share").default
        )


class CohortInspectView(generic.InspectView):
    def get_field_label(self, field_name, field):
        if field_name == "min_attendance_share":
            return _("Minimum attendance")
        return super().get_field_label(field_name, field)

    def get_min_attendance_share_display_value(self):
        return f"{share_as_percent(self.object.min_attendance_share)}%"


class CohortIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.cohorts_for_admin_list()


# Instructors hold only the view permission on these; the inspect view is the page that a row
# of the listing opens for them.
class CohortViewSet(TaughtCohortsOnly, ModelViewSet):
    model = Cohort
    cohort_lookup = "pk"
    inspect_view_enabled = True
    icon = "group"
    menu_label = _("Cohorts")
    index_view_class = CohortIndexView
    inspect_view_class = CohortInspectView
    list_display = [
        "name_ja",
        "programme",
        "year",
        "status",
        Column("taking_part", label=_("Enrolled")),
        "capacity",
        Column("session_count", label=_("Sessions")),
    ]
    list_filter = ["programme", "status", "year"]
    search_fields = ["name_ja", "name_en"]
    ordering = ["-starts_on"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("programme"),
                    FieldRowPanel([FieldPanel("name_ja"), FieldPanel("name_en")]),
                    FieldRowPanel([FieldPanel("year"), FieldPanel("status")]),
                    FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                    FieldRowPanel([FieldPanel("capacity"), FieldPanel("min_attendance_share")]),
                ],
                heading=_("Cohort"),
            ),
            InlinePanel(
                "sessions",
                heading=_("Sessions"),
                label=_("Session"),
                panels=[
                    FieldRowPanel([FieldPanel("name_ja"), FieldPanel("name_en")]),
                    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                    FieldRowPanel([FieldPanel("place"), FieldPanel("online_url")]),
                ],
            ),
            EnrolmentListPanel(heading=_("Enrolments")),
        ],
        base_form_class=CohortForm,
    )
    add_to_admin_menu = False


class CompanyViewSet(TaughtCohortsOnly, ModelViewSet):
    """Instructors see the companies of the people of the cohorts they teach."""

    model = Company
    cohort_lookup = "enrolments__cohort"
    inspect_view_enabled = True
    icon = "site"
    menu_label = _("Companies")
    list_display = ["name", "name_kana", "industry", "employee_band", "city"]
    list_filter = ["industry", "employee_band"]
    search_fields = ["name", "name_kana", "city"]
    form_fields = ["name", "name_kana", "industry", "employee_band", "city"]
    add_to_admin_menu = False


class EnrolmentForm(WagtailAdminModelForm):
    """Edits an enrolment; a change of status must be one the rules allow."""

    class Meta:
        model = Enrolment
        fields = ["company", "job_title", "track", "status"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status != self.instance.status and not self.instance.may_become(status):
            raise forms.ValidationError(
                _("An enrolment cannot go from “%(old)s” to “%(new)s”.")
                % {"old": self.instance.get_status_display(), "new": Enrolment.Status(status).label}
            )
        return status


class EnrolmentEditView(generic.EditView):
    def save_instance(self):
        # The status goes through the service, which checks the transition under a row lock.
        old_status = Enrolment.objects.get(pk=self.object.pk).status
        new_status = self.form.cleaned_data["status"]
        with transaction.atomic():
            instance = self.form.save(commit=False)
            instance.status = old_status
            instance.save()
            if new_status != old_status:
                instance = services.enrolment_change_status(enrolment=instance, status=new_status)
        return instance

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error("status", error)
            return self.form_invalid(form)


class EnrolmentViewSet(TaughtCohortsOnly, ModelViewSet):
    model = Enrolment
    inspect_view_enabled = True
    icon = "user"
    menu_label = _("Enrolments")
    edit_view_class = EnrolmentEditView
    list_display = ["user", "cohort", "company", "job_title", "track", "status"]
    list_filter = ["cohort", "status", "track"]
    search_fields = ["user__email", "user__last_name", "user__first_name", "company__name"]
    edit_handler = ObjectList(
        [
            FieldPanel("company"),
            FieldRowPanel([FieldPanel("job_title"), FieldPanel("track")]),
            FieldPanel("status"),
        ],
        base_form_class=EnrolmentForm,
    )
    add_to_admin_menu = False

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Enrolment.objects.select_related("user", "cohort", "company"), **kwargs
        )


class EnrolmentPermissionPolicy(ModelPermissionPolicy):
    """People are enrolled through "Enrol a person" or a CSV import, which invite new people;
    the generic add form would skip that, so it is never offered."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SessionViewSet(TaughtCohortsOnly, ModelViewSet):
    model = Session
    inspect_view_enabled = True
    icon = "date"
    menu_label = _("Sessions")
    list_display = ["name_ja", "cohort", "starts_at", "place"]
    list_filter = ["cohort"]
    search_fields = ["name_ja", "name_en", "place"]
    form_fields = [
        "cohort",
        "name_ja",
        "name_en",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "instructors",
    ]
    add_to_admin_menu = False


class TeachingAssignmentViewSet(TaughtCohortsOnly, ModelViewSet):
    model = TeachingAssignment
    inspect_view_enabled = True
    icon = "user"
    menu_label = _("Teaching teams")
    list_display = ["user", "cohort", "role"]
    list_filter = ["cohort", "role"]
    form_fields = ["cohort", "user", "role"]
    add_to_admin_menu = False


class CohortsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Cohorts")
    menu_icon = "group"
    menu_order = 200
    items = (
        CohortViewSet("cohorts", url_namespace="admin_cohorts"),
        EnrolmentViewSet("enrolments", url_namespace="admin_enrolments"),
        SessionViewSet("sessions", url_namespace="admin_sessions"),
        CompanyViewSet("companies", url_namespace="admin_companies"),
        TeachingAssignmentViewSet(
            "teaching_assignments", url_namespace="admin_teaching_assignments"
        ),
        ProgrammeViewSet("programmes", url_namespace="admin_programmes"),
    )

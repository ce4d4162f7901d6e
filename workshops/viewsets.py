"""Workshops and extensions in the Wagtail admin, beside the cohorts."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from cohorts import selectors as cohort_selectors
from cohorts.admin_scoping import TaughtCohortsOnly
from workshops.deadlines import services as deadline_services
from workshops.models import Extension, Rubric, Workshop
from workshops.plans.sections import CURRENT


class WorkshopViewSet(TaughtCohortsOnly, ModelViewSet):
    model = Workshop
    # Instructors may only look; the inspect view is what a row of the listing opens for them.
    inspect_view_enabled = True
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
                FieldPanel("rubric"),
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

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Workshop.objects.select_related("cohort"), **kwargs
        )


class ExtensionSaveMixin:
    """Extensions go through the service, which records who granted them and checks that
    they teach the cohort."""

    def save_instance(self):
        data = self.form.cleaned_data
        return deadline_services.extension_grant(
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


class ExtensionForm(WagtailAdminModelForm):
    """An instructor chooses only among the workshops and enrolments of the cohorts they teach;
    the service checks the same rule when it saves."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        cohorts = cohort_selectors.cohorts_open_in_admin_to(user=self.for_user)
        if cohorts is not None:
            self.fields["workshop"].queryset = self.fields["workshop"].queryset.filter(
                cohort__in=cohorts
            )
            self.fields["enrolment"].queryset = self.fields["enrolment"].queryset.filter(
                cohort__in=cohorts
            )


class ExtensionCreateView(ExtensionSaveMixin, generic.CreateView):
    pass


class ExtensionEditView(ExtensionSaveMixin, generic.EditView):
    pass


class ExtensionViewSet(TaughtCohortsOnly, ModelViewSet):
    model = Extension
    cohort_lookup = "workshop__cohort"
    icon = "time"
    menu_label = _("Extensions")
    add_view_class = ExtensionCreateView
    edit_view_class = ExtensionEditView
    list_display = ["enrolment", "workshop", "due_at", "granted_by", "granted_at"]
    list_filter = ["workshop"]
    search_fields = ["enrolment__user__email", "enrolment__user__last_name", "reason"]
    edit_handler = ObjectList(
        [
            FieldPanel("workshop"),
            FieldPanel("enrolment"),
            FieldPanel("due_at"),
            FieldPanel("reason"),
        ],
        base_form_class=ExtensionForm,
    )
    add_to_admin_menu = False

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Extension.objects.select_related(
                "workshop", "enrolment__user", "enrolment__cohort", "granted_by"
            ),
            **kwargs,
        )


class RubricForm(WagtailAdminModelForm):
    """Every criterion needs at least two levels with different points, or it cannot tell
    one plan from another."""

    def is_valid(self):
        valid = super().is_valid()
        criteria = self.formsets.get("criteria")
        if criteria is None or not hasattr(criteria, "cleaned_data"):
            return valid
        for form in criteria.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            if not form.has_changed() and form.instance.pk is None:
                continue
            levels = form.formsets["levels"]
            points = [
                level.cleaned_data.get("points")
                for level in levels.forms
                if getattr(level, "cleaned_data", None) and not level.cleaned_data.get("DELETE")
            ]
            message = None
            if len(points) < 2:
                message = _("Criterion “%(title)s” needs at least two levels.")
            elif len(set(points)) != len(points):
                message = _("The levels of criterion “%(title)s” must have different points.")
            if message:
                text = message % {"title": form.cleaned_data.get("title_ja") or "—"}
                form.add_error(None, text)
                self.add_error(None, text)
                valid = False
        return valid


def _plan_section_choices():
    # The sections plans are written in now (plans/sections.py).
    return [("", _("The whole plan"))] + [
        (section.name, CURRENT.heading(section)) for section in CURRENT.sections
    ]


class RubricViewSet(ModelViewSet):
    model = Rubric
    icon = "tasks"
    menu_label = _("Rubrics")
    list_display = ["title_ja", "title_en", "pass_percentage"]
    search_fields = ["title_ja", "title_en"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("title_ja"), FieldPanel("title_en")]),
            FieldPanel("description"),
            FieldPanel("pass_percentage"),
            InlinePanel(
                "criteria",
                heading=_("Criteria"),
                label=_("Criterion"),
                min_num=1,
                panels=[
                    FieldRowPanel([FieldPanel("title_ja"), FieldPanel("title_en")]),
                    FieldPanel("description"),
                    FieldRowPanel(
                        [
                            FieldPanel("weight"),
                            FieldPanel(
                                "plan_section",
                                widget=forms.Select(choices=_plan_section_choices),
                            ),
                        ]
                    ),
                    InlinePanel(
                        "levels",
                        heading=_("Levels"),
                        label=_("Level"),
                        panels=[
                            FieldPanel("points"),
                            FieldRowPanel(
                                [FieldPanel("descriptor_ja"), FieldPanel("descriptor_en")]
                            ),
                        ],
                    ),
                ],
            ),
        ],
        base_form_class=RubricForm,
    )
    add_to_admin_menu = False


class WorkshopsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Workshops")
    menu_icon = "doc-full"
    menu_order = 210
    items = (
        WorkshopViewSet("workshops", url_namespace="admin_workshops"),
        RubricViewSet("rubrics", url_namespace="admin_rubrics"),
        ExtensionViewSet("extensions", url_namespace="admin_workshop_extensions"),
    )

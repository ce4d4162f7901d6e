from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from cohorts.calendar import CALENDAR_ENTRIES_HOOK
from cohorts.company_page import COMPANY_PANELS_HOOK
from cohorts.models import Enrolment
from school.dashboard import (
    INSTRUCTOR_PANELS_HOOK,
    PARTICIPANT_PANELS_HOOK,
    PROGRAMME_PANELS_HOOK,
    DashboardPanel,
)
from workshops import (
    admin_home,
    company_plans,
    erasure,  # noqa: F401  (registers its part of an erasure)
    personal_data,  # noqa: F401  (registers its part of the data export)
)
from workshops import demo as workshops_demo
from workshops.certification import demo as certification_demo
from workshops.check_ins import demo as check_ins_demo
from workshops.check_ins import selectors as check_in_selectors
from workshops.deadlines import selectors as deadline_selectors
from workshops.deadlines.calendar import deadline_entries
from workshops.grading import selectors as grading_selectors
from workshops.outcomes.report import PERMISSION as OUTCOMES_PERMISSION
from workshops.presentations import wagtail_hooks as presentations_hooks  # noqa: F401
from workshops.self_assessment import demo as self_assessment_demo
from workshops.sharing import demo as sharing_demo
from workshops.sharing import selectors as sharing_selectors
from workshops.viewsets import WorkshopsViewSetGroup


@hooks.register("register_admin_viewset")
def register_workshops_admin():
    return WorkshopsViewSetGroup()


class OpenWorkshopsPanel(DashboardPanel):
    order = 30
    title = _("Workshops and your DX plan")
    template_name = "workshops/panels/open_workshops.html"

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        user = self.request.user
        # One read of the enrolments serves both the list and the links to the plans.
        enrolments = list(deadline_selectors.current_enrolments_of(user=user))
        context["rows"] = deadline_selectors.workshops_open_for(user=user, enrolments=enrolments)
        context["enrolments"] = [
            enrolment
            for enrolment in enrolments
            if enrolment.status in (Enrolment.Status.ACTIVE, Enrolment.Status.INVITED)
        ]
        return context


@hooks.register(PARTICIPANT_PANELS_HOOK)
def participant_workshop_panels(request):
    return [OpenWorkshopsPanel(request)]


@hooks.register("seed_demo", order=30)
def seed_workshops(stdout):
    workshops_demo.seed_workshops(stdout=stdout)


class GradingPanel(DashboardPanel):
    order = 40
    title = _("Plans to grade")
    template_name = "workshops/grading/panel.html"

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context["workshops"] = grading_selectors.workshops_to_grade(user=self.request.user)
        return context


@hooks.register(INSTRUCTOR_PANELS_HOOK)
def instructor_workshop_panels(request):
    return [GradingPanel(request)]


@hooks.register("seed_demo", order=35)
def seed_grading(stdout):
    workshops_demo.seed_grading(stdout=stdout)


# --- Sharing with the cohort and the plans as documents -----------------------------------------


class SharedPlansPanel(DashboardPanel):
    order = 35
    title = _("Plans shared in your cohort")
    template_name = "workshops/peers/panel_shared_plans.html"

    def __init__(self, request, rows):
        super().__init__(request)
        self.rows = rows

    def get_context_data(self, parent_context=None):
        return {**super().get_context_data(parent_context), "rows": self.rows}


@hooks.register(PARTICIPANT_PANELS_HOOK)
def participant_shared_plans_panel(request):
    rows = sharing_selectors.shared_plan_counts_for(user=request.user)
    return [SharedPlansPanel(request, rows)] if rows else []


class PlanDocumentsPanel(DashboardPanel):
    order = 45
    title = _("Submitted plans as PDF")
    template_name = "workshops/peers/panel_plan_documents.html"

    def __init__(self, request, workshops):
        super().__init__(request)
        self.workshops = workshops

    def get_context_data(self, parent_context=None):
        return {**super().get_context_data(parent_context), "workshops": self.workshops}


@hooks.register(INSTRUCTOR_PANELS_HOOK)
def instructor_plan_documents_panel(request):
    workshops = list(sharing_selectors.workshops_with_plans_for(user=request.user))
    return [PlanDocumentsPanel(request, workshops)] if workshops else []


@hooks.register("seed_demo", order=31)
def seed_shared_plans(stdout):
    sharing_demo.seed_shared_plans(stdout=stdout)


# --- Alumni check-ins ----------------------------------------------------------------------------


class AlumniPanel(DashboardPanel):
    order = 32
    title = _("Alumni: your plan and yearly check-ins")
    template_name = "workshops/check_ins/panel.html"

    def __init__(self, request, *, enrolments, newest, check_ins):
        super().__init__(request)
        self.enrolments = enrolments
        self.newest = newest
        self.check_ins = check_ins

    def get_context_data(self, parent_context=None):
        return {
            **super().get_context_data(parent_context),
            "plans": [(e, self.newest.get(e.pk)) for e in self.enrolments],
            "check_ins": self.check_ins,
        }


@hooks.register(PARTICIPANT_PANELS_HOOK)
def participant_alumni_panel(request):
    enrolments = list(check_in_selectors.completed_enrolments_of(user=request.user))
    if not enrolments:
        return []
    return [
        AlumniPanel(
            request,
            enrolments=enrolments,
            newest=check_in_selectors.newest_versions_of(enrolment_ids=[e.pk for e in enrolments]),
            check_ins=check_in_selectors.check_ins_of(user=request.user)[:3],
        )
    ]


class CompanyPlansPanel(Component):
    """Each person's plan versions and check-ins by year, on the company page."""

    order = 10
    template_name = "workshops/check_ins/company_panel.html"

    def __init__(self, people):
        self.people = people

    def get_context_data(self, parent_context=None):
        return {"people": self.people}


@hooks.register(COMPANY_PANELS_HOOK)
def company_plans_panel(request, company):
    return [
        CompanyPlansPanel(
            company_plans.company_plans_and_check_ins(company_id=company.pk, viewer=request.user)
        )
    ]


@hooks.register("seed_demo", order=36)
def seed_check_ins(stdout):
    check_ins_demo.seed_check_ins(stdout=stdout)


@hooks.register("seed_demo", order=37)
def seed_self_assessment(stdout):
    self_assessment_demo.seed_self_assessment(stdout=stdout)


@hooks.register("seed_demo", order=38)
def seed_certification(stdout):
    certification_demo.seed_certification(stdout=stdout)


# --- Programme outcomes -------------------------------------------------------------------------


class OutcomesPanel(DashboardPanel):
    order = 10
    title = _("Programme outcomes")
    template_name = "workshops/outcomes/panel.html"


@hooks.register(PROGRAMME_PANELS_HOOK)
def programme_outcomes_panel(request):
    return [OutcomesPanel(request)] if request.user.has_perm(OUTCOMES_PERMISSION) else []


class OutcomesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(OUTCOMES_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_outcomes_menu_item():
    return OutcomesMenuItem(
        _("Programme outcomes"), reverse("workshops:outcomes"), icon_name="table", order=320
    )


@hooks.register("construct_homepage_panels")
def running_cohorts_on_the_admin_home(request, panels):
    if request.user.is_programme_administrator:
        panels.append(admin_home.RunningCohortsPanel(request))


# The plan deadlines in the participant's calendar feed, beside the sessions.
hooks.register(CALENDAR_ENTRIES_HOOK, deadline_entries)

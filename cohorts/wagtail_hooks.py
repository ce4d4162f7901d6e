from django.urls import path
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cohorts import (
    admin_views,
    content_access,
    erasure,  # noqa: F401  (registers its part of an erasure)
    personal_data,  # noqa: F401  (registers its part of the data export)
    selectors,
    services,
)
from cohorts import demo as cohorts_demo
from cohorts.course_content import courses_for, module_links_for
from cohorts.models import Enrolment
from cohorts.viewsets import CohortsViewSetGroup, EnrolmentPermissionPolicy
from school.dashboard import INSTRUCTOR_PANELS_HOOK, PARTICIPANT_PANELS_HOOK, DashboardPanel
from school.services import INVITATION_ACCEPTED_HOOK

register_permission_policy(Enrolment, EnrolmentPermissionPolicy(Enrolment))


@hooks.register("register_admin_viewset")
def register_cohorts_admin():
    return CohortsViewSetGroup()


@hooks.register("register_admin_urls")
def register_cohorts_admin_urls():
    return [
        path(
            "cohorts/<int:cohort_id>/enrol/",
            admin_views.enrol_person,
            name="cohorts_admin_enrol_person",
        ),
        path(
            "cohorts/<int:cohort_id>/import/",
            admin_views.import_csv,
            name="cohorts_admin_import_csv",
        ),
        path(
            "cohorts/enrolments/<int:enrolment_id>/resend-invitation/",
            admin_views.resend_invitation,
            name="cohorts_admin_resend_invitation",
        ),
    ]


@hooks.register("module_page_readable_programmes")
def programmes_of_active_enrolments(user):
    return content_access.programme_page_ids_readable_by(user)


@hooks.register("before_serve_page")
def module_pages_for_enrolled_participants(page, request, serve_args, serve_kwargs):
    return content_access.refuse_unless_module_page_readable(page, request)


@hooks.register("before_serve_document")
def module_documents_for_enrolled_participants(document, request):
    return content_access.refuse_unless_document_readable(document, request)


@hooks.register(INVITATION_ACCEPTED_HOOK)
def activate_enrolments_after_invitation(user):
    services.enrolments_activate_invited(user=user)


class NextSessionsPanel(DashboardPanel):
    order = 10
    title = _("Next sessions")
    template_name = "cohorts/panels/next_sessions.html"
    # Sessions and enrolments, their instructors, the module pages they link to.
    reads = frozenset({"cohorts", "school", "cms", "wagtailcore"})

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context["sessions"] = list(selectors.upcoming_sessions_for(user=self.request.user, limit=3))
        module_links_for(context["sessions"], language=get_language())
        return context


class CourseContentPanel(DashboardPanel):
    order = 15
    title = pgettext_lazy("menu", "Modules")
    template_name = "cohorts/panels/course_content.html"
    reads = frozenset({"cohorts", "cms", "wagtailcore"})
    # The programme's modules: a page published shows at once, and the clock changes nothing.
    changes_with_time = False

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context["courses"] = courses_for(user=self.request.user, language=get_language())[:1]
        return context


class AttendancePanel(DashboardPanel):
    order = 20
    title = _("Attendance")
    template_name = "cohorts/panels/attendance.html"
    reads = frozenset({"cohorts"})

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context["summaries"] = [
            selectors.attendance_summary(enrolment=enrolment)
            for enrolment in selectors.enrolments_of(user=self.request.user)
        ]
        return context


class TeachingPanel(DashboardPanel):
    order = 10
    title = _("Teaching")
    template_name = "cohorts/panels/teaching.html"
    reads = frozenset({"cohorts", "school"})

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        user = self.request.user
        context["cohorts"] = list(selectors.cohorts_taught_by(user=user))
        context["today"] = list(selectors.sessions_today_for(user=user))
        context["to_mark"] = list(selectors.sessions_to_mark_for(user=user)[:10])
        return context


@hooks.register(PARTICIPANT_PANELS_HOOK)
def participant_cohort_panels(request):
    return [NextSessionsPanel(request), CourseContentPanel(request), AttendancePanel(request)]


@hooks.register(INSTRUCTOR_PANELS_HOOK)
def instructor_cohort_panels(request):
    return [TeachingPanel(request)]


@hooks.register("seed_demo", order=20)
def seed_cohorts(stdout):
    cohorts_demo.seed_cohorts(stdout=stdout)

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from certificates import (
    admin_views,
    erasure,  # noqa: F401  (registers its part of an erasure)
    personal_data,  # noqa: F401  (registers its part of the data export)
    selectors,
)
from certificates import demo as certificates_demo
from certificates.models import CertificateTemplate
from school.dashboard import PARTICIPANT_PANELS_HOOK, DashboardPanel


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    list_display = ["name", "programme", "paper_size", "orientation"]
    search_fields = ["name", "title_ja", "title_en"]
    ordering = ["name"]


register_snippet(CertificateTemplateViewSet)


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_programme_administrator


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return AdministratorMenuItem(
        _("Certificates"), reverse("certificates_admin_index"), icon_name="doc-full", order=310
    )


@hooks.register("register_admin_urls")
def register_certificates_admin_urls():
    return [
        path("certificates/", admin_views.cohort_index, name="certificates_admin_index"),
        path(
            "certificates/cohort/<int:cohort_id>/",
            admin_views.eligibility,
            name="certificates_admin_eligibility",
        ),
        path(
            "certificates/cohort/<int:cohort_id>/issue/",
            admin_views.issue_for_cohort,
            name="certificates_admin_issue_for_cohort",
        ),
        path(
            "certificates/cohort/<int:cohort_id>/progress/",
            admin_views.issuing_progress_json,
            name="certificates_admin_issuing_progress",
        ),
        path(
            "certificates/enrolment/<int:enrolment_id>/issue/",
            admin_views.issue_for_enrolment,
            name="certificates_admin_issue_for_enrolment",
        ),
        path(
            "certificates/<int:certificate_id>/revoke/",
            admin_views.revoke,
            name="certificates_admin_revoke",
        ),
        path(
            "certificates/<int:certificate_id>/reissue/",
            admin_views.reissue,
            name="certificates_admin_reissue",
        ),
    ]


class CertificatesPanel(DashboardPanel):
    order = 40
    title = _("Your certificates")
    template_name = "certificates/panels/certificates.html"
    # The person's certificates and the cohorts they were earned in; the clock changes neither.
    reads = frozenset({"certificates", "cohorts"})
    changes_with_time = False

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context["certificates"] = list(selectors.certificates_of(user=self.request.user))
        return context

    def is_shown(self, context) -> bool:
        return bool(context["certificates"])


@hooks.register(PARTICIPANT_PANELS_HOOK)
def participant_certificate_panels(request):
    # Read when drawn (and shown only with a certificate): the hook itself runs no query.
    return [CertificatesPanel(request)]


@hooks.register("seed_demo", order=40)
def seed_certificates(stdout):
    certificates_demo.seed_certificates(stdout=stdout)

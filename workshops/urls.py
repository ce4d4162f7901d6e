from django.urls import include, path

from workshops.certification import urls as certification_urls
from workshops.check_ins import views as check_in_views
from workshops.grading import views as grading_views
from workshops.outcomes import views as outcome_views
from workshops.plans import document_views, views
from workshops.self_assessment import urls as self_assessment_urls
from workshops.sharing import views as peer_views

app_name = "workshops"

urlpatterns = [
    path("plan/<int:enrolment_id>/", views.plan_editor, name="plan_editor"),
    path("plan/<int:enrolment_id>/autosave/", views.plan_autosave, name="plan_autosave"),
    path("plan/<int:enrolment_id>/diff/", views.plan_diff, name="plan_diff"),
    path("plan/<int:enrolment_id>/versions/<int:number>/", views.plan_version, name="plan_version"),
    path(
        "plan/<int:enrolment_id>/attachments/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "plan/<int:enrolment_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "plan/<int:enrolment_id>/attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]

# Grading.
urlpatterns += [
    path("grading/", grading_views.grading_queue, name="grading_queue"),
    path("grading/release/", grading_views.grading_bulk_release, name="grading_bulk_release"),
    path("grading/<int:submission_id>/", grading_views.grading_screen, name="grading_screen"),
    path(
        "grading/workshop/<int:workshop_id>/grades.csv",
        grading_views.grades_csv,
        name="grades_csv",
    ),
]

# Plan documents, sharing with the cohort and peer comments.
urlpatterns += [
    path(
        "plan/<int:enrolment_id>/versions/<int:number>/pdf/",
        document_views.plan_pdf,
        name="plan_pdf",
    ),
    path(
        "plan/<int:enrolment_id>/versions/<int:number>/attachments/<int:attachment_id>/",
        document_views.version_attachment_download,
        name="version_attachment_download",
    ),
    path(
        "workshop/<int:workshop_id>/plans.zip",
        document_views.workshop_plans_zip,
        name="workshop_plans_zip",
    ),
    path(
        "plan/<int:enrolment_id>/versions/<int:number>/share/",
        peer_views.plan_share,
        name="plan_share",
    ),
    path(
        "plan/<int:enrolment_id>/versions/<int:number>/withdraw/",
        peer_views.plan_share_withdraw,
        name="plan_share_withdraw",
    ),
    path(
        "cohort/<int:cohort_id>/shared/",
        peer_views.cohort_shared_plans,
        name="cohort_shared_plans",
    ),
    path(
        "cohort/<int:cohort_id>/shared/<int:version_id>/",
        peer_views.shared_plan,
        name="shared_plan",
    ),
]

# Alumni check-ins.
urlpatterns += [
    path("check-ins/", check_in_views.check_in_list, name="check_in_list"),
    path(
        "check-ins/<int:enrolment_id>/<int:fiscal_year>/",
        check_in_views.check_in,
        name="check_in",
    ),
    path(
        "check-ins/<int:enrolment_id>/<int:fiscal_year>/versions/<int:number>/",
        check_in_views.check_in_version,
        name="check_in_version",
    ),
]

# Programme outcomes, for administrators and the city's staff.
urlpatterns += [
    path("outcomes/", outcome_views.outcomes, name="outcomes"),
    path("outcomes.csv", outcome_views.outcomes_csv, name="outcomes_csv"),
]

# DX認定: readiness, the company's records and the documents (docs/certification.md).
urlpatterns += certification_urls.urlpatterns
urlpatterns += self_assessment_urls.urlpatterns

# Presentation day.
urlpatterns += [path("presentations/", include("workshops.presentations.urls"))]

from django.urls import path

from workshops.certification import views

urlpatterns = [
    path(
        "plan/<int:enrolment_id>/certification/",
        views.readiness,
        name="certification_readiness",
    ),
    path(
        "plan/<int:enrolment_id>/certification/records/",
        views.record_edit,
        name="certification_record",
    ),
    path(
        "plan/<int:enrolment_id>/certification/publication/<str:criterion>/",
        views.publication_edit,
        name="certification_publication",
    ),
    path(
        "plan/<int:enrolment_id>/certification/strategy/",
        views.strategy_page,
        name="dx_strategy",
    ),
    path(
        "plan/<int:enrolment_id>/certification/strategy.pdf",
        views.strategy_pdf,
        name="dx_strategy_pdf",
    ),
    path(
        "plan/<int:enrolment_id>/certification/application.docx",
        views.application_docx,
        name="certification_application_docx",
    ),
]

from django.urls import path

from workshops.self_assessment import views

urlpatterns = [
    path(
        "plan/<int:enrolment_id>/self-assessment/<int:fiscal_year>/",
        views.self_assessment,
        name="self_assessment",
    ),
    path(
        "plan/<int:enrolment_id>/self-assessment/<int:fiscal_year>.xlsx",
        views.self_assessment_xlsx,
        name="self_assessment_xlsx",
    ),
]

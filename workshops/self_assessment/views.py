"""The participant's DX推進指標 self-assessment: the form (one per fiscal year, linked from the
DX認定 readiness page) and its spreadsheet. The participant writes; the cohort's teaching team and
administrators read; anyone else gets 403, as for a missing enrolment (school/access_policy.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cohorts.models import Enrolment
from workshops import permissions
from workshops.self_assessment import selectors, services, spreadsheet
from workshops.self_assessment.forms import SelfAssessmentForm, level_label
from workshops.self_assessment.indicator import LEVELS, active

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _enrolment_to_read(request, enrolment_id) -> Enrolment:
    enrolment = Enrolment.objects.select_related("company", "user", "cohort")
    enrolment = enrolment.filter(pk=enrolment_id).first()
    if enrolment is None or not permissions.user_may_read_plan(
        user=request.user, enrolment=enrolment
    ):
        raise PermissionDenied
    return enrolment


@login_required
@never_cache
def self_assessment(request, enrolment_id, fiscal_year):
    enrolment = _enrolment_to_read(request, enrolment_id)
    may_edit = permissions.user_may_edit_self_assessment(user=request.user, enrolment=enrolment)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    assessment = selectors.assessment_for(enrolment=enrolment, fiscal_year=fiscal_year)
    form = SelfAssessmentForm(
        request.POST if request.method == "POST" else None,
        assessment=assessment,
        read_only=not may_edit,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_save(
                enrolment=enrolment,
                fiscal_year=fiscal_year,
                by=request.user,
                ratings=form.ratings(),
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The self-assessment was saved."))
            return redirect(
                "workshops:self_assessment", enrolment_id=enrolment.pk, fiscal_year=fiscal_year
            )
    fields = form.bound_rows()
    groups = [
        (group, [(row, *fields[row.item.code]) for row in rows])
        for group, rows in selectors.rows_of(assessment)
    ]
    return render(
        request,
        "workshops/self_assessment/form.html",
        {
            "enrolment": enrolment,
            "fiscal_year": fiscal_year,
            "assessment": assessment,
            "form": form,
            "groups": groups,
            "levels": [(level_label(level), level.description) for level in LEVELS],
            "may_edit": may_edit,
            "official_item_count": active().official_item_count,
            "catalogue": active(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
def self_assessment_xlsx(request, enrolment_id, fiscal_year):
    enrolment = _enrolment_to_read(request, enrolment_id)
    assessment = selectors.assessment_for(enrolment=enrolment, fiscal_year=fiscal_year)
    response = HttpResponse(
        spreadsheet.self_assessment_xlsx(
            enrolment=enrolment, fiscal_year=fiscal_year, assessment=assessment
        ),
        content_type=XLSX_TYPE,
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"dx-suishin-shihyo-{enrolment.pk}-FY{fiscal_year}.xlsx"
    )
    return response

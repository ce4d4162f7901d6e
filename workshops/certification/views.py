"""DX認定: the readiness page (linked from the plan editor), the forms for the company's records,
and the documents made from the latest submitted version. The participant writes; the teaching
team and administrators read; anyone else gets 403 (school/access_policy.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cohorts.models import Enrolment
from workshops import permissions
from workshops.certification import documents, selectors, services
from workshops.certification.criteria import CRITERIA_BY_CODE
from workshops.certification.forms import CertificationRecordForm, CriterionPublicationForm
from workshops.models import CriterionPublication
from workshops.self_assessment import selectors as self_assessment_selectors

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _enrolment_to_read(request, enrolment_id) -> Enrolment:
    # A missing enrolment answers as a forbidden one: the address tells nobody what exists.
    enrolment = Enrolment.objects.select_related("company", "user", "cohort").filter(
        pk=enrolment_id
    )
    enrolment = enrolment.first()
    if enrolment is None or not permissions.user_may_read_plan(
        user=request.user, enrolment=enrolment
    ):
        raise PermissionDenied
    return enrolment


def _may_edit(request, enrolment) -> bool:
    return permissions.user_may_edit_certification(user=request.user, enrolment=enrolment)


@login_required
@never_cache
def readiness(request, enrolment_id):
    enrolment = _enrolment_to_read(request, enrolment_id)
    result = selectors.enrolment_readiness(enrolment=enrolment)
    return render(
        request,
        "workshops/certification/readiness.html",
        {
            "enrolment": enrolment,
            "readiness": result,
            "may_edit": _may_edit(request, enrolment),
            "latest": selectors.latest_version(enrolment=enrolment),
            "self_assessment": self_assessment_selectors.latest_summary(enrolment=enrolment),
        },
    )


@login_required
@never_cache
def record_edit(request, enrolment_id):
    enrolment = _enrolment_to_read(request, enrolment_id)
    may_edit = _may_edit(request, enrolment)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    record = selectors.record_for(company_id=enrolment.company_id)
    form = CertificationRecordForm(
        request.POST if request.method == "POST" else None,
        instance=record,
        read_only=not may_edit,
    )
    if request.method == "POST" and form.is_valid():
        services.certification_record_save(
            company=enrolment.company, by=request.user, values=form.cleaned_data
        )
        messages.success(request, _("The DX certification records were saved."))
        return redirect("workshops:certification_readiness", enrolment_id=enrolment.pk)
    return render(
        request,
        "workshops/certification/record_form.html",
        {"enrolment": enrolment, "form": form, "may_edit": may_edit},
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
def publication_edit(request, enrolment_id, criterion):
    enrolment = _enrolment_to_read(request, enrolment_id)
    chosen = CRITERIA_BY_CODE.get(criterion)
    if chosen is None or not chosen.needs_publication:
        raise Http404
    may_edit = _may_edit(request, enrolment)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    record = selectors.record_for(company_id=enrolment.company_id)
    instance = selectors.publications_of(record).get(criterion) or CriterionPublication(
        criterion=criterion
    )
    form = CriterionPublicationForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        read_only=not may_edit,
    )
    if request.method == "POST" and form.is_valid():
        services.criterion_publication_save(
            company=enrolment.company, by=request.user, criterion=criterion, **form.cleaned_data
        )
        messages.success(request, _("The publication was recorded."))
        return redirect("workshops:certification_readiness", enrolment_id=enrolment.pk)
    return render(
        request,
        "workshops/certification/publication_form.html",
        {"enrolment": enrolment, "form": form, "criterion": chosen, "may_edit": may_edit},
        status=400 if form.errors else 200,
    )


def _document_language(request) -> str:
    asked = request.GET.get("language")
    if asked in ("ja", "en"):
        return asked
    return "en" if translation.get_language() == "en" else "ja"


def _latest_or_404(enrolment):
    version = selectors.latest_version(enrolment=enrolment)
    if version is None:
        raise Http404
    return version


@login_required
@never_cache
def strategy_page(request, enrolment_id):
    enrolment = _enrolment_to_read(request, enrolment_id)
    version = _latest_or_404(enrolment)
    language = _document_language(request)
    with translation.override(language):
        context = documents.strategy_context(version=version)
    return render(
        request,
        "workshops/certification/strategy_page.html",
        {**context, "document_language": language},
    )


@login_required
@never_cache
def strategy_pdf(request, enrolment_id):
    enrolment = _enrolment_to_read(request, enrolment_id)
    version = _latest_or_404(enrolment)
    language = _document_language(request)
    response = HttpResponse(
        documents.strategy_pdf(version=version, language=language),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=documents.filename(version, "dx-strategy", language, "pdf")
    )
    return response


@login_required
@never_cache
def application_docx(request, enrolment_id):
    enrolment = _enrolment_to_read(request, enrolment_id)
    version = _latest_or_404(enrolment)
    language = _document_language(request)
    response = HttpResponse(
        documents.application_docx(version=version, language=language), content_type=DOCX_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True,
        filename=documents.filename(version, "dx-certification-draft", language, "docx"),
    )
    return response

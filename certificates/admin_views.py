"""Back-office pages: a cohort's eligibility with the issue button, revocation, re-issue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from certificates import selectors, services
from certificates.forms import ReasonForm
from certificates.issuing_progress import issuing_forget, issuing_progress, issuing_started
from certificates.models import Certificate
from cohorts.models import Cohort, Enrolment
from cohorts.selectors import cohorts_for_admin_list


def _require_administrator(request):
    if not request.user.is_programme_administrator:
        raise PermissionDenied


def cohort_index(request):
    _require_administrator(request)
    return TemplateResponse(
        request,
        "certificates/admin/cohort_index.html",
        {
            "cohorts": cohorts_for_admin_list().order_by("-starts_on"),
            "page_title": _("Certificates"),
            "header_title": _("Certificates"),
            "header_icon": "doc-full",
        },
    )


def _to_issue(rows: list[selectors.Eligibility]) -> list[int]:
    """The enrolments "Issue the cohort's certificates" would issue: the eligible ones without
    a certificate, or with one an interrupted run left pending."""
    return [
        row.enrolment.pk
        for row in rows
        if row.eligible
        and (row.certificate is None or row.certificate.status == Certificate.Status.PENDING)
    ]


def _common_reasons(rows: list[selectors.Eligibility]) -> list[str]:
    """The reasons that hold for everyone (the course is not over, no session held): the
    reason the whole cohort cannot be issued yet."""
    if not rows:
        return []
    shared = set(rows[0].reasons).intersection(*(row.reasons for row in rows[1:]))
    return [reason for reason in rows[0].reasons if reason in shared]


def eligibility(request, cohort_id):
    _require_administrator(request)
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=cohort_id)
    rows = selectors.cohort_eligibility(cohort=cohort)
    progress = issuing_progress(cohort_id=cohort.pk)
    if progress is not None and progress.finished:
        issuing_forget(cohort_id=cohort.pk)
    return TemplateResponse(
        request,
        "certificates/admin/eligibility.html",
        {
            "cohort": cohort,
            "rows": rows,
            "eligible_count": sum(1 for row in rows if row.eligible),
            "to_issue": len(_to_issue(rows)),
            "common_reasons": _common_reasons(rows),
            "progress": progress,
            "page_title": _("Certificates: %(cohort)s") % {"cohort": cohort.name},
            "header_title": _("Certificates: %(cohort)s") % {"cohort": cohort.name},
            "header_icon": "doc-full",
        },
    )


def issuing_progress_json(request, cohort_id):
    _require_administrator(request)
    progress = issuing_progress(cohort_id=cohort_id)
    if progress is None:
        return JsonResponse({"following": False})
    return JsonResponse(
        {
            "following": True,
            "done": progress.done,
            "total": progress.total,
            "percent": progress.percent,
            "finished": progress.finished,
        }
    )


@require_POST
def issue_for_cohort(request, cohort_id):
    _require_administrator(request)
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=cohort_id)
    to_issue = _to_issue(selectors.cohort_eligibility(cohort=cohort))
    if to_issue:
        issuing_started(cohort_id=cohort.pk, enrolment_ids=to_issue)
    queued = services.certificates_issue_for_cohort(cohort=cohort)
    if queued:
        messages.success(
            request,
            ngettext(
                "The certificate of %(count)s participant is being issued.",
                "Certificates for %(count)s participants are being issued.",
                queued,
            )
            % {"count": queued},
        )
    else:
        messages.info(request, _("Every eligible participant already has a certificate."))
    return redirect("certificates_admin_eligibility", cohort.pk)


@require_POST
def issue_for_enrolment(request, enrolment_id):
    """One participant's certificate, e.g. after a late grade made them eligible."""
    _require_administrator(request)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("user", "cohort"), pk=enrolment_id
    )
    try:
        services.certificate_issue(enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The certificate of %(name)s is being issued.") % {"name": enrolment.user},
        )
    return redirect("certificates_admin_eligibility", enrolment.cohort_id)


def _reason_view(request, certificate_id, *, action, action_label, title, done):
    _require_administrator(request)
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment__cohort"), pk=certificate_id
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(certificate=certificate, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, done % {"serial": certificate.serial})
            return redirect("certificates_admin_eligibility", certificate.enrolment.cohort_id)
    return TemplateResponse(
        request,
        "certificates/admin/reason_form.html",
        {
            "certificate": certificate,
            "form": form,
            "action_label": action_label,
            "page_title": title,
            "header_title": title,
            "header_icon": "doc-full",
        },
    )


def revoke(request, certificate_id):
    return _reason_view(
        request,
        certificate_id,
        action=services.certificate_revoke,
        action_label=_("Revoke"),
        title=_("Revoke a certificate"),
        done=_("Certificate %(serial)s is revoked."),
    )


def reissue(request, certificate_id):
    return _reason_view(
        request,
        certificate_id,
        action=services.certificate_reissue,
        action_label=_("Re-issue"),
        title=_("Re-issue a certificate with the participant's current name"),
        done=_("Certificate %(serial)s is re-issued."),
    )

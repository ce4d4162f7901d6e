from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from certificates import lookup_throttling, selectors
from certificates.credentials.presenting import verification_page_context
from certificates.forms import VerifyForm
from certificates.models import Certificate

# An unknown code is answered with 200 and the words "not found", not with 404: below the
# language prefix Django's LocaleMiddleware turns every 404 into a redirect to /ja/..., which
# would look like a page that exists.
NOT_FOUND = 200


def _lookup(request, code: str) -> tuple[Certificate | None, int]:
    """The certificate for a code or serial, or None and the status to answer: NOT_FOUND for
    an unknown one, 429 once the address has failed too often."""
    if lookup_throttling.is_blocked(request):
        return None, 429
    certificate = selectors.certificate_for_lookup(code_or_serial=code)
    if certificate is None:
        lookup_throttling.record_failure(request)
        return None, NOT_FOUND
    return certificate, 200


def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        certificate, status = _lookup(request, form.cleaned_data["code"])
        if certificate is not None:
            return redirect("certificates:verify", certificate.verification_code)
        return _not_found(request, status, form)
    return TemplateResponse(request, "certificates/verify_form.html", {"form": form})


def _not_found(request, status, form=None):
    message = (
        _("Too many lookups from your address. Please try again later.")
        if status == 429
        else _("Not found.")
    )
    response = TemplateResponse(
        request,
        "certificates/verify_form.html",
        {"form": form or VerifyForm(), "message": message},
        status=status,
    )
    # Never kept by the public page cache: a code unknown now may be issued in a minute.
    add_never_cache_headers(response)
    return response


def verify(request, code):
    if request.GET.get("format") == "json":
        return verify_json(request, code)
    certificate, status = _lookup(request, code)
    if certificate is None:
        return _not_found(request, status)
    return TemplateResponse(
        request,
        "certificates/verify.html",
        {"certificate": certificate, **verification_page_context(certificate)},
    )


def verify_json(request, code):
    certificate, status = _lookup(request, code)
    if certificate is None:
        answer = "rate_limited" if status == 429 else "not_found"
        response = JsonResponse({"status": answer}, status=status)
        add_never_cache_headers(response)
        return response
    return JsonResponse(
        {
            "status": "valid" if certificate.is_valid else "revoked",
            "serial": certificate.serial,
            "version": certificate.version,
            "name": {
                "ja": certificate.full_name,
                "kana": certificate.full_name_kana,
                "roman": certificate.full_name_roman,
            },
            "programme": {
                "ja": certificate.programme_name_ja,
                "en": certificate.programme_name_en,
            },
            "cohort": {"ja": certificate.cohort_name_ja, "en": certificate.cohort_name_en},
            "cohort_dates": [
                certificate.cohort_starts_on.isoformat(),
                certificate.cohort_ends_on.isoformat(),
            ],
            "completed_on": certificate.completed_on.isoformat(),
            "issuing_institutions": certificate.institutions,
            "pdf_sha256": certificate.pdf_sha256,
            "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
            "revocation_reason": certificate.revoked_reason or None,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
def download(request, certificate_id):
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment"), pk=certificate_id
    )
    if not selectors.user_may_download(user=request.user, certificate=certificate):
        raise PermissionDenied
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

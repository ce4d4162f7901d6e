from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from certificates import lookup_throttling, selectors
from certificates.credentials.presenting import verification_page_context
from certificates.forms import VerifyForm
from certificates.models import Certificate

# An unknown code answers 404 (school/locale_middleware.py keeps it a 404 below the language
# prefix). A lookup answers the holder's names, so nothing of it is kept by a shared cache or
# the public page cache: every lookup reaches the view and counts toward the address's limit.
NOT_FOUND = 404
RATE_LIMITED = 429


def _lookup(request, code: str) -> tuple[Certificate | None, int]:
    """The certificate for a verification code, or None and the status to answer: NOT_FOUND for
    an unknown one, RATE_LIMITED once the address has looked up too often."""
    if not lookup_throttling.count_lookup(request):
        return None, RATE_LIMITED
    certificate = selectors.certificate_for_lookup(code=code)
    if certificate is None:
        return None, NOT_FOUND
    return certificate, 200


@never_cache
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if not form.is_bound:
        return TemplateResponse(request, "certificates/verify_form.html", {"form": form})
    # A refused entry (a serial typed alone) is a lookup too: it counts like any other.
    allowed = lookup_throttling.count_lookup(request)
    if not allowed:
        return _not_found(request, RATE_LIMITED, form)
    if not form.is_valid():
        return TemplateResponse(
            request, "certificates/verify_form.html", {"form": form}, status=400
        )
    certificate = selectors.certificate_for_lookup(code=form.cleaned_data["code"])
    if certificate is None:
        return _not_found(request, NOT_FOUND, form)
    return TemplateResponse(request, "certificates/verify.html", {"certificate": certificate})


def _not_found(request, status, form=None):
    message = (
        _("Too many lookups from your address. Please try again later.")
        if status == RATE_LIMITED
        else _("Not found.")
    )
    return TemplateResponse(
        request,
        "certificates/verify_form.html",
        {"form": form or VerifyForm(), "message": message},
        status=status,
    )


@never_cache
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


@never_cache
def verify_json(request, code):
    certificate, status = _lookup(request, code)
    if certificate is None:
        answer = "rate_limited" if status == RATE_LIMITED else "not_found"
        return JsonResponse({"status": answer}, status=status)
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
    if not certificate.pdf:
        raise Http404
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

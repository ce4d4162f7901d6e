"""The public addresses of the credentials: the DID document, the status lists, each
certificate's credential file, the achievements, and the page that verifies a file."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from certificates.credentials import documents, selectors
from certificates.credentials.forms import CredentialForm
from certificates.credentials.verification import verify_credential
from certificates.models import Certificate
from cohorts.models import Programme

JSON_LD = "application/ld+json"


def _public(response, *, seconds: int):
    # Wallets and verifiers running in a browser fetch these from other origins.
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=seconds)
    return response


def did_document(request):
    document = documents.did_document(public_keys=selectors.public_keys())
    return _public(JsonResponse(document), seconds=300)


def status_list(request, number: int):
    text = selectors.status_list_text(number=number)
    if text is None:
        raise Http404
    # A revocation must show soon: a minute in caches at most.
    return _public(HttpResponse(text, content_type=JSON_LD), seconds=60)


def download(request, code: str):
    certificate = get_object_or_404(
        Certificate.objects.exclude(status=Certificate.Status.PENDING), verification_code=code
    )
    credential = selectors.current_credential(certificate=certificate)
    if credential is None:
        raise Http404
    response = HttpResponse(credential.document, content_type=JSON_LD)
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def achievement(request, code: str):
    """An achievement's identifier leads to its programme's page (the home page while the
    programme has none published)."""
    programme = get_object_or_404(Programme.objects.select_related("page"), code__iexact=code)
    if programme.page is None or not programme.page.live:
        return redirect("home")
    return redirect(programme.page.url)


def verify_file(request):
    form = CredentialForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = verify_credential(form.cleaned_data["document"])
    response = TemplateResponse(
        request, "certificates/credentials/verify_file.html", {"form": form, "result": result}
    )
    return response

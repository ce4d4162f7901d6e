"""Plans as documents: one version as a PDF, a workshop's plans as a ZIP of PDFs, and the files
attached to a plan or to a version of it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from cohorts.selectors import user_teaches_cohort
from workshops import permissions
from workshops.models import VersionAttachment, Workshop
from workshops.plans import documents, selectors


def _language() -> str:
    return "en" if translation.get_language() == "en" else "ja"


@login_required
@never_cache
def plan_pdf(request, enrolment_id, number):
    version = get_object_or_404(
        selectors.version_queryset(), enrolment_id=enrolment_id, number=number
    )
    if not permissions.user_may_read_version(user=request.user, version=version):
        raise PermissionDenied
    pdf = documents.plan_pdf(version=version, language=_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=documents.plan_pdf_filename(version)
    )
    return response


def attachment_response(attachment) -> FileResponse:
    """A participant's file, always as a download and never shown inline: it never runs as a
    page on the school's origin, whatever it contains."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@never_cache
def version_attachment_download(request, enrolment_id, number, attachment_id):
    """A file the version was handed in with, for whoever may read that version."""
    version = get_object_or_404(
        selectors.version_queryset(), enrolment_id=enrolment_id, number=number
    )
    if not permissions.user_may_read_version(user=request.user, version=version):
        raise PermissionDenied
    attachment = get_object_or_404(VersionAttachment, pk=attachment_id, version=version)
    return attachment_response(attachment)


@login_required
@never_cache
def workshop_plans_zip(request, workshop_id):
    workshop = get_object_or_404(Workshop.objects.select_related("cohort"), pk=workshop_id)
    if not user_teaches_cohort(user=request.user, cohort_id=workshop.cohort_id):
        raise PermissionDenied
    # Read every version now: the stream runs after the view returns, without queries.
    versions = list(selectors.latest_versions_for_workshop(workshop=workshop))
    response = StreamingHttpResponse(
        documents.plans_zip_stream(versions=versions, language=_language()),
        content_type="application/zip",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"dx-plans_workshop-{workshop.pk}.zip"
    )
    return response

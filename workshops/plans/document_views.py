"""Plans as documents: one version as a PDF, a workshop's plans as a ZIP of PDFs, and the files
attached to a plan or to a version of it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from cohorts.models import Enrolment
from cohorts.selectors import user_teaches_cohort
from workshops import permissions
from workshops.audit import PlanRead, plan_read_record, plan_reads_record
from workshops.models import PlanAttachment, VersionAttachment, Workshop
from workshops.plans import documents, selectors, stored_documents


def _language() -> str:
    return "en" if translation.get_language() == "en" else "ja"


def _version_to_read(request, enrolment_id, number):
    """The version, for whoever may read it. Whether someone may is decided before any version
    is looked up, and to one who may not read the plan a missing version and an unshared one
    answer the same 403: the answer must not tell a peer whether, or how often, someone handed
    in (OWASP ASVS 4.0, V4.2.1: direct object references)."""
    enrolment = Enrolment.objects.filter(pk=enrolment_id).only("pk", "user_id", "cohort_id").first()
    if enrolment is None:
        raise PermissionDenied
    reads_plan = permissions.user_may_read_plan(user=request.user, enrolment=enrolment)
    if not reads_plan and not permissions.user_may_read_shared_plans(
        user=request.user, cohort_id=enrolment.cohort_id
    ):
        raise PermissionDenied
    version = selectors.version_queryset().filter(enrolment=enrolment, number=number).first()
    if reads_plan:
        # The author and the teaching team see every version anyway: a 404 tells them nothing.
        if version is None:
            raise Http404
        return version
    if version is None or not permissions.user_may_read_version(user=request.user, version=version):
        raise PermissionDenied
    return version


@login_required
@never_cache
def plan_pdf(request, enrolment_id, number):
    version = _version_to_read(request, enrolment_id, number)
    plan_read_record(
        user=request.user,
        owner_id=version.enrolment.user_id,
        obj=version,
        what=PlanRead.VERSION_PDF,
    )
    try:
        document = stored_documents.version_document_get_or_render(
            version=version, language=_language()
        )
    except stored_documents.NotRendered:
        return render(
            request, "workshops/plan_pdf_unavailable.html", {"version": version}, status=503
        )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=documents.plan_pdf_filename(version),
        content_type="application/pdf",
    )


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
    version = _version_to_read(request, enrolment_id, number)
    attachment = get_object_or_404(VersionAttachment, pk=attachment_id, version=version)
    plan_read_record(
        user=request.user,
        owner_id=version.enrolment.user_id,
        obj=attachment,
        what=PlanRead.ATTACHMENT,
    )
    return attachment_response(attachment)


def plan_attachment_download(request, enrolment_id, attachment_id):
    """A file attached to the draft plan, for the author and the teaching team. A missing plan
    answers as a forbidden one does (403), so the address tells nobody which plans exist."""
    enrolment = Enrolment.objects.filter(pk=enrolment_id).only("pk", "user_id", "cohort_id").first()
    if enrolment is None or not permissions.user_may_read_plan(
        user=request.user, enrolment=enrolment
    ):
        raise PermissionDenied
    attachment = get_object_or_404(PlanAttachment, pk=attachment_id, plan__enrolment=enrolment)
    plan_read_record(
        user=request.user, owner_id=enrolment.user_id, obj=attachment, what=PlanRead.ATTACHMENT
    )
    return attachment_response(attachment)


@login_required
@never_cache
def workshop_plans_zip(request, workshop_id):
    workshop = get_object_or_404(Workshop.objects.select_related("cohort"), pk=workshop_id)
    if not user_teaches_cohort(user=request.user, cohort_id=workshop.cohort_id):
        raise PermissionDenied
    # Read every version now: the stream runs after the view returns, without queries.
    versions = list(selectors.latest_versions_for_workshop(workshop=workshop))
    plan_reads_record(
        user=request.user,
        reads=[(version.enrolment.user_id, version) for version in versions],
        what=PlanRead.VERSION_PDF,
    )
    response = StreamingHttpResponse(
        documents.plans_zip_stream(
            pdfs=stored_documents.version_pdfs(versions=versions, language=_language())
        ),
        content_type="application/zip",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"dx-plans_workshop-{workshop.pk}.zip"
    )
    return response

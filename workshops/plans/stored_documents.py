"""The PDF of a submitted version, rendered once, within a time limit, and kept
(models/documents.py): the version page's download and the workshop's ZIP serve the stored file.

Rendering happens outside any transaction (it may take seconds, and on SQLite a transaction
holds the write lock); the row is written afterwards. Two requests rendering the same version at
once both render and one row is kept: the download deletes the other file, the ZIP (which stores
its rows in one query and reads nothing back, to keep its fixed number of queries) leaves it
unreferenced in the private storage, a rare file of no one's that costs only its space.
"""

import hashlib
import logging
import time
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from school.pdf_rendering import RenderFailed, RenderTimeout
from workshops.models import PlanVersion, VersionDocument
from workshops.plans import documents

logger = logging.getLogger(__name__)

# What the view and the ZIP catch: the version could not be rendered in time, or at all.
NotRendered = (RenderTimeout, RenderFailed)


def _rendered(*, version: PlanVersion, language: str) -> VersionDocument:
    """A new document row, its file already in the private storage, not yet saved."""
    started = time.monotonic()
    try:
        pdf = documents.plan_pdf_within(
            version=version, language=language, seconds=settings.PDF_RENDER_TIME_LIMIT_SECONDS
        )
    except NotRendered:
        logger.error(
            "The PDF of plan version %s (%s) was not rendered within %s s",
            version.pk,
            language,
            settings.PDF_RENDER_TIME_LIMIT_SECONDS,
        )
        raise
    document = VersionDocument(
        version=version,
        language=language,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        render_ms=round((time.monotonic() - started) * 1000),
    )
    document.file.save("plan.pdf", ContentFile(pdf), save=False)
    document.full_clean(exclude=["version"], validate_constraints=False)
    return document


def version_document_get_or_render(*, version: PlanVersion, language: str) -> VersionDocument:
    """The stored PDF of the version in `language`, rendered and stored first if there is none.
    Raises RenderTimeout or RenderFailed (storing nothing) when it cannot be rendered in time."""
    stored = VersionDocument.objects.filter(version=version, language=language).first()
    if stored is not None:
        return stored
    document = _rendered(version=version, language=language)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Rendered by another request meanwhile: theirs is kept.
        document.file.delete(save=False)
        return VersionDocument.objects.get(version=version, language=language)
    return document


def _store(documents_rendered: list[VersionDocument]) -> None:
    if not documents_rendered:
        return
    VersionDocument.objects.bulk_create(documents_rendered, ignore_conflicts=True)


def version_pdfs(
    *, versions: Iterable[PlanVersion], language: str
) -> Iterator[tuple[PlanVersion, bytes | None]]:
    """Each version with its stored PDF, one at a time (None for one that could not be rendered
    in time). The missing ones are rendered once and stored together at the end, so a ZIP of
    any number of plans costs the same number of queries."""
    versions = list(versions)
    stored = {
        document.version_id: document
        for document in VersionDocument.objects.filter(
            version__in=[version.pk for version in versions], language=language
        )
    }
    rendered: list[VersionDocument] = []
    try:
        for version in versions:
            document = stored.get(version.pk)
            if document is None:
                try:
                    document = _rendered(version=version, language=language)
                except NotRendered:
                    yield version, None
                    continue
                rendered.append(document)
            with document.file.open("rb") as pdf:
                yield version, pdf.read()
    finally:
        # Also when the download was broken off: what was rendered is kept.
        _store(rendered)

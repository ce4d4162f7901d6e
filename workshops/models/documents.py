"""The PDF of a submitted version, rendered once and kept.

A version never changes, so its PDF need not be rendered on every request: the first request
(or the workshop's ZIP) renders it within a time limit and stores it here, and every later one
serves the stored file (workshops/plans/stored_documents.py). One per version and language, as
the PDF's labels and the author's name are in the reader's language.

The row is not frozen like the version: it is a copy that may be thrown away (to render again
after the PDF template changes, or when a person's data is erased), never edited.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school.private_storage import private_storage


def version_document_upload_to(instance, filename: str) -> str:
    # A random folder, as for attachments: the path can neither be guessed nor collide.
    return f"plan-versions/{uuid.uuid4().hex}/plan-{instance.language}.pdf"


class VersionDocument(models.Model):
    class Language(models.TextChoices):
        JAPANESE = "ja", _("Japanese")
        ENGLISH = "en", _("English")

    version = models.ForeignKey(
        "workshops.PlanVersion",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("plan version"),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    file = models.FileField(
        _("file"), upload_to=version_document_upload_to, storage=private_storage, max_length=200
    )
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # How long the rendering took, for the operators: bench/plan_pdf.py measures the largest plan.
    render_ms = models.PositiveIntegerField(_("rendering time (ms)"), default=0)

    class Meta:
        verbose_name = _("plan version PDF")
        verbose_name_plural = _("plan version PDFs")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"],
                name="version_document_one_per_language",
                violation_error_message=_("This version already has a PDF in this language."),
            )
        ]

    def __str__(self):
        return f"{self.version} ({self.language})"

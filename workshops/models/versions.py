"""Submissions and the frozen plan versions they create.

A version is a record of what was handed in: grades and feedback will refer to it, so it must
never change. Three layers refuse: save() and delete() here, the queryset's bulk update() and
delete(), and a database trigger (migration 0002) for raw SQL and anything else. The version's
attachments are frozen with it, the same three ways (trigger: migration 0010).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school.private_storage import private_storage
from workshops.models.plans import attachment_upload_to


class ImmutableVersionError(Exception):
    """Raised on any attempt to change or remove a frozen plan version."""


IMMUTABLE_MESSAGE = "A submitted plan version cannot be changed or deleted."


class FrozenQuerySet(models.QuerySet):
    """Refuses the bulk paths (update, delete, bulk_update) for rows that never change."""

    def update(self, **kwargs):
        raise ImmutableVersionError(self.model.FROZEN_MESSAGE)

    def delete(self):
        raise ImmutableVersionError(self.model.FROZEN_MESSAGE)

    # bulk_update goes through update(); named here so the refusal is plain to see.
    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableVersionError(self.model.FROZEN_MESSAGE)


class FrozenModel(models.Model):
    """A row written once: save() only inserts, delete() refuses, and so does the queryset. A
    database trigger per table (migrations) refuses whatever goes around them."""

    FROZEN_MESSAGE = "This record cannot be changed or deleted."

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableVersionError(self.FROZEN_MESSAGE)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableVersionError(self.FROZEN_MESSAGE)


class Submission(models.Model):
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("workshop"),
    )
    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        on_delete=models.PROTECT,
        related_name="plan_submissions",
        verbose_name=_("enrolment"),
    )
    version_number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "enrolment", "version_number"],
                name="submission_one_per_version",
                violation_error_message=_(
                    "This version of the plan has already been submitted to this workshop."
                ),
            )
        ]

    def __str__(self):
        return f"{self.enrolment.user} — {self.workshop} (v{self.version_number})"


class PlanVersion(FrozenModel):
    FROZEN_MESSAGE = IMMUTABLE_MESSAGE

    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        on_delete=models.PROTECT,
        related_name="plan_versions",
        verbose_name=_("enrolment"),
    )
    number = models.PositiveIntegerField(_("version"))
    # The whole plan as submitted: sections, maturity scores, KPIs with targets, roadmap and
    # the attachments' names. Written once by workshops.plans.services.plan_submit.
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submission = models.ForeignKey(
        Submission,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("submission"),
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["enrolment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "number"],
                name="plan_version_unique",
                violation_error_message=_("This plan already has a version with this number."),
            )
        ]

    def __str__(self):
        return f"{self.enrolment} v{self.number}"


class VersionAttachment(FrozenModel):
    """An attachment as it was handed in with a version.

    It names the same stored file as the plan's attachment it was frozen from: nothing is
    copied, and removing the attachment from the living plan keeps the file while a version
    still names it (workshops.plans.services.attachment_remove).
    """

    FROZEN_MESSAGE = "An attachment of a submitted plan version cannot be changed or deleted."

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        related_name="attachments",
        verbose_name=_("plan version"),
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("plan version attachment")
        verbose_name_plural = _("plan version attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "file"],
                name="version_attachment_file_once_per_version",
                violation_error_message=_("This file is already attached to this version."),
            )
        ]

    def __str__(self):
        return self.original_name

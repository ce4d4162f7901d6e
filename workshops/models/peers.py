"""Sharing a submitted version with the cohort, and the cohort's comments on it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops import limits


class PlanShare(models.Model):
    """A version the author shared with their cohort; withdrawing deletes the row (comments
    stay, hidden with it, and come back if the author shares the version again)."""

    version = models.OneToOneField(
        "workshops.PlanVersion",
        on_delete=models.CASCADE,
        related_name="share",
        verbose_name=_("plan version"),
    )
    shared_at = models.DateTimeField(_("shared at"), default=timezone.now)

    class Meta:
        verbose_name = _("shared plan")
        verbose_name_plural = _("shared plans")
        ordering = ["-shared_at"]

    def __str__(self):
        return str(self.version)


class PeerComment(models.Model):
    version = models.ForeignKey(
        "workshops.PlanVersion",
        on_delete=models.CASCADE,
        related_name="peer_comments",
        verbose_name=_("plan version"),
    )
    # The commenter's enrolment: it must be in the same cohort as the version's (services).
    author = models.ForeignKey(
        "cohorts.Enrolment",
        on_delete=models.CASCADE,
        related_name="peer_comments",
        verbose_name=_("author"),
    )
    # A section name of the version's own schema (workshops/plans/sections.py: a DGC 2.0
    # version keeps its old names), "maturity", "kpis" or "roadmap".
    section = models.CharField(_("section"), max_length=60)
    body = models.TextField(_("comment"), max_length=limits.PEER_COMMENT_MAX_CHARS)
    # A reply answers a comment on the same version and section; replies are one level deep
    # (a reply to a reply answers the comment the thread started with).
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="replies",
        null=True,
        blank=True,
        verbose_name=_("reply to"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("peer comment")
        verbose_name_plural = _("peer comments")
        ordering = ["version", "section", "created_at"]

    def __str__(self):
        return f"{self.author} on {self.version} ({self.section})"

    def clean(self):
        # A text field's max_length binds only forms; this is the limit for every caller.
        message = limits.too_long_message(
            label=_("Comment"), text=self.body, limit=limits.PEER_COMMENT_MAX_CHARS
        )
        if message:
            raise ValidationError({"body": message})
        if self.parent_id is None:
            return
        parent = self.parent
        if parent.parent_id is not None or parent.version_id != self.version_id:
            raise ValidationError({"parent": _("A reply answers a comment on the same plan.")})
        if parent.section != self.section:
            raise ValidationError({"section": _("A reply stays in its comment's section.")})

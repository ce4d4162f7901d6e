"""Sharing a submitted version with the cohort, and the cohort's comments on it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    # A plan section name (Plan.SECTION_FIELDS), "maturity", "kpis" or "roadmap".
    section = models.CharField(_("section"), max_length=60)
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("peer comment")
        verbose_name_plural = _("peer comments")
        ordering = ["version", "section", "created_at"]

    def __str__(self):
        return f"{self.author} on {self.version} ({self.section})"


class DeadlineReminder(models.Model):
    """A reminder sent to one participant for one deadline: the unique constraint is what makes
    a second beat run (or two beats) send nothing twice. A new deadline (an extension) is a new
    deadline and gets its own reminders."""

    class Kind(models.TextChoices):
        HOURS_72 = "72h", _("72 hours before")
        HOURS_24 = "24h", _("24 hours before")

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="reminders"
    )
    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.CASCADE, related_name="deadline_reminders"
    )
    kind = models.CharField(max_length=3, choices=Kind.choices)
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "enrolment", "kind", "due_at"], name="deadline_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.enrolment} — {self.workshop} ({self.kind})"

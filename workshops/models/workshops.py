from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from school.languages import in_active_language


class Workshop(models.Model):
    """A task inside a cohort: here, writing and submitting the DX plan by a deadline."""

    cohort = models.ForeignKey(
        "cohorts.Cohort",
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("cohort"),
    )
    session = models.ForeignKey(
        "cohorts.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("session"),
        help_text=_("The session in which the workshop takes place, if any."),
    )
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    rubric = models.ForeignKey(
        "workshops.Rubric",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("rubric"),
        help_text=_("Plans handed in for this workshop are graded with this rubric."),
    )
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    # A rich text field: Wagtail's editor stores a whitelisted subset of HTML and the
    # `richtext` filter renders it, so no script in a brief ever reaches a participant.
    brief = RichTextField(_("brief"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    due_at = models.DateTimeField(_("due at"))
    allow_late_submission = models.BooleanField(
        _("allow late submission"),
        default=False,
        help_text=_("Accept submissions after the deadline, marked as late."),
    )
    allow_resubmission = models.BooleanField(
        _("allow resubmission"),
        default=False,
        help_text=_("Let a participant submit a new version after the first one."),
    )
    peer_comments_enabled = models.BooleanField(_("peers may comment"), default=False)
    required_for_completion = models.BooleanField(
        _("required for completion"),
        default=True,
        help_text=_("The plan must be submitted in this workshop to complete the cohort."),
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["due_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_at__gt=models.F("opens_at")),
                name="workshop_due_after_opening",
                violation_error_message=_(
                    "A workshop's deadline must come after it opens: check the two dates."
                ),
            ),
            models.UniqueConstraint(
                fields=["cohort", "title_ja"],
                name="workshop_unique_title",
                violation_error_message=_(
                    "This cohort already has a workshop with this Japanese title."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_active_language(self.title_ja, self.title_en)

    def clean(self):
        errors = {}
        if self.opens_at and self.due_at and self.due_at <= self.opens_at:
            errors["due_at"] = _("The workshop must be due after it opens.")
        if self.session_id and self.cohort_id and self.session.cohort_id != self.cohort_id:
            errors["session"] = _("The session belongs to another cohort.")
        if errors:
            raise ValidationError(errors)

    def effective_due_at(self, extension: "Extension | None" = None):
        """The deadline that applies to one participant: their extension, if they have one."""
        return extension.due_at if extension is not None else self.due_at

    def is_open(self, now=None) -> bool:
        return (now or timezone.now()) >= self.opens_at


class Extension(models.Model):
    """A later deadline for one participant in one workshop."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("workshop")
    )
    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        on_delete=models.CASCADE,
        related_name="workshop_extensions",
        verbose_name=_("enrolment"),
    )
    due_at = models.DateTimeField(_("new deadline"))
    reason = models.TextField(
        _("reason"), error_messages={"blank": _("Give the reason for the extension.")}
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["workshop", "due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "enrolment"],
                name="extension_one_per_participant",
                violation_error_message=_(
                    "This participant already has an extension for this workshop: edit that one."
                ),
            )
        ]

    def __str__(self):
        due = timezone.localtime(self.due_at)
        return f"{self.enrolment.user} — {self.workshop} ({due:%Y-%m-%d %H:%M})"

    def clean(self):
        errors = {}
        if self.workshop_id and self.due_at and self.due_at <= self.workshop.due_at:
            errors["due_at"] = _("An extension must end after the workshop's own deadline.")
        if (
            self.workshop_id
            and self.enrolment_id
            and self.enrolment.cohort_id != self.workshop.cohort_id
        ):
            errors["enrolment"] = _("The participant is not in this workshop's cohort.")
        if errors:
            raise ValidationError(errors)


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
                fields=["workshop", "enrolment", "kind", "due_at"],
                name="deadline_reminder_once",
                violation_error_message=_("This reminder has already been sent."),
            )
        ]

    def __str__(self):
        return f"{self.enrolment} — {self.workshop} ({self.kind})"

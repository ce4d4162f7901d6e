"""Rubrics and the assessments made with them.

A rubric is edited freely in the admin (criteria, levels, weights). What an assessment is scored
against is a RubricVersion: a frozen copy of the rubric's definition taken when the first
assessment uses it (and again whenever the rubric has changed since), so editing a rubric in use
never changes a past grade. An assessment's every score change is a ScoreChange row.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from school.languages import in_active_language
from workshops import limits
from workshops.plans.sections import heading_in_any


class Rubric(ClusterableModel):
    """Criteria with levels, reusable across cohorts and workshops."""

    title_ja = models.CharField(_("title (Japanese)"), max_length=200, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    pass_percentage = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The weighted score, as a share of the maximum, needed to pass."),
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["title_ja"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_active_language(self.title_ja, self.title_en)


class RubricCriterion(ClusterableModel, Orderable):
    rubric = ParentalKey(
        Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric")
    )
    title_ja = models.CharField(_("criterion (Japanese)"), max_length=200)
    title_en = models.CharField(_("criterion (English)"), max_length=200, blank=True)
    description = models.TextField(_("what is looked at"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # The plan section this criterion mostly reads, so the grading screen can put the
    # criterion beside it; blank for criteria about the whole plan.
    plan_section = models.CharField(_("plan section"), max_length=60, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return in_active_language(self.title_ja, self.title_en)


class RubricLevel(Orderable):
    criterion = ParentalKey(
        RubricCriterion,
        on_delete=models.CASCADE,
        related_name="levels",
        verbose_name=_("criterion"),
    )
    points = models.PositiveSmallIntegerField(_("points"))
    descriptor_ja = models.TextField(_("descriptor (Japanese)"))
    descriptor_en = models.TextField(_("descriptor (English)"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self):
        return f"{self.points}: {in_active_language(self.descriptor_ja, self.descriptor_en)}"


class RubricVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValueError("A rubric version is frozen.")


class RubricVersion(models.Model):
    """A frozen copy of a rubric's definition, as used by assessments.

    `definition` = {"title_ja", "title_en", "pass_percentage", "criteria": [{"key", "title_ja",
    "title_en", "description", "weight", "plan_section", "levels": [{"points",
    "descriptor_ja", "descriptor_en"}]}]}; a criterion's key is stable across versions.
    """

    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="versions", verbose_name=_("rubric")
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = RubricVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")
        ordering = ["rubric", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "number"],
                name="rubric_version_unique",
                violation_error_message=_("This rubric already has a version with this number."),
            )
        ]

    def __str__(self):
        return f"{self.rubric} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A rubric version is frozen.")
        super().save(*args, **kwargs)

    @property
    def criteria(self) -> list[dict]:
        return self.definition.get("criteria", [])

    @property
    def pass_percentage(self) -> int:
        return int(self.definition.get("pass_percentage", 60))

    def max_points(self, criterion: dict) -> int:
        return max((level["points"] for level in criterion["levels"]), default=0)

    def weighted_percentage(self, scores: dict[str, int]) -> Decimal | None:
        """The weighted score as a percentage of the maximum, or None until every criterion
        is scored."""
        total_weight = sum(c["weight"] for c in self.criteria)
        if not self.criteria or total_weight == 0:
            return None
        achieved = Decimal(0)
        for criterion in self.criteria:
            points = scores.get(criterion["key"])
            if points is None:
                return None
            maximum = self.max_points(criterion)
            if maximum:
                achieved += Decimal(criterion["weight"]) * Decimal(points) / Decimal(maximum)
        return (achieved * 100 / Decimal(total_weight)).quantize(Decimal("0.1"))


class Assessment(models.Model):
    """The teaching team's grade of one submitted version: one per submission, shared by the
    cohort's instructors (the second of two simultaneous saves gets a conflict)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RELEASED = "released", _("Released")
        RETURNED = "returned", _("Returned for revision")

    submission = models.OneToOneField(
        "workshops.Submission",
        on_delete=models.PROTECT,
        related_name="assessment",
        verbose_name=_("submission"),
    )
    rubric_version = models.ForeignKey(
        RubricVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("rubric version"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # {criterion key: points}
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    # {plan section name: comment}
    section_comments = models.JSONField(_("comments per section"), default=dict, blank=True)
    overall_feedback = models.TextField(
        _("overall feedback"), blank=True, max_length=limits.FEEDBACK_MAX_CHARS
    )
    total_percentage = models.DecimalField(
        _("score (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    # Optimistic concurrency, as for plans: a save names the revision it started from.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    # When returned for revision: until when the participant may hand in a new version
    # (whatever the workshop's deadline and resubmission setting say).
    revision_due_at = models.DateTimeField(_("revision due at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_percentage__isnull=True)
                | Q(total_percentage__gte=0, total_percentage__lte=100),
                name="assessment_percentage_0_to_100",
                violation_error_message=_("The total must be between 0%% and 100%%."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(revision_due_at__isnull=False),
                name="assessment_returned_has_revision_due",
                violation_error_message=_(
                    "A plan returned for revision needs a resubmission deadline."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.submission} — {self.get_status_display()}"

    @property
    def is_visible_to_participant(self) -> bool:
        return self.status in (self.Status.RELEASED, self.Status.RETURNED)

    def clean(self):
        # A text field's max_length binds only forms; these are the limits for every caller.
        errors = {}
        message = limits.too_long_message(
            label=_("Overall feedback"),
            text=self.overall_feedback,
            limit=limits.FEEDBACK_MAX_CHARS,
        )
        if message:
            errors["overall_feedback"] = message
        too_long = [
            limits.too_long_message(
                label=_("Comment on “%(section)s”") % {"section": heading_in_any(name)},
                text=text,
                limit=limits.SECTION_COMMENT_MAX_CHARS,
            )
            for name, text in (self.section_comments or {}).items()
        ]
        if any(too_long):
            errors["section_comments"] = [m for m in too_long if m]
        if errors:
            raise ValidationError(errors)


class ScoreChange(models.Model):
    """One change of one criterion's score (or of the status): who, when, old and new."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="changes", verbose_name=_("assessment")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    # A criterion key, or "status" for release and return.
    field = models.CharField(_("what"), max_length=60)
    old_value = models.CharField(_("old value"), max_length=40, blank=True)
    new_value = models.CharField(_("new value"), max_length=40, blank=True)
    # The assessment's revision this change produced; a refused (conflicting) save leaves a
    # row too, with `conflict` set, so the history shows both instructors' attempts.
    revision = models.PositiveIntegerField(_("revision"))
    conflict = models.BooleanField(_("refused as a conflict"), default=False)

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        ordering = ["assessment", "changed_at", "pk"]
        indexes = [models.Index(fields=["assessment", "changed_at"], name="score_change_by_time")]

    def __str__(self):
        return f"{self.field}: {self.old_value} → {self.new_value}"

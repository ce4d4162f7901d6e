"""The DX推進指標 self-assessment of the participant's company: one per enrolment and fiscal year
(the first during the course, then one a year), with a rating per qualitative item of the
indicator (workshops/self_assessment/indicator.py): the current level and the target level, 0
to 5, and the evidence for them. An item is rated when both levels are given; the evidence is
optional, as in IPA's format."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops import limits
from workshops.self_assessment.indicator import item_choices

# METI published the indicator in 2019: no self-assessment of it is older.
FIRST_FISCAL_YEAR = 2019
LAST_FISCAL_YEAR = 2100


def _level_field(name):
    # The 0–5 rule is the constraints' (with their own messages), not a field validator's.
    return models.PositiveSmallIntegerField(name, null=True, blank=True)


class SelfAssessment(models.Model):
    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("enrolment"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        "school.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("DX推進指標 self-assessment")
        verbose_name_plural = _("DX推進指標 self-assessments")
        ordering = ["enrolment", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "fiscal_year"],
                name="self_assessment_one_per_year",
                violation_error_message=_(
                    "This enrolment already has a self-assessment for this fiscal year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=FIRST_FISCAL_YEAR, fiscal_year__lte=LAST_FISCAL_YEAR),
                name="self_assessment_fiscal_year_range",
                violation_error_message=_(
                    "The fiscal year must be between 2019 (when the indicator was published) "
                    "and 2100."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} FY{self.fiscal_year}"


class SelfAssessmentRating(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("DX推進指標 self-assessment"),
    )
    item = models.CharField(_("item"), max_length=32, choices=item_choices)
    current = _level_field(_("current level"))
    target = _level_field(_("target level"))
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        max_length=limits.SELF_ASSESSMENT_EVIDENCE_MAX_CHARS,
    )

    class Meta:
        verbose_name = _("self-assessment rating")
        verbose_name_plural = _("self-assessment ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"],
                name="self_assessment_one_rating_per_item",
                violation_error_message=_("This item is already rated in this self-assessment."),
            ),
            models.CheckConstraint(
                condition=Q(current__isnull=True) | Q(current__gte=0, current__lte=5),
                name="self_assessment_current_0_to_5",
                violation_error_message=_("The current level must be between 0 and 5."),
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0, target__lte=5),
                name="self_assessment_target_0_to_5",
                violation_error_message=_("The target level must be between 0 and 5."),
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.current} → {self.target}"

    @property
    def is_rated(self) -> bool:
        return self.current is not None and self.target is not None

    def clean(self):
        message = limits.too_long_message(
            label=self._meta.get_field("evidence").verbose_name,
            text=self.evidence,
            limit=limits.SELF_ASSESSMENT_EVIDENCE_MAX_CHARS,
        )
        if message:
            raise ValidationError({"evidence": message})

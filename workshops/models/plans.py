"""The living DX plan of one enrolment, with its rows.

The plan's sections follow the headings of Japan's Digital Governance Code 3.0 (METI, 2024年9月;
the schema and its sources: workshops/plans/sections.py). Years in rows are
plan years, 1 to the horizon; plan year 1 is the Japanese fiscal year `start_fiscal_year`
(April to March), so a plan starting in 2026 runs from 2026-04 to 2029-03 over three years.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The earlier migrations name the storage by this module's path.
from school.private_storage import private_storage
from workshops import limits
from workshops.plans import sections

HORIZONS = (3, 4, 5)
MAX_HORIZON = max(HORIZONS)

HORIZON_MESSAGE = _("The plan covers 3, 4 or 5 years.")
OUTSIDE_HORIZON_MESSAGE = _("Year %(year)s is outside the plan's horizon of %(horizon)s years.")
BASELINE_REQUIRED_MESSAGE = _("Every KPI needs a baseline: its value today.")
ENDS_BEFORE_START_MESSAGE = _("The initiative cannot end before it starts.")
HORIZON_CONSTRAINT = "plan_horizon_3_to_5_years"


class Plan(models.Model):
    # The current schema's sections (workshops/plans/sections.py): DGC 3.0's headings.
    SECTION_FIELDS = sections.CURRENT.names

    enrolment = models.OneToOneField(
        "cohorts.Enrolment",
        on_delete=models.PROTECT,
        related_name="plan",
        verbose_name=_("enrolment"),
    )
    horizon_years = models.PositiveSmallIntegerField(
        _("horizon (years)"),
        choices=[(3, _("3 years")), (4, _("4 years")), (5, _("5 years"))],
        default=3,
        error_messages={"invalid_choice": HORIZON_MESSAGE},
    )
    start_fiscal_year = models.PositiveSmallIntegerField(
        _("first fiscal year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Japanese fiscal year, April to March: 2026 means 2026-04 to 2027-03."),
    )
    # A text field's max_length is the form's (and the services' check, plans.services), not
    # the database's: see workshops/limits.py.
    vision_and_business_model = models.TextField(
        sections.DGC3.get("vision_and_business_model").label,
        blank=True,
        max_length=limits.PLAN_SECTION_MAX_CHARS,
    )
    dx_strategy = models.TextField(
        sections.DGC3.get("dx_strategy").label, blank=True, max_length=limits.PLAN_SECTION_MAX_CHARS
    )
    organisation = models.TextField(
        sections.DGC3.get("organisation").label,
        blank=True,
        max_length=limits.PLAN_SECTION_MAX_CHARS,
    )
    digital_talent = models.TextField(
        sections.DGC3.get("digital_talent").label,
        blank=True,
        max_length=limits.PLAN_SECTION_MAX_CHARS,
    )
    it_systems_and_cybersecurity = models.TextField(
        sections.DGC3.get("it_systems_and_cybersecurity").label,
        blank=True,
        max_length=limits.PLAN_SECTION_MAX_CHARS,
    )
    outcomes_and_review = models.TextField(
        sections.DGC3.get("outcomes_and_review").label,
        blank=True,
        max_length=limits.PLAN_SECTION_MAX_CHARS,
    )
    stakeholder_dialogue = models.TextField(
        sections.DGC3.get("stakeholder_dialogue").label,
        blank=True,
        max_length=limits.PLAN_SECTION_MAX_CHARS,
    )
    # Set by the migration that moved a draft from DGC 2.0's sections to DGC 3.0's (0020), so
    # the editor tells the writer once; the writer's next save clears it.
    sections_moved_from = models.CharField(
        _("sections moved from"), max_length=10, blank=True, default="", editable=False
    )
    # Optimistic concurrency: a save names the revision it started from, and is refused if
    # someone (another tab) saved in between.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("DX plan")
        verbose_name_plural = _("DX plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_years__in=HORIZONS),
                name=HORIZON_CONSTRAINT,
                violation_error_message=_("A plan covers 3, 4 or 5 years."),
            ),
        ]

    def __str__(self):
        return str(self.enrolment)

    def get_constraints(self):
        # The horizon's check constraint says what the field's choices say, and clean_fields()
        # checks those first; asking the database again cost a query (three inside a
        # transaction) on every save of the plan, each autosave included. The database still
        # enforces it.
        return [
            (model, [c for c in constraints if c.name != HORIZON_CONSTRAINT])
            for model, constraints in super().get_constraints()
        ]

    @property
    def plan_years(self) -> range:
        return range(1, self.horizon_years + 1)

    def fiscal_year_of(self, plan_year: int) -> int:
        return self.start_fiscal_year + plan_year - 1

    @property
    def last_fiscal_year(self) -> int:
        return self.fiscal_year_of(self.horizon_years)

    def kpis_without_every_target(self) -> list["Kpi"]:
        """The KPIs that lack a target for some year of the plan: a draft may, a plan handed in
        for a workshop may not (a KPI is its baseline and a target for each plan year). Two
        queries."""
        years = set(self.plan_years)
        return [
            kpi
            for kpi in self.kpis.prefetch_related("targets")
            if not years <= {target.plan_year for target in kpi.targets.all()}
        ]


def _check_year_in_horizon(plan: Plan, year: int | None) -> str | None:
    if year is None or plan is None or plan.horizon_years not in HORIZONS:
        return None
    if not 1 <= year <= plan.horizon_years:
        return OUTSIDE_HORIZON_MESSAGE % {"year": year, "horizon": plan.horizon_years}
    return None


class MaturityScore(models.Model):
    """The current-state self-assessment: where the company is today, and where it aims."""

    class Dimension(models.TextChoices):
        VISION_LEADERSHIP = "vision_leadership", _("Vision and leadership")
        BUSINESS_MODEL = "business_model", _("Business model")
        DATA_USE = "data_use", _("Use of data")
        IT_SYSTEMS = "it_systems", _("IT systems")
        TALENT_ORGANISATION = "talent_organisation", _("Talent and organisation")
        SECURITY_GOVERNANCE = "security_governance", _("Security and governance")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="maturity_scores", verbose_name=_("plan")
    )
    dimension = models.CharField(_("dimension"), max_length=32, choices=Dimension)
    current = models.PositiveSmallIntegerField(
        _("current level"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    target = models.PositiveSmallIntegerField(
        _("target level"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("maturity score")
        verbose_name_plural = _("maturity scores")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "dimension"],
                name="maturity_one_per_dimension",
                violation_error_message=_(
                    "This item of the self-assessment is already rated in this plan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(current__gte=0, current__lte=5),
                name="maturity_current_0_to_5",
                violation_error_message=_("The current level must be between 0 and 5."),
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0, target__lte=5),
                name="maturity_target_0_to_5",
                violation_error_message=_("The target level must be between 0 and 5."),
            ),
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.current} → {self.target}"


class Kpi(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("KPI"), max_length=limits.KPI_NAME_MAX_CHARS)
    unit = models.CharField(_("unit"), max_length=limits.KPI_UNIT_MAX_CHARS, blank=True)
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=16,
        decimal_places=2,
        error_messages={"null": BASELINE_REQUIRED_MESSAGE, "blank": BASELINE_REQUIRED_MESSAGE},
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class KpiTarget(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="targets")
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["plan_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "plan_year"],
                name="kpi_target_one_per_year",
                violation_error_message=_("This KPI already has a target for this plan year."),
            ),
            models.CheckConstraint(
                condition=Q(plan_year__gte=1, plan_year__lte=MAX_HORIZON),
                name="kpi_target_year_in_horizon",
                violation_error_message=_("A KPI target's year must be within the plan's period."),
            ),
        ]

    def __str__(self):
        return f"{self.kpi}: {self.plan_year} → {self.target}"

    def clean(self):
        # A target for a year beyond the plan's period is kept aside, not refused: shortening
        # the period must not lose (or block saving) what was typed for the years it drops,
        # and lengthening it again brings them back. Such targets are no part of a submitted
        # version (plans.selectors.plan_content) and never count as the plan's.
        if self.plan_year is not None and not 1 <= self.plan_year <= MAX_HORIZON:
            raise ValidationError(
                {
                    "plan_year": OUTSIDE_HORIZON_MESSAGE
                    % {"year": self.plan_year, "horizon": MAX_HORIZON}
                }
            )


class RoadmapInitiative(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="roadmap")
    title = models.CharField(_("initiative"), max_length=limits.INITIATIVE_TITLE_MAX_CHARS)
    start_year = models.PositiveSmallIntegerField(_("from plan year"))
    end_year = models.PositiveSmallIntegerField(_("to plan year"))
    owner = models.CharField(_("owner"), max_length=limits.INITIATIVE_OWNER_MAX_CHARS, blank=True)
    # Yen, one whole amount per plan year from start_year to end_year.
    budget = models.JSONField(_("budget per year (yen)"), default=list, blank=True)
    expected_outcome = models.TextField(
        _("expected outcome"), blank=True, max_length=limits.INITIATIVE_OUTCOME_MAX_CHARS
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("roadmap initiative")
        verbose_name_plural = _("roadmap initiatives")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__gte=1, end_year__lte=MAX_HORIZON)
                & Q(start_year__lte=models.F("end_year")),
                name="roadmap_years_in_order_and_horizon",
                violation_error_message=_(
                    "An initiative must start no later than it ends, within the plan's period."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def budget_total(self) -> int:
        return sum(self.budget or [])

    def clean(self):
        errors = {}
        has_plan = self.plan_id is not None or RoadmapInitiative.plan.is_cached(self)
        plan = self.plan if has_plan else None
        for field in ("start_year", "end_year"):
            message = _check_year_in_horizon(plan, getattr(self, field))
            if message:
                errors[field] = message
        if (
            self.start_year is not None
            and self.end_year is not None
            and self.end_year < self.start_year
        ):
            errors["end_year"] = ENDS_BEFORE_START_MESSAGE
        if "start_year" not in errors and "end_year" not in errors:
            budget_error = self._budget_error()
            if budget_error:
                errors["budget"] = budget_error
        if errors:
            raise ValidationError(errors)

    def _budget_error(self):
        budget = self.budget or []
        if not isinstance(budget, list) or not all(
            isinstance(amount, int) and not isinstance(amount, bool) and amount >= 0
            for amount in budget
        ):
            return _("The budget is a list of whole yen amounts, none negative.")
        span = (
            self.end_year - self.start_year + 1
            if self.start_year is not None and self.end_year is not None
            else None
        )
        if budget and span is not None and len(budget) != span:
            return _("Give one budget amount for each year of the initiative.")
        return None


def attachment_upload_to(instance, filename: str) -> str:
    # A random folder, so that a file's path can neither be guessed nor collide; the name the
    # participant gave is kept on the row and used for the download.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"plans/{uuid.uuid4().hex}/attachment.{suffix[:8]}"


class PlanAttachment(models.Model):
    MAX_BYTES = 10 * 1024 * 1024
    MAX_PER_PLAN = 5

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_upload_to, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan attachment")
        verbose_name_plural = _("plan attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=10 * 1024 * 1024),
                name="attachment_at_most_10_mb",
                violation_error_message=_("An attachment may be 10 MB at most."),
            )
        ]

    def __str__(self):
        return self.original_name

"""Alumni check-ins: once a year, a graduate reports how their final plan is going.

A CheckIn is the living report for one enrolment and one fiscal year (April–March): the
reminder that asked for it, and a draft the alumnus edits. Submitting freezes a
CheckInVersion, which never changes (like a plan version: model, queryset and a database
trigger refuse). Outcomes read the newest version of each check-in.

The frozen content is plain JSON, so that it keeps what the alumnus saw even if the plan's
rows are later edited:

    {
      "fiscal_year": 2027, "plan_year": 2,
      "initiatives": [{"index": 0, "title": "…", "status": "in_progress", "note": "…"}],
      "kpis": [{"index": 0, "name": "…", "unit": "…", "actual": "123.40" | null}],
      "maturity": [{"dimension": "data_use", "level": 3}],
      "certification": {"holds": true, "certified_on": "2027-03-01" | null},
      "self_assessment": {"edition": "2019", "fiscal_year": 2027,
                          "items": [{"item": "vision", "current": 2 | null, "target": 4 | null}]}
                         | null
    }

"maturity" is the plan's six home-made dimensions (their own 0–5 scale, not the DX推進指標's);
"self_assessment" is the year's DX推進指標 self-assessment as it stood when the version was
saved (null when there was none for that fiscal year), every item of the indicator's edition
named, so outcomes read the levels without the living self-assessment. Versions submitted
before these keys existed have neither.

"index" is the row's position in the reported plan version's "roadmap" / "kpis" lists.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops.models.versions import FrozenModel


class InitiativeStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class CheckIn(models.Model):
    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        on_delete=models.PROTECT,
        related_name="check_ins",
        verbose_name=_("enrolment"),
    )
    # The final plan version the alumnus reports on (the newest version when asked).
    plan_version = models.ForeignKey(
        "workshops.PlanVersion",
        on_delete=models.PROTECT,
        related_name="check_ins",
        verbose_name=_("plan version"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    # The e-mail asking for this check-in went out at this moment; set once, which is what
    # makes the yearly reminder go once per person and year.
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    # The unsubmitted draft, same shape as a version's content; empty until first saved.
    draft = models.JSONField(_("draft"), default=dict, blank=True)
    # Bumped by every save of the draft, for the same conflict check as the plan editor.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["enrolment", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "fiscal_year"],
                name="check_in_one_per_year",
                violation_error_message=_(
                    "This participant already has a check-in for this fiscal year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2200),
                name="check_in_fiscal_year_plausible",
                violation_error_message=_("The fiscal year must be between 2000 and 2200."),
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} FY{self.fiscal_year}"


class CheckInVersion(FrozenModel):
    FROZEN_MESSAGE = "A submitted check-in cannot be changed or deleted."

    check_in = models.ForeignKey(
        CheckIn, on_delete=models.PROTECT, related_name="versions", verbose_name=_("check-in")
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("check-in version")
        verbose_name_plural = _("check-in versions")
        ordering = ["check_in", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_in", "number"],
                name="check_in_version_unique",
                violation_error_message=_("This check-in already has a version with this number."),
            )
        ]

    def __str__(self):
        return f"{self.check_in} v{self.number}"

"""What a company records for DX認定: when its board decided the strategy, where each criterion
is published, the security measures it declared, and whether it already holds the certification.

The criteria themselves are data in code (workshops/certification/criteria.py). These rows are
the company's, not one plan's: every plan its people write reads the same records. Dates are
checked against today because IPA's application refuses a publication date later than the day
of application (IPA, DX認定制度 申請のガイダンス, https://www.ipa.go.jp/digital/dx-nintei/guide2.html).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops.certification.criteria import CRITERION_CHOICES

FUTURE_DATE_MESSAGE = _("%(field)s: the date cannot be later than today.")
HTTPS_MESSAGE = _("%(field)s: enter an address that starts with https://.")
REQUIRED_MESSAGE = _("%(field)s: this is needed here.")


def _future_date_errors(instance, *field_names) -> dict:
    today = timezone.localdate()
    errors = {}
    for name in field_names:
        value = getattr(instance, name)
        if value is not None and value > today:
            label = instance._meta.get_field(name).verbose_name
            errors[name] = FUTURE_DATE_MESSAGE % {"field": label}
    return errors


class CertificationRecord(models.Model):
    class DecidingBody(models.TextChoices):
        BOARD = "board", _("Board of directors")
        MANAGEMENT_MEETING = "management_meeting", _("Management meeting")
        OWNER = "owner", _("The owner (sole proprietor)")
        OTHER = "other", _("Other deciding body")

    class SecurityMeasure(models.TextChoices):
        NONE = "", _("Not declared yet")
        SECURITY_ACTION_ONE_STAR = "security_action_1", _("SECURITY ACTION one star (★)")
        SECURITY_ACTION_TWO_STARS = "security_action_2", _("SECURITY ACTION two stars (★★)")
        DESCRIBED = "described", _("Another measure, described below")

    company = models.OneToOneField(
        "cohorts.Company",
        on_delete=models.CASCADE,
        related_name="certification_record",
        verbose_name=_("company"),
    )
    strategy_decided_on = models.DateField(
        _("date the strategy was decided"), null=True, blank=True
    )
    strategy_decided_by = models.CharField(
        _("deciding body"), max_length=32, choices=DecidingBody, blank=True
    )
    security_measure = models.CharField(
        _("security measures declared"),
        max_length=32,
        choices=SecurityMeasure,
        blank=True,
        default=SecurityMeasure.NONE,
    )
    security_description = models.TextField(_("security measures, described"), blank=True)
    holds_certification = models.BooleanField(_("already holds DX認定"), default=False)
    certified_on = models.DateField(_("date of certification"), null=True, blank=True)
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
        verbose_name = _("DX certification record")
        verbose_name_plural = _("DX certification records")

    def __str__(self):
        return str(self.company)

    @property
    def has_decision(self) -> bool:
        return self.strategy_decided_on is not None and bool(self.strategy_decided_by)

    @property
    def has_security_declaration(self) -> bool:
        if self.security_measure == self.SecurityMeasure.DESCRIBED:
            return bool(self.security_description.strip())
        return bool(self.security_measure)

    def clean(self):
        errors = _future_date_errors(self, "strategy_decided_on", "certified_on")
        field = self._meta.get_field
        if self.strategy_decided_on and not self.strategy_decided_by:
            errors["strategy_decided_by"] = REQUIRED_MESSAGE % {
                "field": field("strategy_decided_by").verbose_name
            }
        if (
            self.security_measure == self.SecurityMeasure.DESCRIBED
            and not self.security_description.strip()
        ):
            errors["security_description"] = REQUIRED_MESSAGE % {
                "field": field("security_description").verbose_name
            }
        if self.holds_certification and self.certified_on is None:
            errors.setdefault(
                "certified_on", REQUIRED_MESSAGE % {"field": field("certified_on").verbose_name}
            )
        if errors:
            raise ValidationError(errors)


class CriterionPublication(models.Model):
    """Where the company published what one criterion asks for: the medium's own name (IPA
    refuses a generic "our website"), its https address and the publication date."""

    record = models.ForeignKey(
        CertificationRecord,
        on_delete=models.CASCADE,
        related_name="publications",
        verbose_name=_("DX certification record"),
    )
    criterion = models.CharField(_("criterion"), max_length=8, choices=CRITERION_CHOICES)
    medium = models.CharField(
        _("name of the publication medium"),
        max_length=200,
        help_text=_("The page's title or the document's name, e.g. 「DX推進方針 2027」."),
    )
    url = models.URLField(_("publication URL"), max_length=500)
    published_on = models.DateField(_("publication date"))

    class Meta:
        verbose_name = _("criterion publication")
        verbose_name_plural = _("criterion publications")
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "criterion"],
                name="certification_publication_one_per_criterion",
                violation_error_message=_("This criterion's publication is already recorded."),
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.medium}"

    def clean(self):
        errors = _future_date_errors(self, "published_on")
        if self.url and not self.url.lower().startswith("https://"):
            errors["url"] = HTTPS_MESSAGE % {"field": self._meta.get_field("url").verbose_name}
        if errors:
            raise ValidationError(errors)

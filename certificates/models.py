"""Certificate templates, certificates and the history of their re-issues.

A certificate freezes the names, programme and cohort at issue time. Its serial and
verification code are allotted first, in a `pending` row (the PDF prints both); the PDF is
rendered outside any transaction and stored, with its hash, in one transaction that also turns
the row `issued`. A worker killed in between leaves a pending row that the retry completes; a
pending row is never shown, downloaded or verifiable, and the database refuses an issued or
revoked row without its PDF and hash.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

# The credentials' models live beside their code; imported here so Django finds them.
from certificates.credentials.models import Credential, IssuerKey, StatusList  # noqa: F401
from school.languages import in_active_language
from school.private_storage import private_storage


class CertificateTemplate(ClusterableModel):
    class PaperSize(models.TextChoices):
        A4 = "A4", _("A4")
        LETTER = "letter", _("Letter")

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    name = models.CharField(_("name"), max_length=200, unique=True)
    programme = models.ForeignKey(
        "cohorts.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
        help_text=_("Used for this programme's cohorts. Leave blank for the default template."),
    )
    title_ja = models.CharField(_("title (Japanese)"), max_length=200, default="修了証書")
    title_en = models.CharField(
        _("title (English)"), max_length=200, default="Certificate of Completion"
    )
    body_ja = models.TextField(
        _("text (Japanese)"),
        default="あなたは本プログラムの所定の課程を修了したことをここに証します。",
    )
    body_en = models.TextField(
        _("text (English)"),
        default="has completed the prescribed course of the programme.",
    )
    era_dates = models.BooleanField(
        _("Japanese era dates (和暦)"),
        default=False,
        help_text=_("Write the Japanese dates with the era (令和8年1月7日) instead of the year."),
    )
    paper_size = models.CharField(
        _("paper size"), max_length=10, choices=PaperSize, default=PaperSize.A4
    )
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation, default=Orientation.LANDSCAPE
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("programme")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("title_ja"), FieldPanel("title_en")]),
                FieldPanel("body_ja"),
                FieldPanel("body_en"),
            ],
            heading=_("Text"),
        ),
        FieldRowPanel([FieldPanel("paper_size"), FieldPanel("orientation")]),
        FieldPanel("era_dates"),
        InlinePanel("logos", heading=_("Institution logos"), label=_("logo")),
        InlinePanel("signatories", heading=_("Signatories"), label=_("signatory")),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def title(self) -> str:
        return in_active_language(self.title_ja, self.title_en)


class CertificateLogo(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="logos")
    institution = models.CharField(_("institution"), max_length=200)
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("logo"),
    )

    panels = [FieldPanel("institution"), FieldPanel("image")]

    class Meta(Orderable.Meta):
        verbose_name = _("institution logo")
        verbose_name_plural = _("institution logos")


class CertificateSignatory(Orderable):
    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200)
    signature = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature image"),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("title")]),
        FieldPanel("institution"),
        FieldPanel("signature"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")


def new_verification_code() -> str:
    # 24 random bytes: 192 bits from the operating system's secure generator.
    return secrets.token_urlsafe(24)


def certificate_upload_to(instance, filename: str) -> str:
    # The path names the serial and the version, so a retried render replaces the file of an
    # interrupted attempt instead of leaving a second one.
    return f"certificates/{instance.serial}/v{instance.version}.pdf"


class Certificate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being issued")
        ISSUED = "issued", _("Valid")
        REVOKED = "revoked", _("Revoked")

    enrolment = models.OneToOneField(
        "cohorts.Enrolment",
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("template"),
    )
    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    sequence = models.PositiveIntegerField(_("sequence"))
    verification_code = models.CharField(
        _("verification code"), max_length=64, unique=True, default=new_verification_code
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    version = models.PositiveIntegerField(_("version"), default=1)
    # Frozen at issue time (and at a re-issue after a name correction).
    last_name = models.CharField(_("family name"), max_length=60)
    first_name = models.CharField(_("given name"), max_length=60)
    last_name_kana = models.CharField(_("family name (reading)"), max_length=120, blank=True)
    first_name_kana = models.CharField(_("given name (reading)"), max_length=120, blank=True)
    last_name_roman = models.CharField(_("family name (romanised)"), max_length=60, blank=True)
    first_name_roman = models.CharField(_("given name (romanised)"), max_length=60, blank=True)
    programme_name_ja = models.CharField(_("programme (Japanese)"), max_length=200)
    programme_name_en = models.CharField(_("programme (English)"), max_length=200, blank=True)
    cohort_name_ja = models.CharField(_("cohort (Japanese)"), max_length=200)
    cohort_name_en = models.CharField(_("cohort (English)"), max_length=200, blank=True)
    cohort_starts_on = models.DateField(_("cohort starts on"))
    cohort_ends_on = models.DateField(_("cohort ends on"))
    completed_on = models.DateField(_("completed on"))
    institutions = models.JSONField(_("issuing institutions"), default=list, blank=True)
    pdf = models.FileField(
        _("PDF"), upload_to=certificate_upload_to, storage=private_storage, blank=True
    )
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["serial"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "issued", "revoked"]),
                name="certificate_status_known",
                violation_error_message=_("This certificate status is unknown."),
            ),
            # A revoked certificate loses its PDF only when its holder is erased (the hash stays).
            models.CheckConstraint(
                condition=Q(status="pending")
                | (Q(status="revoked") & Q(pdf="") & ~Q(pdf_sha256=""))
                | (~Q(pdf="") & ~Q(pdf_sha256="")),
                name="certificate_issued_has_pdf_and_hash",
                violation_error_message=_("An issued certificate needs its PDF."),
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked")
                | (~Q(revoked_reason="") & Q(revoked_at__isnull=False)),
                name="certificate_revoked_has_reason",
                violation_error_message=_(
                    "A revoked certificate needs the reason and the date of revocation."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.serial} {self.full_name}"

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def full_name_kana(self) -> str:
        return f"{self.last_name_kana} {self.first_name_kana}".strip()

    @property
    def full_name_roman(self) -> str:
        return " ".join(p for p in (self.last_name_roman.upper(), self.first_name_roman) if p)

    @property
    def programme_name(self) -> str:
        return in_active_language(self.programme_name_ja, self.programme_name_en)

    @property
    def cohort_name(self) -> str:
        return in_active_language(self.cohort_name_ja, self.cohort_name_en)

    @property
    def is_public(self) -> bool:
        """Shown, downloadable and verifiable: issued or revoked, never pending."""
        return self.status in (self.Status.ISSUED, self.Status.REVOKED)

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.ISSUED

    def verification_url(self) -> str:
        return settings.SITE_URL + reverse("certificates:verify", args=[self.verification_code])


class CertificateRevisionHistory(models.Model):
    """What a re-issue replaced: the earlier version's PDF hash and the names it printed."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="history", verbose_name=_("certificate")
    )
    version = models.PositiveIntegerField(_("version replaced"))
    pdf_sha256 = models.CharField(_("SHA-256 of the replaced PDF"), max_length=64)
    names = models.JSONField(_("names printed"), default=dict)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("re-issued at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-issued by"),
    )

    class Meta:
        verbose_name = _("certificate revision")
        verbose_name_plural = _("certificate revisions")
        ordering = ["certificate", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "version"],
                name="certificate_revision_unique",
                violation_error_message=_("This version of the certificate is already recorded."),
            )
        ]

    def __str__(self):
        return f"{self.certificate.serial} v{self.version}"

"""The school's public keys, its status lists and the credentials it has issued.

A credential is one signed document for one version of a certificate: a re-issue after a name
correction makes a new credential and revokes the earlier one, so a wallet holding the old
file sees it revoked. The signed document is stored as the exact text that was issued.
"""

import json
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# 131,072 entries, the minimum the Bitstring Status List recommends so that a verifier's
# download of the list says nothing about which credential it is checking (W3C Bitstring
# Status List v1.0, §6.1 "Herd Privacy").
STATUS_LIST_SIZE = 131_072


class IssuerKey(models.Model):
    """A public key the school has signed with. Listed in the DID document until withdrawn
    (after a compromise), so credentials signed before a rotation keep verifying."""

    public_key_multibase = models.CharField(_("public key (multibase)"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("first used at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("credential signing key")
        verbose_name_plural = _("credential signing keys")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="issuer_key_withdrawn_has_reason",
                violation_error_message=_(
                    "A withdrawn signing key needs the reason it was withdrawn."
                ),
            )
        ]

    def __str__(self):
        return self.public_key_multibase


class StatusList(models.Model):
    """One Bitstring Status List of revocations and the signed credential that publishes it."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    size = models.PositiveIntegerField(_("size"), default=STATUS_LIST_SIZE)
    document = models.TextField(_("signed status list credential"), blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("credential status list")
        verbose_name_plural = _("credential status lists")
        ordering = ["number"]

    def __str__(self):
        return f"status list {self.number}"


class Credential(models.Model):
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        on_delete=models.PROTECT,
        related_name="credentials",
        verbose_name=_("certificate"),
    )
    certificate_version = models.PositiveIntegerField(_("certificate version"))
    status_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, related_name="+", verbose_name=_("status list")
    )
    status_index = models.PositiveIntegerField(_("index in the status list"))
    issuer_key = models.ForeignKey(
        IssuerKey, on_delete=models.PROTECT, related_name="+", verbose_name=_("signing key")
    )
    document = models.TextField(_("signed credential"))
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["certificate", "certificate_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "certificate_version"],
                name="credential_one_per_version",
                violation_error_message=_(
                    "This version of the certificate already has its digital credential."
                ),
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"],
                name="credential_unique_status_index",
                violation_error_message=_(
                    "This place in the status list is already taken by another credential."
                ),
            ),
        ]

    def __str__(self):
        return f"urn:uuid:{self.uuid}"

    @property
    def signed(self) -> dict:
        return json.loads(self.document)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

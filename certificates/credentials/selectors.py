"""Reads about credentials."""

import uuid

from certificates.credentials.keys import KeyNotConfigured, signing_key
from certificates.credentials.models import Credential, IssuerKey, StatusList


def public_keys() -> list[str]:
    """The keys to publish: every key signed with and not withdrawn, and the configured one
    (before it has signed anything), oldest first."""
    keys = list(
        IssuerKey.objects.filter(withdrawn_at__isnull=True).values_list(
            "public_key_multibase", flat=True
        )
    )
    try:
        current = signing_key().public_key_multibase
    except (KeyNotConfigured, ValueError):
        return keys
    if current not in keys and not IssuerKey.objects.filter(public_key_multibase=current).exists():
        keys.append(current)
    return keys


def current_credential(*, certificate) -> Credential | None:
    """The credential of the certificate's current version, if it has one (an erasure empties
    the signed document, which carried the name: then there is none to show)."""
    return (
        Credential.objects.filter(certificate=certificate, certificate_version=certificate.version)
        .exclude(document="")
        .order_by("-pk")
        .first()
    )


def credential_by_id(credential_id) -> Credential | None:
    """The credential a document's `id` names (`urn:uuid:...`), if the school issued it."""
    if not isinstance(credential_id, str) or not credential_id.startswith("urn:uuid:"):
        return None
    try:
        value = uuid.UUID(credential_id.removeprefix("urn:uuid:"))
    except ValueError:
        return None
    return Credential.objects.select_related("certificate").filter(uuid=value).first()


def status_list_text(*, number: int) -> str | None:
    """The signed status list credential, as the text that is served."""
    return (
        StatusList.objects.filter(number=number)
        .exclude(document="")
        .values_list("document", flat=True)
        .first()
    )

"""Verifying a credential the way any verifier would, against what the school publishes: the
DID document's keys, the proof, the dates and the signed status list (W3C VC Data Model 2.0,
§7.1 "Verification"; W3C Bitstring Status List v1.0, §3.2 "Validate Algorithm").

Used by the public verification page for a pasted or uploaded file, and by the certificate's
verification page for its own credential, so that "signature valid" there is the outcome of a
real check, not a row's status.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.credentials import selectors, status_lists
from certificates.credentials.contexts import UnsafeDocument
from certificates.credentials.keys import issuer_did, public_key_from_multibase
from certificates.credentials.proofs import ProofError, verify

VALID, REVOKED, INVALID, UNKNOWN, EXPIRED, NOT_YET_VALID = (
    "valid",
    "revoked",
    "invalid",
    "unknown",
    "expired",
    "not_yet_valid",
)

PROOF_REASONS = {
    "no_proof": _("The file has no proof: it was never signed."),
    "unsupported_proof": _("The proof is not a Data Integrity proof of type eddsa-rdfc-2022."),
    "wrong_purpose": _("The proof was not made for asserting a credential."),
    "bad_signature": _(
        "The signature does not match the contents: the credential was changed after it was issued."
    ),
    "unknown_key": _(
        "It was signed with a key this school does not publish (never ours, or withdrawn)."
    ),
}


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class Verification:
    outcome: str
    checks: list[Check] = field(default_factory=list)
    credential: object | None = None

    @property
    def is_valid(self) -> bool:
        return self.outcome == VALID

    def fail(self, outcome: str, label, detail) -> "Verification":
        self.outcome = outcome
        self.checks.append(Check(str(label), False, str(detail)))
        return self


def _public_key_for(verification_method: str):
    did = issuer_did()
    fragment = verification_method.removeprefix(f"{did}#")
    if fragment == verification_method or fragment not in selectors.public_keys():
        raise ProofError("unknown_key")
    return public_key_from_multibase(fragment)


def _issuer_id(document: dict) -> str:
    issuer = document.get("issuer")
    return issuer.get("id", "") if isinstance(issuer, dict) else str(issuer or "")


def _parse_time(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@lru_cache(maxsize=32)
def _verified_status_bits(document_text: str) -> bytes:
    """The bitstring of a status list credential whose proof holds (cached by its text: a
    list changes only when it is signed again)."""
    document = json.loads(document_text)
    verify(document, public_key_for=_public_key_for)
    if _issuer_id(document) != issuer_did():
        raise ProofError("unknown_key")
    return status_lists.decode(document["credentialSubject"]["encodedList"])


def _status_list_number(url: str) -> int | None:
    if not isinstance(url, str) or not url.startswith(settings.SITE_URL + "/"):
        return None
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    if match.view_name != "credentials:status_list":
        return None
    return match.kwargs["number"]


def _check_status(result: Verification, document: dict) -> Verification:
    label = _("Revocation status")
    entry = document.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return result.fail(INVALID, label, _("The credential carries no status list entry."))
    number = _status_list_number(entry.get("statusListCredential"))
    status_list = selectors.status_list_text(number=number) if number else None
    if status_list is None or entry.get("statusPurpose") != "revocation":
        return result.fail(UNKNOWN, label, _("Its status list is not one this school publishes."))
    try:
        bits = _verified_status_bits(status_list)
        revoked = status_lists.bit(bits, int(entry.get("statusListIndex", "")))
    except (ProofError, UnsafeDocument, ValueError, KeyError, IndexError):
        return result.fail(INVALID, label, _("The status list could not be checked."))
    if revoked:
        return result.fail(REVOKED, label, _("The school has revoked this credential."))
    result.checks.append(Check(str(label), True, str(_("Not revoked."))))
    return result


def verify_credential(document, *, now: datetime | None = None) -> Verification:
    now = now or timezone.now()
    result = Verification(outcome=VALID)
    if not isinstance(document, dict) or "VerifiableCredential" not in (document.get("type") or []):
        return result.fail(INVALID, _("Format"), _("This is not a verifiable credential."))
    result.checks.append(Check(str(_("Format")), True, str(_("A verifiable credential."))))
    issuer = _issuer_id(document)
    if issuer != issuer_did():
        return result.fail(
            UNKNOWN, _("Issuer"), _("It was not issued by this school (issuer: %s).") % issuer
        )
    result.checks.append(Check(str(_("Issuer")), True, issuer))
    try:
        proof = verify(document, public_key_for=_public_key_for)
    except UnsafeDocument as error:
        return result.fail(
            INVALID, _("Signature"), _("Its contents cannot be read safely: %s") % error
        )
    except ProofError as error:
        outcome = UNKNOWN if str(error) == "unknown_key" else INVALID
        label = _("Issuer key") if outcome == UNKNOWN else _("Signature")
        return result.fail(outcome, label, PROOF_REASONS.get(str(error), error))
    result.checks.append(
        Check(
            str(_("Issuer key")),
            True,
            str(_("Published by the school: %s")) % proof["verificationMethod"],
        )
    )
    result.checks.append(Check(str(_("Signature")), True, str(_("Valid (eddsa-rdfc-2022)."))))
    result.credential = selectors.credential_by_id(document.get("id"))
    valid_from, valid_until = (
        _parse_time(document.get("validFrom")),
        _parse_time(document.get("validUntil")),
    )
    if valid_from is None or valid_from > now:
        return result.fail(NOT_YET_VALID, _("Validity"), _("It is not valid yet."))
    if document.get("validUntil") is not None and (valid_until is None or valid_until < now):
        return result.fail(EXPIRED, _("Validity"), _("It has expired."))
    until = (
        _("Valid until %s.") % valid_until.date().isoformat()
        if valid_until
        else _("No expiry date.")
    )
    result.checks.append(Check(str(_("Validity")), True, str(until)))
    return _check_status(result, document)

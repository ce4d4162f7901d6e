"""The documents the school signs and publishes: the Open Badges 3.0 credential of a
certificate, the DID document and the status list credential.

The credential follows Open Badges 3.0 (1EdTech, §8 "OpenBadgeCredential") on the W3C VC
Data Model 2.0: texts in Japanese and English are language value objects (VC Data Model 2.0,
§11.1 "Language and Base Direction"); the holder is named by a salted SHA-256 hash of the
e-mail address (OB 3.0 §B.1.12 "IdentityObject", `sha256$` + hex of the address and the salt)
and by the name printed on the certificate, in Japanese and romanised (`ja-Latn`, BCP 47).
Only terms the two contexts define are used; contexts.canonize() refuses any other.
"""

import hashlib
import secrets
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certificates.credentials.contexts import DID_V1, MULTIKEY_V1, OB_V3, VC_V2
from certificates.credentials.keys import issuer_did
from certificates.credentials.proofs import timestamp
from certificates.credentials.status_lists import encode


def texts(ja: str, en: str) -> list[dict]:
    """A text in both languages; the Japanese one alone when there is no English."""
    values = [{"@value": ja, "@language": "ja"}]
    if en:
        values.append({"@value": en, "@language": "en"})
    return values


def status_list_url(number: int) -> str:
    return settings.SITE_URL + reverse("credentials:status_list", args=[number])


def achievement_url(programme_code: str) -> str:
    return settings.SITE_URL + reverse("credentials:achievement", args=[programme_code.lower()])


def identity_hash(email: str, salt: str) -> str:
    # The address in lower case, as a holder would type it to prove it is theirs.
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


def completion_narrative(*, min_share: Decimal, workshops: list[tuple[str, str]]) -> list:
    """The cohort's completion rule in words, as the criteria of the achievement."""
    percent = f"{(min_share * 100).quantize(Decimal('1'))}%"
    ja = f"全セッションの{percent}以上に出席すること（遅刻は出席に含む）。"
    en = f"Attend at least {percent} of the sessions (arriving late counts as attending)."
    if workshops:
        ja += (
            "必修ワークショップ（" + "、".join(t_ja for t_ja, _ in workshops) + "）に合格すること。"
        )
        en += " Pass the required workshops: " + ", ".join(t_en or t_ja for t_ja, t_en in workshops)
        en += "."
    return texts(ja, en)


def issuer_profile(*, institutions: list[str]) -> dict:
    profile = {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": texts(settings.CREDENTIALS_ISSUER_NAME_JA, settings.CREDENTIALS_ISSUER_NAME_EN),
        "url": settings.SITE_URL + "/",
    }
    if institutions:
        profile["description"] = texts(
            "実施機関: " + "、".join(institutions), "Delivered by " + ", ".join(institutions)
        )
    return profile


def _start_of_day(day: date) -> str:
    # The school's own time zone: a course day begins at midnight in Japan, not in UTC.
    return timezone.make_aware(datetime.combine(day, time.min)).isoformat()


def credential_document(
    *,
    certificate,
    programme_code: str,
    credential_uuid: str,
    issued_at,
    email: str,
    salt: str,
    narrative: list,
    status_list_number: int,
    status_index: int,
) -> dict:
    """The unsigned OpenBadgeCredential of one version of a certificate."""
    list_url = status_list_url(status_list_number)
    names = [{"@value": certificate.full_name, "@language": "ja"}]
    if certificate.full_name_roman:
        names.append({"@value": certificate.full_name_roman, "@language": "ja-Latn"})
    programme_en = certificate.programme_name_en
    cohort_en = certificate.cohort_name_en
    return {
        "@context": [VC_V2, OB_V3],
        "id": f"urn:uuid:{credential_uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": texts(
            f"{certificate.programme_name_ja} 修了証 {certificate.serial}",
            f"{programme_en or certificate.programme_name_ja} certificate {certificate.serial}",
        ),
        "issuer": issuer_profile(institutions=list(certificate.institutions or [])),
        "validFrom": timestamp(issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": identity_hash(email, salt),
                    "salt": salt,
                }
            ],
            "name": names,
            "activityStartDate": _start_of_day(certificate.cohort_starts_on),
            "activityEndDate": _start_of_day(certificate.cohort_ends_on),
            "achievement": {
                "id": achievement_url(programme_code),
                "type": ["Achievement"],
                "achievementType": "CertificateOfCompletion",
                "name": texts(certificate.programme_name_ja, programme_en),
                "description": texts(
                    f"{certificate.programme_name_ja}（{certificate.cohort_name_ja}）の"
                    "所定の課程を修了したことを証する修了証。",
                    (
                        f"Certificate of completion of the prescribed course of {programme_en}"
                        f" ({cohort_en or certificate.cohort_name_ja})."
                    )
                    if programme_en
                    else "",
                ),
                "criteria": {"narrative": narrative},
            },
        },
        "credentialStatus": {
            "id": f"{list_url}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": list_url,
        },
    }


def status_list_document(*, number: int, revoked: list[int], size: int, signed_at) -> dict:
    """The unsigned BitstringStatusListCredential (W3C Bitstring Status List v1.0, §2.2)."""
    url = status_list_url(number)
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": timestamp(signed_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(revoked, size=size),
        },
    }


def did_document(*, public_keys: list[str]) -> dict:
    """The did:web document: every key not withdrawn, as a Multikey assertion method (W3C
    Controlled Identifiers 1.0 §2.2.2; DID Core 1.0 §5.3.2 "Assertion")."""
    did = issuer_did()
    methods = [
        {
            "id": f"{did}#{key}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key,
        }
        for key in public_keys
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }

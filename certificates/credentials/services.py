"""Writes about credentials: signing a batch, storing it with its certificates, revoking, and
re-signing the status lists.

Signing happens outside any transaction (it is CPU work, about 5 ms a credential, and
holds no lock); the signed credentials are stored in the transaction that marks their
certificates issued. Status list indexes are drawn at random without a lock: the unique
constraint on (list, index) refuses the rare collision with a concurrent batch, and the
caller signs again (StatusIndexTaken).
"""

import json
import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from pyld import jsonld

from certificates.credentials import contexts, documents, status_lists
from certificates.credentials.keys import KeyNotConfigured, SigningKey, issuer_did, signing_key
from certificates.credentials.models import Credential, IssuerKey, StatusList
from certificates.credentials.proofs import Signer
from school.public_page_cache import forget_public_page
from workshops.models import Workshop

logger = logging.getLogger(__name__)


class StatusIndexTaken(Exception):
    """Another batch took one of this batch's status list indexes first: sign again."""


def _issuer_key(key: SigningKey) -> IssuerKey:
    issuer_key, _ = IssuerKey.objects.get_or_create(public_key_multibase=key.public_key_multibase)
    if issuer_key.withdrawn_at is not None:
        raise KeyNotConfigured(
            "The configured credential signing key has been withdrawn; configure a new one."
        )
    return issuer_key


def _open_status_list(*, needed: int) -> tuple[StatusList, set[int]]:
    """The newest status list with room for `needed` more entries (a new one when it is full),
    and the indexes it has already allotted."""
    status_list = StatusList.objects.order_by("-number").first()
    if status_list is None:
        status_list = _new_status_list(number=1)
    used = set(
        Credential.objects.filter(status_list=status_list).values_list("status_index", flat=True)
    )
    if len(used) + needed > status_list.size:
        status_list = _new_status_list(number=status_list.number + 1)
        used = set()
    return status_list, used


def _new_status_list(*, number: int) -> StatusList:
    status_list, created = StatusList.objects.get_or_create(number=number)
    if created or not status_list.document:
        status_lists_sign(numbers=[number])
        status_list.refresh_from_db()
    return status_list


def _narratives(cohort_ids: set[int], cohorts: dict) -> dict[int, list]:
    required: dict[int, list[tuple[str, str]]] = {pk: [] for pk in cohort_ids}
    for workshop in Workshop.objects.filter(
        cohort_id__in=cohort_ids, required_for_completion=True
    ).order_by("due_at", "pk"):
        required[workshop.cohort_id].append((workshop.title_ja, workshop.title_en))
    return {
        pk: documents.completion_narrative(
            min_share=cohorts[pk].min_attendance_share, workshops=required[pk]
        )
        for pk in cohort_ids
    }


def credentials_sign(*, certificates: list, now: datetime | None = None) -> list[Credential]:
    """Signed, unsaved credentials for the current version of each certificate (whose
    enrolment, user and cohort with its programme should be loaded). None when no signing key
    is configured: the certificates are still issued, and `issue_credentials` signs theirs
    once a key is set."""
    if not certificates:
        return []
    try:
        key = signing_key()
        issuer_key = _issuer_key(key)
    except KeyNotConfigured as error:
        logger.error("Certificates issued without credentials: %s", error)
        return []
    now = now or timezone.now()
    status_list, used = _open_status_list(needed=len(certificates))
    indexes = status_lists.free_indexes(status_list=status_list, used=used, count=len(certificates))
    cohorts = {c.enrolment.cohort_id: c.enrolment.cohort for c in certificates}
    narratives = _narratives(set(cohorts), cohorts)
    signer = Signer(key=key, verification_method=key.verification_method(issuer_did()), created=now)
    credentials = []
    for certificate, index in zip(certificates, indexes, strict=True):
        credential = Credential(
            certificate=certificate,
            certificate_version=certificate.version,
            status_list=status_list,
            status_index=index,
            issuer_key=issuer_key,
            issued_at=now,
        )
        cohort = cohorts[certificate.enrolment.cohort_id]
        unsigned = documents.credential_document(
            certificate=certificate,
            programme_code=cohort.programme.code,
            credential_uuid=str(credential.uuid),
            issued_at=now,
            email=certificate.enrolment.user.email,
            salt=documents.new_salt(),
            narrative=narratives[cohort.pk],
            status_list_number=status_list.number,
            status_index=index,
        )
        credential.document = json.dumps(signer.sign(unsigned), ensure_ascii=False, indent=2)
        credentials.append(credential)
    return credentials


def credentials_sign_naive(*, certificates: list) -> list[Credential]:
    """The straightforward way, for the benchmark: each credential on its own, the contexts
    read from disk and processed again, the proof options canonicalised every time."""
    signed = []
    for certificate in certificates:
        jsonld._resolved_context_cache.clear()
        contexts.shipped_context.cache_clear()
        signed += credentials_sign(certificates=[certificate])
    return signed


def credentials_store(credentials: list[Credential]) -> None:
    """Save signed credentials, inside the caller's transaction; StatusIndexTaken when a
    concurrent batch took one of their indexes (nothing is saved then)."""
    if not credentials:
        return
    for credential in credentials:
        # The unique constraints are the database's (see below); the foreign keys were just
        # read.
        credential.full_clean(
            exclude=["certificate", "status_list", "issuer_key"],
            validate_unique=False,
            validate_constraints=False,
        )
    try:
        with transaction.atomic():
            Credential.objects.bulk_create(credentials)
    except IntegrityError as error:
        raise StatusIndexTaken from error


def credentials_sync_status(*, certificate) -> int:
    """Revoke the certificate's credentials that no longer stand: all of them once the
    certificate is revoked, the earlier versions' after a re-issue. Re-signs the status lists
    that changed; returns how many credentials were revoked. Call inside the transaction that
    changes the certificate."""
    stale = Credential.objects.filter(certificate=certificate, revoked_at__isnull=True)
    if certificate.status != "revoked":
        stale = stale.filter(certificate_version__lt=certificate.version)
    numbers = set(stale.values_list("status_list__number", flat=True))
    revoked = stale.update(revoked_at=timezone.now())
    if revoked:
        status_lists_sign(numbers=sorted(numbers))
    return revoked


@transaction.atomic
def status_lists_sign(*, numbers: list[int]) -> None:
    """Sign these status lists again from the revocations recorded now."""
    try:
        key = signing_key()
        _issuer_key(key)
    except KeyNotConfigured as error:
        logger.error("Status lists %s not signed: %s", numbers, error)
        return
    now = timezone.now()
    signer = Signer(key=key, verification_method=key.verification_method(issuer_did()), created=now)
    for status_list in StatusList.objects.select_for_update().filter(number__in=numbers):
        revoked = list(
            Credential.objects.filter(
                status_list=status_list, revoked_at__isnull=False
            ).values_list("status_index", flat=True)
        )
        unsigned = documents.status_list_document(
            number=status_list.number, revoked=revoked, size=status_list.size, signed_at=now
        )
        status_list.document = json.dumps(signer.sign(unsigned), ensure_ascii=False)
        status_list.signed_at = now
        status_list.save(update_fields=["document", "signed_at"])
        path = reverse("credentials:status_list", args=[status_list.number])
        transaction.on_commit(lambda path=path: forget_public_page(path))

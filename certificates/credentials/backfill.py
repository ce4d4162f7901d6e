"""Credentials for certificates that have none for their current version."""

from django.db import transaction
from django.db.models import Exists, OuterRef

from certificates.credentials import services
from certificates.credentials.models import Credential
from certificates.models import Certificate

BATCH = 25


def missing_credentials():
    current = Credential.objects.filter(
        certificate=OuterRef("pk"), certificate_version=OuterRef("version")
    )
    return Certificate.objects.filter(status=Certificate.Status.ISSUED).filter(~Exists(current))


def credentials_issue_missing() -> int:
    """Sign and store them a batch at a time; returns how many. Safe to run twice, and
    alongside issuing: a certificate that got its credential meanwhile is skipped."""
    signed = 0
    while True:
        batch = list(
            missing_credentials()
            .select_related("enrolment__user", "enrolment__cohort__programme")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return signed
        credentials = services.credentials_sign(certificates=batch)
        if not credentials:
            return signed
        with transaction.atomic():
            # Only those still issued and still without one (the lock keeps a revocation or a
            # re-issue from slipping in between).
            still_missing = set(
                missing_credentials()
                .select_for_update()
                .filter(pk__in=[c.pk for c in batch])
                .values_list("pk", flat=True)
            )
            try:
                services.credentials_store(
                    [c for c in credentials if c.certificate.pk in still_missing]
                )
            except services.StatusIndexTaken:
                continue
        signed += len(still_missing)

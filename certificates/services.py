"""Issuing, revoking and re-issuing certificates.

Issuing is three steps, so that no certificate is ever valid without its PDF: (1) in one
transaction, a `pending` row per eligible enrolment with its frozen names, serial and code
(the row's OneToOne key on the enrolment makes a second row impossible); (2) outside any
transaction, the PDFs of the batch; (3) in one transaction under row locks, each file, its
hash and the status `issued`. Run again after a crash at any point, the same
call finds the pending rows and finishes them; rows already issued are left alone.
"""

import hashlib
import logging
import math
import os
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates import rendering, selectors, tasks
from certificates.credentials import services as credentials
from certificates.models import Certificate, CertificateRevisionHistory, CertificateTemplate
from cohorts.models import Cohort, Enrolment, Programme
from school.models import User
from school.notifications.models import NotificationKind
from school.notifications.services import notify
from school.public_page_cache import forget_public_page

logger = logging.getLogger(__name__)

# Enrolments per task at most: one layout serves the batch (per-batch costs, such as computing
# the styles and a transaction, are shared), and a cohort of 100 still makes four tasks for the
# worker's processes to share.
BATCH_SIZE = 25


def enrolment_batches(enrolment_ids: list[int]) -> list[list[int]]:
    """The enrolments split into tasks: at most BATCH_SIZE each, and, for a small cohort, at
    least one per core so that every worker process has a share."""
    cores = os.cpu_count() or 1
    size = max(1, min(BATCH_SIZE, math.ceil(len(enrolment_ids) / cores)))
    return [enrolment_ids[start : start + size] for start in range(0, len(enrolment_ids), size)]


Renderer = Callable[[list[Certificate], dict], list[bytes]]


def _institutions(template: CertificateTemplate | None) -> list[str]:
    if template is None:
        return []
    names = [logo.institution for logo in template.logos.all()]
    names += [signatory.institution for signatory in template.signatories.all()]
    return list(dict.fromkeys(name for name in names if name))


def _frozen_names(user: User) -> dict:
    return {
        "last_name": user.last_name,
        "first_name": user.first_name,
        "last_name_kana": user.last_name_kana,
        "first_name_kana": user.first_name_kana,
        "last_name_roman": user.last_name_roman,
        "first_name_roman": user.first_name_roman,
    }


def _next_sequence(*, cohort: Cohort) -> int:
    """The next serial number of the programme and year. Called inside a transaction that holds
    the programme's row lock, so two workers cannot take the same numbers (and the serial's
    unique constraint backs this up)."""
    last = Certificate.objects.filter(serial__startswith=_serial_prefix(cohort)).aggregate(
        n=Max("sequence")
    )["n"]
    return (last or 0) + 1


def _serial_prefix(cohort: Cohort) -> str:
    return f"{cohort.programme.code.upper()}-{cohort.year}-"


# Field validation only: the unique fields and the check constraints are the database's, and
# asking for them in full_clean() costs six queries per row, a third of issuing's database time.
DATABASE_CHECKED = {"validate_unique": False, "validate_constraints": False}


@transaction.atomic
def certificates_prepare(*, cohort: Cohort, enrolment_ids: Iterable[int]) -> list[Certificate]:
    """Pending rows for the eligible enrolments among `enrolment_ids` that have none, and the
    list of every certificate of those enrolments still pending (new or interrupted)."""
    # The programme's row lock serialises serial numbers across workers.
    Programme.objects.select_for_update().get(pk=cohort.programme_id)
    wanted = set(enrolment_ids)
    eligible = selectors.eligible_enrolment_ids(cohort=cohort, enrolment_ids=wanted)
    existing = set(
        Certificate.objects.filter(enrolment_id__in=wanted).values_list("enrolment_id", flat=True)
    )
    template = selectors.template_for(cohort=cohort)
    institutions = _institutions(template)
    today = timezone.localdate()
    enrolments = Enrolment.objects.filter(pk__in=set(eligible) - existing).select_related(
        "user", "cohort__programme"
    )
    sequence = _next_sequence(cohort=cohort)
    new = []
    for enrolment in enrolments.order_by("pk"):
        certificate = Certificate(
            enrolment=enrolment,
            template=template,
            serial=f"{_serial_prefix(cohort)}{sequence:04d}",
            sequence=sequence,
            programme_name_ja=cohort.programme.name_ja,
            programme_name_en=cohort.programme.name_en,
            cohort_name_ja=cohort.name_ja,
            cohort_name_en=cohort.name_en,
            cohort_starts_on=cohort.starts_on,
            cohort_ends_on=cohort.ends_on,
            completed_on=min(cohort.ends_on, today),
            institutions=institutions,
            **_frozen_names(enrolment.user),
        )
        certificate.full_clean(**DATABASE_CHECKED)
        new.append(certificate)
        sequence += 1
    Certificate.objects.bulk_create(new)
    return list(
        Certificate.objects.filter(
            enrolment_id__in=wanted, status=Certificate.Status.PENDING
        ).select_related("template", "enrolment__user", "enrolment__cohort__programme")
    )


def _pdf_name(certificate: Certificate) -> str:
    return certificate.pdf.field.generate_filename(certificate, "certificate.pdf")


def _store_pdf(certificate: Certificate, pdf: bytes) -> None:
    """Write the file at the certificate's own path, replacing what an interrupted attempt may
    have left there."""
    name = _pdf_name(certificate)
    storage = certificate.pdf.storage
    if storage.exists(name):
        storage.delete(name)
    certificate.pdf.save(name, ContentFile(pdf), save=False)
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()


def _enqueue_issued_email(certificate: Certificate) -> None:
    user = certificate.enrolment.user
    download_path = reverse("certificates:download", args=[certificate.pk])
    notify(
        key=f"certificate-issued:{certificate.pk}:{certificate.version}",
        user=user,
        kind=NotificationKind.CERTIFICATE,
        link=download_path,
        title=lambda: (
            _("Your certificate is ready")
            if certificate.version == 1
            else _("Your certificate was re-issued")
        ),
        template="certificates/emails/issued",
        context={
            "certificate": certificate,
            "download_url": settings.SITE_URL + download_path,
            "verification_url": certificate.verification_url(),
        },
    )


COMPLETED_FIELDS = {"pdf", "pdf_sha256", "status", "issued_at"}
UNCHANGED_ON_COMPLETE = [
    field.name for field in Certificate._meta.concrete_fields if field.name not in COMPLETED_FIELDS
]


@transaction.atomic
def _complete(pdfs: dict[int, bytes], signed: list | None = None) -> int:
    """Store the PDFs (and the signed credentials) and mark their certificates issued, those
    nobody has completed meanwhile; one transaction for the batch (one commit, and all or
    nothing)."""
    signed_for = {credential.certificate.pk: credential for credential in signed or []}
    certificates = (
        Certificate.objects.select_for_update()
        .select_related("enrolment__user")
        .filter(pk__in=list(pdfs), status=Certificate.Status.PENDING)
        .order_by("pk")
    )
    completed = 0
    stored = []
    for certificate in certificates:
        if certificate.pk in signed_for:
            stored.append(signed_for[certificate.pk])
        _store_pdf(certificate, pdfs[certificate.pk])
        certificate.status = Certificate.Status.ISSUED
        certificate.issued_at = timezone.now()
        # The fields this step sets; the others were validated when the row was prepared (and
        # checking the foreign keys again would ask the database twice per certificate).
        certificate.full_clean(exclude=UNCHANGED_ON_COMPLETE, **DATABASE_CHECKED)
        certificate.save(update_fields=["pdf", "pdf_sha256", "status", "issued_at"])
        _enqueue_issued_email(certificate)
        completed += 1
    credentials.credentials_store(stored)
    return completed


def certificates_issue_batch(
    *,
    cohort: Cohort,
    enrolment_ids: Iterable[int],
    render: Renderer = rendering.render_batch,
    sign: Callable[..., list] = credentials.credentials_sign,
    after_render: Callable[[], None] | None = None,
) -> int:
    """Issue the certificates of these enrolments (those eligible); returns how many this call
    completed. Safe to run any number of times, also concurrently."""
    pending = certificates_prepare(cohort=cohort, enrolment_ids=enrolment_ids)
    if not pending:
        return 0
    context = rendering.template_context(pending[0].template)
    pdfs = render(pending, context)
    if after_render is not None:
        after_render()
    by_pk = {c.pk: pdf for c, pdf in zip(pending, pdfs, strict=True)}
    # Signed with the PDFs, outside the transaction; signed again in the rare case that a
    # concurrent batch drew one of the same random status list indexes.
    for attempt in range(3):
        signed = sign(certificates=pending)
        try:
            return _complete(by_pk, signed)
        except credentials.StatusIndexTaken:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def certificate_issue(*, enrolment: Enrolment) -> None:
    """Issue one enrolment's certificate in the background, after the current transaction."""
    if (
        Certificate.objects.filter(enrolment=enrolment)
        .exclude(status=Certificate.Status.PENDING)
        .exists()
    ):
        raise ValidationError(_("This participant already has a certificate."))
    if not selectors.enrolment_is_eligible(enrolment=enrolment):
        raise ValidationError(_("This participant does not meet the completion rule."))
    tasks.issue_certificates.delay_on_commit(enrolment.cohort_id, [enrolment.pk])


def certificates_issue_for_cohort(*, cohort: Cohort) -> int:
    """Issue every eligible enrolment's certificate in the background, in batches that the
    worker's processes share; returns how many enrolments were queued."""
    issued = set(
        Certificate.objects.filter(
            enrolment__cohort=cohort,
            status__in=[Certificate.Status.ISSUED, Certificate.Status.REVOKED],
        ).values_list("enrolment_id", flat=True)
    )
    to_issue = [pk for pk in selectors.eligible_enrolment_ids(cohort=cohort) if pk not in issued]
    for batch in enrolment_batches(to_issue):
        tasks.issue_certificates.delay_on_commit(cohort.pk, batch)
    return len(to_issue)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by: User | None) -> Certificate:
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != Certificate.Status.ISSUED:
        raise ValidationError(_("Only a valid certificate can be revoked."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_reason = reason.strip()
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.full_clean()
    certificate.save()
    credentials.credentials_sync_status(certificate=certificate)
    verification_pages_forget(certificate)
    return certificate


def verification_pages_forget(certificate: Certificate) -> None:
    """The verification pages are cached for anonymous visitors: show the change at once."""
    code = certificate.verification_code
    for path in (
        reverse("certificates:verify", args=[code]),
        reverse("certificates:verify_json", args=[code]),
    ):
        transaction.on_commit(lambda path=path: forget_public_page(path))


REISSUE_REFUSED = gettext_lazy("Only a valid certificate can be re-issued.")


def certificate_reissue(*, certificate: Certificate, reason: str, by: User | None) -> Certificate:
    """A new version after a name correction: the participant's current names, the same
    identity, serial and code, the old PDF's hash kept in the history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the re-issue.")})
    current = Certificate.objects.select_related(
        "template", "enrolment__user", "enrolment__cohort__programme"
    ).get(pk=certificate.pk)
    if current.status != Certificate.Status.ISSUED:
        raise ValidationError(str(REISSUE_REFUSED))
    old_version, old_hash = current.version, current.pdf_sha256
    old_names = _frozen_names(current)
    current.__dict__.update(_frozen_names(current.enrolment.user))
    current.version = old_version + 1
    # Rendered outside the transaction; nothing is written unless the version is unchanged.
    pdf = rendering.render_batch([current], rendering.template_context(current.template))[0]
    signed = credentials.credentials_sign(certificates=[current])
    with transaction.atomic():
        locked = (
            Certificate.objects.select_for_update()
            .select_related("enrolment__user")
            .get(pk=certificate.pk)
        )
        if locked.version != old_version or locked.status != Certificate.Status.ISSUED:
            raise ValidationError(str(REISSUE_REFUSED))
        CertificateRevisionHistory.objects.create(
            certificate=locked,
            version=old_version,
            pdf_sha256=old_hash,
            names=old_names,
            reason=reason.strip(),
            created_by=by,
        )
        verification_pages_forget(locked)
        locked.__dict__.update(_frozen_names(locked.enrolment.user))
        locked.version = old_version + 1
        _store_pdf(locked, pdf)
        locked.full_clean()
        locked.save()
        for credential in signed:
            credential.certificate = locked
        credentials.credentials_store(signed)
        credentials.credentials_sync_status(certificate=locked)
        _enqueue_issued_email(locked)
    return locked

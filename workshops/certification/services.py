"""Writes of the company's DX認定 records. The rules on one row are on the models
(workshops/models/certification.py); these functions check them before every save."""

from django.db import transaction
from django.utils import timezone

from cohorts.models import Company
from school.models import User
from workshops.certification.criteria import CRITERIA_BY_CODE
from workshops.models import CertificationRecord, CriterionPublication

RECORD_FIELDS = (
    "strategy_decided_on",
    "strategy_decided_by",
    "security_measure",
    "security_description",
    "holds_certification",
    "certified_on",
)


def _record_of(company: Company) -> CertificationRecord:
    record, _created = CertificationRecord.objects.select_for_update().get_or_create(
        company=company
    )
    return record


@transaction.atomic
def certification_record_save(*, company: Company, by: User, values: dict) -> CertificationRecord:
    """The decision, the security declaration and the certification held, as the company
    records them."""
    record = _record_of(company)
    for name in RECORD_FIELDS:
        if name in values:
            setattr(record, name, values[name])
    if not record.holds_certification:
        record.certified_on = None
    record.updated_at = timezone.now()
    record.updated_by = by
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def criterion_publication_save(
    *, company: Company, by: User, criterion: str, medium: str, url: str, published_on
) -> CriterionPublication:
    """Where one criterion is published; a second save replaces the first."""
    if not CRITERIA_BY_CODE[criterion].needs_publication:
        raise ValueError(f"Criterion {criterion} is not published.")
    record = _record_of(company)
    publication = CriterionPublication.objects.filter(record=record, criterion=criterion).first()
    publication = publication or CriterionPublication(record=record, criterion=criterion)
    publication.medium = medium
    publication.url = url
    publication.published_on = published_on
    publication.full_clean()
    publication.save()
    record.updated_at = timezone.now()
    record.updated_by = by
    record.save(update_fields=["updated_at", "updated_by"])
    return publication

"""Factories for a company's DX認定 records, and two hand-made plans: one ready, one with gaps."""

from datetime import timedelta

import factory
from django.utils import timezone

from tests.cohorts.factories import CompanyFactory
from workshops.certification.criteria import PUBLISHED_CRITERIA
from workshops.models import CertificationRecord, CriterionPublication


class CertificationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationRecord

    company = factory.SubFactory(CompanyFactory)
    strategy_decided_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    strategy_decided_by = CertificationRecord.DecidingBody.BOARD
    security_measure = CertificationRecord.SecurityMeasure.SECURITY_ACTION_TWO_STARS


class CriterionPublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionPublication

    record = factory.SubFactory(CertificationRecordFactory)
    criterion = "1"
    medium = factory.LazyAttribute(lambda p: f"DX推進方針 2027（設問{p.criterion}）")
    url = factory.LazyAttribute(lambda p: f"https://example.jp/dx/{p.criterion}/")
    published_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))


def published_everywhere(record: CertificationRecord, *, except_for=()) -> CertificationRecord:
    """A publication for every criterion that needs one, but those named."""
    for criterion in PUBLISHED_CRITERIA:
        if criterion.code not in except_for:
            CriterionPublicationFactory(record=record, criterion=criterion.code)
    return record

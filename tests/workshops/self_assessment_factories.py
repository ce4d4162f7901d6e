"""Factories for the DX推進指標 self-assessment, and one made complete or partial in one call."""

import factory

from tests.cohorts.factories import EnrolmentFactory
from workshops.models import SelfAssessment, SelfAssessmentRating
from workshops.self_assessment.indicator import ITEMS, active


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    enrolment = factory.SubFactory(EnrolmentFactory)
    fiscal_year = 2026


class SelfAssessmentRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessmentRating

    assessment = factory.SubFactory(SelfAssessmentFactory)
    item = ITEMS[0].code
    current = 1
    target = 3
    evidence = "経営会議の議事録（2026年4月）"


def rated(enrolment, *, items=None, fiscal_year=2026) -> SelfAssessment:
    """A self-assessment of the enrolment rating the items given (every item of the catalogue in
    use by default)."""
    assessment = SelfAssessmentFactory(enrolment=enrolment, fiscal_year=fiscal_year)
    for index, item in enumerate(active().items if items is None else items):
        SelfAssessmentRatingFactory(
            assessment=assessment, item=item.code, current=index % 3, target=index % 3 + 2
        )
    return assessment

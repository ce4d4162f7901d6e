"""Writes of the DX推進指標 self-assessment. The rules on one row are on the models
(workshops/models/self_assessment.py); every row is checked before it is saved."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Enrolment
from school.models import User
from workshops.models import SelfAssessment, SelfAssessmentRating
from workshops.self_assessment.indicator import active


@transaction.atomic
def self_assessment_save(
    *,
    enrolment: Enrolment,
    fiscal_year: int,
    by: User,
    ratings: dict[str, dict[str, Any]],
) -> SelfAssessment:
    """The enrolment's self-assessment for the fiscal year, created on its first save, with
    each item's levels and evidence as given ({item code: {current, target, evidence}}). An
    item given nothing (no level, no evidence) keeps no row. A refused row refuses the whole
    save, with the errors keyed "<item>-<field>"."""
    catalogue = active()
    unknown = set(ratings) - set(catalogue.by_code)
    if unknown:
        raise ValueError(f"Unknown items: {sorted(unknown)}")
    assessment = SelfAssessment.objects.select_for_update().filter(
        enrolment=enrolment, fiscal_year=fiscal_year
    ).first() or SelfAssessment(enrolment=enrolment, fiscal_year=fiscal_year)
    assessment.updated_at = timezone.now()
    assessment.updated_by = by
    assessment.full_clean()
    assessment.save()
    existing = {rating.item: rating for rating in assessment.ratings.all()}
    errors: dict[str, list[str]] = {}
    to_save, to_delete = [], []
    for item in catalogue.items:
        values = ratings.get(item.code)
        if values is None:
            continue
        rating = existing.get(item.code) or SelfAssessmentRating(
            assessment=assessment, item=item.code
        )
        rating.current = values.get("current")
        rating.target = values.get("target")
        rating.evidence = (values.get("evidence") or "").replace("\r\n", "\n")
        if rating.current is None and rating.target is None and not rating.evidence.strip():
            if rating.pk:
                to_delete.append(rating.pk)
            continue
        try:
            rating.full_clean(exclude=["assessment"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"{item.code}-{field}", []).extend(messages)
            continue
        to_save.append(rating)
    if errors:
        raise ValidationError(errors)
    SelfAssessmentRating.objects.filter(pk__in=to_delete).delete()
    for rating in to_save:
        rating.save()
    return assessment

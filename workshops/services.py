"""Writes about workshops and plans: saving drafts, submitting versions, extensions, attachments."""

import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Enrolment
from cohorts.selectors import user_teaches_cohort
from school.models import User
from workshops import file_types, selectors
from workshops.models import (
    Extension,
    Kpi,
    KpiTarget,
    MaturityScore,
    Plan,
    PlanAttachment,
    PlanVersion,
    RoadmapInitiative,
    Submission,
    Workshop,
)


class ConflictError(Exception):
    """The plan was saved elsewhere (another tab, another device) since this edit began.

    Nothing was written. The caller still holds what was typed (`data`) and gets the plan as it
    now stands (`current`), so it can show both and let the person choose.
    """

    def __init__(self, *, current: Plan, data: Mapping[str, Any]):
        super().__init__(
            _("This plan was saved elsewhere (another tab or device) while you were editing.")
        )
        self.current = current
        self.data = data


@dataclass
class PlanData:
    """A whole draft as typed: the plan's own fields and its rows.

    kpis: dicts with name, unit, baseline and targets ({plan year: value});
    roadmap: dicts with title, start_year, end_year, owner, budget (list of yen, one per year
    of the initiative), expected_outcome; maturity: dicts with dimension, current, target.
    """

    fields: dict[str, Any]
    maturity: list[dict[str, Any]] = field(default_factory=list)
    kpis: list[dict[str, Any]] = field(default_factory=list)
    roadmap: list[dict[str, Any]] = field(default_factory=list)


PLAN_FIELDS = ("horizon_years", "start_fiscal_year", *Plan.SECTION_FIELDS)


@transaction.atomic
def plan_get_or_create(*, enrolment: Enrolment) -> Plan:
    plan = Plan.objects.filter(enrolment=enrolment).first()
    if plan is not None:
        return plan
    # The plan starts with the fiscal year after the cohort's: the plan is written during it.
    plan = Plan(enrolment=enrolment, start_fiscal_year=enrolment.cohort.year + 1)
    plan.full_clean()
    plan.save()
    return plan


def _row_errors(errors: dict, prefix: str, index: int, error: ValidationError) -> None:
    for name, messages in error.message_dict.items():
        errors.setdefault(f"{prefix}-{index}-{name}", []).extend(messages)


@transaction.atomic
def plan_save_draft(*, plan: Plan, data: PlanData, expected_revision: int) -> Plan:
    """Save the whole draft, replacing its rows, if nobody saved since `expected_revision`.

    Raises ConflictError (writing nothing) when the plan moved on, and ValidationError with
    errors keyed by field ("kpis-0-baseline" for rows) when a rule is broken.
    """
    # The row lock makes two saves of the same revision queue up; the second sees the first's
    # new revision and gets the conflict instead of overwriting it.
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.revision != expected_revision:
        raise ConflictError(current=locked, data=data)

    for name in PLAN_FIELDS:
        if name in data.fields:
            setattr(locked, name, data.fields[name])
    errors: dict[str, list] = {}
    try:
        locked.full_clean(exclude=["enrolment", "revision"])
    except ValidationError as error:
        errors.update(error.message_dict)

    scores = []
    for index, row in enumerate(data.maturity):
        score = MaturityScore(plan=locked, **row)
        try:
            score.full_clean(exclude=["plan"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            _row_errors(errors, "maturity", index, error)
        scores.append(score)
    if len({row["dimension"] for row in data.maturity}) != len(data.maturity):
        errors.setdefault("maturity", []).append(_("Score each dimension once."))

    kpis = []
    for index, row in enumerate(data.kpis):
        row = dict(row)
        targets = row.pop("targets", {}) or {}
        kpi = Kpi(plan=locked, order=index, **row)
        try:
            kpi.full_clean(exclude=["plan"])
        except ValidationError as error:
            _row_errors(errors, "kpis", index, error)
        kpi_targets = []
        for year, value in sorted(targets.items()):
            target = KpiTarget(kpi=kpi, plan_year=int(year), target=value)
            try:
                target.full_clean(exclude=["kpi"], validate_constraints=False)
            except ValidationError as error:
                for messages in error.message_dict.values():
                    errors.setdefault(f"kpis-{index}-target_{year}", []).extend(messages)
            kpi_targets.append(target)
        kpis.append((kpi, kpi_targets))

    initiatives = []
    for index, row in enumerate(data.roadmap):
        initiative = RoadmapInitiative(plan=locked, order=index, **row)
        try:
            initiative.full_clean(exclude=["plan"], validate_constraints=False)
        except ValidationError as error:
            _row_errors(errors, "roadmap", index, error)
        initiatives.append(initiative)

    if errors:
        raise ValidationError(errors)

    locked.revision += 1
    locked.updated_at = timezone.now()
    locked.save()
    locked.maturity_scores.all().delete()
    locked.kpis.all().delete()
    locked.roadmap.all().delete()
    MaturityScore.objects.bulk_create(scores)
    for kpi, kpi_targets in kpis:
        kpi.save()
        for target in kpi_targets:
            target.kpi = kpi
        KpiTarget.objects.bulk_create(kpi_targets)
    RoadmapInitiative.objects.bulk_create(initiatives)
    return locked


def _deadline_check(*, workshop: Workshop, enrolment: Enrolment, now: datetime) -> bool:
    """Whether a submission now would be late; raises ValidationError if it is refused."""
    if now < workshop.opens_at:
        raise ValidationError(
            _("This workshop opens on %(opens)s; you cannot submit before then.")
            % {"opens": f"{timezone.localtime(workshop.opens_at):%Y-%m-%d %H:%M}"},
            code="not_open",
        )
    extension = Extension.objects.filter(workshop=workshop, enrolment=enrolment).first()
    due_at = workshop.effective_due_at(extension)
    is_late = now > due_at
    if is_late and not workshop.allow_late_submission:
        raise ValidationError(
            _("The deadline (%(due)s) has passed and this workshop does not accept late plans.")
            % {"due": f"{timezone.localtime(due_at):%Y-%m-%d %H:%M}"},
            code="past_deadline",
        )
    return is_late


@transaction.atomic
def plan_submit(*, plan: Plan, workshop: Workshop, now: datetime | None = None) -> Submission:
    """Hand in the plan for a workshop: freeze it as a new version, with its submission."""
    now = now or timezone.now()
    # Version numbers of one person are allotted under a lock on their enrolment, so two
    # simultaneous submissions cannot take the same number.
    enrolment = Enrolment.objects.select_for_update().get(pk=plan.enrolment_id)
    if workshop.cohort_id != enrolment.cohort_id:
        raise ValidationError(_("This workshop belongs to another cohort."), code="wrong_cohort")
    if enrolment.status not in (Enrolment.Status.ACTIVE, Enrolment.Status.INVITED):
        raise ValidationError(
            _("Only a participant taking part in the cohort can submit a plan."),
            code="not_taking_part",
        )
    is_late = _deadline_check(workshop=workshop, enrolment=enrolment, now=now)
    if (
        not workshop.allow_resubmission
        and Submission.objects.filter(workshop=workshop, enrolment=enrolment).exists()
    ):
        raise ValidationError(
            _("You have already submitted your plan for this workshop."),
            code="already_submitted",
        )
    last = (
        PlanVersion.objects.filter(enrolment=enrolment)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    number = (last or 0) + 1
    submission = Submission(
        workshop=workshop,
        enrolment=enrolment,
        version_number=number,
        submitted_at=now,
        is_late=is_late,
    )
    submission.full_clean()
    submission.save()
    version = PlanVersion(
        enrolment=enrolment,
        number=number,
        content=selectors.plan_content(plan=Plan.objects.get(pk=plan.pk)),
        created_at=now,
        submission=submission,
    )
    version.full_clean()
    version.save()
    return submission


@transaction.atomic
def extension_grant(
    *,
    workshop: Workshop,
    enrolment: Enrolment,
    due_at: datetime,
    reason: str,
    granted_by: User,
) -> Extension:
    """Give one participant a later deadline; granting again replaces the earlier extension."""
    if not user_teaches_cohort(user=granted_by, cohort_id=workshop.cohort_id):
        raise PermissionDenied(_("You do not teach this cohort."))
    extension = Extension.objects.filter(workshop=workshop, enrolment=enrolment).first()
    if extension is None:
        extension = Extension(workshop=workshop, enrolment=enrolment)
    extension.due_at = due_at
    extension.reason = reason.strip()
    extension.granted_by = granted_by
    extension.granted_at = timezone.now()
    extension.full_clean()
    extension.save()
    return extension


def _clean_file_name(name: str) -> str:
    # Browsers send a bare name, but some send a path; control characters would break headers.
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(
        c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C"
    )
    return name.strip()[-200:] or "attachment"


@transaction.atomic
def attachment_add(*, plan: Plan, upload) -> PlanAttachment:
    """Attach a file to the plan after checking what it really contains."""
    # Lock the plan so two uploads at once cannot both take the fifth place.
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.attachments.count() >= PlanAttachment.MAX_PER_PLAN:
        raise ValidationError(
            _("A plan can have at most %(count)s attachments. Remove one first.")
            % {"count": PlanAttachment.MAX_PER_PLAN},
            code="too_many",
        )
    if upload.size > PlanAttachment.MAX_BYTES:
        raise ValidationError(
            _("The file is larger than 10 MB. Make it smaller (e.g. compress the images)."),
            code="too_large",
        )
    data = upload.read()
    if len(data) > PlanAttachment.MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    name = _clean_file_name(upload.name or "")
    try:
        kind = file_types.detect(data, name)
    except file_types.UnacceptableFile as error:
        raise ValidationError(str(error.message), code="file_type") from error
    attachment = PlanAttachment(
        plan=plan,
        original_name=name,
        content_type=kind.content_type,
        size=len(data),
        uploaded_at=timezone.now(),
    )
    attachment.file.save(name, ContentFile(data), save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: PlanAttachment) -> None:
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(path))

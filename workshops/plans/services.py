"""Writes about the plan: saving drafts, handing in versions, attachments."""

import json
import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.models import Enrolment
from school.services import email_enqueue_for_user
from workshops.models import (
    Assessment,
    Extension,
    Kpi,
    KpiTarget,
    MaturityScore,
    Plan,
    PlanAttachment,
    PlanVersion,
    RoadmapInitiative,
    Submission,
    VersionAttachment,
    Workshop,
)
from workshops.plans import completeness, file_types, selectors
from workshops.plans.notifications import submission_teachers_notify
from workshops.plans.size_rules import plan_size_errors


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
    scores = _maturity_rows(locked, data.maturity, errors)
    kpis = _kpi_rows(locked, data.kpis, errors)
    initiatives = _roadmap_rows(locked, data.roadmap, errors)
    # Over a limit, the message naming the field replaces the model's generic one.
    errors.update(plan_size_errors(fields=data.fields, kpis=data.kpis, roadmap=data.roadmap))
    if errors:
        raise ValidationError(errors)

    locked.revision += 1
    locked.updated_at = timezone.now()
    # The notice that the sections moved to DGC 3.0's (migration 0020) was shown with the
    # editor the writer saved from: once is enough.
    locked.sections_moved_from = ""
    locked.save()
    # Autosave sends the whole plan every few seconds while one text is typed: rows equal to
    # those the caller read are left alone. Every save moves the revision on under the lock, so
    # rows read at the locked revision are the rows in the database.
    if plan.revision == expected_revision and _rows_as_read(plan) == _rows_to_write(
        scores, kpis, initiatives
    ):
        # The rows the caller read are the saved plan's rows: the caller's prefetched copies go
        # with it, so working out what the plan still lacks needs no second read.
        locked._prefetched_objects_cache = getattr(plan, "_prefetched_objects_cache", {})
        return locked
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


def _maturity_rows(plan: Plan, rows: list[dict], errors: dict) -> list[MaturityScore]:
    scores = []
    for index, row in enumerate(rows):
        score = MaturityScore(plan=plan, **row)
        try:
            score.full_clean(exclude=["plan"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            _row_errors(errors, "maturity", index, error)
        scores.append(score)
    if len({row["dimension"] for row in rows}) != len(rows):
        errors.setdefault("maturity", []).append(_("Score each dimension once."))
    return scores


def _kpi_rows(plan: Plan, rows: list[dict], errors: dict) -> list[tuple[Kpi, list[KpiTarget]]]:
    kpis = []
    for index, row in enumerate(rows):
        row = dict(row)
        targets = row.pop("targets", {}) or {}
        kpi = Kpi(plan=plan, order=index, **row)
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
    return kpis


def _roadmap_rows(plan: Plan, rows: list[dict], errors: dict) -> list[RoadmapInitiative]:
    initiatives = []
    for index, row in enumerate(rows):
        initiative = RoadmapInitiative(plan=plan, order=index, **row)
        try:
            initiative.full_clean(exclude=["plan"], validate_constraints=False)
        except ValidationError as error:
            _row_errors(errors, "roadmap", index, error)
        initiatives.append(initiative)
    return initiatives


@dataclass(frozen=True)
class PlanRecorded:
    """What the editor's form did: the saved plan, and when it was also handed in, the
    submission, or the reason the hand-in was refused (the draft is saved all the same)."""

    plan: Plan
    submission: Submission | None = None
    refusal: ValidationError | None = None


def plan_record(
    *, plan: Plan, data: PlanData, expected_revision: int, workshop: Workshop | None = None
) -> PlanRecorded:
    """Save the draft and, with `workshop`, hand it in for that workshop. The two are separate
    steps: a refused hand-in (the deadline passed, a KPI lacks a target) keeps the saved draft,
    so nothing typed is lost. Raises as plan_save_draft does."""
    saved = plan_save_draft(plan=plan, data=data, expected_revision=expected_revision)
    if workshop is None:
        return PlanRecorded(plan=saved)
    try:
        submission = plan_submit(plan=saved, workshop=workshop)
    except ValidationError as refusal:
        return PlanRecorded(plan=saved, refusal=refusal)
    return PlanRecorded(plan=saved, submission=submission)


def _row_values(row) -> tuple:
    values = []
    for model_field in row._meta.concrete_fields:
        if model_field.primary_key or model_field.is_relation:
            continue
        value = getattr(row, model_field.attname)
        # JSON: 1 and 1.0 or True are equal in Python but not in the stored document.
        values.append(
            json.dumps(value, sort_keys=True, default=str)
            if isinstance(value, list | dict)
            else value
        )
    return tuple(values)


def _rows_as_read(plan: Plan) -> tuple | None:
    """The plan's rows as the caller read them (prefetched), or None when it did not."""
    cache = getattr(plan, "_prefetched_objects_cache", {})
    if not {"maturity_scores", "kpis", "roadmap"} <= cache.keys():
        return None
    kpis = list(plan.kpis.all())
    if any("targets" not in getattr(kpi, "_prefetched_objects_cache", {}) for kpi in kpis):
        return None
    return (
        sorted((_row_values(score) for score in plan.maturity_scores.all()), key=repr),
        [
            (_row_values(kpi), [_row_values(t) for t in sorted(kpi.targets.all(), key=_year)])
            for kpi in sorted(kpis, key=_order)
        ],
        [_row_values(initiative) for initiative in sorted(plan.roadmap.all(), key=_order)],
    )


def _rows_to_write(scores, kpis, initiatives) -> tuple:
    return (
        sorted((_row_values(score) for score in scores), key=repr),
        [
            (_row_values(kpi), [_row_values(t) for t in sorted(targets, key=_year)])
            for kpi, targets in kpis
        ],
        [_row_values(initiative) for initiative in initiatives],
    )


def _order(row) -> tuple:
    return (row.order, row.pk)


def _year(target) -> int:
    return target.plan_year


def _deadline_check(*, workshop: Workshop, enrolment: Enrolment, now: datetime) -> bool:
    """Whether a submission now would be late; raises ValidationError if it is refused."""
    if now < workshop.opens_at:
        raise ValidationError(
            _("This workshop opens on %(opens)s; you cannot submit before then.")
            % {"opens": date_format(timezone.localtime(workshop.opens_at), "DATETIME_FORMAT")},
            code="not_open",
        )
    extension = Extension.objects.filter(workshop=workshop, enrolment=enrolment).first()
    due_at = workshop.effective_due_at(extension)
    is_late = now > due_at
    if is_late and not workshop.allow_late_submission:
        raise ValidationError(
            _("The deadline (%(due)s) has passed and this workshop does not accept late plans.")
            % {"due": date_format(timezone.localtime(due_at), "DATETIME_FORMAT")},
            code="past_deadline",
        )
    return is_late


def _revision_due_at(*, workshop: Workshop, enrolment: Enrolment) -> datetime | None:
    """Until when a new version may be handed in because the latest one was returned for
    revision; None when the latest version was not returned."""
    latest = (
        Submission.objects.filter(workshop=workshop, enrolment=enrolment)
        .order_by("-version_number")
        .select_related("assessment")
        .first()
    )
    assessment = getattr(latest, "assessment", None) if latest is not None else None
    if assessment is None or assessment.status != Assessment.Status.RETURNED:
        return None
    return assessment.revision_due_at


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
    gaps = completeness.plan_gaps(plan=selectors.plan_queryset().get(pk=plan.pk))
    if gaps:
        messages = [_("The plan is not complete yet, so it cannot be submitted.")]
        raise ValidationError(
            [ValidationError(m, code="incomplete") for m in messages + [g.message for g in gaps]]
        )
    returned_until = _revision_due_at(workshop=workshop, enrolment=enrolment)
    revising = returned_until is not None and now <= returned_until
    if revising:
        # Returned for revision: the instructor's due date replaces the workshop's deadline
        # and its resubmission rule, and a revision handed in by then is not late.
        is_late = False
    else:
        is_late = _deadline_check(workshop=workshop, enrolment=enrolment, now=now)
    if (
        not revising
        and not workshop.allow_resubmission
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
    # The plan's row lock keeps attachments from being added or removed while the version is
    # frozen, so its content and its attachment rows describe the same files.
    locked_plan = Plan.objects.select_for_update().get(pk=plan.pk)
    version = PlanVersion(
        enrolment=enrolment,
        number=number,
        content=selectors.plan_content(plan=locked_plan),
        created_at=now,
        submission=submission,
    )
    version.full_clean()
    version.save()
    _version_attachments_freeze(version=version, plan=locked_plan)
    submission_received_notify(submission=submission)
    return submission


def _version_attachments_freeze(*, version: PlanVersion, plan: Plan) -> None:
    """The plan's attachments, recorded as the version's: the same stored files, not copies."""
    frozen = [
        VersionAttachment(
            version=version,
            file=attachment.file.name,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            uploaded_at=attachment.uploaded_at,
        )
        for attachment in PlanAttachment.objects.filter(plan=plan)
    ]
    for row in frozen:
        # The unique constraint is left to the database: checking it here costs a query a row.
        row.full_clean(validate_constraints=False)
    VersionAttachment.objects.bulk_create(frozen)


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
    """Take the attachment off the living plan. Its file is deleted only when no submitted
    version was handed in with it: a version keeps its attachments for good."""
    # The plan's lock orders this after (or before) a submission freezing the plan, so the
    # check below sees every version that names the file.
    Plan.objects.select_for_update().get(pk=attachment.plan_id)
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    if selectors.attachment_file_in_use(name=path):
        return
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(path))


def submission_received_notify(*, submission: Submission) -> None:
    """Queue the "we received your plan" e-mail; the key makes a repeated step send one."""
    enrolment = submission.enrolment
    workshop = submission.workshop
    link = settings.SITE_URL.rstrip("/") + reverse(
        "workshops:plan_version",
        kwargs={"enrolment_id": enrolment.pk, "number": submission.version_number},
    )
    email_enqueue_for_user(
        key=f"submission-received:{submission.pk}",
        user=enrolment.user,
        subject=lambda: _("Your plan was received: %(workshop)s") % {"workshop": workshop.title},
        template="workshops/emails/submission_received",
        context={"submission": submission, "workshop": workshop, "link": link},
    )
    submission_teachers_notify(submission=submission)

"""Writes about the plan: saving drafts, handing in versions, attachments."""

import copy
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
    Plan,
    PlanAttachment,
    PlanVersion,
    Submission,
    VersionAttachment,
    Workshop,
)
from workshops.plans import completeness, draft_rows, file_types, selectors
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
    None for a kind of rows leaves the saved rows of that kind as they are, unchecked: the
    editor's autosave sends None for rows it found posted exactly as saved at the revision the
    save expects (plans/unchanged_rows.py).
    """

    fields: dict[str, Any]
    maturity: list[dict[str, Any]] | None = field(default_factory=list)
    kpis: list[dict[str, Any]] | None = field(default_factory=list)
    roadmap: list[dict[str, Any]] | None = field(default_factory=list)


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


@transaction.atomic
def plan_save_draft(*, plan: Plan, data: PlanData, expected_revision: int) -> Plan:
    """Save the whole draft, replacing its rows, if nobody saved since `expected_revision`.

    Raises ConflictError (writing nothing) when the plan moved on, and ValidationError with
    errors keyed by field ("kpis-0-baseline" for rows) when a rule is broken.
    """
    if plan.revision == expected_revision:
        # The caller read the plan at the revision it saves from: the update below names that
        # revision, so it is the lock and the check at once (one query, not two).
        draft = copy.copy(plan)
        draft._prefetched_objects_cache = {}
    else:
        draft = _locked_at(plan=plan, data=data, expected_revision=expected_revision)
    for name in PLAN_FIELDS:
        if name in data.fields:
            setattr(draft, name, data.fields[name])
    errors: dict[str, list] = {}
    try:
        draft.full_clean(exclude=["enrolment", "revision"])
    except ValidationError as error:
        errors.update(error.message_dict)
    rows = draft_rows.build(
        plan=draft, maturity=data.maturity, kpis=data.kpis, roadmap=data.roadmap, errors=errors
    )
    # Over a limit, the message naming the field replaces the model's generic one.
    errors.update(
        plan_size_errors(fields=data.fields, kpis=data.kpis or [], roadmap=data.roadmap or [])
    )
    if errors:
        # Saved elsewhere meanwhile, the conflict is what to tell, as when nothing was wrong.
        _locked_at(plan=plan, data=data, expected_revision=expected_revision)
        raise ValidationError(errors)

    # The notice that the sections moved to DGC 3.0's (migration 0020) was shown with the
    # editor the writer saved from: once is enough.
    changes = {
        **{name: getattr(draft, name) for name in PLAN_FIELDS},
        "revision": expected_revision + 1,
        "updated_at": timezone.now(),
        "sections_moved_from": "",
    }
    # The row lock this takes makes two saves of the same revision queue up; the second finds
    # the revision moved on, writes nothing and gets the conflict instead of overwriting.
    if not Plan.objects.filter(pk=plan.pk, revision=expected_revision).update(**changes):
        raise ConflictError(current=Plan.objects.get(pk=plan.pk), data=data)
    for name, value in changes.items():
        setattr(draft, name, value)
    # Autosave sends the whole plan every few seconds while one text is typed: rows equal to
    # those the caller read are left alone, and so are the kinds it sent None for. Every save
    # moves the revision on under the lock, so rows read at the revision saved from are the
    # rows in the database.
    read = plan if plan.revision == expected_revision and draft_rows.were_read(plan) else None
    if draft_rows.replace(plan=draft, rows=rows, read=read) == 0 and read is not None:
        # The rows the caller read are the saved plan's rows: the caller's prefetched copies go
        # with it, so working out what the plan still lacks needs no second read.
        draft._prefetched_objects_cache = getattr(plan, "_prefetched_objects_cache", {})
    return draft


def _locked_at(*, plan: Plan, data: PlanData, expected_revision: int) -> Plan:
    """The plan as saved, locked; raises ConflictError when it moved on from the revision."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.revision != expected_revision:
        raise ConflictError(current=locked, data=data)
    return locked


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
    # Read once, with its rows, for what it lacks and for the version: under the plan's row
    # lock, which an autosave's update also takes, so no save lands between the check and the
    # freeze, and attachments are neither added nor removed while the version is frozen.
    locked_plan = selectors.plan_queryset().select_for_update(of=("self",)).get(pk=plan.pk)
    gaps = completeness.plan_gaps(plan=locked_plan)
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
    version = PlanVersion(
        enrolment=enrolment,
        number=number,
        content=selectors.plan_content_of(plan=locked_plan),
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
        # Read with the plan, under its row lock (plan_submit).
        for attachment in plan.attachments.all()
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

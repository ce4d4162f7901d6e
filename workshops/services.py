"""Writes about workshops and plans: saving drafts, submitting versions, extensions, attachments."""

import json
import os
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Enrolment
from cohorts.selectors import user_teaches_cohort
from school.models import User
from school.services import email_enqueue_for_user
from workshops import file_types, selectors
from workshops.models import (
    Assessment,
    CheckIn,
    CheckInVersion,
    DeadlineReminder,
    Extension,
    InitiativeStatus,
    Kpi,
    KpiTarget,
    MaturityScore,
    PeerComment,
    Plan,
    PlanAttachment,
    PlanShare,
    PlanVersion,
    RoadmapInitiative,
    Rubric,
    RubricVersion,
    ScoreChange,
    Submission,
    VersionAttachment,
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
    # Autosave sends the whole plan every few seconds while one text is typed: rows equal to
    # those the caller read are left alone. Every save moves the revision on under the lock, so
    # rows read at the locked revision are the rows in the database.
    if plan.revision == expected_revision and _rows_as_read(plan) == _rows_to_write(
        scores, kpis, initiatives
    ):
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
    incomplete = plan.kpis_without_every_target()
    if incomplete:
        raise ValidationError(
            _("Give each KPI a target for every year of the plan before submitting: %(kpis)s.")
            % {"kpis": "、".join(kpi.name for kpi in incomplete)},
            code="kpi_targets_missing",
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


# --- Grading: rubric versions, assessments, release and return ------------------------------


class AssessmentConflictError(Exception):
    """Someone else saved the assessment since this edit began; nothing was written but the
    refused scores, recorded in the history as conflicts. `current` is the saved assessment."""

    def __init__(self, *, current: Assessment):
        super().__init__(
            _(
                "Another member of the teaching team saved this assessment while you were "
                "editing it. Your entries were not saved."
            )
        )
        self.current = current


@transaction.atomic
def rubric_version_current(*, rubric: Rubric) -> RubricVersion:
    """The frozen version matching the rubric as it stands now, made if the rubric changed."""
    # The lock makes two first assessments of an edited rubric share one new version.
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    definition = selectors.rubric_definition(rubric=rubric)
    if not definition["criteria"]:
        raise ValidationError(_("The rubric has no criteria yet."), code="empty_rubric")
    latest = RubricVersion.objects.filter(rubric=rubric).order_by("-number").first()
    if latest is not None and latest.definition == definition:
        return latest
    version = RubricVersion(
        rubric=rubric, number=(latest.number + 1) if latest else 1, definition=definition
    )
    version.full_clean()
    version.save()
    return version


def _require_teacher(*, user: User, assessment_or_submission) -> None:
    submission = getattr(assessment_or_submission, "submission", assessment_or_submission)
    if not user_teaches_cohort(user=user, cohort_id=submission.workshop.cohort_id):
        raise PermissionDenied(_("You do not teach this cohort."))


@transaction.atomic
def assessment_start(*, submission: Submission, by: User) -> Assessment:
    """The submission's assessment, begun now (pinned to the rubric's current version) if
    nobody has begun it."""
    submission = (
        # Only this row is locked: the joined rubric is nullable, and PostgreSQL refuses to
        # lock the nullable side of an outer join.
        Submission.objects.select_for_update(of=("self",))
        .select_related("workshop__rubric")
        .get(pk=submission.pk)
    )
    _require_teacher(user=by, assessment_or_submission=submission)
    existing = Assessment.objects.filter(submission=submission).first()
    if existing is not None:
        return existing
    if submission.workshop.rubric is None:
        raise ValidationError(_("This workshop has no rubric yet."), code="no_rubric")
    assessment = Assessment(
        submission=submission,
        rubric_version=rubric_version_current(rubric=submission.workshop.rubric),
        updated_by=by,
        updated_at=timezone.now(),
    )
    assessment.full_clean()
    assessment.save()
    return assessment


def _clean_scores(version: RubricVersion, scores: Mapping[str, Any]) -> dict[str, int]:
    errors: dict[str, list] = {}
    cleaned: dict[str, int] = {}
    for criterion in version.criteria:
        key = criterion["key"]
        value = scores.get(key)
        if value in (None, ""):
            continue
        allowed = {level["points"] for level in criterion["levels"]}
        try:
            points = int(value)
        except (TypeError, ValueError):
            points = None
        if points not in allowed:
            errors[key] = [_("Choose one of this criterion's levels.")]
        else:
            cleaned[key] = points
    unknown = set(scores) - {c["key"] for c in version.criteria}
    if unknown:
        errors["scores"] = [_("A score was given for a criterion this rubric does not have.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _score_text(value) -> str:
    return "" if value is None else str(value)


def _score_changes(
    *, assessment: Assessment, old: dict, new: dict, by: User, revision: int, conflict: bool
) -> list[ScoreChange]:
    now = timezone.now()
    keys = [c["key"] for c in assessment.rubric_version.criteria]
    return [
        ScoreChange(
            assessment=assessment,
            changed_by=by,
            changed_at=now,
            field=key,
            old_value=_score_text(old.get(key)),
            new_value=_score_text(new.get(key)),
            revision=revision,
            conflict=conflict,
        )
        for key in keys
        if old.get(key) != new.get(key)
    ]


def _set_result(assessment: Assessment) -> None:
    version = assessment.rubric_version
    assessment.total_percentage = version.weighted_percentage(assessment.scores)
    assessment.passed = (
        None
        if assessment.total_percentage is None
        else assessment.total_percentage >= version.pass_percentage
    )


@dataclass
class AssessmentEntries:
    """What the grading form carries: the scores ({criterion key: points}), a comment per plan
    section, the overall feedback, and the revision the instructor's edit began from."""

    scores: Mapping[str, Any]
    section_comments: Mapping[str, str]
    overall_feedback: str
    expected_revision: int


def _recording_conflicts(
    step: Callable[[], Assessment], *, entries: AssessmentEntries | None, by: User
) -> Assessment:
    """Run `step`; when it is refused as a conflict, write the refused scores to the history,
    marked as conflicts, so that it shows both instructors' attempts."""
    try:
        return step()
    except AssessmentConflictError as conflict:
        if entries is not None:
            # Outside the refused step's transaction, so these rows are kept.
            attempted = _clean_scores(conflict.current.rubric_version, entries.scores)
            ScoreChange.objects.bulk_create(
                _score_changes(
                    assessment=conflict.current,
                    old=conflict.current.scores,
                    new=attempted,
                    by=by,
                    revision=conflict.current.revision,
                    conflict=True,
                )
            )
        raise


def _clean_comments(section_comments: Mapping[str, str]) -> dict[str, str]:
    return {
        name: text.strip()
        for name, text in section_comments.items()
        if name in Plan.SECTION_FIELDS and text and text.strip()
    }


def _entries_check(*, locked: Assessment, entries: AssessmentEntries) -> dict[str, int]:
    """The entries' scores, cleaned; refused if a score is not a level or the assessment was
    saved since the edit began."""
    cleaned = _clean_scores(locked.rubric_version, entries.scores)
    if locked.revision != entries.expected_revision:
        raise AssessmentConflictError(current=locked)
    return cleaned


def _entries_write(
    *, locked: Assessment, entries: AssessmentEntries, by: User, only_if_changed: bool
) -> bool:
    """Write the entries to the locked assessment and the score changes to the history; True
    if written. With `only_if_changed`, entries equal to what is saved write nothing."""
    cleaned = _entries_check(locked=locked, entries=entries)
    comments = _clean_comments(entries.section_comments)
    feedback = entries.overall_feedback.strip()
    unchanged = (
        cleaned == locked.scores
        and comments == locked.section_comments
        and feedback == locked.overall_feedback
    )
    if only_if_changed and unchanged:
        return False
    old_scores = dict(locked.scores)
    locked.scores = cleaned
    locked.section_comments = comments
    locked.overall_feedback = feedback
    _set_result(locked)
    locked.revision += 1
    locked.updated_at = timezone.now()
    locked.updated_by = by
    locked.full_clean()
    locked.save()
    ScoreChange.objects.bulk_create(
        _score_changes(
            assessment=locked,
            old=old_scores,
            new=cleaned,
            by=by,
            revision=locked.revision,
            conflict=False,
        )
    )
    return True


def assessment_save(
    *,
    assessment: Assessment,
    scores: Mapping[str, Any],
    section_comments: Mapping[str, str],
    overall_feedback: str,
    expected_revision: int,
    by: User,
) -> Assessment:
    """Save scores and feedback as a draft if nobody saved since `expected_revision`.

    Raises ValidationError (keyed by criterion key) for a score that is not one of the
    criterion's levels; ValidationError with code "visible" when the participant can already
    see the feedback (released or returned): then only releasing or returning again may change
    it, which tells them. Raises AssessmentConflictError when the assessment moved on: then
    the refused scores are still written to the history, marked as conflicts, so that it shows
    both instructors' attempts.
    """
    entries = AssessmentEntries(
        scores=scores,
        section_comments=section_comments,
        overall_feedback=overall_feedback,
        expected_revision=expected_revision,
    )
    return _recording_conflicts(
        lambda: _assessment_save(assessment=assessment, entries=entries, by=by),
        entries=entries,
        by=by,
    )


@transaction.atomic
def _assessment_save(*, assessment: Assessment, entries: AssessmentEntries, by: User) -> Assessment:
    _require_teacher(user=by, assessment_or_submission=assessment)
    # As for plans: the row lock queues two saves of one revision, and the second one sees
    # the first one's revision and is refused instead of overwriting it.
    locked = _lock_assessment(assessment)
    if locked.is_visible_to_participant:
        # A stale or invalid save is refused as such first; otherwise a quiet draft save
        # would change what the participant reads, with no e-mail.
        _entries_check(locked=locked, entries=entries)
        raise ValidationError(
            _(
                "The participant can already see this feedback, so it cannot be saved as a "
                "draft. To change it, release it again (or return the plan again): the "
                "participant is told by e-mail."
            ),
            code="visible",
        )
    _entries_write(locked=locked, entries=entries, by=by, only_if_changed=False)
    return locked


def _change_status(*, assessment: Assessment, status: str, by: User) -> None:
    old_status = assessment.status
    now = timezone.now()
    assessment.status = status
    assessment.revision += 1
    assessment.updated_at = now
    assessment.updated_by = by
    assessment.released_at = now
    assessment.released_by = by
    _set_result(assessment)
    assessment.full_clean()
    assessment.save()
    ScoreChange.objects.create(
        assessment=assessment,
        changed_by=by,
        changed_at=now,
        field="status",
        old_value=old_status,
        new_value=status,
        revision=assessment.revision,
    )


def _feedback_link(submission: Submission) -> str:
    path = reverse(
        "workshops:plan_version", args=[submission.enrolment_id, submission.version_number]
    )
    return f"{settings.SITE_URL}{path}"


def _lock_assessment(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("rubric_version", "submission__workshop", "submission__enrolment__user")
        .get(pk=assessment.pk)
    )


def _feedback_email(
    assessment: Assessment, *, kind: str, subject: Callable[[str], str], **context
) -> None:
    """An e-mail to the plan's author about its feedback (`kind`: released, returned, updated;
    the template is `assessment_<kind>`). The revision is new at every change, so each change
    is told once however often the task runs. `subject` gets the workshop's title and is called
    in the author's language."""
    submission = assessment.submission
    email_enqueue_for_user(
        key=f"assessment-{kind}:{assessment.pk}:{assessment.revision}",
        user=submission.enrolment.user,
        subject=lambda: subject(submission.workshop.title),
        template=f"workshops/emails/assessment_{kind}",
        context={
            "workshop": submission.workshop,
            "submission": submission,
            "assessment": assessment,
            "link": _feedback_link(submission),
            **context,
        },
    )


def _feedback_updated_email(assessment: Assessment) -> None:
    """Tell the participant that feedback they could already read was changed."""
    _feedback_email(
        assessment,
        kind="updated",
        subject=lambda workshop: (
            _("Updated feedback on your DX plan: %(workshop)s") % {"workshop": workshop}
        ),
    )


def assessment_release(
    *, assessment: Assessment, by: User, entries: AssessmentEntries | None = None
) -> Assessment:
    """Show the feedback to the participant and tell them by e-mail, with `entries` (what the
    grading form carries) written first, in the same transaction.

    Releasing released feedback again changes nothing unless the entries change it: then the
    change is written, recorded in the history, and the participant gets an e-mail that the
    feedback was updated. Conflicts are handled as by `assessment_save`.
    """
    return _recording_conflicts(
        lambda: _assessment_release(assessment=assessment, by=by, entries=entries),
        entries=entries,
        by=by,
    )


@transaction.atomic
def _assessment_release(
    *, assessment: Assessment, by: User, entries: AssessmentEntries | None
) -> Assessment:
    locked = _lock_assessment(assessment)
    _require_teacher(user=by, assessment_or_submission=locked)
    changed = entries is not None and _entries_write(
        locked=locked, entries=entries, by=by, only_if_changed=locked.is_visible_to_participant
    )
    was_released = locked.status == Assessment.Status.RELEASED
    if was_released and not changed:
        return locked
    missing = [c for c in locked.rubric_version.criteria if c["key"] not in locked.scores]
    if missing:
        # Raised inside the transaction, so entries written above are undone too.
        raise ValidationError(
            _("Score every criterion before releasing the feedback."), code="incomplete"
        )
    locked.revision_due_at = None
    _change_status(assessment=locked, status=Assessment.Status.RELEASED, by=by)
    if was_released:
        _feedback_updated_email(locked)
        return locked
    _feedback_email(
        locked,
        kind="released",
        subject=lambda workshop: (
            _("Feedback on your DX plan: %(workshop)s") % {"workshop": workshop}
        ),
    )
    return locked


def assessment_return_for_revision(
    *,
    assessment: Assessment,
    by: User,
    revision_due_at: datetime,
    entries: AssessmentEntries | None = None,
) -> Assessment:
    """Show the feedback and let the participant hand in a new version until
    `revision_due_at`, whatever the workshop's own deadline and resubmission rule; `entries`
    are written first, in the same transaction.

    Returning a returned plan again with the same due date changes nothing unless the entries
    change the feedback: then the participant gets an e-mail that it was updated. A new due
    date sends the return e-mail again, with the new date.
    """
    return _recording_conflicts(
        lambda: _assessment_return_for_revision(
            assessment=assessment, by=by, revision_due_at=revision_due_at, entries=entries
        ),
        entries=entries,
        by=by,
    )


@transaction.atomic
def _assessment_return_for_revision(
    *,
    assessment: Assessment,
    by: User,
    revision_due_at: datetime,
    entries: AssessmentEntries | None,
) -> Assessment:
    locked = _lock_assessment(assessment)
    _require_teacher(user=by, assessment_or_submission=locked)
    changed = entries is not None and _entries_write(
        locked=locked, entries=entries, by=by, only_if_changed=locked.is_visible_to_participant
    )
    returned_as_before = (
        locked.status == Assessment.Status.RETURNED and locked.revision_due_at == revision_due_at
    )
    if returned_as_before and not changed:
        return locked
    if revision_due_at <= timezone.now():
        raise ValidationError(
            {"revision_due_at": _("The new due date must be in the future.")}, code="past"
        )
    locked.revision_due_at = revision_due_at
    _change_status(assessment=locked, status=Assessment.Status.RETURNED, by=by)
    if returned_as_before:
        _feedback_updated_email(locked)
        return locked
    _feedback_email(
        locked,
        kind="returned",
        subject=lambda workshop: (
            _("Your DX plan was returned for revision: %(workshop)s") % {"workshop": workshop}
        ),
        due_at=revision_due_at,
    )
    return locked


# --- Sharing with the cohort, peer comments, notifications ------------------------------------


def _version_author_check(*, version: PlanVersion, user: User) -> None:
    if version.enrolment.user_id != user.pk:
        raise PermissionDenied(_("Only the author can share or withdraw their plan."))


@transaction.atomic
def plan_share(*, version: PlanVersion, user: User) -> PlanShare:
    """Let the cohort read a submitted version and comment on it; sharing twice is one share."""
    _version_author_check(version=version, user=user)
    if not version.submission.workshop.peer_comments_enabled:
        raise ValidationError(
            _("Peers cannot comment in this workshop, so the plan cannot be shared."),
            code="peer_comments_disabled",
        )
    share = PlanShare.objects.filter(version=version).first()
    if share is None:
        share = PlanShare(version=version, shared_at=timezone.now())
        share.full_clean()
        share.save()
    return share


@transaction.atomic
def plan_share_withdraw(*, version: PlanVersion, user: User) -> None:
    """Hide the version from the cohort again. Comments are kept (hidden with it)."""
    _version_author_check(version=version, user=user)
    PlanShare.objects.filter(version=version).delete()


@transaction.atomic
def peer_comment_add(*, version: PlanVersion, user: User, section: str, body: str) -> PeerComment:
    """A cohort member's comment on one section of a shared version."""
    if section not in selectors.PEER_COMMENT_SECTIONS:
        raise ValidationError(_("Choose a section of the plan to comment on."), code="section")
    # Read the share afresh: a page loaded before a withdrawal must not comment after it.
    version = selectors.version_queryset().get(pk=version.pk)
    if not selectors.version_is_shared(version):
        raise PermissionDenied(_("This plan is not shared with the cohort."))
    author = selectors.peer_enrolment_of(user=user, cohort_id=version.enrolment.cohort_id)
    if author is None:
        raise PermissionDenied(_("Only members of the cohort can comment."))
    comment = PeerComment(
        version=version,
        author=author,
        section=section,
        body=body.strip(),
        created_at=timezone.now(),
    )
    comment.full_clean()
    comment.save()
    return comment


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


# --- Deadline reminders -------------------------------------------------------------------------

REMINDER_WINDOWS = (
    (DeadlineReminder.Kind.HOURS_24, timedelta(hours=24)),
    (DeadlineReminder.Kind.HOURS_72, timedelta(hours=72)),
)


def _reminder_kind(*, due_at: datetime, now: datetime) -> str | None:
    """The one reminder a deadline calls for now: inside 24 h only the 24 h one (so a late
    start or an extension never sends both at once), inside 72 h the 72 h one."""
    if due_at <= now:
        return None
    for kind, window in REMINDER_WINDOWS:
        if due_at - now <= window:
            return kind
    return None


@transaction.atomic
def deadline_reminders_send(*, now: datetime | None = None) -> int:
    """Remind everyone who has not yet handed in a plan whose deadline is near. Returns how
    many reminders were queued; running again at once queues none (the unique constraint on
    DeadlineReminder decides)."""
    now = now or timezone.now()
    latest = now + REMINDER_WINDOWS[-1][1]
    # A workshop is a candidate when its own deadline, or someone's extension, is near.
    workshops = list(
        Workshop.objects.filter(opens_at__lte=now)
        .filter(
            Q(due_at__gt=now, due_at__lte=latest)
            | Q(extensions__due_at__gt=now, extensions__due_at__lte=latest)
        )
        .distinct()
        .select_related("cohort")
    )
    if not workshops:
        return 0
    enrolments = list(
        Enrolment.objects.filter(
            cohort_id__in={w.cohort_id for w in workshops},
            status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.INVITED],
        ).select_related("user")
    )
    extensions = {
        (x.workshop_id, x.enrolment_id): x
        for x in Extension.objects.filter(workshop__in=workshops, enrolment__in=enrolments)
    }
    submitted = set(
        Submission.objects.filter(workshop__in=workshops, enrolment__in=enrolments).values_list(
            "workshop_id", "enrolment_id"
        )
    )
    queued = 0
    for workshop in workshops:
        for enrolment in enrolments:
            if enrolment.cohort_id != workshop.cohort_id:
                continue
            if (workshop.pk, enrolment.pk) in submitted:
                continue
            due_at = workshop.effective_due_at(extensions.get((workshop.pk, enrolment.pk)))
            kind = _reminder_kind(due_at=due_at, now=now)
            if kind is None:
                continue
            _reminder, created = DeadlineReminder.objects.get_or_create(
                workshop=workshop,
                enrolment=enrolment,
                kind=kind,
                due_at=due_at,
                defaults={"sent_at": now},
            )
            if not created:
                continue
            _deadline_reminder_email(
                workshop=workshop, enrolment=enrolment, kind=kind, due_at=due_at
            )
            queued += 1
    return queued


def _deadline_reminder_email(
    *, workshop: Workshop, enrolment: Enrolment, kind: str, due_at: datetime
) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse(
        "workshops:plan_editor", kwargs={"enrolment_id": enrolment.pk}
    )
    email_enqueue_for_user(
        key=f"deadline-reminder:{workshop.pk}:{enrolment.pk}:{kind}:{int(due_at.timestamp())}",
        user=enrolment.user,
        subject=lambda: (
            _("Reminder: your DX plan is due on %(due)s")
            % {"due": f"{timezone.localtime(due_at):%Y-%m-%d %H:%M}"}
        ),
        template="workshops/emails/deadline_reminder",
        context={"workshop": workshop, "due_at": due_at, "kind": kind, "link": link},
    )


# --- Alumni check-ins ---------------------------------------------------------------------------


class CheckInConflictError(Exception):
    """The check-in was saved elsewhere since this edit began; nothing was written."""

    def __init__(self, *, current: CheckIn):
        super().__init__(
            _("This check-in was saved elsewhere (another tab or device) while you were editing.")
        )
        self.current = current


CHECK_IN_NOTE_MAX = 2000
ACTUAL_MAX = Decimal("1e14")


def check_in_link(check_in: CheckIn) -> str:
    path = reverse(
        "workshops:check_in",
        kwargs={"enrolment_id": check_in.enrolment_id, "fiscal_year": check_in.fiscal_year},
    )
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def check_in_request(*, enrolment: Enrolment, now: datetime | None = None) -> CheckIn:
    """Ask the alumnus for this fiscal year's check-in on their newest plan version: create the
    check-in and e-mail the link, once. Asking again in the same fiscal year (a second run, a
    second beat, another completed enrolment of the same person) returns the check-in already
    asked for and sends nothing."""
    now = now or timezone.now()
    fiscal_year = selectors.fiscal_year_of(timezone.localdate(now))
    # The person's row is the lock: whichever of their enrolments is asked, and by however many
    # workers at once, one request per person and year goes out.
    User.objects.select_for_update().get(pk=enrolment.user_id)
    asked = (
        CheckIn.objects.filter(
            enrolment__user_id=enrolment.user_id,
            fiscal_year=fiscal_year,
            requested_at__isnull=False,
        )
        .select_related("enrolment")
        .first()
    )
    if asked is not None:
        return asked
    enrolment = Enrolment.objects.select_related("user", "cohort").get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise ValidationError(
            _("Only alumni who completed the programme are asked for check-ins."),
            code="not_completed",
        )
    version = PlanVersion.objects.filter(enrolment=enrolment).order_by("-number").first()
    if version is None:
        raise ValidationError(_("There is no submitted plan to report on."), code="no_plan")
    check_in = CheckIn.objects.filter(enrolment=enrolment, fiscal_year=fiscal_year).first()
    if check_in is None:
        check_in = CheckIn(
            enrolment=enrolment, plan_version=version, fiscal_year=fiscal_year, created_at=now
        )
    check_in.requested_at = now
    check_in.updated_at = now
    check_in.full_clean()
    check_in.save()
    email_enqueue_for_user(
        key=f"check-in-request:{enrolment.user_id}:{fiscal_year}",
        user=enrolment.user,
        subject=lambda: (
            _("Your yearly DX plan check-in for fiscal year %(year)s") % {"year": fiscal_year}
        ),
        template="workshops/emails/check_in_request",
        context={"check_in": check_in, "enrolment": enrolment, "link": check_in_link(check_in)},
    )
    return check_in


def check_ins_request_due(*, now: datetime | None = None) -> int:
    """Ask everyone due this fiscal year (see selectors.check_ins_due for the rule). Returns
    how many were asked; running again at once asks nobody. Each person is asked in their own
    transaction, so one failure leaves the others asked."""
    now = now or timezone.now()
    asked = 0
    for due in selectors.check_ins_due(today=timezone.localdate(now)):
        check_in = check_in_request(enrolment=due.enrolment, now=now)
        if check_in.requested_at == now:
            asked += 1
    return asked


def _decimal_text(value) -> str | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number."), code="invalid") from None
    if not number.is_finite() or abs(number) >= ACTUAL_MAX:
        raise ValidationError(_("Enter a smaller number."), code="invalid")
    return str(number)


def check_in_content(*, check_in: CheckIn, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers checked against the plan version reported on, in the frozen content's shape
    (see workshops.models.checkins). `answers` holds "initiatives" ({index, status, note}),
    "kpis" ({index, actual}) and "maturity" ({dimension, level}); titles, names and units come
    from the plan version. Raises ValidationError keyed "initiatives-0-status" and so on."""
    plan = check_in.plan_version.content
    errors: dict[str, list] = {}
    given = {row["index"]: row for row in answers.get("initiatives", [])}
    initiatives = []
    for index, row in enumerate(plan.get("roadmap", [])):
        answer = given.get(index, {})
        status = answer.get("status") or ""
        if status not in InitiativeStatus.values:
            errors.setdefault(f"initiatives-{index}-status", []).append(
                _("Choose where this initiative stands.")
            )
        note = (answer.get("note") or "").strip()
        if len(note) > CHECK_IN_NOTE_MAX:
            errors.setdefault(f"initiatives-{index}-note", []).append(
                _("Keep the note under %(count)s characters.") % {"count": CHECK_IN_NOTE_MAX}
            )
        initiatives.append({"index": index, "title": row["title"], "status": status, "note": note})
    given = {row["index"]: row for row in answers.get("kpis", [])}
    kpis = []
    for index, row in enumerate(plan.get("kpis", [])):
        try:
            actual = _decimal_text(given.get(index, {}).get("actual"))
        except ValidationError as error:
            errors.setdefault(f"kpis-{index}-actual", []).extend(error.messages)
            actual = None
        kpis.append(
            {"index": index, "name": row["name"], "unit": row.get("unit", ""), "actual": actual}
        )
    given = {row["dimension"]: row for row in answers.get("maturity", [])}
    maturity = []
    for dimension in MaturityScore.Dimension:
        level = given.get(dimension.value, {}).get("level")
        if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 5:
            errors.setdefault(f"maturity-{dimension.value}", []).append(
                _("Choose a level from 0 to 5.")
            )
        maturity.append({"dimension": dimension.value, "level": level})
    if errors:
        raise ValidationError(errors)
    return {
        "fiscal_year": check_in.fiscal_year,
        "plan_year": check_in.fiscal_year - plan["start_fiscal_year"] + 1,
        "initiatives": initiatives,
        "kpis": kpis,
        "maturity": maturity,
    }


def _lock_check_in(check_in: CheckIn) -> CheckIn:
    return (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("plan_version", "enrolment")
        .get(pk=check_in.pk)
    )


@transaction.atomic
def check_in_save_draft(
    *, check_in: CheckIn, answers: Mapping[str, Any], expected_revision: int, by: User
) -> CheckIn:
    """Save the alumnus' answers as the draft, if nobody saved since `expected_revision` (the
    same check as the plan editor's). Raises CheckInConflictError, writing nothing, when the
    check-in moved on; ValidationError when an answer breaks a rule."""
    # As for plans: the row lock queues two saves of one revision, and the second sees the
    # first's revision and is refused instead of overwriting it.
    locked = _lock_check_in(check_in)
    if not selectors.user_may_edit_check_in(user=by, check_in=locked):
        raise PermissionDenied(_("Only the alumnus can report on their plan."))
    if locked.revision != expected_revision:
        raise CheckInConflictError(current=locked)
    locked.draft = check_in_content(check_in=locked, answers=answers)
    locked.revision += 1
    locked.updated_at = timezone.now()
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def check_in_submit(*, check_in: CheckIn, by: User, now: datetime | None = None) -> CheckInVersion:
    """Freeze the saved draft as the check-in's next version. Versions never change; a later
    submission adds another, and outcomes read the newest."""
    now = now or timezone.now()
    locked = _lock_check_in(check_in)
    if not selectors.user_may_edit_check_in(user=by, check_in=locked):
        raise PermissionDenied(_("Only the alumnus can report on their plan."))
    if not locked.draft:
        raise ValidationError(_("Save your answers before submitting."), code="empty")
    # Checked again: the draft must still fit the plan version it reports on.
    content = check_in_content(check_in=locked, answers=locked.draft)
    last = (
        CheckInVersion.objects.filter(check_in=locked)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    version = CheckInVersion(
        check_in=locked, number=(last or 0) + 1, content=content, submitted_at=now
    )
    version.full_clean()
    version.save()
    return version

"""Grading: rubric versions, assessments drafted, released and returned, with every score change
recorded."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.selectors import user_teaches_cohort
from school.models import User
from workshops.grading import selectors
from workshops.grading.emails import _feedback_email, _feedback_updated_email
from workshops.models import (
    Assessment,
    Rubric,
    RubricVersion,
    ScoreChange,
    Submission,
)
from workshops.plans.sections import ALL_SECTION_NAMES


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
        if name in ALL_SECTION_NAMES and text and text.strip()
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


def assessment_save(*, assessment: Assessment, by: User, entries: AssessmentEntries) -> Assessment:
    """Save scores and feedback as a draft if nobody saved since `entries.expected_revision`.

    Raises ValidationError (keyed by criterion key) for a score that is not one of the
    criterion's levels; ValidationError with code "visible" when the participant can already
    see the feedback (released or returned): then only releasing or returning again may change
    it, which tells them. Raises AssessmentConflictError when the assessment moved on: then
    the refused scores are still written to the history, marked as conflicts, so that it shows
    both instructors' attempts.
    """
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


def _lock_assessment(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("rubric_version", "submission__workshop", "submission__enrolment__user")
        .get(pk=assessment.pk)
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


class Recorded(StrEnum):
    """What one submission of the grading form did."""

    SAVED = "saved"
    RELEASED = "released"
    UPDATED = "updated"
    RETURNED = "returned"
    UNCHANGED = "unchanged"


class Action(StrEnum):
    SAVE = "save"
    RELEASE = "release"
    RETURN = "return"


@dataclass(frozen=True)
class AssessmentRecorded:
    assessment: Assessment
    outcome: Recorded


def assessment_record(
    *,
    submission: Submission,
    assessment: Assessment | None,
    by: User,
    action: str,
    entries: AssessmentEntries,
    revision_due_at: datetime | None = None,
) -> AssessmentRecorded:
    """What the grading screen does with its form: begin the assessment if nobody has
    (`assessment` is the one the caller read, or None), then save it as a draft, release it or
    return the plan for revision, and say what happened. Releasing or returning what is already
    so with the same entries changes nothing (UNCHANGED); releasing feedback the participant
    could already read is UPDATED. Raises as the step it runs does."""
    if assessment is None:
        assessment = assessment_start(submission=submission, by=by)
    was_visible = assessment.is_visible_to_participant
    if action == Action.RELEASE:
        assessment = assessment_release(assessment=assessment, by=by, entries=entries)
    elif action == Action.RETURN:
        assessment = assessment_return_for_revision(
            assessment=assessment, by=by, revision_due_at=revision_due_at, entries=entries
        )
    else:
        return AssessmentRecorded(
            assessment=assessment_save(assessment=assessment, by=by, entries=entries),
            outcome=Recorded.SAVED,
        )
    if assessment.revision == entries.expected_revision:
        outcome = Recorded.UNCHANGED
    elif action == Action.RETURN:
        outcome = Recorded.RETURNED
    else:
        outcome = Recorded.UPDATED if was_visible else Recorded.RELEASED
    return AssessmentRecorded(assessment=assessment, outcome=outcome)

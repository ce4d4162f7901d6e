"""Every write of workshops, by name, for callers outside a subject (other apps, tests).

The code lives in the subject packages (plans/, deadlines/, grading/, sharing/, check_ins/);
import from there in new code."""

from workshops.check_ins.services import (
    ACTUAL_MAX,
    CHECK_IN_NOTE_MAX,
    CheckInConflictError,
    check_in_content,
    check_in_link,
    check_in_request,
    check_in_save_draft,
    check_in_submit,
    check_ins_request_due,
)
from workshops.deadlines.services import (
    REMINDER_WINDOWS,
    deadline_reminders_send,
    extension_grant,
)
from workshops.grading.services import (
    Action,
    AssessmentConflictError,
    AssessmentEntries,
    AssessmentRecorded,
    Recorded,
    assessment_record,
    assessment_release,
    assessment_return_for_revision,
    assessment_save,
    assessment_start,
    rubric_version_current,
)
from workshops.plans.services import (
    PLAN_FIELDS,
    ConflictError,
    PlanData,
    PlanRecorded,
    attachment_add,
    attachment_remove,
    plan_get_or_create,
    plan_record,
    plan_save_draft,
    plan_submit,
    submission_received_notify,
)
from workshops.sharing.services import (
    peer_comment_add,
    plan_share,
    plan_share_withdraw,
)

__all__ = [
    "ACTUAL_MAX",
    "CHECK_IN_NOTE_MAX",
    "PLAN_FIELDS",
    "REMINDER_WINDOWS",
    "Action",
    "AssessmentConflictError",
    "AssessmentEntries",
    "AssessmentRecorded",
    "CheckInConflictError",
    "ConflictError",
    "PlanData",
    "PlanRecorded",
    "Recorded",
    "assessment_record",
    "assessment_release",
    "assessment_return_for_revision",
    "assessment_save",
    "assessment_start",
    "attachment_add",
    "attachment_remove",
    "check_in_content",
    "check_in_link",
    "check_in_request",
    "check_in_save_draft",
    "check_in_submit",
    "check_ins_request_due",
    "deadline_reminders_send",
    "extension_grant",
    "peer_comment_add",
    "plan_get_or_create",
    "plan_record",
    "plan_save_draft",
    "plan_share",
    "plan_share_withdraw",
    "plan_submit",
    "rubric_version_current",
    "submission_received_notify",
]

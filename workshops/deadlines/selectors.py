"""Deadlines as each participant has them: open workshops, extensions and plan status, for the
editor and the dashboard."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Enrolment
from cohorts.selectors import TAKING_PART
from school.models import User
from workshops.models import (
    Assessment,
    Extension,
    Submission,
    Workshop,
)

# --- Who may see what -----------------------------------------------------------------------


@dataclass(frozen=True)
class OpenWorkshop:
    workshop: Workshop
    enrolment: Enrolment
    due_at: datetime
    extended: bool
    latest: Submission | None

    DRAFT = "draft"
    OVERDUE = "overdue"
    SUBMITTED = "submitted"
    LATE = "late"
    GRADED = "graded"
    RETURNED = "returned"

    @property
    def feedback(self) -> Assessment | None:
        """The latest version's assessment once the participant may read it."""
        assessment = getattr(self.latest, "assessment", None) if self.latest else None
        return assessment if assessment and assessment.is_visible_to_participant else None

    @property
    def status(self) -> str:
        if self.latest is None:
            # Past the deadline with nothing handed in is not a draft like any other: it is
            # what the participant (and the instructor) must see first.
            return self.OVERDUE if timezone.now() > self.due_at else self.DRAFT
        feedback = self.feedback
        if feedback is not None:
            return self.RETURNED if feedback.status == Assessment.Status.RETURNED else self.GRADED
        return self.LATE if self.latest.is_late else self.SUBMITTED

    @property
    def status_label(self) -> str:
        return {
            self.DRAFT: _("Draft"),
            self.OVERDUE: _("Overdue: not submitted"),
            self.SUBMITTED: _("Submitted"),
            self.LATE: _("Submitted late"),
            self.GRADED: _("Graded"),
            self.RETURNED: _("Returned for revision"),
        }[self.status]

    def may_submit(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status == self.RETURNED:
            return now <= self.feedback.revision_due_at
        if now < self.workshop.opens_at:
            return False
        if now > self.due_at and not self.workshop.allow_late_submission:
            return False
        return self.latest is None or self.workshop.allow_resubmission


def workshops_for_enrolment(
    *, enrolment: Enrolment, now: datetime | None = None
) -> list[OpenWorkshop]:
    """The enrolment's opened workshops with its own deadline and latest submission."""
    now = now or timezone.now()
    workshops = Workshop.objects.filter(cohort_id=enrolment.cohort_id, opens_at__lte=now)
    return _with_deadlines(workshops, [enrolment])


def current_enrolments_of(*, user: User) -> QuerySet[Enrolment]:
    """The user's enrolments in cohorts that are not finished."""
    return (
        Enrolment.objects.filter(user=user, status__in=TAKING_PART)
        .exclude(cohort__status=Cohort.Status.FINISHED)
        .select_related("cohort")
    )


def workshops_open_for(
    *, user: User, now: datetime | None = None, enrolments: list[Enrolment] | None = None
) -> list[OpenWorkshop]:
    """Opened workshops of the user's current cohorts, with deadlines and plan status.

    Four queries whatever the number of workshops (enrolments, workshops, extensions,
    submissions); three when the caller passes the enrolments it has already read.
    """
    now = now or timezone.now()
    if enrolments is None:
        enrolments = list(current_enrolments_of(user=user))
    if not enrolments:
        return []
    workshops = Workshop.objects.filter(
        cohort_id__in=[e.cohort_id for e in enrolments], opens_at__lte=now
    )
    rows = _with_deadlines(workshops, enrolments)
    # A closed workshop (past its deadline, no late plans) stays listed once something was
    # handed in, so the participant sees its status; otherwise it is no longer "open".
    return [
        row
        for row in rows
        if row.latest is not None or row.workshop.allow_late_submission or now <= row.due_at
    ]


def _with_deadlines(workshops, enrolments) -> list[OpenWorkshop]:
    workshops = list(workshops.select_related("cohort").order_by("due_at"))
    if not workshops:
        return []
    by_cohort = {e.cohort_id: e for e in enrolments}
    extensions = {
        (x.workshop_id, x.enrolment_id): x
        for x in Extension.objects.filter(workshop__in=workshops, enrolment__in=enrolments)
    }
    latest: dict[tuple[int, int], Submission] = {}
    # The assessment comes in the same query (a reverse one-to-one join), for the status.
    for submission in (
        Submission.objects.filter(workshop__in=workshops, enrolment__in=enrolments)
        .select_related("assessment")
        .order_by("submitted_at", "version_number")
    ):
        latest[(submission.workshop_id, submission.enrolment_id)] = submission
    rows = []
    for workshop in workshops:
        enrolment = by_cohort[workshop.cohort_id]
        extension = extensions.get((workshop.pk, enrolment.pk))
        rows.append(
            OpenWorkshop(
                workshop=workshop,
                enrolment=enrolment,
                due_at=workshop.effective_due_at(extension),
                extended=extension is not None,
                latest=latest.get((workshop.pk, enrolment.pk)),
            )
        )
    return rows

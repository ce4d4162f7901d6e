"""Telling the teaching team that a plan was handed in."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cohorts.selectors import cohort_teaching_team
from school.notifications.models import NotificationKind
from school.notifications.services import notify
from workshops.models import Submission


def submission_teachers_notify(*, submission: Submission) -> int:
    """One notification (and e-mail, for those who want it) to each teacher of the cohort; a
    version after the first is told as a resubmission. Returns how many were told."""
    enrolment = submission.enrolment
    workshop = submission.workshop
    participant = enrolment.user
    resubmitted = submission.version_number > 1
    link = reverse("workshops:grading_screen", args=[submission.pk])
    told = 0
    for teacher in cohort_teaching_team(cohort_id=enrolment.cohort_id):
        told += (
            notify(
                key=f"submission-for-teacher:{submission.pk}:{teacher.pk}",
                user=teacher,
                kind=NotificationKind.SUBMISSION,
                link=link,
                title=lambda: _submission_title(
                    name=participant.full_name,
                    workshop=workshop.title,
                    number=submission.version_number,
                    resubmitted=resubmitted,
                ),
                template="workshops/emails/submission_for_teacher",
                context={
                    "submission": submission,
                    "workshop": workshop,
                    "participant": participant,
                    "resubmitted": resubmitted,
                },
            )
            is not None
        )
    return told


def _submission_title(*, name: str, workshop: str, number: int, resubmitted: bool) -> str:
    values = {"name": name, "workshop": workshop, "number": number}
    if resubmitted:
        return _("%(name)s resubmitted the plan for %(workshop)s (version %(number)s)") % values
    return _("%(name)s handed in the plan for %(workshop)s") % values

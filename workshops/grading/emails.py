"""The e-mails that tell a participant about feedback on their plan."""

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _

from school.notifications.models import NotificationKind
from school.notifications.services import notify
from workshops.models import (
    Assessment,
    Submission,
)


def _feedback_link(submission: Submission) -> str:
    return reverse(
        "workshops:plan_version", args=[submission.enrolment_id, submission.version_number]
    )


def _feedback_email(
    assessment: Assessment, *, kind: str, subject: Callable[[str], str], **context
) -> None:
    """An e-mail to the plan's author about its feedback (`kind`: released, returned, updated;
    the template is `assessment_<kind>`). The revision is new at every change, so each change
    is told once however often the task runs. `subject` gets the workshop's title and is called
    in the author's language."""
    submission = assessment.submission
    notify(
        key=f"assessment-{kind}:{assessment.pk}:{assessment.revision}",
        user=submission.enrolment.user,
        kind=NotificationKind.FEEDBACK,
        link=_feedback_link(submission),
        title=lambda: subject(submission.workshop.title),
        template=f"workshops/emails/assessment_{kind}",
        context={
            "workshop": submission.workshop,
            "submission": submission,
            "assessment": assessment,
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

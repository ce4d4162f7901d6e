"""Telling people of new peer comments: a notification in the site and, if they want it, an
e-mail (school.notifications.notify). One per comment and person: the key makes a repeated step
tell nobody twice.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from school.notifications.models import NotificationKind
from school.notifications.services import notify
from workshops.models import PeerComment
from workshops.plans.sections import schema_of
from workshops.sharing.selectors import peer_section_labels


def _link(comment: PeerComment) -> str:
    version = comment.version
    path = reverse(
        "workshops:shared_plan",
        kwargs={"cohort_id": version.enrolment.cohort_id, "version_id": version.pk},
    )
    return f"{path}#comment-{comment.pk}"


def peer_comment_notify(*, comment: PeerComment) -> None:
    """E-mail the plan's author about a comment by someone else, and, for a reply, the person
    whose comment it answers (unless that is the replier or the plan's author)."""
    version = comment.version
    plan_author = version.enrolment.user
    commenter = comment.author.user
    recipients = []
    if plan_author.pk != commenter.pk:
        recipients.append((plan_author, "peer_comment", _("A new comment on your DX plan")))
    if comment.parent_id is not None:
        answered = comment.parent.author.user
        if answered.pk not in (commenter.pk, plan_author.pk):
            recipients.append((answered, "peer_reply", _("A reply to your comment on a DX plan")))
    for user, template, subject in recipients:
        with translation.override(user.preferred_language):
            labels = peer_section_labels(schema_of(version.content))
            section = str(labels.get(comment.section, comment.section))
        notify(
            key=f"peer-comment:{comment.pk}:{user.pk}",
            user=user,
            kind=NotificationKind.PEER_COMMENT,
            link=_link(comment),
            title=subject,
            template=f"workshops/emails/{template}",
            context={
                "comment": comment,
                "commenter": commenter.name_for_language(user.preferred_language),
                "section": section,
                "workshop": version.submission.workshop,
                "company": version.enrolment.company,
            },
        )

"""Telling people of new peer comments, by e-mail through the outbox.

The people's-side notifications (in-site messages) are not there yet; when they are, the same
step should create the notification beside the e-mail. One e-mail per comment and person: the
outbox key makes a repeated step send nothing twice.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from school.services import email_enqueue_for_user
from workshops.models import PeerComment
from workshops.sharing.selectors import peer_section_labels


def _link(comment: PeerComment) -> str:
    version = comment.version
    path = reverse(
        "workshops:shared_plan",
        kwargs={"cohort_id": version.enrolment.cohort_id, "version_id": version.pk},
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}#comment-{comment.pk}"


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
            section = str(peer_section_labels().get(comment.section, comment.section))
        email_enqueue_for_user(
            key=f"peer-comment:{comment.pk}:{user.pk}",
            user=user,
            subject=subject,
            template=f"workshops/emails/{template}",
            context={
                "comment": comment,
                "commenter": commenter.name_for_language(user.preferred_language),
                "section": section,
                "workshop": version.submission.workshop,
                "company": version.enrolment.company,
                "link": _link(comment),
            },
        )

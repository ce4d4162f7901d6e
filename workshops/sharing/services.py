"""Sharing a submitted version with the cohort, and peers' comments on it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from school.models import User
from workshops import permissions
from workshops.models import (
    PeerComment,
    PlanShare,
    PlanVersion,
)
from workshops.plans.selectors import version_queryset
from workshops.sharing import emails
from workshops.sharing.selectors import comment_sections_of


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
def peer_comment_add(
    *,
    version: PlanVersion,
    user: User,
    section: str,
    body: str,
    reply_to: PeerComment | None = None,
) -> PeerComment:
    """A cohort member's comment on one section of a shared version, or their reply to a
    comment on it (in that comment's section). The plan's author is told by e-mail, and the
    commenter replied to as well."""
    if reply_to is not None:
        # A reply to a reply joins the thread of the comment it answers.
        reply_to = reply_to.parent or reply_to
        section = reply_to.section
    if section not in comment_sections_of(version):
        raise ValidationError(_("Choose a section of the plan to comment on."), code="section")
    # Read the share afresh: a page loaded before a withdrawal must not comment after it.
    version = version_queryset().get(pk=version.pk)
    if not permissions.version_is_shared(version):
        raise PermissionDenied(_("This plan is not shared with the cohort."))
    author = permissions.peer_enrolment_of(user=user, cohort_id=version.enrolment.cohort_id)
    if author is None:
        raise PermissionDenied(_("Only members of the cohort can comment."))
    comment = PeerComment(
        version=version,
        author=author,
        section=section,
        body=body.strip(),
        created_at=timezone.now(),
        parent=reply_to,
    )
    comment.full_clean()
    comment.save()
    emails.peer_comment_notify(comment=comment)
    return comment

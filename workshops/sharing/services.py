"""Sharing a submitted version with the cohort, and peers' comments on it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from school.models import User
from school.notifications.models import NotificationKind
from school.notifications.services import notify
from workshops import permissions
from workshops.models import (
    PeerComment,
    PlanShare,
    PlanVersion,
)
from workshops.plans.selectors import version_queryset
from workshops.sharing.selectors import PEER_COMMENT_SECTIONS


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
    if section not in PEER_COMMENT_SECTIONS:
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
    )
    comment.full_clean()
    comment.save()
    _peer_comment_notify(comment)
    return comment


def _peer_comment_notify(comment: PeerComment) -> None:
    """Tell the plan's author that a peer commented (not when the author comments on their
    own plan)."""
    version = comment.version
    author = version.enrolment.user
    if comment.author.user_id == author.pk:
        return
    path = reverse("workshops:plan_version", args=[version.enrolment_id, version.number])
    commenter = comment.author.user
    workshop = version.submission.workshop
    notify(
        key=f"peer-comment:{comment.pk}",
        user=author,
        kind=NotificationKind.PEER_COMMENT,
        link=f"{path}#peer-comment-{comment.pk}",
        title=lambda: (
            _("%(name)s commented on your plan for %(workshop)s")
            % {"name": commenter.full_name, "workshop": workshop.title}
        ),
        template="workshops/emails/peer_comment",
        context={"comment": comment, "commenter": commenter, "workshop": workshop},
    )

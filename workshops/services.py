"""Writes about workshops and plans: saving drafts, submitting versions, extensions, attachments."""

import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
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
    DeadlineReminder,
    Extension,
    Kpi,
    KpiTarget,
    MaturityScore,
    PeerComment,
    Plan,
    PlanAttachment,
    PlanShare,
    PlanVersion,
    RoadmapInitiative,
    Submission,
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
    is_late = _deadline_check(workshop=workshop, enrolment=enrolment, now=now)
    if (
        not workshop.allow_resubmission
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
    version = PlanVersion(
        enrolment=enrolment,
        number=number,
        content=selectors.plan_content(plan=Plan.objects.get(pk=plan.pk)),
        created_at=now,
        submission=submission,
    )
    version.full_clean()
    version.save()
    submission_received_notify(submission=submission)
    return submission


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
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(path))


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

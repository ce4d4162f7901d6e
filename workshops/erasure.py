"""The person's part of workshops in an erasure (school/erasure/services.py); the retention
policy it follows is in docs/personal-data.md.

- The living plan (the draft) is emptied: its text, KPIs, roadmap, self-assessment and
  attachments go, files included. The row stays, empty, so that the pages of the teaching team
  that open a participant's plan still open.
- Submitted plan versions are the evidence a grade was given on, and what the outcomes read
  (KPI figures, roadmap years, maturity levels): they are kept for the retention period, with
  every occurrence of the person's names and address replaced. Their attachments (slides,
  which may carry names no one can find inside) are deleted, rows and files.
- The DX推進指標 self-assessments go, ratings and evidence: nothing counted elsewhere reads them,
  and the evidence is free text that may name the person.
- Check-ins: the draft goes; the submitted versions keep the statuses, figures and levels the
  outcomes count, and lose their free text (the notes) and any name.
- Comments the person wrote are replaced by a neutral line (the threads under them stay
  readable); others' comments, feedback and presentation comments on the person's plans lose
  the person's names. Their plans are no longer shared with the cohort.

Frozen rows are rewritten on this one path only, with the database's triggers lifted inside
the erasure's transaction (school/immutable_rows.py) and put back before it commits.
"""

import importlib

from django.utils import timezone
from wagtail import hooks

from school.erasure.parts import ERASURE_COUNTS_HOOK, ERASURE_HOOK
from school.immutable_rows import ImmutableRows, triggers_lifted
from workshops.models import (
    Assessment,
    CheckIn,
    CheckInVersion,
    Extension,
    PeerComment,
    Plan,
    PlanAttachment,
    PlanShare,
    PlanVersion,
    SelfAssessment,
    VersionAttachment,
    VersionDocument,
)
from workshops.models.presentations import PresentationScore, Presenter

WITHDRAWN_COMMENT = "（本人の申し出により削除されました / Removed at the author's request）"


def _frozen(table: str, migration: str) -> ImmutableRows:
    message = importlib.import_module(f"workshops.migrations.{migration}").MESSAGE
    return ImmutableRows(table=table, message=message)


FROZEN_VERSIONS = _frozen("workshops_planversion", "0002_plan_version_immutable_trigger")
FROZEN_CHECK_INS = _frozen("workshops_checkinversion", "0007_check_in_version_immutable_trigger")
FROZEN_ATTACHMENTS = _frozen(
    "workshops_versionattachment", "0010_version_attachment_immutable_trigger"
)


@hooks.register(ERASURE_COUNTS_HOOK)
def erasure_counts(user) -> dict[str, int]:
    return {
        "draft plans emptied": Plan.objects.filter(enrolment__user=user).count(),
        "plan attachments deleted": PlanAttachment.objects.filter(
            plan__enrolment__user=user
        ).count(),
        "plan versions kept, names removed": PlanVersion.objects.filter(
            enrolment__user=user
        ).count(),
        "version attachments deleted": VersionAttachment.objects.filter(
            version__enrolment__user=user
        ).count(),
        "stored version PDFs deleted": VersionDocument.objects.filter(
            version__enrolment__user=user
        ).count(),
        "check-ins": CheckIn.objects.filter(enrolment__user=user).count(),
        "self-assessments deleted": SelfAssessment.objects.filter(enrolment__user=user).count(),
        "comments written, text removed": PeerComment.objects.filter(author__user=user).count(),
    }


@hooks.register(ERASURE_HOOK)
def erase_plans_and_check_ins(erasure) -> None:
    _drafts_empty(erasure)
    deleted = SelfAssessment.objects.filter(enrolment__user=erasure.user).delete()[1]
    erasure.count("self-assessments deleted", deleted.get("workshops.SelfAssessment", 0))
    _versions_redact(erasure)
    _check_ins_redact(erasure)
    _comments_and_feedback_redact(erasure)


def _drafts_empty(erasure) -> None:
    for plan in Plan.objects.filter(enrolment__user=erasure.user):
        for attachment in plan.attachments.all():
            erasure.delete_file_after_commit(attachment.file)
        erasure.count("plan attachments deleted", plan.attachments.all().delete()[0])
        plan.kpis.all().delete()
        plan.roadmap.all().delete()
        plan.maturity_scores.all().delete()
        for name in Plan.SECTION_FIELDS:
            setattr(plan, name, "")
        plan.revision += 1
        plan.updated_at = timezone.now()
        plan.save()
        erasure.count("draft plans emptied", 1)


def _versions_redact(erasure) -> None:
    versions = list(PlanVersion.objects.filter(enrolment__user=erasure.user))
    attachments = list(VersionAttachment.objects.filter(version__in=versions))
    PlanShare.objects.filter(version__in=versions).delete()
    changed = [
        (version.pk, erasure.identifiers.redact_thoroughly(version.content)) for version in versions
    ]
    changed = [(pk, content) for pk, content in changed if content != _content_of(versions, pk)]
    # The stored PDFs of the versions print the author's name: rendered again, without it,
    # when next asked for.
    documents = list(VersionDocument.objects.filter(version__in=versions))
    for document in documents:
        erasure.delete_file_after_commit(document.file)
    VersionDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
    erasure.count("stored version PDFs deleted", len(documents))
    erasure.count("plan versions kept, names removed", len(versions))
    erasure.count("version attachments deleted", len(attachments))
    if not changed and not attachments:
        return
    with triggers_lifted(FROZEN_VERSIONS, FROZEN_ATTACHMENTS):
        # The base manager: the models' own managers refuse every bulk write, by design.
        for pk, content in changed:
            PlanVersion._base_manager.filter(pk=pk).update(content=content)
        for attachment in attachments:
            erasure.delete_file_after_commit(attachment.file)
        VersionAttachment._base_manager.filter(pk__in=[a.pk for a in attachments]).delete()


def _content_of(versions, pk):
    return next(version.content for version in versions if version.pk == pk)


def _check_in_content(content: dict, identifiers) -> dict:
    content = dict(content)
    content["initiatives"] = [
        {**initiative, "note": ""} for initiative in content.get("initiatives", [])
    ]
    return identifiers.redact_thoroughly(content)


def _check_ins_redact(erasure) -> None:
    check_ins = CheckIn.objects.filter(enrolment__user=erasure.user)
    check_ins.update(draft={})
    versions = list(CheckInVersion.objects.filter(check_in__in=check_ins))
    changed = [
        (version.pk, _check_in_content(version.content, erasure.identifiers))
        for version in versions
    ]
    changed = [
        (pk, content)
        for (pk, content), version in zip(changed, versions, strict=True)
        if content != version.content
    ]
    erasure.count("check-ins", len(versions))
    if not changed:
        return
    with triggers_lifted(FROZEN_CHECK_INS):
        for pk, content in changed:
            CheckInVersion._base_manager.filter(pk=pk).update(content=content)


def _comments_and_feedback_redact(erasure) -> None:
    user, identifiers = erasure.user, erasure.identifiers
    erasure.count(
        "comments written, text removed",
        PeerComment.objects.filter(author__user=user).update(body=WITHDRAWN_COMMENT),
    )
    for comment in PeerComment.objects.filter(version__enrolment__user=user):
        body = identifiers.redact_thoroughly(comment.body)
        if body != comment.body:
            PeerComment.objects.filter(pk=comment.pk).update(body=body)
    # update(), not save(): the trail records grades, and a rewording of feedback is not one.
    for assessment in Assessment.objects.filter(submission__enrolment__user=user):
        Assessment.objects.filter(pk=assessment.pk).update(
            overall_feedback=identifiers.redact_thoroughly(assessment.overall_feedback),
            section_comments=identifiers.redact_thoroughly(assessment.section_comments),
        )
    for extension in Extension.objects.filter(enrolment__user=user):
        Extension.objects.filter(pk=extension.pk).update(
            reason=identifiers.redact_thoroughly(extension.reason)
        )
    for presenter in Presenter.objects.filter(enrolment__user=user):
        Presenter.objects.filter(pk=presenter.pk).update(
            plan_title=identifiers.redact_thoroughly(presenter.plan_title)
        )
    PresentationScore.objects.filter(judge_enrolment__user=user).update(comment="")
    for score in PresentationScore.objects.filter(presenter__enrolment__user=user):
        PresentationScore.objects.filter(pk=score.pk).update(
            comment=identifiers.redact_thoroughly(score.comment)
        )

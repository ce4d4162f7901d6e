"""The person's plans, every version, attachments, feedback, the comments they wrote and their
check-ins, for their own data export (school/personal_data.py). Feedback is what was released
or returned to them: a draft assessment is the instructor's working note, not yet theirs."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from school.personal_data import PERSONAL_DATA_HOOK, file_part, rows_part
from workshops.models import (
    Assessment,
    CheckIn,
    CheckInVersion,
    Kpi,
    KpiTarget,
    MaturityScore,
    PeerComment,
    Plan,
    PlanAttachment,
    PlanVersion,
    RoadmapInitiative,
    SelfAssessment,
    SelfAssessmentRating,
    VersionAttachment,
)


def _rows(user):
    mine = {"enrolment__user": user}
    in_my_plan = {"plan__enrolment__user": user}
    return [
        ("plans/drafts.json", _("Plans (the current drafts)"), Plan.objects.filter(**mine)),
        ("plans/kpis.json", _("KPIs"), Kpi.objects.filter(**in_my_plan)),
        (
            "plans/kpi_targets.json",
            _("KPI targets"),
            KpiTarget.objects.filter(kpi__plan__enrolment__user=user),
        ),
        (
            "plans/roadmap.json",
            _("Roadmap initiatives"),
            RoadmapInitiative.objects.filter(**in_my_plan),
        ),
        (
            "plans/self_assessment.json",
            _("DX self-assessment"),
            MaturityScore.objects.filter(**in_my_plan),
        ),
        (
            "plans/attachments.json",
            _("Files attached to the plans"),
            PlanAttachment.objects.filter(**in_my_plan),
        ),
        ("versions/versions.json", _("Submitted versions"), PlanVersion.objects.filter(**mine)),
        (
            "versions/attachments.json",
            _("Files handed in with the versions"),
            VersionAttachment.objects.filter(version__enrolment__user=user),
        ),
        (
            "feedback.json",
            _("Feedback and grades released to you"),
            Assessment.objects.filter(submission__enrolment__user=user, released_at__isnull=False),
        ),
        (
            "comments_written.json",
            _("Comments you wrote on others' plans"),
            PeerComment.objects.filter(author__user=user),
        ),
        (
            "self_assessment/assessments.json",
            _("DX推進指標 self-assessments"),
            SelfAssessment.objects.filter(**mine),
        ),
        (
            "self_assessment/ratings.json",
            _("self-assessment ratings"),
            SelfAssessmentRating.objects.filter(assessment__enrolment__user=user),
        ),
        ("check_ins/check_ins.json", _("Alumni check-ins"), CheckIn.objects.filter(**mine)),
        (
            "check_ins/versions.json",
            _("Submitted check-ins"),
            CheckInVersion.objects.filter(check_in__enrolment__user=user),
        ),
    ]


@hooks.register(PERSONAL_DATA_HOOK)
def plans_feedback_and_check_ins(user):
    parts = [
        rows_part(path=path, title=title, queryset=queryset.order_by("pk"))
        for path, title, queryset in _rows(user)
    ]
    for attachment in PlanAttachment.objects.filter(plan__enrolment__user=user):
        parts.append(
            file_part(
                path=f"plans/files/{attachment.pk}_{attachment.original_name}",
                title=_("Attached file"),
                field_file=attachment.file,
            )
        )
    for attachment in VersionAttachment.objects.filter(version__enrolment__user=user):
        parts.append(
            file_part(
                path=f"versions/files/{attachment.version_id}_{attachment.pk}_{attachment.original_name}",
                title=_("File handed in"),
                field_file=attachment.file,
            )
        )
    return parts

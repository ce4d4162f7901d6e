"""Reads for grading: rubrics, the queue, the grading screen, feedback, grades, and the
workshops an enrolment passed (for completion rules)."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Enrolment
from cohorts.selectors import TAKING_PART
from school.languages import in_active_language
from school.models import User
from workshops.grading.display import Feedback, feedback_view
from workshops.models import (
    Assessment,
    PlanVersion,
    Rubric,
    RubricCriterion,
    RubricLevel,
    ScoreChange,
    Submission,
    Workshop,
)
from workshops.plans.sections import schema_of

# --- Who may see what -----------------------------------------------------------------------


def passed_workshops(*, enrolment_ids) -> dict[int, set[int]]:
    """For each enrolment, the workshops it passed: a released assessment of one of its
    submissions for that workshop reached the rubric's pass mark. One query."""
    passed: dict[int, set[int]] = {}
    rows = Assessment.objects.filter(
        submission__enrolment_id__in=list(enrolment_ids),
        status=Assessment.Status.RELEASED,
        passed=True,
    ).values_list("submission__enrolment_id", "submission__workshop_id")
    for enrolment_id, workshop_id in rows:
        passed.setdefault(enrolment_id, set()).add(workshop_id)
    return passed


def rubric_definition(*, rubric: Rubric) -> dict[str, Any]:
    """The rubric as it stands, in the shape frozen into a RubricVersion. Two queries."""
    criteria = (
        RubricCriterion.objects.filter(rubric_id=rubric.pk)
        .order_by("sort_order", "pk")
        .prefetch_related(Prefetch("levels", queryset=RubricLevel.objects.order_by("points", "pk")))
    )
    return {
        "title_ja": rubric.title_ja,
        "title_en": rubric.title_en,
        "pass_percentage": rubric.pass_percentage,
        "criteria": [
            {
                # The primary key, not the position: reordering or renaming a criterion keeps
                # its scores attached to it across versions.
                "key": f"c{criterion.pk}",
                "title_ja": criterion.title_ja,
                "title_en": criterion.title_en,
                "description": criterion.description,
                "weight": criterion.weight,
                "plan_section": criterion.plan_section,
                "levels": [
                    {
                        "points": level.points,
                        "descriptor_ja": level.descriptor_ja,
                        "descriptor_en": level.descriptor_en,
                    }
                    for level in criterion.levels.all()
                ],
            }
            for criterion in criteria
        ],
    }


class GradingStatus:
    NOT_STARTED = "not_started"
    DRAFT = Assessment.Status.DRAFT.value
    RELEASED = Assessment.Status.RELEASED.value
    RETURNED = Assessment.Status.RETURNED.value

    ALL = (NOT_STARTED, DRAFT, RELEASED, RETURNED)

    @staticmethod
    def label(status: str) -> str:
        return {
            GradingStatus.NOT_STARTED: _("Not started"),
            GradingStatus.DRAFT: _("Draft"),
            GradingStatus.RELEASED: _("Released"),
            GradingStatus.RETURNED: _("Returned for revision"),
        }[status]


def _status_q(status: str) -> Q:
    if status == GradingStatus.NOT_STARTED:
        return Q(assessment__isnull=True)
    return Q(assessment__status=status)


def taught_cohort_ids(*, user: User) -> QuerySet | None:
    """The cohorts whose plans the user grades, as a subquery; None for administrators
    (every cohort)."""
    if user.is_programme_administrator:
        return None
    return Cohort.objects.filter(
        Q(teaching_assignments__user=user) | Q(sessions__instructors=user)
    ).values("pk")


def _latest_submissions() -> QuerySet[Submission]:
    """The latest version per participant and workshop."""
    later = Submission.objects.filter(
        workshop_id=OuterRef("workshop_id"),
        enrolment_id=OuterRef("enrolment_id"),
        version_number__gt=OuterRef("version_number"),
    )
    return Submission.objects.filter(~Exists(later))


def latest_submissions_for(*, user: User) -> QuerySet[Submission]:
    """The latest version per participant and workshop, in the cohorts the user teaches."""
    submissions = _latest_submissions()
    cohort_ids = taught_cohort_ids(user=user)
    if cohort_ids is not None:
        submissions = submissions.filter(workshop__cohort_id__in=cohort_ids)
    return submissions


@dataclass(frozen=True)
class QueueRow:
    """A row of the queue with what it shows worked out once, in the page's language: the
    template reads each value in one step instead of walking five related records fifty times."""

    submission: Submission
    status: str
    status_label: str
    participant: str
    company: str
    workshop: str
    cohort: str
    score: Any
    screen_url: str

    @property
    def assessment(self) -> Assessment | None:
        return getattr(self.submission, "assessment", None)

    @classmethod
    def of(cls, submission: Submission, *, labels: dict[str, str], screen_url) -> "QueueRow":
        assessment = getattr(submission, "assessment", None)
        status = GradingStatus.NOT_STARTED if assessment is None else assessment.status
        workshop = submission.workshop
        return cls(
            submission=submission,
            status=status,
            status_label=labels[status],
            participant=submission.enrolment.user.display_name,
            company=submission.enrolment.company.name,
            workshop=in_active_language(workshop.title_ja, workshop.title_en),
            cohort=in_active_language(workshop.cohort.name_ja, workshop.cohort.name_en),
            score=None if assessment is None else assessment.total_percentage,
            screen_url=screen_url(submission.pk),
        )


# A number no submission has, to find where the id goes in the grading screen's address.
_ID_SLOT = 987654321987


def _screen_url_maker():
    """The grading screen's address of a submission, from one `reverse` for the whole page."""
    before, after = reverse("workshops:grading_screen", args=[_ID_SLOT]).split(str(_ID_SLOT))
    return lambda submission_id: f"{before}{submission_id}{after}"


GRADING_QUEUE_PAGE_SIZE = 50

# The columns a row of the queue shows (queue.html) and sorts by (QUEUE_SORTS).
QUEUE_ROW_FIELDS = (
    "workshop_id",
    "enrolment_id",
    "version_number",
    "submitted_at",
    "is_late",
    "workshop__title_ja",
    "workshop__title_en",
    "workshop__due_at",
    "workshop__cohort__name_ja",
    "workshop__cohort__name_en",
    "workshop__cohort__starts_on",
    "enrolment__user__last_name",
    "enrolment__user__first_name",
    "enrolment__user__last_name_kana",
    "enrolment__user__first_name_kana",
    "enrolment__user__last_name_roman",
    "enrolment__user__first_name_roman",
    "enrolment__company__name",
    "enrolment__company__name_kana",
    "assessment__status",
    "assessment__total_percentage",
)


# The queue's sortable columns; "-" before a key sorts it the other way.
QUEUE_SORTS = {
    "participant": ("enrolment__user__last_name_kana", "enrolment__user__first_name_kana"),
    "company": ("enrolment__company__name_kana", "enrolment__company__name"),
    "submitted": ("submitted_at",),
    "status": ("assessment__status",),
    "score": ("assessment__total_percentage",),
}
DEFAULT_QUEUE_ORDER = ("-workshop__cohort__starts_on", "workshop__due_at", "workshop_id")


def _queue_order(sort: str) -> tuple:
    key = sort.removeprefix("-")
    if key not in QUEUE_SORTS:
        return (*DEFAULT_QUEUE_ORDER, "submitted_at", "pk")
    # Ungraded rows (no status, no score) come last either way, on SQLite as on PostgreSQL.
    descending = sort.startswith("-")
    columns = tuple(
        F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
        for column in QUEUE_SORTS[key]
    )
    return (*columns, *DEFAULT_QUEUE_ORDER, "pk")


def _search_q(text: str) -> Q:
    """A participant by any form of their name (kanji, kana, romanised) or company."""
    fields = (
        "last_name",
        "first_name",
        "last_name_kana",
        "first_name_kana",
        "last_name_roman",
        "first_name_roman",
        "email",
    )
    query = Q(enrolment__company__name__icontains=text)
    for name in fields:
        query |= Q(**{f"enrolment__user__{name}__icontains": text})
    # 山田太郎 typed as one word: family and given names together.
    for cut in range(1, min(len(text), 8)):
        query |= Q(
            enrolment__user__last_name=text[:cut],
            enrolment__user__first_name__startswith=text[cut:],
        )
    return query


@dataclass(frozen=True)
class GradingQueue:
    rows: list[QueueRow]
    counts: dict[str, int]
    workshops: list[Workshop]
    page: Page


def grading_queue(
    *,
    user: User,
    workshop_id: int | None = None,
    status: str | None = None,
    late: bool | None = None,
    search: str = "",
    sort: str = "",
    page_number: str | int | None = 1,
    per_page: int = GRADING_QUEUE_PAGE_SIZE,
) -> GradingQueue:
    """One page of the grading queue, with counts per status over the whole queue (within the
    workshop, late and search filters). Three queries whatever the number of submissions.

    The newest cohort comes first (the one being taught now), then by deadline."""
    workshops = Workshop.objects.select_related("cohort").order_by("-due_at")
    cohort_ids = taught_cohort_ids(user=user)
    if cohort_ids is not None:
        workshops = workshops.filter(cohort_id__in=cohort_ids)
    workshops = list(workshops)
    submissions = _latest_submissions()
    if cohort_ids is not None:
        # The workshops of the taught cohorts, read for the filter anyway, as a list: the two
        # queries below neither join the teaching teams again nor are compiled with them.
        submissions = submissions.filter(workshop_id__in=[workshop.pk for workshop in workshops])
    if workshop_id is not None:
        submissions = submissions.filter(workshop_id=workshop_id)
    if late is not None:
        submissions = submissions.filter(is_late=late)
    if search.strip():
        submissions = submissions.filter(_search_q(search.strip()))
    counts = submissions.aggregate(
        **{name: Count("pk", filter=_status_q(name)) for name in GradingStatus.ALL}
    )
    if status in GradingStatus.ALL:
        submissions = submissions.filter(_status_q(status))
        total = counts[status]
    else:
        total = sum(counts.values())
    paginator = Paginator(
        submissions.select_related(
            "workshop__cohort", "enrolment__user", "enrolment__company", "assessment"
        )
        # Only what a row shows: the people's accounts, the assessments' scores and feedback
        # (JSON and long texts) are not read for fifty rows that do not show them.
        .only(*QUEUE_ROW_FIELDS)
        .order_by(*_queue_order(sort)),
        per_page,
    )
    # The counts already hold the total: no second COUNT over the queue's subquery.
    paginator.count = total
    page = paginator.get_page(page_number)
    labels = {status: GradingStatus.label(status) for status in GradingStatus.ALL}
    screen_url = _screen_url_maker()
    rows = [
        QueueRow.of(submission, labels=labels, screen_url=screen_url)
        for submission in page.object_list
    ]
    return GradingQueue(rows=rows, counts=counts, workshops=workshops, page=page)


@dataclass(frozen=True)
class WorkshopToGrade:
    workshop_id: int
    title: str
    cohort_name: str
    not_started: int
    draft: int

    @property
    def to_grade(self) -> int:
        return self.not_started + self.draft


def workshops_to_grade(*, user: User) -> list[WorkshopToGrade]:
    """Per workshop, the latest versions not yet graded or still in draft. One query."""
    rows = (
        latest_submissions_for(user=user)
        .filter(Q(assessment__isnull=True) | Q(assessment__status=Assessment.Status.DRAFT))
        .values(
            "workshop_id",
            "workshop__title_ja",
            "workshop__title_en",
            "workshop__cohort__name_ja",
            "workshop__cohort__name_en",
            "workshop__due_at",
        )
        .annotate(
            not_started=Count("pk", filter=Q(assessment__isnull=True)),
            draft=Count("pk", filter=Q(assessment__status=Assessment.Status.DRAFT)),
        )
        .order_by("workshop__due_at", "workshop_id")
    )
    return [
        WorkshopToGrade(
            workshop_id=row["workshop_id"],
            title=in_active_language(row["workshop__title_ja"], row["workshop__title_en"]),
            cohort_name=in_active_language(
                row["workshop__cohort__name_ja"], row["workshop__cohort__name_en"]
            ),
            not_started=row["not_started"],
            draft=row["draft"],
        )
        for row in rows
    ]


def submission_for_grading(*, submission_id: int) -> Submission:
    return Submission.objects.select_related(
        "workshop__cohort",
        "workshop__rubric",
        "enrolment__user",
        "enrolment__company",
        "enrolment__cohort",
    ).get(pk=submission_id)


def assessment_of(*, submission: Submission) -> Assessment | None:
    return (
        Assessment.objects.select_related("rubric_version", "updated_by", "released_by")
        .filter(submission=submission)
        .first()
    )


def score_history(*, assessment: Assessment) -> list[ScoreChange]:
    return list(
        ScoreChange.objects.filter(assessment=assessment)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    )


def feedback_for_participant(*, version: PlanVersion) -> Feedback | None:
    """Released or returned feedback on a version; never a draft."""
    assessment = (
        Assessment.objects.select_related("rubric_version")
        .filter(
            submission_id=version.submission_id,
            status__in=[Assessment.Status.RELEASED, Assessment.Status.RETURNED],
        )
        .first()
    )
    if assessment is None:
        return None
    return feedback_view(assessment, schema=schema_of(version.content))


@dataclass(frozen=True)
class GradeRow:
    enrolment: Enrolment
    submission: Submission | None

    @property
    def assessment(self) -> Assessment | None:
        return getattr(self.submission, "assessment", None) if self.submission else None


def workshop_grades(*, workshop: Workshop) -> tuple[list[dict], list[GradeRow]]:
    """Every participant of the workshop's cohort with their latest version and its grade,
    and the criteria (key and title) as columns. Two queries (four before any grading)."""
    later = Submission.objects.filter(
        workshop_id=OuterRef("workshop_id"),
        enrolment_id=OuterRef("enrolment_id"),
        version_number__gt=OuterRef("version_number"),
    )
    latest = {
        s.enrolment_id: s
        for s in Submission.objects.filter(workshop=workshop)
        .filter(~Exists(later))
        .select_related("assessment__rubric_version")
    }
    enrolments = (
        Enrolment.objects.filter(cohort_id=workshop.cohort_id, status__in=TAKING_PART)
        .select_related("user", "company")
        .order_by("user__last_name_kana", "user__last_name", "pk")
    )
    rows = [GradeRow(enrolment=e, submission=latest.get(e.pk)) for e in enrolments]
    # Columns from the newest rubric version used, then any criteria only older ones had.
    versions = sorted(
        {row.assessment.rubric_version for row in rows if row.assessment},
        key=lambda v: v.number,
        reverse=True,
    )
    columns: dict[str, dict] = {}
    for version in versions:
        for criterion in version.criteria:
            columns.setdefault(criterion["key"], criterion)
    if not columns and workshop.rubric_id:
        # Nothing graded yet: the rubric as it stands gives the columns.
        columns = {c["key"]: c for c in rubric_definition(rubric=workshop.rubric)["criteria"]}
    return list(columns.values()), rows

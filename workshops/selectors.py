"""Reads about workshops and plans, each at a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Enrolment
from cohorts.selectors import TAKING_PART, user_teaches_cohort
from school.languages import in_active_language
from school.models import User
from workshops.models import (
    Assessment,
    CheckIn,
    CheckInVersion,
    Extension,
    InitiativeStatus,
    Kpi,
    MaturityScore,
    PeerComment,
    Plan,
    PlanAttachment,
    PlanVersion,
    Rubric,
    RubricCriterion,
    RubricLevel,
    ScoreChange,
    Submission,
    VersionAttachment,
    Workshop,
)

# --- Who may see what -----------------------------------------------------------------------


def user_may_edit_plan(*, user: User, enrolment: Enrolment) -> bool:
    """Only the author edits, and only while taking part in the cohort."""
    return (
        user.is_authenticated
        and enrolment.user_id == user.pk
        and enrolment.status in (Enrolment.Status.ACTIVE, Enrolment.Status.INVITED)
    )


def user_may_read_plan(*, user: User, enrolment: Enrolment) -> bool:
    """The author, the cohort's teaching team and administrators."""
    if not user.is_authenticated:
        return False
    if enrolment.user_id == user.pk:
        return True
    return user_teaches_cohort(user=user, cohort_id=enrolment.cohort_id)


def plan_queryset() -> QuerySet[Plan]:
    return Plan.objects.select_related("enrolment__user", "enrolment__cohort").prefetch_related(
        Prefetch("maturity_scores", queryset=MaturityScore.objects.order_by("dimension")),
        Prefetch("kpis", queryset=Kpi.objects.prefetch_related("targets")),
        "roadmap",
        "attachments",
    )


def plan_for(*, user: User, enrolment: Enrolment) -> Plan | None:
    """The enrolment's plan with all its rows, if the user may read it (None otherwise, and
    None when no plan has been started)."""
    if not user_may_read_plan(user=user, enrolment=enrolment):
        return None
    return plan_queryset().filter(enrolment=enrolment).first()


def versions_of(*, enrolment: Enrolment) -> QuerySet[PlanVersion]:
    return (
        PlanVersion.objects.filter(enrolment=enrolment)
        .select_related("submission__workshop")
        .order_by("number")
    )


def attachment_file_in_use(*, name: str) -> bool:
    """Whether a stored attachment file is still named by a plan or by a submitted version."""
    return (
        PlanAttachment.objects.filter(file=name).exists()
        or VersionAttachment.objects.filter(file=name).exists()
    )


@dataclass(frozen=True)
class VersionAttachmentRow:
    """One attachment a version was handed in with; `attachment` is None for a version
    submitted before attachments were kept with versions, whose file was since removed."""

    name: str
    size: int
    attachment: VersionAttachment | None


def version_attachments(*, version: PlanVersion) -> list[VersionAttachmentRow]:
    """The attachments named in the version's content, each with the frozen row to download it
    by. Uses the version's prefetched `attachments` when the caller read them."""
    rows = list(version.attachments.all())
    listed = []
    for frozen in version.content.get("attachments", []):
        match = next((row for row in rows if row.original_name == frozen.get("name")), None)
        if match is not None:
            rows.remove(match)
        listed.append(
            VersionAttachmentRow(
                name=frozen.get("name", ""), size=frozen.get("size") or 0, attachment=match
            )
        )
    # Rows the content does not name cannot come from plan_submit; listed all the same, so no
    # file of a version is ever hidden from those who may read it.
    listed += [VersionAttachmentRow(name=r.original_name, size=r.size, attachment=r) for r in rows]
    return listed


# --- The frozen content of a version -------------------------------------------------------


def plan_content(*, plan: Plan) -> dict[str, Any]:
    """The whole plan as plain JSON, for a frozen version."""
    plan = plan_queryset().get(pk=plan.pk)
    return {
        "horizon_years": plan.horizon_years,
        "start_fiscal_year": plan.start_fiscal_year,
        "revision": plan.revision,
        "sections": {name: getattr(plan, name) for name in Plan.SECTION_FIELDS},
        "maturity": [
            {"dimension": s.dimension, "current": s.current, "target": s.target}
            for s in plan.maturity_scores.all()
        ],
        "kpis": [
            {
                "name": kpi.name,
                "unit": kpi.unit,
                "baseline": str(kpi.baseline),
                "targets": {str(t.plan_year): str(t.target) for t in kpi.targets.all()},
            }
            for kpi in plan.kpis.all()
        ],
        "roadmap": [
            {
                "title": item.title,
                "start_year": item.start_year,
                "end_year": item.end_year,
                "owner": item.owner,
                "budget": list(item.budget or []),
                "expected_outcome": item.expected_outcome,
            }
            for item in plan.roadmap.all()
        ],
        "attachments": [
            {"name": a.original_name, "content_type": a.content_type, "size": a.size}
            for a in plan.attachments.all()
        ],
    }


# --- Comparing two versions -----------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class DiffSection:
    title: str
    rows: list[DiffRow]

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.rows)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(f"{v:,}" if isinstance(v, int) else str(v) for v in value)
    return str(value)


def _keyed(rows: list[dict], key: str) -> dict[str, dict]:
    # Rows are matched by name; a repeated name gets a number so no row is hidden.
    keyed: dict[str, dict] = {}
    for row in rows:
        name = row.get(key) or "—"
        label, n = name, 2
        while label in keyed:
            label, n = f"{name} ({n})", n + 1
        keyed[label] = row
    return keyed


def version_diff(a: PlanVersion, b: PlanVersion) -> list[DiffSection]:
    """Side-by-side rows (old from `a`, new from `b`) per section, KPI and initiative."""
    old, new = a.content, b.content
    field_labels = {f.name: str(f.verbose_name) for f in Plan._meta.get_fields() if f.concrete}
    sections = [
        DiffSection(
            _("Plan"),
            [
                DiffRow(field_labels[name], _text(old.get(name)), _text(new.get(name)))
                for name in ("horizon_years", "start_fiscal_year")
            ]
            + [
                DiffRow(
                    field_labels[name],
                    _text(old["sections"].get(name)),
                    _text(new["sections"].get(name)),
                )
                for name in Plan.SECTION_FIELDS
            ],
        )
    ]

    old_scores = {row["dimension"]: row for row in old.get("maturity", [])}
    new_scores = {row["dimension"]: row for row in new.get("maturity", [])}
    maturity_rows = []
    for dimension in MaturityScore.Dimension:
        o, n = old_scores.get(dimension.value, {}), new_scores.get(dimension.value, {})
        for part, label in (("current", _("now")), ("target", _("target"))):
            maturity_rows.append(
                DiffRow(f"{dimension.label} ({label})", _text(o.get(part)), _text(n.get(part)))
            )
    sections.append(DiffSection(_("Maturity self-assessment"), maturity_rows))

    old_kpis, new_kpis = _keyed(old.get("kpis", []), "name"), _keyed(new.get("kpis", []), "name")
    kpi_rows = []
    horizon = max(old.get("horizon_years", 0), new.get("horizon_years", 0))
    for name in list(old_kpis) + [n for n in new_kpis if n not in old_kpis]:
        o, n = old_kpis.get(name, {}), new_kpis.get(name, {})
        kpi_rows.append(DiffRow(f"{name}: {_('unit')}", _text(o.get("unit")), _text(n.get("unit"))))
        kpi_rows.append(
            DiffRow(f"{name}: {_('baseline')}", _text(o.get("baseline")), _text(n.get("baseline")))
        )
        for year in range(1, horizon + 1):
            kpi_rows.append(
                DiffRow(
                    f"{name}: " + _("target, year %(year)s") % {"year": year},
                    _text(o.get("targets", {}).get(str(year))),
                    _text(n.get("targets", {}).get(str(year))),
                )
            )
    sections.append(DiffSection(_("KPIs"), kpi_rows))

    old_items = _keyed(old.get("roadmap", []), "title")
    new_items = _keyed(new.get("roadmap", []), "title")
    roadmap_rows = []
    for title in list(old_items) + [t for t in new_items if t not in old_items]:
        o, n = old_items.get(title, {}), new_items.get(title, {})

        def years(row):
            return f"{row['start_year']}–{row['end_year']}" if row else ""

        roadmap_rows.append(DiffRow(f"{title}: {_('years')}", years(o), years(n)))
        for key, label in (
            ("owner", _("owner")),
            ("budget", _("budget per year (yen)")),
            ("expected_outcome", _("expected outcome")),
        ):
            roadmap_rows.append(DiffRow(f"{title}: {label}", _text(o.get(key)), _text(n.get(key))))
    sections.append(DiffSection(_("Roadmap"), roadmap_rows))
    return sections


# --- Deadlines and the dashboard ------------------------------------------------------------


@dataclass(frozen=True)
class OpenWorkshop:
    workshop: Workshop
    enrolment: Enrolment
    due_at: datetime
    extended: bool
    latest: Submission | None

    DRAFT = "draft"
    SUBMITTED = "submitted"
    LATE = "late"
    GRADED = "graded"
    RETURNED = "returned"

    @property
    def feedback(self) -> Assessment | None:
        """The latest version's assessment once the participant may read it."""
        assessment = getattr(self.latest, "assessment", None) if self.latest else None
        return assessment if assessment and assessment.is_visible_to_participant else None

    @property
    def status(self) -> str:
        if self.latest is None:
            return self.DRAFT
        feedback = self.feedback
        if feedback is not None:
            return self.RETURNED if feedback.status == Assessment.Status.RETURNED else self.GRADED
        return self.LATE if self.latest.is_late else self.SUBMITTED

    @property
    def status_label(self) -> str:
        return {
            self.DRAFT: _("Draft"),
            self.SUBMITTED: _("Submitted"),
            self.LATE: _("Submitted late"),
            self.GRADED: _("Graded"),
            self.RETURNED: _("Returned for revision"),
        }[self.status]

    def may_submit(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status == self.RETURNED:
            return now <= self.feedback.revision_due_at
        if now < self.workshop.opens_at:
            return False
        if now > self.due_at and not self.workshop.allow_late_submission:
            return False
        return self.latest is None or self.workshop.allow_resubmission


def workshops_for_enrolment(
    *, enrolment: Enrolment, now: datetime | None = None
) -> list[OpenWorkshop]:
    """The enrolment's opened workshops with its own deadline and latest submission."""
    now = now or timezone.now()
    workshops = Workshop.objects.filter(cohort_id=enrolment.cohort_id, opens_at__lte=now)
    return _with_deadlines(workshops, [enrolment])


def current_enrolments_of(*, user: User) -> QuerySet[Enrolment]:
    """The user's enrolments in cohorts that are not finished."""
    return (
        Enrolment.objects.filter(user=user, status__in=TAKING_PART)
        .exclude(cohort__status=Cohort.Status.FINISHED)
        .select_related("cohort")
    )


def workshops_open_for(
    *, user: User, now: datetime | None = None, enrolments: list[Enrolment] | None = None
) -> list[OpenWorkshop]:
    """Opened workshops of the user's current cohorts, with deadlines and plan status.

    Four queries whatever the number of workshops (enrolments, workshops, extensions,
    submissions); three when the caller passes the enrolments it has already read.
    """
    now = now or timezone.now()
    if enrolments is None:
        enrolments = list(current_enrolments_of(user=user))
    if not enrolments:
        return []
    workshops = Workshop.objects.filter(
        cohort_id__in=[e.cohort_id for e in enrolments], opens_at__lte=now
    )
    rows = _with_deadlines(workshops, enrolments)
    # A closed workshop (past its deadline, no late plans) stays listed once something was
    # handed in, so the participant sees its status; otherwise it is no longer "open".
    return [
        row
        for row in rows
        if row.latest is not None or row.workshop.allow_late_submission or now <= row.due_at
    ]


def _with_deadlines(workshops, enrolments) -> list[OpenWorkshop]:
    workshops = list(workshops.select_related("cohort").order_by("due_at"))
    if not workshops:
        return []
    by_cohort = {e.cohort_id: e for e in enrolments}
    extensions = {
        (x.workshop_id, x.enrolment_id): x
        for x in Extension.objects.filter(workshop__in=workshops, enrolment__in=enrolments)
    }
    latest: dict[tuple[int, int], Submission] = {}
    # The assessment comes in the same query (a reverse one-to-one join), for the status.
    for submission in (
        Submission.objects.filter(workshop__in=workshops, enrolment__in=enrolments)
        .select_related("assessment")
        .order_by("submitted_at", "version_number")
    ):
        latest[(submission.workshop_id, submission.enrolment_id)] = submission
    rows = []
    for workshop in workshops:
        enrolment = by_cohort[workshop.cohort_id]
        extension = extensions.get((workshop.pk, enrolment.pk))
        rows.append(
            OpenWorkshop(
                workshop=workshop,
                enrolment=enrolment,
                due_at=workshop.effective_due_at(extension),
                extended=extension is not None,
                latest=latest.get((workshop.pk, enrolment.pk)),
            )
        )
    return rows


def version_view(version: PlanVersion) -> dict[str, Any]:
    """A frozen version's content with labels, ready to show."""
    content = version.content
    labels = {f.name: f.verbose_name for f in Plan._meta.get_fields() if f.concrete}
    dimensions = dict(MaturityScore.Dimension.choices)
    start = content["start_fiscal_year"]
    horizon = content["horizon_years"]
    return {
        "horizon_years": horizon,
        "start_fiscal_year": start,
        "last_fiscal_year": start + horizon - 1,
        "years": list(range(1, horizon + 1)),
        "sections": [
            (labels[name], content["sections"].get(name, "")) for name in Plan.SECTION_FIELDS
        ],
        "maturity": [
            {**row, "label": dimensions.get(row["dimension"], row["dimension"])}
            for row in content.get("maturity", [])
        ],
        "kpis": [
            {
                **row,
                "target_list": [row["targets"].get(str(y), "") for y in range(1, horizon + 1)],
            }
            for row in content.get("kpis", [])
        ],
        "roadmap": content.get("roadmap", []),
        "attachments": content.get("attachments", []),
    }


# --- Results, for completion rules ---------------------------------------------------------


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


# --- Grading: rubrics, the queue, the grading screen, feedback, grades -----------------------


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


def latest_submissions_for(*, user: User) -> QuerySet[Submission]:
    """The latest version per participant and workshop, in the cohorts the user teaches."""
    later = Submission.objects.filter(
        workshop_id=OuterRef("workshop_id"),
        enrolment_id=OuterRef("enrolment_id"),
        version_number__gt=OuterRef("version_number"),
    )
    submissions = Submission.objects.filter(~Exists(later))
    cohort_ids = taught_cohort_ids(user=user)
    if cohort_ids is not None:
        submissions = submissions.filter(workshop__cohort_id__in=cohort_ids)
    return submissions


@dataclass(frozen=True)
class QueueRow:
    submission: Submission

    @property
    def assessment(self) -> Assessment | None:
        return getattr(self.submission, "assessment", None)

    @property
    def status(self) -> str:
        assessment = self.assessment
        return GradingStatus.NOT_STARTED if assessment is None else assessment.status

    @property
    def status_label(self) -> str:
        return GradingStatus.label(self.status)


GRADING_QUEUE_PAGE_SIZE = 50


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
    page_number: str | int | None = 1,
    per_page: int = GRADING_QUEUE_PAGE_SIZE,
) -> GradingQueue:
    """One page of the grading queue, with counts per status over the whole queue (within the
    workshop and late filters). Three queries whatever the number of submissions."""
    submissions = latest_submissions_for(user=user)
    if workshop_id is not None:
        submissions = submissions.filter(workshop_id=workshop_id)
    if late is not None:
        submissions = submissions.filter(is_late=late)
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
        ).order_by("workshop__due_at", "workshop_id", "submitted_at", "pk"),
        per_page,
    )
    # The counts already hold the total: no second COUNT over the queue's subquery.
    paginator.count = total
    page = paginator.get_page(page_number)
    rows = [QueueRow(submission) for submission in page.object_list]
    workshops = Workshop.objects.select_related("cohort").order_by("-due_at")
    cohort_ids = taught_cohort_ids(user=user)
    if cohort_ids is not None:
        workshops = workshops.filter(cohort_id__in=cohort_ids)
    return GradingQueue(rows=rows, counts=counts, workshops=list(workshops), page=page)


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


@dataclass(frozen=True)
class CriterionResult:
    title: str
    description: str
    weight: int
    points: int | None
    max_points: int
    descriptor: str


@dataclass(frozen=True)
class Feedback:
    assessment: Assessment
    criteria: list[CriterionResult]
    section_comments: list[tuple[str, str]]


def feedback_view(assessment: Assessment) -> Feedback:
    """The assessment as the participant reads it: each criterion with the level reached."""
    version = assessment.rubric_version
    results = []
    for criterion in version.criteria:
        points = assessment.scores.get(criterion["key"])
        level = next((lv for lv in criterion["levels"] if lv["points"] == points), None)
        results.append(
            CriterionResult(
                title=in_active_language(criterion["title_ja"], criterion["title_en"]),
                description=criterion.get("description", ""),
                weight=criterion["weight"],
                points=points,
                max_points=version.max_points(criterion),
                descriptor=in_active_language(level["descriptor_ja"], level["descriptor_en"])
                if level
                else "",
            )
        )
    labels = {f.name: f.verbose_name for f in Plan._meta.get_fields() if f.concrete}
    comments = [
        (labels[name], assessment.section_comments[name])
        for name in Plan.SECTION_FIELDS
        if assessment.section_comments.get(name)
    ]
    return Feedback(assessment=assessment, criteria=results, section_comments=comments)


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
    return None if assessment is None else feedback_view(assessment)


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


# --- Plan documents, sharing and peer comments -----------------------------------------------

# Where a peer comment may be attached: a plan section, or one of the three tables.
PEER_COMMENT_SECTIONS = (*Plan.SECTION_FIELDS, "maturity", "kpis", "roadmap")
# Members of a cohort who read and comment on shared plans; invited people have not started.
PEER_STATUSES = (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)


def version_queryset() -> QuerySet[PlanVersion]:
    """Versions with everything a page, a PDF or a ZIP of them shows, in the same query."""
    return PlanVersion.objects.select_related(
        "enrolment__user",
        "enrolment__company",
        "enrolment__cohort",
        "submission__workshop",
        "share",
    )


def version_is_shared(version: PlanVersion) -> bool:
    """Shared by its author, in a workshop that (still) lets peers comment."""
    return version.submission.workshop.peer_comments_enabled and hasattr(version, "share")


def peer_enrolment_of(*, user: User, cohort_id: int) -> Enrolment | None:
    """The user's enrolment in the cohort, if it lets them read and comment on peers' plans."""
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(
        user=user, cohort_id=cohort_id, status__in=PEER_STATUSES
    ).first()


def user_may_read_version(*, user: User, version: PlanVersion) -> bool:
    """The author and the teaching team always; cohort members while it is shared."""
    if user_may_read_plan(user=user, enrolment=version.enrolment):
        return True
    return (
        version_is_shared(version)
        and peer_enrolment_of(user=user, cohort_id=version.enrolment.cohort_id) is not None
    )


def user_may_read_shared_plans(*, user: User, cohort_id: int) -> bool:
    return peer_enrolment_of(user=user, cohort_id=cohort_id) is not None or user_teaches_cohort(
        user=user, cohort_id=cohort_id
    )


def shared_versions_of_cohort(*, cohort_id: int) -> QuerySet[PlanVersion]:
    """The cohort's shared versions, newest share first, with their comment counts."""
    return (
        version_queryset()
        .filter(
            enrolment__cohort_id=cohort_id,
            share__isnull=False,
            submission__workshop__peer_comments_enabled=True,
        )
        .annotate(comment_count=Count("peer_comments"))
        .order_by("-share__shared_at", "pk")
    )


def peer_comments_by_section(*, version: PlanVersion) -> dict[str, list[PeerComment]]:
    """Every section name mapped to its comments, oldest first (one query)."""
    by_section: dict[str, list[PeerComment]] = {name: [] for name in PEER_COMMENT_SECTIONS}
    comments = (
        PeerComment.objects.filter(version=version)
        .select_related("author__user")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        by_section.setdefault(comment.section, []).append(comment)
    return by_section


def latest_versions_for_workshop(*, workshop: Workshop) -> QuerySet[PlanVersion]:
    """For each participant, the last version they submitted for the workshop (one query)."""
    last_number = (
        PlanVersion.objects.filter(
            enrolment_id=OuterRef("enrolment_id"), submission__workshop=workshop
        )
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        version_queryset()
        .filter(submission__workshop=workshop, number=Subquery(last_number))
        .order_by("enrolment__user__last_name_roman", "enrolment__user__first_name_roman", "pk")
    )


def peer_section_labels() -> dict[str, str]:
    """The name of every part of a plan a comment can be on, in the active language."""
    labels = {name: str(Plan._meta.get_field(name).verbose_name) for name in Plan.SECTION_FIELDS}
    labels.update(
        {"maturity": _("Maturity self-assessment"), "kpis": _("KPIs"), "roadmap": _("Roadmap")}
    )
    return labels


def peer_comment_sections(*, version: PlanVersion) -> list[dict[str, Any]]:
    """The sections that have comments, in plan order, each with its label and comments."""
    labels = peer_section_labels()
    return [
        {"name": name, "label": labels.get(name, name), "comments": comments}
        for name, comments in peer_comments_by_section(version=version).items()
        if comments
    ]


def shared_plan_counts_for(*, user: User) -> list[tuple[Enrolment, int]]:
    """The user's current cohorts whose workshops let peers comment, each with how many plans
    are shared there (two queries)."""
    enrolments = list(
        Enrolment.objects.filter(
            user=user,
            status__in=PEER_STATUSES,
            cohort__workshops__peer_comments_enabled=True,
        )
        .exclude(cohort__status=Cohort.Status.FINISHED)
        .select_related("cohort")
        .distinct()
    )
    if not enrolments:
        return []
    counts = dict(
        PlanVersion.objects.filter(
            enrolment__cohort_id__in=[e.cohort_id for e in enrolments],
            share__isnull=False,
            submission__workshop__peer_comments_enabled=True,
        )
        .values_list("enrolment__cohort_id")
        .annotate(count=Count("pk"))
        .values_list("enrolment__cohort_id", "count")
    )
    return [(enrolment, counts.get(enrolment.cohort_id, 0)) for enrolment in enrolments]


def workshops_with_plans_for(*, user: User) -> QuerySet[Workshop]:
    """Workshops of the cohorts the user teaches, with how many participants handed in."""
    from cohorts.selectors import cohorts_taught_by

    return (
        Workshop.objects.filter(cohort__in=cohorts_taught_by(user=user).values("pk"))
        .exclude(cohort__status=Cohort.Status.FINISHED)
        .select_related("cohort")
        .annotate(participants_submitted=Count("submissions__enrolment", distinct=True))
        .order_by("due_at")
    )


# --- Alumni check-ins -------------------------------------------------------------------------


def fiscal_year_of(day: date) -> int:
    """The Japanese fiscal year (April to March) a day falls in: 2027-03-31 is in 2026."""
    return day.year if day.month >= 4 else day.year - 1


def newest_version_q() -> Q:
    """Filters plan versions to the newest one of each enrolment."""
    return ~Exists(
        PlanVersion.objects.filter(
            enrolment_id=OuterRef("enrolment_id"), number__gt=OuterRef("number")
        )
    )


@dataclass(frozen=True)
class CheckInDue:
    enrolment: Enrolment
    plan_version: PlanVersion
    fiscal_year: int


def check_ins_due(*, today: date) -> list[CheckInDue]:
    """Who is asked for a check-in for the fiscal year `today` falls in, and on which plan.

    The rule: a completed enrolment whose cohort has ended and that has a submitted plan; the
    fiscal year lies within that plan's horizon (from its first fiscal year, normally the year
    after the cohort, to its last). The plan is the enrolment's newest version. A person with
    several completed enrolments with plans is asked once, on the newest of them (the latest
    cohort to start): that plan replaces the earlier ones. Those already asked this fiscal year
    are left out. Two queries, however many alumni.
    """
    fiscal_year = fiscal_year_of(today)
    versions = list(
        PlanVersion.objects.filter(
            newest_version_q(),
            enrolment__status=Enrolment.Status.COMPLETED,
            enrolment__cohort__ends_on__lt=today,
        )
        .select_related("enrolment__user", "enrolment__cohort")
        .order_by("enrolment__cohort__starts_on", "enrolment_id")
    )
    newest_per_person: dict[int, PlanVersion] = {}
    for version in versions:
        # Ordered oldest cohort first, so the last one seen is the newest enrolment.
        newest_per_person[version.enrolment.user_id] = version
    asked = set(
        CheckIn.objects.filter(fiscal_year=fiscal_year, requested_at__isnull=False).values_list(
            "enrolment__user_id", flat=True
        )
    )
    due = []
    for user_id, version in newest_per_person.items():
        start = version.content.get("start_fiscal_year")
        horizon = version.content.get("horizon_years")
        if not start or not horizon or not start <= fiscal_year <= start + horizon - 1:
            continue
        if user_id in asked:
            continue
        due.append(
            CheckInDue(enrolment=version.enrolment, plan_version=version, fiscal_year=fiscal_year)
        )
    return due


def user_may_edit_check_in(*, user: User, check_in: CheckIn) -> bool:
    """Only the alumnus reports; nobody fills in a check-in for them."""
    return user.is_authenticated and check_in.enrolment.user_id == user.pk


def user_may_read_check_in(*, user: User, check_in: CheckIn) -> bool:
    """As for the plan: the author, the cohort's teaching team and administrators."""
    return user_may_read_plan(user=user, enrolment=check_in.enrolment)


def check_in_queryset() -> QuerySet[CheckIn]:
    return CheckIn.objects.select_related(
        "enrolment__user", "enrolment__cohort", "enrolment__company", "plan_version"
    )


def check_in_versions_of(*, check_in: CheckIn) -> QuerySet[CheckInVersion]:
    return CheckInVersion.objects.filter(check_in=check_in).order_by("number")


def check_ins_of(*, user: User) -> list[CheckIn]:
    """The user's own check-ins, newest fiscal year first, each with its versions (`versions`
    prefetched, oldest first). Two queries."""
    return list(
        check_in_queryset()
        .filter(enrolment__user=user)
        .prefetch_related(Prefetch("versions", queryset=CheckInVersion.objects.order_by("number")))
        .order_by("-fiscal_year", "-enrolment__cohort__starts_on")
    )


def completed_enrolments_of(*, user: User) -> QuerySet[Enrolment]:
    """The user's completed enrolments, newest cohort first: what alumni keep access to."""
    return (
        Enrolment.objects.filter(user=user, status=Enrolment.Status.COMPLETED)
        .select_related("cohort")
        .order_by("-cohort__starts_on")
    )


def newest_versions_of(*, enrolment_ids) -> dict[int, PlanVersion]:
    """For each enrolment, its newest plan version (one query)."""
    return {
        version.enrolment_id: version
        for version in PlanVersion.objects.filter(
            newest_version_q(), enrolment_id__in=enrolment_ids
        )
    }


def _plan_year(content: dict, fiscal_year: int) -> int:
    return fiscal_year - content["start_fiscal_year"] + 1


def check_in_rows(*, check_in: CheckIn) -> dict[str, Any]:
    """What the check-in asks about, from its plan version: one row per initiative, KPI and
    maturity dimension, each with the answer to start from (the draft if there is one, else
    the alumnus' newest answer of an earlier year, else the plan's own starting point)."""
    plan = check_in.plan_version.content
    plan_year = _plan_year(plan, check_in.fiscal_year)
    start = check_in.draft or {}
    if not start:
        earlier = (
            CheckInVersion.objects.filter(
                check_in__enrolment_id=check_in.enrolment_id,
                check_in__plan_version_id=check_in.plan_version_id,
                check_in__fiscal_year__lt=check_in.fiscal_year,
            )
            .order_by("-check_in__fiscal_year", "-number")
            .first()
        )
        if earlier is not None:
            # Statuses and levels carry over; notes and figures are the new year's to write.
            start = {
                "initiatives": [
                    {"index": row["index"], "status": row["status"], "note": ""}
                    for row in earlier.content.get("initiatives", [])
                ],
                "maturity": earlier.content.get("maturity", []),
            }
    initiatives = {row["index"]: row for row in start.get("initiatives", [])}
    kpis = {row["index"]: row for row in start.get("kpis", [])}
    levels = {row["dimension"]: row["level"] for row in start.get("maturity", [])}
    planned_levels = {row["dimension"]: row for row in plan.get("maturity", [])}
    return {
        "plan_year": plan_year,
        "initiatives": [
            {
                "index": index,
                "title": row["title"],
                "owner": row.get("owner", ""),
                "years": (row["start_year"], row["end_year"]),
                "fiscal_years": (
                    plan["start_fiscal_year"] + row["start_year"] - 1,
                    plan["start_fiscal_year"] + row["end_year"] - 1,
                ),
                "status": initiatives.get(index, {}).get("status", InitiativeStatus.NOT_STARTED),
                "note": initiatives.get(index, {}).get("note", ""),
            }
            for index, row in enumerate(plan.get("roadmap", []))
        ],
        "kpis": [
            {
                "index": index,
                "name": row["name"],
                "unit": row.get("unit", ""),
                "baseline": row.get("baseline", ""),
                "target": row.get("targets", {}).get(str(plan_year), ""),
                "actual": kpis.get(index, {}).get("actual"),
            }
            for index, row in enumerate(plan.get("kpis", []))
        ],
        "maturity": [
            {
                "dimension": dimension.value,
                "label": dimension.label,
                "planned_current": planned_levels.get(dimension.value, {}).get("current"),
                "planned_target": planned_levels.get(dimension.value, {}).get("target"),
                "level": levels.get(
                    dimension.value, planned_levels.get(dimension.value, {}).get("current")
                ),
            }
            for dimension in MaturityScore.Dimension
        ],
    }


def check_in_version_view(version: CheckInVersion) -> dict[str, Any]:
    """A frozen check-in with labels and the plan's targets for that year, ready to show."""
    content = version.content
    plan = version.check_in.plan_version.content
    statuses = dict(InitiativeStatus.choices)
    dimensions = dict(MaturityScore.Dimension.choices)
    plan_kpis = plan.get("kpis", [])
    return {
        "fiscal_year": content["fiscal_year"],
        "plan_year": content["plan_year"],
        "initiatives": [
            {**row, "status_label": statuses.get(row["status"], row["status"])}
            for row in content.get("initiatives", [])
        ],
        "kpis": [
            {
                **row,
                "target": (
                    plan_kpis[row["index"]].get("targets", {}).get(str(content["plan_year"]), "")
                    if row["index"] < len(plan_kpis)
                    else ""
                ),
            }
            for row in content.get("kpis", [])
        ],
        "maturity": [
            {**row, "label": dimensions.get(row["dimension"], row["dimension"])}
            for row in content.get("maturity", [])
        ],
    }


# --- The company page: everyone's plans and check-ins over the years --------------------------


@dataclass(frozen=True)
class CompanyPerson:
    enrolment: Enrolment
    may_read: bool
    versions: list[PlanVersion]
    check_ins: list[tuple[CheckIn, int | None]]


def company_plans_and_check_ins(*, company_id: int, viewer: User) -> list[CompanyPerson]:
    """Every enrolment of the company with its plan versions and check-ins (each with its
    versions), executives first, then managers; within a track, oldest cohort first. Whether
    the viewer may open them follows the plan's rule (author, the cohort's teaching team,
    administrators). Four or five queries, however many people and years."""
    enrolments = list(
        Enrolment.objects.filter(company_id=company_id)
        .select_related("user", "cohort")
        .order_by(
            Case(When(track=Enrolment.Track.EXECUTIVE, then=0), default=1),
            "cohort__starts_on",
            "user__last_name_kana",
            "user__first_name_kana",
            "pk",
        )
    )
    if not enrolments:
        return []
    ids = [e.pk for e in enrolments]
    versions: dict[int, list[PlanVersion]] = {}
    for version in (
        PlanVersion.objects.filter(enrolment_id__in=ids).order_by("number").defer("content")
    ):
        versions.setdefault(version.enrolment_id, []).append(version)
    # Each check-in with its newest version's number (None until submitted), by fiscal year.
    newest = (
        CheckInVersion.objects.filter(check_in_id=OuterRef("pk"))
        .order_by("-number")
        .values("number")[:1]
    )
    check_ins: dict[int, list[tuple[CheckIn, int | None]]] = {}
    for check_in in (
        CheckIn.objects.filter(enrolment_id__in=ids)
        .annotate(newest_number=Subquery(newest))
        .defer("draft")
        .order_by("fiscal_year")
    ):
        check_ins.setdefault(check_in.enrolment_id, []).append((check_in, check_in.newest_number))
    taught = _taught_cohorts(viewer=viewer, cohort_ids={e.cohort_id for e in enrolments})
    return [
        CompanyPerson(
            enrolment=enrolment,
            may_read=enrolment.user_id == viewer.pk or enrolment.cohort_id in taught,
            versions=versions.get(enrolment.pk, []),
            check_ins=check_ins.get(enrolment.pk, []),
        )
        for enrolment in enrolments
    ]


def _taught_cohorts(*, viewer: User, cohort_ids: set[int]) -> set[int]:
    if not viewer.is_authenticated:
        return set()
    subquery = taught_cohort_ids(user=viewer)
    if subquery is None:
        return set(cohort_ids)
    taught = Cohort.objects.filter(pk__in=subquery).filter(pk__in=cohort_ids)
    return set(taught.values_list("pk", flat=True))

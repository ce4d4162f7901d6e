"""Reads about workshops and plans, each at a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Enrolment
from cohorts.selectors import TAKING_PART, user_teaches_cohort
from school.models import User
from workshops.models import (
    Assessment,
    Extension,
    Kpi,
    MaturityScore,
    PeerComment,
    Plan,
    PlanVersion,
    Submission,
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

    @property
    def status(self) -> str:
        if self.latest is None:
            return self.DRAFT
        return self.LATE if self.latest.is_late else self.SUBMITTED

    @property
    def status_label(self) -> str:
        return {
            self.DRAFT: _("Draft"),
            self.SUBMITTED: _("Submitted"),
            self.LATE: _("Submitted late"),
        }[self.status]

    def may_submit(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
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
    for submission in Submission.objects.filter(
        workshop__in=workshops, enrolment__in=enrolments
    ).order_by("submitted_at", "version_number"):
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

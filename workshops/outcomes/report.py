"""Programme outcomes: where the companies stand, and what the city may see of it.

The city's aim is that more than half of the local SMEs go beyond efficiency to business
transformation, and that the plans are carried out over their 3–5 years. This module reads the
plans and the alumni check-ins of the selected cohorts and sums them up per group (a cohort, an
industry or an employee band, and all of them together).

One company counts once in a group. Its evidence comes from one enrolment: the executive's
before a manager's, then the newest cohort. Of that enrolment we read the newest check-in
version (the highest fiscal year, then the highest version number), which reports on a plan
version; without a check-in, the newest submitted plan version. A company with neither has "no
submitted plan" and no stage.

The stage rule
--------------
The levels are the 0–5 maturity levels of the evidence: those the check-in reports, and for a
dimension it does not report, the plan's "current" level (a dimension never reported counts as
0). "Done initiatives" are the roadmap initiatives the check-in reports as done.

1. Business transformation: business model ≥ 3 and use of data ≥ 3. The business model has
   changed (3 means a defined, company-wide practice), and data drives it; neither alone is
   transformation, which is the city's point.
2. Efficiency: not transformation, but use of data ≥ 3, or IT systems ≥ 3, or at least one
   roadmap initiative done. Processes run on digital systems and data, or the company has
   actually carried a step of its plan out.
3. Digitisation: everything else. A company that wrote a plan has at least begun to digitise.

Other figures
-------------
- KPI progress: for each KPI the check-in reports an actual for, and whose plan has a target for
  the check-in's plan year, progress = (actual − baseline) / (target − baseline). The KPI is on
  target when progress ≥ 100% (a target equal to the baseline is met when the actual is not
  below it). The group shows the KPIs assessed, those on target, and the median progress.
- Initiatives: planned = the roadmap's initiatives; due = those ending in or before the
  check-in's plan year; done = those reported done. The rate is done-and-due over due.
- Maturity before/after, per dimension, over the companies that checked in: the plan's
  "current" level against the newest evidence.
- Attendance: present or late, over all attendance marks of the group's enrolments.
- Completion: completed enrolments over the enrolments of finished cohorts that began (not
  those still only invited).

What the city may see
---------------------
Programme administrators see every figure. The city's staff see aggregates only, and never a
figure about fewer than MIN_COMPANIES companies: a group (cohort, industry, band) of fewer
companies is hidden entirely; in the stage table a cell counting 1 or 2 companies is hidden;
each other figure is hidden when fewer companies contribute to it. Then complementary
suppression: in every line of a table whose total is shown (a group's stages, a stage across
groups, the groups of a figure), either no cell is hidden, or at least two are and they count
at least MIN_COMPANIES companies together; else the smallest shown cell is hidden too, until
no line can be subtracted back to a small figure. A group whose count of companies ends up
hidden is hidden entirely. This is the usual heuristic, not a proof for every table.

Across answers (the differencing rule, `wider_answers_too_close`): an answer is a set of
conditions (the cohort, industry and band filters that are set; a group row is an answer with
one condition more, its group). Drop any one or more of its conditions and you get a wider
answer; the difference between the two is about the companies whose data the answer leaves
out: those with an enrolment in the wider answer that is not in the answer. When that is 1 or
2 companies, subtracting the answer from the wider one would give their exact figures, so the
city gets none of the answer: a group row is hidden entirely (and complementary suppression
then protects it inside its table), and when the answer itself (its total) is too close, the
whole answer is withheld with the reason. Every subset of the conditions is checked, not only
one dropped at a time: with cohort A and manufacturing set, both single relaxations may be the
very same companies (complement 0) while the unfiltered answer has one company more. A
company in two cohorts counts as left out by a cohort filter (its other enrolment's attendance
and evidence are in the wider answer), so with cohorts the complement can be larger than the
companies in the wider answer minus those in the answer.

What this does not protect: (1) more than two answers together, such as siblings: if the
wider answer is the sum of several narrower ones that are each shown (cohort A is 3
manufacturing, 3 food and 1 logistics company: the answers for A, A and manufacturing, A and
food are all shown), the wider answer minus the shown narrower ones gives the small rest.
Inside one table complementary suppression prevents this, but what it hides in a group row
(say manufacturing's count in one stage) the separate narrower answer still shows.
(2) One selection under two groupings: complementary suppression picks its cells per table, so
a cell of the total hidden under one grouping may be shown (or be the sum of shown group cells)
under another; hiding it under every grouping does not help, for that sum stays. (3) Answers
to the same filters at different times: a new check-in between two requests changes the
figures by one company. Whether the wider answer is itself shown is not considered: the rule
is checked even when it is withheld, which only hides more.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import combinations
from statistics import median
from typing import Any

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from cohorts.models import Attendance, Cohort, Company, Enrolment
from workshops.models import CheckInVersion, InitiativeStatus, MaturityScore, PlanVersion

MIN_COMPANIES = 3
TRANSFORMATION_BUSINESS_MODEL = 3
TRANSFORMATION_DATA_USE = 3
EFFICIENCY_LEVEL = 3

PERMISSION = "workshops.view_programme_outcomes"


class Stage(models.TextChoices):
    DIGITISATION = "digitisation", _("Digitisation")
    EFFICIENCY = "efficiency", _("Efficiency")
    TRANSFORMATION = "transformation", _("Business transformation")


NO_PLAN = "no_plan"
STAGE_COLUMNS = (*Stage.values, NO_PLAN)
DIMENSIONS = tuple(MaturityScore.Dimension.values)


class Breakdown(models.TextChoices):
    COHORT = "cohort", _("Cohort")
    INDUSTRY = "industry", _("Industry")
    EMPLOYEE_BAND = "band", _("Employees")


# The dimensions a selection can be filtered and grouped by are the same: a member's value in
# each is its cohort's id, its company's industry, its company's band ("" when unknown).
Selection = dict[str, Hashable]


def stage_label(stage: str) -> str:
    return _("No submitted plan") if stage == NO_PLAN else Stage(stage).label


def company_stage(*, levels: Mapping[str, int], done_initiatives: int) -> Stage:
    """The stage rule of the module docstring."""
    business_model = levels.get("business_model", 0)
    data_use = levels.get("data_use", 0)
    it_systems = levels.get("it_systems", 0)
    if business_model >= TRANSFORMATION_BUSINESS_MODEL and data_use >= TRANSFORMATION_DATA_USE:
        return Stage.TRANSFORMATION
    if data_use >= EFFICIENCY_LEVEL or it_systems >= EFFICIENCY_LEVEL or done_initiatives > 0:
        return Stage.EFFICIENCY
    return Stage.DIGITISATION


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def kpi_progress(*, baseline, target, actual) -> Decimal | None:
    """Progress towards the year's target as a percentage, or None when it cannot be told."""
    baseline, target, actual = _decimal(baseline), _decimal(target), _decimal(actual)
    if baseline is None or target is None or actual is None:
        return None
    if target == baseline:
        return Decimal(100) if actual >= target else Decimal(0)
    return (actual - baseline) / (target - baseline) * 100


@dataclass(frozen=True)
class Evidence:
    """What one company's newest evidence says."""

    stage: Stage
    checked_in: bool
    before: dict[str, int]
    after: dict[str, int]
    kpi_progress: tuple[Decimal, ...] = ()
    initiatives_planned: int = 0
    initiatives_due: int = 0
    initiatives_done_of_due: int = 0
    initiatives_done: int = 0


def company_evidence(
    *, plan_content: Mapping[str, Any] | None, check_in_content: Mapping[str, Any] | None
) -> Evidence:
    """`plan_content` is the plan version reported on (the check-in's) or else the newest one."""
    plan_content = plan_content or {}
    before = {
        row.get("dimension"): int(row.get("current") or 0)
        for row in plan_content.get("maturity", [])
    }
    if check_in_content is None:
        return Evidence(
            stage=company_stage(levels=before, done_initiatives=0),
            checked_in=False,
            before=before,
            after=before,
        )
    after = dict(before)
    for row in check_in_content.get("maturity", []):
        if row.get("level") is not None:
            after[row.get("dimension")] = int(row["level"])
    plan_year = int(check_in_content.get("plan_year") or 0)
    roadmap = plan_content.get("roadmap", [])
    done = {
        row.get("index")
        for row in check_in_content.get("initiatives", [])
        if row.get("status") == InitiativeStatus.DONE
    }
    done = {index for index in done if isinstance(index, int) and 0 <= index < len(roadmap)}
    due = {i for i, item in enumerate(roadmap) if int(item.get("end_year") or 0) <= plan_year}
    kpis = plan_content.get("kpis", [])
    progress = []
    for row in check_in_content.get("kpis", []):
        index = row.get("index")
        if not isinstance(index, int) or not 0 <= index < len(kpis):
            continue
        kpi = kpis[index]
        value = kpi_progress(
            baseline=kpi.get("baseline"),
            target=(kpi.get("targets") or {}).get(str(plan_year)),
            actual=row.get("actual"),
        )
        if value is not None:
            progress.append(value)
    return Evidence(
        stage=company_stage(levels=after, done_initiatives=len(done)),
        checked_in=True,
        before=before,
        after=after,
        kpi_progress=tuple(progress),
        initiatives_planned=len(roadmap),
        initiatives_due=len(due),
        initiatives_done_of_due=len(due & done),
        initiatives_done=len(done),
    )


# --- Suppression ----------------------------------------------------------------------------


def complementary_suppression(
    *,
    values: Mapping[Hashable, int],
    lines: Iterable[tuple[Hashable, Iterable[Hashable]]],
    hidden: Iterable[Hashable],
    minimum: int = MIN_COMPANIES,
) -> set[Hashable]:
    """Hide more cells until no line with a shown total gives back a small hidden sum.

    `values` are company counts; each line is (its total's key, its members' keys). Cells in
    `hidden` start hidden. A line with a shown total is safe when none of its members is hidden,
    or at least two are and they count at least `minimum` companies together (one hidden cell
    alone is its total minus the others); otherwise its smallest shown non-empty member (else an
    empty one) is hidden too, or, when there is none, its total.
    """
    hidden = set(hidden)
    lines = [(total, list(members)) for total, members in lines]
    changed = True
    while changed:
        changed = False
        for total, members in lines:
            if total in hidden:
                continue
            hidden_members = [m for m in members if m in hidden]
            if not hidden_members or (
                len(hidden_members) >= 2 and sum(values[m] for m in hidden_members) >= minimum
            ):
                continue
            shown = sorted(
                (m for m in members if m not in hidden),
                key=lambda m: (values[m] == 0, values[m]),
            )
            hidden.add(shown[0] if shown else total)
            changed = True
    return hidden


# --- The report -----------------------------------------------------------------------------

ALL = "all"
BLOCKS = ("kpis", "initiatives", "maturity", "attendance", "completion")


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), ROUND_HALF_UP)


def _one_decimal(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class GroupRow:
    key: Hashable
    label: str
    stages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGE_COLUMNS, 0))
    companies: int = 0
    # Companies contributing to each block of figures.
    contributors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BLOCKS, 0))
    kpis_assessed: int = 0
    kpis_on_target: int = 0
    kpi_median_progress: Decimal | None = None
    initiatives_planned: int = 0
    initiatives_due: int = 0
    initiatives_done_of_due: int = 0
    initiatives_done: int = 0
    maturity_before: dict[str, Decimal] = field(default_factory=dict)
    maturity_after: dict[str, Decimal] = field(default_factory=dict)
    attended: int = 0
    marked: int = 0
    completed: int = 0
    counted_for_completion: int = 0
    company_names: dict[str, list[str]] = field(default_factory=dict)
    # Names of the hidden figures: "companies", a stage, or a block; `small` are those hidden
    # because they are about fewer than MIN_COMPANIES companies, the others protect them.
    hidden: set[str] = field(default_factory=set)
    small: set[str] = field(default_factory=set)
    # The dimensions whose dropping gives a wider answer only 1 or 2 companies away (the
    # differencing rule); the row is then hidden entirely.
    too_close_to: tuple[str, ...] = ()

    def shows(self, name: str) -> bool:
        return name not in self.hidden

    def is_small(self, name: str) -> bool:
        return name in self.small

    @property
    def is_hidden(self) -> bool:
        return "companies" in self.hidden

    @property
    def any_hidden(self) -> bool:
        return bool(self.hidden)

    @property
    def kpi_share(self) -> Decimal | None:
        return _percent(self.kpis_on_target, self.kpis_assessed)

    @property
    def initiative_rate(self) -> Decimal | None:
        return _percent(self.initiatives_done_of_due, self.initiatives_due)

    @property
    def attendance_rate(self) -> Decimal | None:
        return _percent(self.attended, self.marked)

    @property
    def completion_rate(self) -> Decimal | None:
        return _percent(self.completed, self.counted_for_completion)

    @property
    def transformation_share(self) -> Decimal | None:
        assessed = self.companies - self.stages[NO_PLAN]
        return _percent(self.stages[Stage.TRANSFORMATION], assessed)


@dataclass
class OutcomeReport:
    breakdown: str
    groups: list[GroupRow]
    total: GroupRow
    full: bool

    @property
    def rows(self) -> list[GroupRow]:
        return [*self.groups, self.total]

    @property
    def withheld(self) -> bool:
        """The whole answer is too close to a wider one: the city gets no figure of it."""
        return bool(self.total.too_close_to)


@dataclass
class _Member:
    """One enrolment with what we read about it."""

    enrolment: Enrolment
    plan_content: dict | None = None
    check_in_content: dict | None = None
    reported_plan_content: dict | None = None

    @property
    def has_evidence(self) -> bool:
        return self.plan_content is not None or self.check_in_content is not None


def _members(*, cohort=None, industry=None, employee_band=None) -> list[_Member]:
    """Three queries, whatever the number of cohorts and companies."""
    enrolments = Enrolment.objects.all()
    if cohort is not None:
        enrolments = enrolments.filter(cohort=cohort)
    if industry is not None:
        enrolments = enrolments.filter(company__industry=industry)
    if employee_band is not None:
        enrolments = enrolments.filter(company__employee_band=employee_band)
    rows = list(
        enrolments.select_related("cohort", "company")
        .annotate(
            attended_count=Count(
                "attendances", filter=Q(attendances__status__in=Attendance.ATTENDED)
            ),
            marked_count=Count("attendances"),
        )
        .order_by("pk")
    )
    members = {row.pk: _Member(enrolment=row) for row in rows}
    newest_version = (
        PlanVersion.objects.filter(enrolment=OuterRef("enrolment"))
        .order_by("-number")
        .values("number")[:1]
    )
    for enrolment_id, content in PlanVersion.objects.filter(
        enrolment__in=enrolments.values("pk"), number=Subquery(newest_version)
    ).values_list("enrolment_id", "content"):
        members[enrolment_id].plan_content = content
    newest_check_in = (
        CheckInVersion.objects.filter(check_in__enrolment=OuterRef("check_in__enrolment"))
        .order_by("-check_in__fiscal_year", "-number")
        .values("pk")[:1]
    )
    for enrolment_id, content, reported in CheckInVersion.objects.filter(
        check_in__enrolment__in=enrolments.values("pk"), pk=Subquery(newest_check_in)
    ).values_list("check_in__enrolment_id", "content", "check_in__plan_version__content"):
        members[enrolment_id].check_in_content = content
        members[enrolment_id].reported_plan_content = reported
    return list(members.values())


def _value_in(member: _Member, dimension: str) -> Hashable:
    enrolment = member.enrolment
    if dimension == Breakdown.COHORT:
        return enrolment.cohort_id
    if dimension == Breakdown.INDUSTRY:
        return enrolment.company.industry
    return enrolment.company.employee_band


def _within(members: Iterable[_Member], selection: Selection) -> list[_Member]:
    return [m for m in members if all(_value_in(m, d) == value for d, value in selection.items())]


def companies_left_out(*, answer: Iterable[_Member], wider: Iterable[_Member]) -> set[int]:
    """The companies whose figures make the difference between an answer and a wider one:
    those with an enrolment in the wider answer that the answer does not have."""
    kept = {m.enrolment.pk for m in answer}
    return {m.enrolment.company_id for m in wider if m.enrolment.pk not in kept}


def wider_answers_too_close(
    members: list[_Member], selection: Selection, *, minimum: int = MIN_COMPANIES
) -> tuple[str, ...]:
    """The differencing rule (module docstring): the dimensions of `selection` which, dropped
    (alone or together), give a wider answer that leaves out 1 to `minimum` − 1 companies of
    it; only the fewest to drop are named. Empty when the answer may be shown. `members` must
    hold every enrolment of every wider answer, i.e. all of them."""
    answer = _within(members, selection)
    dimensions = list(selection)
    too_close: list[set[str]] = []
    # One dimension dropped first, then two..., so that a set found already is not named
    # again inside a bigger one.
    for size in range(len(dimensions) - 1, -1, -1):
        for kept in combinations(dimensions, size):
            dropped = set(dimensions) - set(kept)
            if any(found <= dropped for found in too_close):
                continue
            wider = _within(members, {d: selection[d] for d in kept})
            if 0 < len(companies_left_out(answer=answer, wider=wider)) < minimum:
                too_close.append(dropped)
    named = set().union(*too_close)
    return tuple(d for d in dimensions if d in named)


def _representative(members: list[_Member]) -> _Member | None:
    """The executive's plan before a manager's, then the newest cohort."""
    with_evidence = [m for m in members if m.has_evidence]
    if not with_evidence:
        return None
    return min(
        with_evidence,
        key=lambda m: (
            m.enrolment.track != Enrolment.Track.EXECUTIVE,
            -m.enrolment.cohort.starts_on.toordinal(),
            -m.enrolment.pk,
        ),
    )


def _evidence(member: _Member) -> Evidence:
    if member.check_in_content is not None:
        return company_evidence(
            plan_content=member.reported_plan_content, check_in_content=member.check_in_content
        )
    return company_evidence(plan_content=member.plan_content, check_in_content=None)


def _fill(row: GroupRow, members: list[_Member], *, with_names: bool) -> GroupRow:
    by_company: dict[int, list[_Member]] = defaultdict(list)
    for member in members:
        by_company[member.enrolment.company_id].append(member)
    row.companies = len(by_company)
    progress: list[Decimal] = []
    before: dict[str, list[int]] = defaultdict(list)
    after: dict[str, list[int]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    for company_members in by_company.values():
        representative = _representative(company_members)
        company = company_members[0].enrolment.company
        if representative is None:
            row.stages[NO_PLAN] += 1
            names[NO_PLAN].append(company.name)
            continue
        evidence = _evidence(representative)
        row.stages[evidence.stage] += 1
        names[evidence.stage].append(company.name)
        if evidence.kpi_progress:
            row.contributors["kpis"] += 1
            progress.extend(evidence.kpi_progress)
        if evidence.checked_in:
            row.contributors["initiatives"] += 1
            row.initiatives_planned += evidence.initiatives_planned
            row.initiatives_due += evidence.initiatives_due
            row.initiatives_done_of_due += evidence.initiatives_done_of_due
            row.initiatives_done += evidence.initiatives_done
            row.contributors["maturity"] += 1
            for dimension in DIMENSIONS:
                before[dimension].append(evidence.before.get(dimension, 0))
                after[dimension].append(evidence.after.get(dimension, 0))
    row.kpis_assessed = len(progress)
    row.kpis_on_target = sum(1 for value in progress if value >= 100)
    if progress:
        row.kpi_median_progress = Decimal(median(progress)).quantize(Decimal("1"), ROUND_HALF_UP)
    for dimension in DIMENSIONS:
        if before[dimension]:
            row.maturity_before[dimension] = _one_decimal(
                Decimal(sum(before[dimension])) / len(before[dimension])
            )
            row.maturity_after[dimension] = _one_decimal(
                Decimal(sum(after[dimension])) / len(after[dimension])
            )
    attending = {m.enrolment.company_id for m in members if m.enrolment.marked_count}
    row.contributors["attendance"] = len(attending)
    row.attended = sum(m.enrolment.attended_count for m in members)
    row.marked = sum(m.enrolment.marked_count for m in members)
    counted = [
        m
        for m in members
        if m.enrolment.cohort.status == Cohort.Status.FINISHED
        and m.enrolment.status != Enrolment.Status.INVITED
    ]
    row.contributors["completion"] = len({m.enrolment.company_id for m in counted})
    row.counted_for_completion = len(counted)
    row.completed = sum(1 for m in counted if m.enrolment.status == Enrolment.Status.COMPLETED)
    if with_names:
        row.company_names = {stage: sorted(names[stage]) for stage in STAGE_COLUMNS}
    return row


def _groups(members: list[_Member], breakdown: str) -> list[tuple[Hashable, str, list]]:
    grouped: dict[Hashable, list[_Member]] = defaultdict(list)
    for member in members:
        grouped[_value_in(member, breakdown)].append(member)
    if breakdown == Breakdown.COHORT:
        cohorts = {m.enrolment.cohort_id: m.enrolment.cohort for m in members}
        order = sorted(cohorts, key=lambda pk: (cohorts[pk].starts_on, pk))
        return [(pk, cohorts[pk].name, grouped[pk]) for pk in order]
    choices = Company.Industry if breakdown == Breakdown.INDUSTRY else Company.EmployeeBand
    return [(value, label, grouped[value]) for value, label in choices.choices if value in grouped]


def _suppress(report: OutcomeReport) -> None:
    """Hide what the city may not see (see the module docstring)."""
    rows = report.rows
    everything = {"companies", *STAGE_COLUMNS, *BLOCKS}
    if report.withheld:
        for row in rows:
            row.hidden.update(everything)
            row.company_names = {}
        return
    for row in rows:
        if row.too_close_to:
            row.hidden.update(everything)
    # A group of fewer companies than the minimum: hidden entirely.
    for row in rows:
        if 0 < row.companies < MIN_COMPANIES:
            row.small.update({"companies", *STAGE_COLUMNS, *BLOCKS})
        row.small.update(s for s in STAGE_COLUMNS if 0 < row.stages[s] < MIN_COMPANIES)
        row.small.update(b for b in BLOCKS if 0 < row.contributors[b] < MIN_COMPANIES)
        row.hidden.update(row.small)
    # The stage table: cells are company counts; each group's row adds up to its companies.
    values: dict[Hashable, int] = {}
    hidden: set[Hashable] = set()
    for row in rows:
        values[(row.key, "companies")] = row.companies
        for stage in STAGE_COLUMNS:
            values[(row.key, stage)] = row.stages[stage]
            if 0 < row.stages[stage] < MIN_COMPANIES:
                hidden.add((row.key, stage))
        hidden.update((row.key, name) for name in row.hidden)
    groups = report.groups
    lines = [((row.key, "companies"), [(row.key, s) for s in STAGE_COLUMNS]) for row in rows]
    lines += [((ALL, s), [(row.key, s) for row in groups]) for s in STAGE_COLUMNS]
    lines.append(((ALL, "companies"), [(row.key, "companies") for row in groups]))
    while True:
        hidden = complementary_suppression(values=values, lines=lines, hidden=hidden)
        # A group whose count of companies is hidden is hidden entirely, or its stages would
        # add up to the count again.
        partly = {
            row.key
            for row in rows
            if (row.key, "companies") in hidden
            and not all((row.key, stage) in hidden for stage in STAGE_COLUMNS)
        }
        if not partly:
            break
        hidden.update((key, stage) for key in partly for stage in STAGE_COLUMNS)
    for row in rows:
        row.hidden.update(name for key, name in hidden if key == row.key)
        if "companies" in row.hidden:
            row.hidden.update(BLOCKS)
    # Each other block: its contributing companies, across the groups.
    for block in BLOCKS:
        values = {row.key: row.contributors[block] for row in rows}
        hidden = {
            row.key for row in rows if block in row.hidden or 0 < values[row.key] < MIN_COMPANIES
        }
        hidden = complementary_suppression(
            values=values, lines=[(ALL, [row.key for row in groups])], hidden=hidden
        )
        for row in rows:
            if row.key in hidden:
                row.hidden.add(block)
    for row in rows:
        row.company_names = {}


def outcome_report(
    *,
    full: bool,
    breakdown: str = Breakdown.COHORT,
    cohort: Cohort | None = None,
    industry: str | None = None,
    employee_band: str | None = None,
) -> OutcomeReport:
    """The figures per group and for all groups. `full` for administrators: nothing hidden,
    and the companies' names per stage; otherwise what the city may see."""
    selection: Selection = {}
    if cohort is not None:
        selection[Breakdown.COHORT] = cohort.pk
    if industry is not None:
        selection[Breakdown.INDUSTRY] = industry
    if employee_band is not None:
        selection[Breakdown.EMPLOYEE_BAND] = employee_band
    if full:
        members = _members(cohort=cohort, industry=industry, employee_band=employee_band)
    else:
        # The differencing rule compares with every wider answer, so the city's report reads
        # every enrolment (in the same three queries) and selects in Python.
        everyone = _members()
        members = _within(everyone, selection)
    groups = [
        _fill(GroupRow(key=key, label=str(label)), group_members, with_names=False)
        for key, label, group_members in _groups(members, breakdown)
    ]
    total = _fill(GroupRow(key=ALL, label=str(_("All selected"))), members, with_names=full)
    report = OutcomeReport(breakdown=breakdown, groups=groups, total=total, full=full)
    if not full:
        total.too_close_to = wider_answers_too_close(everyone, selection)
        for row in groups:
            # A group row is the answer with its group as one more condition.
            row.too_close_to = wider_answers_too_close(everyone, {**selection, breakdown: row.key})
        _suppress(report)
    return report

"""Programme outcomes: where the companies stand, and what the city may see of it.

The city's aim is that more than half of the local SMEs go beyond efficiency to business
transformation, and that the plans are carried out over their 3–5 years. The report reads the
plans and the alumni check-ins of the selected cohorts and sums them up per group (a cohort, an
industry or an employee band, and all of them together).

The rules live beside it: the stage rule and the other figures in `stages.py`, which enrolments
an answer reads and how a company's evidence is chosen in `selection.py`, and what the city may
see in `suppression.py`.
"""

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Company, Enrolment
from workshops.outcomes.certification import CertificationReport, certification_outcomes
from workshops.outcomes.selection import (
    ALL,
    BLOCKS,
    Breakdown,
    Member,
    Selection,
    members_of,
    representative,
    value_in,
    within,
)
from workshops.outcomes.stages import (
    DIMENSIONS,
    NO_PLAN,
    STAGE_COLUMNS,
    Evidence,
    Stage,
    company_evidence,
)
from workshops.outcomes.suppression import suppress, wider_answers_too_close

PERMISSION = "workshops.view_programme_outcomes"


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
    # DX認定 among the alumni (certification.py), when asked for.
    certification: CertificationReport | None = None

    @property
    def rows(self) -> list[GroupRow]:
        return [*self.groups, self.total]

    @property
    def withheld(self) -> bool:
        """The whole answer is too close to a wider one: the city gets no figure of it."""
        return bool(self.total.too_close_to)


def _evidence(member: Member) -> Evidence:
    if member.check_in_content is not None:
        return company_evidence(
            plan_content=member.reported_plan_content, check_in_content=member.check_in_content
        )
    return company_evidence(plan_content=member.plan_content, check_in_content=None)


def _fill(row: GroupRow, members: list[Member], *, with_names: bool) -> GroupRow:
    by_company: dict[int, list[Member]] = defaultdict(list)
    for member in members:
        by_company[member.enrolment.company_id].append(member)
    row.companies = len(by_company)
    progress: list[Decimal] = []
    before: dict[str, list[int]] = defaultdict(list)
    after: dict[str, list[int]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    for company_members in by_company.values():
        chosen = representative(company_members)
        company = company_members[0].enrolment.company
        if chosen is None:
            row.stages[NO_PLAN] += 1
            names[NO_PLAN].append(company.name)
            continue
        evidence = _evidence(chosen)
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


def _groups(members: list[Member], breakdown: str) -> list[tuple[Hashable, str, list]]:
    grouped: dict[Hashable, list[Member]] = defaultdict(list)
    for member in members:
        grouped[value_in(member, breakdown)].append(member)
    if breakdown == Breakdown.COHORT:
        cohorts = {m.enrolment.cohort_id: m.enrolment.cohort for m in members}
        order = sorted(cohorts, key=lambda pk: (cohorts[pk].starts_on, pk))
        return [(pk, cohorts[pk].name, grouped[pk]) for pk in order]
    choices = Company.Industry if breakdown == Breakdown.INDUSTRY else Company.EmployeeBand
    return [(value, label, grouped[value]) for value, label in choices.choices if value in grouped]


def outcome_report(
    *,
    full: bool,
    breakdown: str = Breakdown.COHORT,
    cohort: Cohort | None = None,
    industry: str | None = None,
    employee_band: str | None = None,
    with_certification: bool = False,
) -> OutcomeReport:
    """The figures per group and for all groups. `full` for administrators: nothing hidden,
    and the companies' names per stage; otherwise what the city may see. With
    `with_certification`, also DX認定 among the alumni, by cohort and fiscal year (four
    queries more)."""
    selection: Selection = {}
    if cohort is not None:
        selection[Breakdown.COHORT] = cohort.pk
    if industry is not None:
        selection[Breakdown.INDUSTRY] = industry
    if employee_band is not None:
        selection[Breakdown.EMPLOYEE_BAND] = employee_band
    everyone = None
    if full:
        members = members_of(cohort=cohort, industry=industry, employee_band=employee_band)
    else:
        # The differencing rule compares with every wider answer, so the city's report reads
        # every enrolment (in the same three queries) and selects in Python.
        everyone = members_of()
        members = within(everyone, selection)
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
        suppress(report)
    if with_certification:
        report.certification = certification_outcomes(
            members=members, everyone=everyone, selection=selection, full=full
        )
    return report

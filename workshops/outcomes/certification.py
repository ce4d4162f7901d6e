"""DX認定 among the alumni companies: how many are ready to apply and how many report holding it,
by cohort and by fiscal year, with what the city may see of it.

Who counts: alumni companies, i.e. companies with a completed enrolment in the selection (the
outcomes' filters; cohorts that have started). A company counts once per row.

Ready ("certification-ready") is workshops/certification's readiness with every criterion met
(certification/selectors.readiness_from_content), judged as the readiness page judges it:

- by cohort: the company's representative alumnus (the executive before a manager, then the
  newest cohort: selection.representative) with their newest submitted plan version, the
  newest DX推進指標 self-assessment rating every item (criterion (5)), and the company's records
  (decision, publications, security declaration) as they stand today;
- by fiscal year: the companies that checked in for that fiscal year, each with the plan
  version its check-in reports on, the DX推進指標 levels frozen in that check-in (criterion (5):
  every item of the current catalogue rated, of the same edition), and the company's records
  as they stand today (the records are not versioned, so a past year's row uses today's).

Holding DX認定 is what the alumni report in their check-ins (yes, with the date of
certification): by cohort, the company's newest check-in (the highest fiscal year; the
executive's first); by fiscal year, the check-in of that year. "Certified in the year" counts
the companies whose reported date of certification falls in that fiscal year (April–March).

What the city may see (the rule of suppression.py): a row about fewer than MIN_COMPANIES
companies is hidden entirely; a count of 1 or 2 is hidden, and so is its complement (the
companies not ready, not holding), since the row's companies minus a shown count would give it
back; complementary suppression then runs over each row (companies = ready + not ready, and =
holding + not holding) and, by cohort, down each column to the all-cohorts row. A cohort row
that differs by 1 or 2 companies from a wider answer is hidden (the differencing rule), and
when the whole answer is withheld so is this table. Fiscal-year rows are not parts of a total
(a company checks in in several years), so they have no total row and no column lines; what
this leaves open is the same as for the other tables (suppression.py), plus comparing a year's
row with another year's, which differ by the companies that checked in in only one of them.
"""

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext_lazy as _

from cohorts.models import Enrolment
from workshops.certification.selectors import readiness_from_content
from workshops.check_ins.selectors import fiscal_year_of
from workshops.models import (
    CertificationRecord,
    CheckInVersion,
    CriterionPublication,
    SelfAssessment,
)
from workshops.outcomes.selection import ALL, Breakdown, Member, Selection, representative
from workshops.outcomes.suppression import (
    MIN_COMPANIES,
    complementary_suppression,
    wider_answers_too_close,
)
from workshops.self_assessment.indicator import active
from workshops.self_assessment.selectors import frozen_levels_complete

COUNTS = (
    "companies",
    "ready",
    "not_ready",
    "holding",
    "not_holding",
    "certified_in_year",
    "certified_earlier",
)
PARTS = COUNTS[1:]


@dataclass
class CertificationRow:
    key: Hashable
    label: str
    companies: int = 0
    ready: int = 0
    holding: int = 0
    certified_in_year: int | None = None
    # (company name, ready, date of certification or None), administrators only.
    names: list[tuple[str, bool, date | None]] = field(default_factory=list)
    hidden: set[str] = field(default_factory=set)
    small: set[str] = field(default_factory=set)
    too_close: bool = False

    @property
    def not_ready(self) -> int:
        return self.companies - self.ready

    @property
    def not_holding(self) -> int:
        return self.companies - self.holding

    @property
    def certified_earlier(self) -> int:
        return self.holding - (self.certified_in_year or 0)

    def value(self, name: str) -> int:
        return getattr(self, name) or 0

    def shows(self, name: str) -> bool:
        return name not in self.hidden


@dataclass
class CertificationReport:
    by_cohort: list[CertificationRow]
    total: CertificationRow
    by_year: list[CertificationRow]
    full: bool

    @property
    def cohort_rows(self) -> list[CertificationRow]:
        return [*self.by_cohort, self.total]


@dataclass(frozen=True)
class _Facts:
    """What the rows are read from, besides the members (four queries)."""

    records: dict[int, CertificationRecord]
    self_assessment_complete: set[int]
    # enrolment id -> [(fiscal year, check-in content, reported plan version content)]
    check_ins: dict[int, list[tuple[int, dict, dict]]]


def _facts(alumni: list[Member]) -> _Facts:
    enrolment_ids = [m.enrolment.pk for m in alumni]
    company_ids = {m.enrolment.company_id for m in alumni}
    records = {
        record.company_id: record
        for record in CertificationRecord.objects.filter(company_id__in=company_ids)
        .prefetch_related(Prefetch("publications", queryset=CriterionPublication.objects.all()))
        .order_by()
    }
    codes = [item.code for item in active().items]
    complete, seen = set(), set()
    for enrolment_id, rated in (
        SelfAssessment.objects.filter(enrolment_id__in=enrolment_ids)
        .annotate(
            rated_count=Count(
                "ratings",
                filter=Q(
                    ratings__item__in=codes,
                    ratings__current__isnull=False,
                    ratings__target__isnull=False,
                ),
            )
        )
        .order_by("enrolment_id", "-fiscal_year")
        .values_list("enrolment_id", "rated_count")
    ):
        if enrolment_id not in seen:  # the newest fiscal year only
            seen.add(enrolment_id)
            if rated >= len(codes):
                complete.add(enrolment_id)
    newest_of_check_in = (
        CheckInVersion.objects.filter(check_in=OuterRef("check_in"))
        .order_by("-number")
        .values("pk")[:1]
    )
    check_ins: dict[int, list] = defaultdict(list)
    for enrolment_id, year, content, reported in CheckInVersion.objects.filter(
        check_in__enrolment_id__in=enrolment_ids, pk=Subquery(newest_of_check_in)
    ).values_list(
        "check_in__enrolment_id",
        "check_in__fiscal_year",
        "content",
        "check_in__plan_version__content",
    ):
        check_ins[enrolment_id].append((year, content, reported))
    return _Facts(records, complete, check_ins)


def _is_ready(content: dict | None, *, complete: bool, record) -> bool:
    if content is None:
        return False
    judged = {**content, "self_assessment_complete": complete}
    return readiness_from_content(content=judged, record=record).is_ready


def _certified_on(check_in_content: dict) -> tuple[bool, date | None]:
    answer = check_in_content.get("certification") or {}
    day = answer.get("certified_on")
    return bool(answer.get("holds")), date.fromisoformat(day) if day else None


def _by_company(members: list[Member]) -> dict[int, list[Member]]:
    companies: dict[int, list[Member]] = defaultdict(list)
    for member in members:
        companies[member.enrolment.company_id].append(member)
    return companies


def _executive_first(member: Member) -> tuple:
    return (member.enrolment.track != Enrolment.Track.EXECUTIVE, member.enrolment.pk)


def _cohort_row(key, label, members: list[Member], facts: _Facts) -> CertificationRow:
    row = CertificationRow(key=key, label=label)
    for company_id, company_members in _by_company(members).items():
        row.companies += 1
        chosen = representative(company_members) or company_members[0]
        ready = _is_ready(
            chosen.plan_content,
            complete=chosen.enrolment.pk in facts.self_assessment_complete,
            record=facts.records.get(company_id),
        )
        reports = [
            (year, _executive_first(m), content)
            for m in company_members
            for year, content, _reported in facts.check_ins.get(m.enrolment.pk, [])
        ]
        holds, day = False, None
        if reports:
            newest = min(reports, key=lambda r: (-r[0], r[1]))
            holds, day = _certified_on(newest[2])
        row.ready += ready
        row.holding += holds
        row.names.append((chosen.enrolment.company.name, ready, day if holds else None))
    return row


def _year_rows(alumni: list[Member], facts: _Facts) -> list[CertificationRow]:
    per_year: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for member in alumni:
        for year, content, reported in facts.check_ins.get(member.enrolment.pk, []):
            per_year[year][member.enrolment.company_id].append((member, content, reported))
    rows = []
    for year in sorted(per_year):
        row = CertificationRow(key=year, label=str(year), certified_in_year=0)
        for company_id, reports in per_year[year].items():
            member, content, reported = min(reports, key=lambda r: _executive_first(r[0]))
            ready = _is_ready(
                reported,
                complete=frozen_levels_complete(content.get("self_assessment")),
                record=facts.records.get(company_id),
            )
            holds, day = _certified_on(content)
            row.companies += 1
            row.ready += ready
            row.holding += holds
            row.certified_in_year += bool(holds and day and fiscal_year_of(day) == year)
            row.names.append((member.enrolment.company.name, ready, day if holds else None))
        rows.append(row)
    return rows


def certification_outcomes(
    *, members: list[Member], everyone: list[Member] | None, selection: Selection, full: bool
) -> CertificationReport:
    """The DX認定 rows of the selection's alumni (four queries). `everyone` (every enrolment)
    is needed for the city's differencing rule; `full` keeps every figure and the names."""
    alumni = [m for m in members if m.enrolment.status == Enrolment.Status.COMPLETED]
    facts = _facts(alumni)
    cohorts: dict[int, list[Member]] = defaultdict(list)
    for member in alumni:
        cohorts[member.enrolment.cohort_id].append(member)
    order = sorted(cohorts, key=lambda pk: (cohorts[pk][0].enrolment.cohort.starts_on, pk))
    by_cohort = [
        _cohort_row(pk, cohorts[pk][0].enrolment.cohort.name, cohorts[pk], facts) for pk in order
    ]
    total = _cohort_row(ALL, str(_("All selected")), alumni, facts)
    report = CertificationReport(by_cohort, total, _year_rows(alumni, facts), full=full)
    if not full:
        for row in report.by_cohort:
            row.too_close = bool(
                wider_answers_too_close(everyone, {**selection, Breakdown.COHORT: row.key})
            )
        total.too_close = bool(wider_answers_too_close(everyone, selection))
        _suppress(report.cohort_rows, across=report.by_cohort)
        _suppress(report.by_year, across=None)
        for row in [*report.cohort_rows, *report.by_year]:
            row.names = []
    return report


def _small_and_too_close(rows: list[CertificationRow]) -> set[Hashable]:
    hidden: set[Hashable] = set()
    for row in rows:
        if row.too_close:
            hidden.update((row.key, name) for name in COUNTS)
        elif 0 < row.companies < MIN_COMPANIES:
            row.small.update(COUNTS)
            hidden.update((row.key, name) for name in COUNTS)
        else:
            row.small.update(n for n in PARTS if 0 < row.value(n) < MIN_COMPANIES)
            hidden.update((row.key, name) for name in row.small)
    return hidden


def _lines(rows: list[CertificationRow], across: list[CertificationRow] | None) -> list:
    lines = []
    for row in rows:
        lines.append(((row.key, "companies"), [(row.key, "ready"), (row.key, "not_ready")]))
        lines.append(((row.key, "companies"), [(row.key, "holding"), (row.key, "not_holding")]))
        if row.certified_in_year is not None:
            parts = [(row.key, "certified_in_year"), (row.key, "certified_earlier")]
            lines.append(((row.key, "holding"), parts))
    if across is not None:
        for name in ("companies", "ready", "not_ready", "holding", "not_holding"):
            lines.append(((ALL, name), [(row.key, name) for row in across]))
    return lines


def _suppress(rows: list[CertificationRow], *, across: list[CertificationRow] | None) -> None:
    """Small counts hidden with their complements, then complementary suppression over each
    row's partitions and, with `across`, down each column to the total (module docstring)."""
    values = {(row.key, name): row.value(name) for row in rows for name in COUNTS}
    hidden = _small_and_too_close(rows)
    lines = _lines(rows, across)
    while True:
        hidden = complementary_suppression(values=values, lines=lines, hidden=hidden)
        partly = {
            row.key
            for row in rows
            if (row.key, "companies") in hidden
            and not all((row.key, name) in hidden for name in COUNTS)
        }
        if not partly:
            break
        hidden.update((key, name) for key in partly for name in COUNTS)
    for row in rows:
        row.hidden.update(name for key, name in hidden if key == row.key)
        # "Certified in the year" is a part of those holding: hidden with them.
        if "holding" in row.hidden:
            row.hidden.update(("certified_in_year", "certified_earlier"))

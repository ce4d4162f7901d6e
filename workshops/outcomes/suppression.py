"""What the city may see: small-group suppression, complementary suppression, and the differencing
rule across answers.

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

from collections.abc import Hashable, Iterable, Mapping
from itertools import combinations
from typing import TYPE_CHECKING

from workshops.outcomes.selection import ALL, BLOCKS, Member, Selection, within
from workshops.outcomes.stages import STAGE_COLUMNS

if TYPE_CHECKING:
    from workshops.outcomes.report import GroupRow, OutcomeReport

MIN_COMPANIES = 3


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


def companies_left_out(*, answer: Iterable[Member], wider: Iterable[Member]) -> set[int]:
    """The companies whose figures make the difference between an answer and a wider one:
    those with an enrolment in the wider answer that the answer does not have."""
    kept = {m.enrolment.pk for m in answer}
    return {m.enrolment.company_id for m in wider if m.enrolment.pk not in kept}


def wider_answers_too_close(
    members: list[Member], selection: Selection, *, minimum: int = MIN_COMPANIES
) -> tuple[str, ...]:
    """The differencing rule (module docstring): the dimensions of `selection` which, dropped
    (alone or together), give a wider answer that leaves out 1 to `minimum` − 1 companies of
    it; only the fewest to drop are named. Empty when the answer may be shown. `members` must
    hold every enrolment of every wider answer, i.e. all of them."""
    answer = within(members, selection)
    dimensions = list(selection)
    too_close: list[set[str]] = []
    # One dimension dropped first, then two..., so that a set found already is not named
    # again inside a bigger one.
    for size in range(len(dimensions) - 1, -1, -1):
        for kept in combinations(dimensions, size):
            dropped = set(dimensions) - set(kept)
            if any(found <= dropped for found in too_close):
                continue
            wider = within(members, {d: selection[d] for d in kept})
            if 0 < len(companies_left_out(answer=answer, wider=wider)) < minimum:
                too_close.append(dropped)
    named = set().union(*too_close)
    return tuple(d for d in dimensions if d in named)


def suppress(report: "OutcomeReport") -> None:
    """Hide what the city may not see (see the module docstring)."""
    everything = {"companies", *STAGE_COLUMNS, *BLOCKS}
    if report.withheld:
        for row in report.rows:
            row.hidden.update(everything)
            row.company_names = {}
        return
    for row in report.rows:
        if row.too_close_to:
            row.hidden.update(everything)
    _hide_small(report.rows)
    _protect_stage_table(report)
    for block in BLOCKS:
        _protect_block(report, block)
    for row in report.rows:
        row.company_names = {}


def _hide_small(rows: list["GroupRow"]) -> None:
    """A group of fewer companies than the minimum is hidden entirely; so is each stage and
    block that fewer companies make up."""
    for row in rows:
        if 0 < row.companies < MIN_COMPANIES:
            row.small.update({"companies", *STAGE_COLUMNS, *BLOCKS})
        row.small.update(s for s in STAGE_COLUMNS if 0 < row.stages[s] < MIN_COMPANIES)
        row.small.update(b for b in BLOCKS if 0 < row.contributors[b] < MIN_COMPANIES)
        row.hidden.update(row.small)


def _protect_stage_table(report: "OutcomeReport") -> None:
    """The stage table: cells are company counts; each group's row adds up to its companies."""
    rows, groups = report.rows, report.groups
    values: dict[Hashable, int] = {}
    hidden: set[Hashable] = set()
    for row in rows:
        values[(row.key, "companies")] = row.companies
        for stage in STAGE_COLUMNS:
            values[(row.key, stage)] = row.stages[stage]
            if 0 < row.stages[stage] < MIN_COMPANIES:
                hidden.add((row.key, stage))
        hidden.update((row.key, name) for name in row.hidden)
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


def _protect_block(report: "OutcomeReport", block: str) -> None:
    """Each other block: its contributing companies, across the groups."""
    rows = report.rows
    values = {row.key: row.contributors[block] for row in rows}
    hidden = {row.key for row in rows if block in row.hidden or 0 < values[row.key] < MIN_COMPANIES}
    hidden = complementary_suppression(
        values=values, lines=[(ALL, [row.key for row in report.groups])], hidden=hidden
    )
    for row in rows:
        if row.key in hidden:
            row.hidden.add(block)

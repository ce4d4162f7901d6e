"""Which kinds of rows an autosave posted exactly as they are saved.

The editor's autosave posts the whole form every few seconds while one text is typed: building,
validating and writing fifty row forms nobody touched was most of its cost. A kind of rows (the
self-assessment, the KPIs, the roadmap) whose posted rows are the saved rows, in the same order
and with the values the editor's forms would clean them to (5 and 5.00, 4500000 and 4,500,000,
a line end sent as CR LF, blank cells after the rows), is kept as saved: no forms, no validation
(the rows were validated when they were saved), no writes. The row limits and the text limits
are checked all the same. Whatever differs, or is posted in a way this does not settle for
certain (a count that is not a number, a box ticked with an odd value, a saved row emptied
instead of removed), sends that kind through the editor's forms as before.

Only meaningful when the rows were read at the revision the post is based on (a save moves the
revision on) and the post keeps the plan's period, on which the rows' own rules depend.
"""

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache

from django.core.exceptions import ValidationError

from workshops import limits
from workshops.models import Kpi, MaturityScore, Plan, RoadmapInitiative
from workshops.plans.forms import (
    YEARS,
    KpiForm,
    KpiFormSet,
    MaturityFormSet,
    RoadmapForm,
    RoadmapFormSet,
)

ROWS = ("maturity_scores", "kpis", "roadmap")
KPI_CELLS = ("name", "unit", "baseline", *(f"target_{year}" for year in YEARS))
INITIATIVE_CELLS = (
    "title",
    "start_year",
    "end_year",
    "owner",
    "expected_outcome",
    *(f"budget_{year}" for year in YEARS),
)
TEXT_CELLS = frozenset(("name", "unit", "title", "owner", "expected_outcome"))
LEVELS = range(6)


class _Differs(Exception):
    """A posted row is not the saved one, or the post does not say so for certain."""


@cache
def _fields() -> dict:
    # The forms' own fields, to clean a value typed differently from how the editor shows it.
    # Cleaning keeps no state, so one set serves every request.
    return {**KpiForm().fields, **RoadmapForm().fields}


def kinds_unchanged(*, plan: Plan, data: Mapping) -> frozenset[str]:
    """The prefixes ("maturity", "kpis", "roadmap") whose posted rows are the plan's saved rows,
    read beforehand with plans.selectors.plan_rows_read()."""
    prefetched = getattr(plan, "_prefetched_objects_cache", {})
    if any(name not in prefetched for name in ROWS) or any(
        "targets" not in getattr(kpi, "_prefetched_objects_cache", {}) for kpi in prefetched["kpis"]
    ):
        return frozenset()
    kept = set()
    if _maturity_same(data, list(plan.maturity_scores.all())):
        kept.add("maturity")
    if _rows_same(data, "kpis", KpiFormSet, KPI_CELLS, list(plan.kpis.all()), _kpi_same):
        kept.add("kpis")
    if _rows_same(
        data,
        "roadmap",
        RoadmapFormSet,
        INITIATIVE_CELLS,
        list(plan.roadmap.all()),
        _initiative_same,
    ):
        kept.add("roadmap")
    return frozenset(kept)


# --- A kind of rows ---------------------------------------------------------------------------


def _count(raw, *, required: bool) -> int | None:
    if raw is None or raw == "":
        if required:
            raise _Differs
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) < 6):
        raise _Differs
    return int(raw)


def _management(data: Mapping, prefix: str) -> tuple[int, int]:
    """The formset's counts; a management form the formset would refuse is not settled here."""
    total = _count(data.get(f"{prefix}-TOTAL_FORMS"), required=True)
    initial = _count(data.get(f"{prefix}-INITIAL_FORMS"), required=True)
    _count(data.get(f"{prefix}-MIN_NUM_FORMS"), required=False)
    _count(data.get(f"{prefix}-MAX_NUM_FORMS"), required=False)
    return total, initial


def _blank(name: str, raw) -> bool:
    """Whether the cell leaves its row unfilled, as the row's form tells (has_changed)."""
    if raw is None or raw == "":
        return True
    # A text box's value is cleaned of the spaces around it; any other field's blank is "".
    return name in TEXT_CELLS and not raw.strip()


def _deleted(raw) -> bool:
    # The box is sent as "on" when ticked; anything else a checkbox might read as is left to it.
    if raw is None or raw == "":
        return False
    if raw == "on":
        return True
    raise _Differs


def _rows_same(
    data: Mapping, prefix: str, formset, cells: tuple, saved: list, same: Callable
) -> bool:
    """Whether the rows the formset would keep (filled in and not removed, in the page's order)
    are the saved rows, one for one, and no more of them than the limit."""
    try:
        total, initial = _management(data, prefix)
        if total > formset.absolute_max:
            return False
        rows = iter(saved)
        kept = 0
        for index in range(total):
            key = f"{prefix}-{index}-"
            if _deleted(data.get(key + "DELETE")):
                continue  # the formset drops a removed row without looking at it
            posted = {name: data.get(key + name) for name in cells}
            if all(_blank(name, value) for name, value in posted.items()):
                if index < initial:
                    return False  # a saved row emptied: its form refuses the blanks
                continue  # a blank row after the saved ones
            row = next(rows, None)
            if row is None:
                return False
            same(posted, row)
            kept += 1
        return next(rows, None) is None and kept <= formset.max_num
    except _Differs:
        return False


def _maturity_same(data: Mapping, saved: list[MaturityScore]) -> bool:
    by_dimension = {score.dimension: score for score in saved}
    try:
        total, initial = _management(data, "maturity")
        if total != initial or total != len(saved) or total > MaturityFormSet.max_num:
            return False
        posted = set()
        for index in range(total):
            key = f"maturity-{index}-"
            score = by_dimension.get(data.get(key + "dimension"))
            if score is None or score.dimension in posted:
                return False
            posted.add(score.dimension)
            _choice(data.get(key + "current"), score.current, LEVELS)
            _choice(data.get(key + "target"), score.target, LEVELS)
        return True
    except _Differs:
        return False


# --- One row ----------------------------------------------------------------------------------


def _kpi_same(posted: dict, kpi: Kpi) -> None:
    _text(posted["name"], kpi.name, limits.KPI_NAME_MAX_CHARS)
    _text(posted["unit"], kpi.unit, limits.KPI_UNIT_MAX_CHARS)
    _number(posted["baseline"], kpi.baseline, "baseline")
    targets = {target.plan_year: target.target for target in kpi.targets.all()}
    if not set(targets) <= set(YEARS):
        raise _Differs
    for year in YEARS:
        _number(posted[f"target_{year}"], targets.get(year), f"target_{year}")


def _initiative_same(posted: dict, initiative: RoadmapInitiative) -> None:
    _text(posted["title"], initiative.title, limits.INITIATIVE_TITLE_MAX_CHARS)
    _text(posted["owner"], initiative.owner, limits.INITIATIVE_OWNER_MAX_CHARS)
    _text(
        posted["expected_outcome"],
        initiative.expected_outcome,
        limits.INITIATIVE_OUTCOME_MAX_CHARS,
    )
    start, end = initiative.start_year, initiative.end_year
    _choice(posted["start_year"], start, YEARS)
    _choice(posted["end_year"], end, YEARS)
    budget = initiative.budget
    years = range(start, end + 1)
    # As the form builds it: one whole amount per year of the initiative, a blank cell as 0.
    if (
        not isinstance(budget, list)
        or len(budget) != len(years)
        or any(type(amount) is not int for amount in budget)
    ):
        raise _Differs
    for year in YEARS:
        amount = _yen(posted[f"budget_{year}"], f"budget_{year}")
        if year in years:
            if (amount or 0) != budget[year - start]:
                raise _Differs
        elif amount:
            raise _Differs  # the form refuses an amount outside the initiative's years


# --- One value --------------------------------------------------------------------------------


def _text(raw, saved: str, limit: int) -> None:
    # As LimitedTextField cleans it: a line end as LF, no spaces around.
    text = "" if raw is None else raw.replace("\r\n", "\n").strip()
    if text != saved or len(saved) > limit:
        raise _Differs


def _choice(raw, saved: int, choices: range) -> None:
    if saved not in choices or raw != str(saved):
        raise _Differs


def _number(raw, saved: Decimal | None, name: str) -> None:
    if raw is None or raw == "":
        if saved is not None:
            raise _Differs
        return
    if saved is not None and raw == str(saved):
        return
    try:
        typed = _fields()[name].clean(raw)
    except ValidationError:
        raise _Differs from None
    if typed is None or typed != saved:
        raise _Differs


def _yen(raw, name: str) -> int | None:
    if raw is None or raw == "":
        return None
    plain = raw.replace(",", "")
    if plain.isascii() and plain.isdigit() and len(plain) < 16:
        return int(plain)
    try:
        return _fields()[name].clean(raw)
    except ValidationError:
        raise _Differs from None

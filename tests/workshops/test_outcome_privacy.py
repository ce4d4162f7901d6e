"""The city's staff never receive a figure about fewer than 3 companies: not on the page, not
in the CSV, in no breakdown and under no filter the page offers."""

import csv
import io
import itertools
from fractions import Fraction

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from cohorts.models import Cohort, Company, Enrolment
from tests.cohorts.factories import AttendanceFactory, CohortFactory, SessionFactory
from tests.school.factories import CityStaffFactory, ProgrammeAdministratorFactory
from tests.workshops.outcome_factories import check_in_content, company_in, plan_content
from workshops.outcomes.forms import UNKNOWN_BAND
from workshops.outcomes.report import outcome_report
from workshops.outcomes.selection import ALL, BLOCKS
from workshops.outcomes.stages import (
    STAGE_COLUMNS,
)
from workshops.outcomes.suppression import MIN_COMPANIES, complementary_suppression
from workshops.outcomes.tables import hidden_text as _hidden_text
from workshops.outcomes.tables import protected_text as _protected_text
from workshops.outcomes.tables import too_close_text as _too_close_text

# The page's language is Japanese; so are the figures of the full report compared with it.
with translation.override("ja"):
    HIDDEN = _hidden_text()
    PROTECTED = _protected_text()
    TOO_CLOSE = _too_close_text()
TRANSFORMATION = {"business_model": 3, "data_use": 3}
EFFICIENCY = {"it_systems": 3}

# --- Complementary suppression ---------------------------------------------------------------


def test_a_single_hidden_cell_in_a_line_with_a_shown_total_hides_the_smallest_other():
    values = {"total": 10, "a": 1, "b": 4, "c": 5}

    hidden = complementary_suppression(
        values=values, lines=[("total", ["a", "b", "c"])], hidden={"a"}
    )

    assert hidden == {"a", "b"}


def test_two_hidden_cells_adding_up_to_3_companies_need_no_more():
    values = {"total": 10, "a": 1, "b": 2, "c": 7}

    hidden = complementary_suppression(
        values=values, lines=[("total", ["a", "b", "c"])], hidden={"a", "b"}
    )

    assert hidden == {"a", "b"}


def test_one_hidden_cell_of_3_companies_is_still_protected_by_another():
    values = {"total": 10, "a": 3, "b": 0, "c": 7}

    hidden = complementary_suppression(
        values=values, lines=[("total", ["a", "b", "c"])], hidden={"a"}
    )

    assert hidden == {"a", "c"}


def test_a_hidden_empty_cell_is_protected_too():
    values = {"total": 6, "a": 0, "b": 3, "c": 3}

    hidden = complementary_suppression(
        values=values, lines=[("total", ["a", "b", "c"])], hidden={"a"}
    )

    assert hidden == {"a", "b"}


def test_when_no_cell_is_left_to_hide_the_total_is_hidden():
    values = {"total": 2, "a": 2, "b": 0}

    hidden = complementary_suppression(values=values, lines=[("total", ["a", "b"])], hidden={"a"})

    assert hidden == {"a", "b", "total"}


def test_hiding_spreads_across_crossing_lines():
    # Rows r1, r2 and columns x, y; r1x is small.
    values = {"r1": 7, "r2": 8, "x": 5, "y": 10, "r1x": 2, "r1y": 5, "r2x": 3, "r2y": 5}
    lines = [
        ("r1", ["r1x", "r1y"]),
        ("r2", ["r2x", "r2y"]),
        ("x", ["r1x", "r2x"]),
        ("y", ["r1y", "r2y"]),
    ]

    hidden = complementary_suppression(values=values, lines=lines, hidden={"r1x"})

    assert hidden == {"r1x", "r1y", "r2x", "r2y"}


# --- The world -------------------------------------------------------------------------------

INDUSTRIES = [Company.Industry.MANUFACTURING, Company.Industry.LOGISTICS, Company.Industry.FOOD]
BANDS = [Company.EmployeeBand.UP_TO_20, Company.EmployeeBand.UP_TO_100, ""]


@pytest.fixture
def world(db):
    """Three cohorts of 6, 2 and 4 companies, in three industries and bands, with groups and
    stage cells of every size from 0 to 6; one company attended two cohorts."""
    big = CohortFactory(name_ja="大きい期", status=Cohort.Status.FINISHED)
    tiny = CohortFactory(name_ja="小さい期", status=Cohort.Status.FINISHED)
    mid = CohortFactory(name_ja="中くらいの期", status=Cohort.Status.RUNNING)
    layout = [
        # cohort, industry index, band index, maturity, with a check-in
        (big, 0, 0, TRANSFORMATION, True),
        (big, 0, 0, TRANSFORMATION, True),
        (big, 0, 1, EFFICIENCY, True),
        (big, 0, 1, {}, False),
        (big, 1, 1, TRANSFORMATION, True),
        (big, 2, 2, None, False),
        (tiny, 1, 0, EFFICIENCY, True),
        (tiny, 2, 2, {}, False),
        (mid, 0, 0, {}, True),
        (mid, 0, 1, {}, False),
        (mid, 1, 1, EFFICIENCY, False),
        (mid, 1, 2, TRANSFORMATION, True),
    ]
    enrolments = []
    for index, (cohort, industry, band, maturity, with_check_in) in enumerate(layout):
        plan = None
        if maturity is not None:
            plan = plan_content(
                maturity=maturity, kpis=[("100", {1: "110"})], roadmap=[(1, 1), (1, 2)]
            )
        enrolment = company_in(
            cohort,
            plan=plan,
            check_in=(
                check_in_content(
                    plan_year=1, statuses=["done"] if index % 2 else [], actuals=[str(100 + index)]
                )
                if with_check_in and plan
                else None
            ),
            industry=INDUSTRIES[industry],
            employee_band=BANDS[band],
            status="completed" if index % 3 else "active",
        )
        enrolments.append(enrolment)
        AttendanceFactory(session=SessionFactory(cohort=cohort), enrolment=enrolment)
    # The first company of the big cohort came back to the mid one.
    company_in(mid, company=enrolments[0].company, plan=plan_content(maturity=TRANSFORMATION))
    return [big, tiny, mid]


def _combinations(cohorts):
    return list(
        itertools.product(
            ["cohort", "industry", "band"],
            [None, *cohorts],
            [None, *INDUSTRIES],
            [None, Company.EmployeeBand.UP_TO_20, Company.EmployeeBand.UP_TO_100, UNKNOWN_BAND],
        )
    )


def _query(by, cohort, industry, band) -> dict:
    query = {"by": by}
    if cohort is not None:
        query["cohort"] = cohort.pk
    if industry is not None:
        query["industry"] = industry
    if band is not None:
        query["band"] = band
    return query


def _full_report(by, cohort, industry, band, *, full=True):
    with translation.override("ja"):
        return outcome_report(
            full=full,
            breakdown=by,
            cohort=cohort,
            industry=industry,
            employee_band=None if band is None else ("" if band == UNKNOWN_BAND else band),
        )


def _companies_behind(row, column: str) -> int:
    """How many companies a figure of the full report is about."""
    if column in STAGE_COLUMNS:
        return row.stages[column]
    if column in BLOCKS:
        return row.contributors[column]
    return row.companies


def test_the_world_has_groups_and_cells_of_one_and_two_companies(world):
    report = outcome_report(full=True)

    assert sorted(row.companies for row in report.groups) == [2, 5, 6]
    assert {row.stages[s] for row in report.rows for s in STAGE_COLUMNS} >= {0, 1, 2, 3}


# --- The CSV ---------------------------------------------------------------------------------

CSV_BLOCK_COLUMNS = {
    "kpis": range(7, 12),
    "initiatives": range(12, 18),
    "maturity": range(18, 30),
    "attendance": range(30, 34),
    "completion": range(34, 38),
}
CSV_STAGE_COLUMNS = dict(zip(STAGE_COLUMNS, range(2, 6), strict=True))


def _csv_rows(client, query) -> list[list[str]]:
    response = client.get(reverse("workshops:outcomes_csv"), query)
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1:]


def test_the_city_csv_never_holds_a_figure_about_fewer_than_3_companies(client, world):
    client.force_login(CityStaffFactory())
    checked = 0

    for by, cohort, industry, band in _combinations(world):
        full = _full_report(by, cohort, industry, band)
        rows = _csv_rows(client, _query(by, cohort, industry, band))
        if _full_report(by, cohort, industry, band, full=False).withheld:
            # Too close to a wider answer (test_outcome_differencing.py): no figure at all.
            assert len(rows) == 1 and all(cell == "" for cell in rows[0][1:-1])
            continue
        assert [r[0] for r in rows] == [row.label for row in full.rows]
        for row, cells in zip(full.rows, rows, strict=True):
            if 0 < row.companies < MIN_COMPANIES:
                assert all(cell == "" for cell in cells[1:-1]), (by, cohort, row.label)
                continue
            for column in CSV_STAGE_COLUMNS.values():
                if cells[column] != "":
                    assert int(cells[column]) in (0, *range(MIN_COMPANIES, 1000))
                    checked += 1
            for block, columns in CSV_BLOCK_COLUMNS.items():
                shown = [cells[c] for c in columns if cells[c] != ""]
                if shown:
                    behind = _companies_behind(row, block)
                    assert behind == 0 or behind >= MIN_COMPANIES, (by, row.label, block)
                    checked += 1
        _assert_no_line_gives_back_a_small_figure(full, rows)
        _assert_no_hidden_stage_cell_can_be_solved_for(full, rows)

    assert checked > 100


def _assert_no_line_gives_back_a_small_figure(full, rows):
    """Subtracting the shown cells from a shown total never leaves fewer than 3 companies."""
    shown = {
        (row.key, stage): cells[CSV_STAGE_COLUMNS[stage]] != ""
        for row, cells in zip(full.rows, rows, strict=True)
        for stage in STAGE_COLUMNS
    }
    total_shown = {row.key: cells[1] != "" for row, cells in zip(full.rows, rows, strict=True)}
    for row in full.rows:
        if total_shown[row.key]:
            rest = sum(row.stages[s] for s in STAGE_COLUMNS if not shown[(row.key, s)])
            hidden_cells = [s for s in STAGE_COLUMNS if not shown[(row.key, s)]]
            assert not hidden_cells or rest >= MIN_COMPANIES, (row.label, hidden_cells)
    for stage in STAGE_COLUMNS:
        if shown[(ALL, stage)]:
            hidden_groups = [row for row in full.groups if not shown[(row.key, stage)]]
            rest = sum(row.stages[stage] for row in hidden_groups)
            assert not hidden_groups or rest >= MIN_COMPANIES, stage
    for block, columns in CSV_BLOCK_COLUMNS.items():
        by_key = {row.key: cells for row, cells in zip(full.rows, rows, strict=True)}
        if any(by_key[ALL][c] != "" for c in columns):
            hidden_groups = [
                row for row in full.groups if all(by_key[row.key][c] == "" for c in columns)
            ]
            rest = sum(row.contributors[block] for row in hidden_groups)
            assert not hidden_groups or rest >= MIN_COMPANIES, block


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [row[:] for row in matrix]
    rank = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def _assert_no_hidden_stage_cell_can_be_solved_for(full, rows):
    """With the shown cells known, the table's sums as equations: no hidden cell is determined.

    A group's stages add up to its companies, and so do all groups' stages. Across groups the
    sums hold for industries and bands; a company can be in two cohorts, so not for cohorts."""
    cells = {row.key: r for row, r in zip(full.rows, rows, strict=True)}
    keys = [(row.key, s) for row in full.rows for s in (*STAGE_COLUMNS, "companies")]

    def column(key):
        return 1 if key[1] == "companies" else CSV_STAGE_COLUMNS[key[1]]

    unknowns = [key for key in keys if cells[key[0]][column(key)] == ""]
    if not unknowns:
        return
    lines = [((row.key, "companies"), [(row.key, s) for s in STAGE_COLUMNS]) for row in full.rows]
    if full.breakdown != "cohort":
        lines += [((ALL, s), [(row.key, s) for row in full.groups]) for s in STAGE_COLUMNS]
        lines.append(((ALL, "companies"), [(row.key, "companies") for row in full.groups]))
    index = {key: i for i, key in enumerate(unknowns)}
    matrix = []
    for total, members in lines:
        equation = [Fraction(0)] * len(unknowns)
        for key, sign in [(total, -1), *((m, 1) for m in members)]:
            if key in index:
                equation[index[key]] += sign
        if any(equation):
            matrix.append(equation)
    rank = _rank(matrix) if matrix else 0
    for key, i in index.items():
        unit = [Fraction(int(j == i)) for j in range(len(unknowns))]
        assert _rank([*matrix, unit]) > rank, (full.breakdown, "can be solved for", key)


# --- The page --------------------------------------------------------------------------------


def _page_tables(html: str) -> dict[str, list[tuple[str, list[str]]]]:
    soup = BeautifulSoup(html, "html.parser")
    tables = {}
    for table in soup.select("table[id^=table-]"):
        rows = []
        for tr in table.select("tbody tr"):
            header = tr.find("th")
            if header is not None:
                rows.append(
                    (
                        header.get_text(strip=True),
                        # A suppressed cell is read as its reason.
                        [
                            td.get("data-hidden") or td.get_text(strip=True)
                            for td in tr.find_all("td")
                        ],
                    )
                )
        tables[table["id"].removeprefix("table-")] = rows
    return tables


def test_the_city_page_never_shows_a_figure_about_fewer_than_3_companies(client, world):
    client.force_login(CityStaffFactory())
    from cohorts.models import Company as CompanyModel

    names = list(CompanyModel.objects.values_list("name", flat=True))

    for by, cohort, industry, band in _combinations(world):
        full = _full_report(by, cohort, industry, band)
        response = client.get(reverse("workshops:outcomes"), _query(by, cohort, industry, band))
        assert response.status_code == 200
        html = response.content.decode()
        assert not any(name in html for name in names)
        tables = _page_tables(html)
        if _full_report(by, cohort, industry, band, full=False).withheld:
            # Too close to a wider answer (test_outcome_differencing.py): no figure at all.
            assert not tables
            continue
        stage_rows = dict(tables["stages"])
        for row in full.rows:
            cells = stage_rows[row.label]
            if 0 < row.companies < MIN_COMPANIES:
                assert set(cells) == {HIDDEN}, (by, row.label)
                continue
            if set(cells) in ({PROTECTED}, {TOO_CLOSE}):
                continue  # hidden so that a smaller group cannot be subtracted back
            for index, stage in enumerate(STAGE_COLUMNS, start=1):
                if 0 < row.stages[stage] < MIN_COMPANIES:
                    assert cells[index] == HIDDEN, (by, row.label, stage)
            for block in ("kpis", "initiatives", "attendance", "completion"):
                block_cells = dict(tables[block])[row.label]
                if 0 < row.contributors[block] < MIN_COMPANIES:
                    assert set(block_cells) == {HIDDEN}, (by, row.label, block)
        if full.total.contributors["maturity"] < MIN_COMPANIES:
            assert (
                all(set(cells) == {HIDDEN} for _, cells in tables["maturity"])
                or not tables["maturity"]
            )


def test_a_hidden_group_is_drawn_without_a_bar_and_says_why(client, world):
    client.force_login(CityStaffFactory())

    response = client.get(reverse("workshops:outcomes"), {"by": "cohort"})

    soup = BeautifulSoup(response.content.decode(), "html.parser")
    chart = soup.select_one("svg[aria-labelledby^=chart-stages]")
    tiny = next(g for g in chart.find_all("g") if g.title.get_text() == "小さい期")
    assert tiny.find("rect") is None
    assert HIDDEN in tiny.get_text()


def test_administrators_see_every_figure_and_the_companies_per_stage(client, world):
    client.force_login(ProgrammeAdministratorFactory())
    first = world[0].enrolments.order_by("pk").first().company

    response = client.get(reverse("workshops:outcomes"), {"by": "cohort"})

    html = response.content.decode()
    assert HIDDEN not in html
    assert first.name in html
    tiny = dict(_page_tables(html)["stages"])["小さい期"]
    assert tiny[0] == "2"


# --- Across answers --------------------------------------------------------------------------


def _shown_answers(world) -> set[frozenset]:
    """Every answer of which the city gets a figure: a selection's total, or a group row (the
    selection with its group as one more condition), as a set of (dimension, value)."""
    shown = set()
    for by, cohort, industry, band in _combinations(world):
        report = _full_report(by, cohort, industry, band, full=False)
        selection = {}
        if cohort is not None:
            selection["cohort"] = cohort.pk
        if industry is not None:
            selection["industry"] = industry
        if band is not None:
            selection["band"] = "" if band == UNKNOWN_BAND else band
        if not report.withheld and not report.total.is_hidden:
            shown.add(frozenset(selection.items()))
        for row in report.groups:
            if not row.is_hidden:
                shown.add(frozenset({**selection, by: row.key}.items()))
    return shown


def test_no_answer_the_city_gets_is_1_or_2_companies_short_of_a_wider_one(world):
    enrolments = [
        (pk, company, {"cohort": cohort, "industry": industry, "band": band})
        for pk, company, cohort, industry, band in Enrolment.objects.values_list(
            "pk", "company_id", "cohort_id", "company__industry", "company__employee_band"
        )
    ]

    def within(answer):
        return {(pk, company) for pk, company, values in enrolments if answer <= values.items()}

    shown = _shown_answers(world)
    pairs = 0
    for narrower in shown:
        for wider in shown:
            if wider < narrower:
                left_out = {company for _, company in within(wider) - within(narrower)}
                assert not 0 < len(left_out) < MIN_COMPANIES, (dict(narrower), dict(wider))
                pairs += 1

    assert pairs >= 10

"""The differencing rule: the city never gets an answer that a wider answer exceeds by only 1 or
2 companies, since subtracting the two would give those companies' exact figures."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cohorts.models import Cohort, Company
from tests.cohorts.factories import AttendanceFactory, CohortFactory, SessionFactory
from tests.school.factories import CityStaffFactory, ProgrammeAdministratorFactory
from tests.workshops.outcome_factories import check_in_content, company_in, plan_content
from workshops.outcomes.report import outcome_report
from workshops.outcomes.tables import too_close_text as _too_close_text

MANUFACTURING = Company.Industry.MANUFACTURING
FOOD = Company.Industry.FOOD
SMALL = Company.EmployeeBand.UP_TO_20
MEDIUM = Company.EmployeeBand.UP_TO_100

with translation.override("ja"):
    TOO_CLOSE = _too_close_text()
    ALL_SELECTED = gettext("All selected")
    PLANNED = gettext("Initiatives planned")
    MARKS = gettext("Attendance marks")
    GROUP = gettext("Group")
    WITHHELD_START = gettext(
        "No figures for this selection. Without its filter on %(filters)s it would differ by "
        "fewer than %(count)s companies, so comparing the two answers would give away figures "
        "about those companies. Choose a wider selection."
    ).split("%")[0]


def _company(cohort, *, industry, initiatives, marks, band=SMALL):
    """A checked-in company with `initiatives` planned and `marks` attendance marks."""
    enrolment = company_in(
        cohort,
        industry=industry,
        employee_band=band,
        plan=plan_content(roadmap=[(1, 1)] * initiatives),
        check_in=check_in_content(plan_year=1),
        status="completed",
    )
    sessions = list(cohort.sessions.order_by("pk"))
    sessions += [SessionFactory(cohort=cohort) for _ in range(marks - len(sessions))]
    for session in sessions[:marks]:
        AttendanceFactory(session=session, enrolment=enrolment)
    return enrolment


@pytest.fixture
def reviewers_example(db):
    """One cohort, A: 3 manufacturing companies with 2 initiatives and 2 marks each, and 1 food
    company with 4 and 4. All of A: 10 and 10; A's manufacturing: 6 and 6."""
    a = CohortFactory(name_en="A", name_ja="A", status=Cohort.Status.FINISHED)
    for _ in range(3):
        _company(a, industry=MANUFACTURING, initiatives=2, marks=2)
    _company(a, industry=FOOD, initiatives=4, marks=4)
    return a


def _page(client, query) -> str:
    response = client.get(reverse("workshops:outcomes"), query)
    assert response.status_code == 200
    return response.content.decode()


def _page_row(html, table, label) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for tr in soup.select(f"table#table-{table} tbody tr"):
        if tr.find("th").get_text(strip=True) == label:
            return [td.get("data-hidden") or td.get_text(strip=True) for td in tr.find_all("td")]
    raise AssertionError(f"no row {label} in {table}")


def _csv(client, query) -> list[dict[str, str]]:
    response = client.get(reverse("workshops:outcomes_csv"), query)
    assert response.status_code == 200
    text = response.content.decode().removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def _figures(client, query) -> tuple[str, str]:
    """Initiatives planned and attendance marks of the whole selection, on the page (and the
    same in the CSV)."""
    html = _page(client, query)
    planned = _page_row(html, "initiatives", ALL_SELECTED)[1]
    marks = _page_row(html, "attendance", ALL_SELECTED)[1]
    total = _csv(client, query)[-1]
    assert (total[PLANNED], total[MARKS]) == (planned, marks)
    return planned, marks


def _assert_withheld(client, query):
    html = _page(client, query)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#withheld").get_text().startswith(WITHHELD_START)
    assert not soup.select("table[id^=table-]")
    assert not soup.select("main svg[role=img]")
    rows = _csv(client, query)
    assert len(rows) == 1
    *figures, note = list(rows[0].values())[1:]
    assert all(value == "" for value in figures)
    assert note.startswith(WITHHELD_START)


# --- The reviewer's example ------------------------------------------------------------------


def test_the_city_sees_the_whole_cohort_whose_wider_answer_has_no_company_more(
    client, reviewers_example
):
    client.force_login(CityStaffFactory())

    assert _figures(client, {"cohort": reviewers_example.pk}) == ("10", "10")


def test_the_city_gets_no_figure_for_a_filter_that_leaves_out_one_company(
    client, reviewers_example
):
    client.force_login(CityStaffFactory())

    _assert_withheld(client, {"cohort": reviewers_example.pk, "industry": MANUFACTURING})


def test_the_page_names_the_filter_whose_removal_gives_one_company_more(client, reviewers_example):
    client.force_login(CityStaffFactory())

    html = _page(client, {"cohort": reviewers_example.pk, "industry": MANUFACTURING})

    with translation.override("ja"):
        industry = gettext("Industry")
    withheld = BeautifulSoup(html, "html.parser").select_one("#withheld").get_text()
    assert industry in withheld
    assert "3" in withheld


def test_the_administrator_sees_the_figures_the_city_is_refused(client, reviewers_example):
    client.force_login(ProgrammeAdministratorFactory())

    figures = _figures(client, {"cohort": reviewers_example.pk, "industry": MANUFACTURING})

    assert figures == ("6", "6")


def test_a_filter_that_leaves_out_3_companies_is_shown_to_the_city(client, reviewers_example):
    for _ in range(2):
        _company(reviewers_example, industry=FOOD, initiatives=1, marks=1)
    client.force_login(CityStaffFactory())

    figures = _figures(client, {"cohort": reviewers_example.pk, "industry": MANUFACTURING})

    assert figures == ("6", "6")


# --- Two filters -----------------------------------------------------------------------------


def test_with_two_filters_the_answer_is_withheld_when_dropping_one_adds_a_company(
    client, reviewers_example
):
    # Dropping the band changes nothing (all are small); dropping the industry adds the food
    # company.
    client.force_login(CityStaffFactory())

    _assert_withheld(client, {"industry": MANUFACTURING, "band": SMALL})

    report = outcome_report(full=False, industry=MANUFACTURING, employee_band=SMALL)
    assert report.total.too_close_to == ("industry",)


def test_with_two_filters_the_answer_is_withheld_when_dropping_both_adds_a_company(client, db):
    # A holds every manufacturing company and nothing else, so dropping either filter alone
    # gives the very same companies; dropping both adds B's one food company.
    a = CohortFactory(name_en="A", name_ja="A", status=Cohort.Status.FINISHED)
    b = CohortFactory(name_en="B", name_ja="B", status=Cohort.Status.FINISHED)
    for _ in range(3):
        _company(a, industry=MANUFACTURING, initiatives=2, marks=2)
    _company(b, industry=FOOD, initiatives=4, marks=4)
    client.force_login(CityStaffFactory())

    _assert_withheld(client, {"cohort": a.pk, "industry": MANUFACTURING})
    report = outcome_report(full=False, cohort=a, industry=MANUFACTURING)
    assert report.total.too_close_to == ("cohort", "industry")


def test_with_two_filters_the_answer_is_shown_when_every_wider_one_is_0_or_3_companies_away(
    client, reviewers_example
):
    for _ in range(2):
        _company(reviewers_example, industry=FOOD, initiatives=1, marks=1)
    for _ in range(3):
        _company(reviewers_example, industry=MANUFACTURING, initiatives=1, marks=1, band=MEDIUM)
    client.force_login(CityStaffFactory())

    figures = _figures(
        client, {"cohort": reviewers_example.pk, "industry": MANUFACTURING, "band": SMALL}
    )

    assert figures == ("6", "6")


# --- Group rows ------------------------------------------------------------------------------


@pytest.fixture
def two_cohorts(reviewers_example):
    """A as in the reviewer's example; B: 3 manufacturing and 3 food companies."""
    b = CohortFactory(name_en="B", name_ja="B", status=Cohort.Status.FINISHED)
    for industry in (MANUFACTURING, FOOD):
        for _ in range(3):
            _company(b, industry=industry, initiatives=1, marks=1)
    return reviewers_example, b


def test_a_group_row_one_company_away_from_its_cohort_is_hidden_from_the_city(client, two_cohorts):
    a, _ = two_cohorts
    client.force_login(CityStaffFactory())
    query = {"industry": MANUFACTURING, "by": "cohort"}

    html = _page(client, query)

    # A's manufacturing row would be 6 and 6: ?cohort=A shows 10 and 10, the food company's 4.
    for table in ("stages", "initiatives", "attendance"):
        assert set(_page_row(html, table, a.name)) == {TOO_CLOSE}
    row_a = next(row for row in _csv(client, query) if row[GROUP] == a.name)
    *figures, note = list(row_a.values())[1:]
    assert all(value == "" for value in figures)
    assert note == TOO_CLOSE
    # All manufacturing companies together are 4 companies short of everyone: shown.
    assert _page_row(html, "initiatives", ALL_SELECTED)[1] == "9"


def test_the_administrator_sees_the_group_row_the_city_does_not(client, two_cohorts):
    a, _ = two_cohorts
    client.force_login(ProgrammeAdministratorFactory())

    html = _page(client, {"industry": MANUFACTURING, "by": "cohort"})

    assert _page_row(html, "initiatives", a.name)[1] == "6"
    assert _page_row(html, "attendance", a.name)[1] == "6"

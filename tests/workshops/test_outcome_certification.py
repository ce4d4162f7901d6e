"""DX認定 among the alumni companies in the programme outcomes (outcomes/certification.py):
how many are ready to apply and how many report holding it, by cohort and by fiscal year, and
what the city may see of it."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from cohorts.models import Cohort, Enrolment
from tests.cohorts.factories import CohortFactory
from tests.school.factories import CityStaffFactory, ProgrammeAdministratorFactory
from tests.workshops.certification_factories import (
    CertificationRecordFactory,
    published_everywhere,
)
from tests.workshops.outcome_factories import (
    check_in_content,
    checked_in,
    company_in,
    plan_content,
    submitted_plan,
)
from tests.workshops.self_assessment_factories import rated
from workshops.outcomes.report import outcome_report
from workshops.outcomes.suppression import MIN_COMPANIES
from workshops.self_assessment.indicator import EDITION, ITEMS

pytestmark = pytest.mark.django_db

COMPLETED = Enrolment.Status.COMPLETED
FROZEN_COMPLETE = {
    "edition": EDITION,
    "fiscal_year": 2026,
    "items": [{"item": item.code, "current": 2, "target": 4} for item in ITEMS],
}


def _ready_content() -> dict:
    """A plan version that meets every criterion the plan answers (DX認定 readiness)."""
    content = plan_content(kpis=[("100", {1: "110", 2: "120", 3: "130"})], roadmap=[(1, 2)])
    content["sections"] = {
        "vision_and_business_model": "提案型のものづくりへ",
        "strategy_organisation_talent_culture": "DX推進室を設置",
        "strategy_it_systems_data": "生産管理システムを刷新",
    }
    return content


def _alumnus(cohort, *, ready, holds=None, certified_on=None, frozen=None, year=2026):
    """A completed company of the cohort: `ready` with records, publications and a complete
    self-assessment; a check-in of `year` when `holds` is given, reporting DX認定 or not."""
    enrolment = company_in(cohort, status=COMPLETED)
    version = submitted_plan(enrolment, _ready_content() if ready else plan_content())
    if ready:
        rated(enrolment)
        published_everywhere(CertificationRecordFactory(company=enrolment.company))
    if holds is not None:
        content = check_in_content(fiscal_year=year)
        content["certification"] = {
            "holds": holds,
            "certified_on": certified_on.isoformat() if certified_on else None,
        }
        content["self_assessment"] = frozen
        checked_in(version, content)
    return enrolment


@pytest.fixture
def alumni():
    """Cohort A: 5 alumni companies, 4 ready; A1–A3 report DX認定 certified 2026-05-01, A4 not,
    A5 has not checked in; A4's check-in froze no self-assessment. Cohort B: 4, only B1 ready
    and holding it (certified 2025-06-01, FY2025). Cohort C: 2, neither ready nor checked in.
    And one company still taking part in A, which is no alumnus."""
    a, b, c = (CohortFactory(status=Cohort.Status.FINISHED) for _ in range(3))
    may = date(2026, 5, 1)
    for _ in range(3):
        _alumnus(a, ready=True, holds=True, certified_on=may, frozen=FROZEN_COMPLETE)
    _alumnus(a, ready=True, holds=False)
    _alumnus(a, ready=False)
    _alumnus(b, ready=True, holds=True, certified_on=date(2025, 6, 1), frozen=FROZEN_COMPLETE)
    for _ in range(3):
        _alumnus(b, ready=False)
    for _ in range(2):
        _alumnus(c, ready=False)
    company_in(a, plan=_ready_content())
    return a, b, c


def _counts(row):
    return (row.companies, row.ready, row.holding, row.certified_in_year)


def test_the_administrator_sees_ready_and_holding_companies_by_cohort_and_fiscal_year(alumni):
    report = outcome_report(full=True, with_certification=True).certification

    assert [_counts(row) for row in report.cohort_rows] == [
        (5, 4, 3, None),
        (4, 1, 1, None),
        (2, 0, 0, None),
        (11, 5, 4, None),
    ]
    # FY2026: A1–A4 and B1 checked in; A4's check-in froze no self-assessment, so it is not
    # ready that year; A1–A3 were certified in FY2026, B1 in FY2025.
    assert [(row.key, *_counts(row)) for row in report.by_year] == [(2026, 5, 4, 4, 3)]


def test_the_administrator_sees_each_alumni_company_with_its_date_of_certification(alumni):
    report = outcome_report(full=True, with_certification=True).certification

    dates = sorted(day for _name, _ready, day in report.total.names if day)
    assert dates == [date(2025, 6, 1), *[date(2026, 5, 1)] * 3]
    assert len(report.total.names) == 11


def test_the_city_sees_no_count_of_1_or_2_companies_nor_one_to_work_it_out_from(alumni):
    report = outcome_report(full=False, with_certification=True).certification
    a, b, c, total = report.cohort_rows

    # A: 1 company not ready and 2 not holding, so neither count is shown; only its 5.
    assert a.shows("companies") and a.companies == 5
    assert not a.shows("ready") and not a.shows("holding")
    # C has 2 companies: hidden entirely; then B too, or the total minus A would give C's 2.
    assert not any(c.shows(name) for name in ("companies", "ready", "holding"))
    assert not b.shows("companies")
    # The total: 11 companies, 5 ready, 4 holding, all about at least 3 companies.
    assert [total.shows(n) for n in ("companies", "ready", "holding")] == [True, True, True]
    assert (total.companies, total.ready, total.holding) == (11, 5, 4)
    # FY2026: 5 companies, 4 ready (1 not), 4 holding (1 not), 3 certified in the year (1
    # earlier): every count but the companies has a complement of 1, so only 5 is shown.
    (year,) = report.by_year
    assert year.shows("companies") and year.companies == 5
    assert not any(year.shows(n) for n in ("ready", "holding", "certified_in_year"))


def test_the_city_csv_of_dx_nintei_holds_no_figure_of_1_or_2(client, alumni):
    client.force_login(CityStaffFactory())

    response = client.get(reverse("workshops:outcomes_csv"), {"table": "certification"})

    text = response.content.decode("utf-8").removeprefix("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["表", "区分", "修了企業数"]
    assert [row[1] for row in rows] == [a.name for a in alumni] + ["選択した全体", "2026"]
    figures = [int(cell) for row in rows for cell in row[2:7] if cell.isdigit()]
    assert figures and all(f == 0 or f >= MIN_COMPANIES for f in figures)
    assert rows[-2][2:6] == ["11", "5", "45", "4"]


def test_the_outcomes_page_shows_both_tables_in_japanese(client, alumni):
    client.force_login(ProgrammeAdministratorFactory())

    page = client.get(reverse("workshops:outcomes")).content.decode()

    assert "コホート別のDX認定" in page
    assert "年度別のDX認定" in page
    assert "DX認定の準備が整った修了企業の割合（%）" in page
    assert "2026年5月1日" in page


@pytest.mark.parametrize("companies", [10, 300])
def test_dx_nintei_among_the_alumni_costs_the_same_queries_for_10_or_300_companies(
    django_assert_num_queries, companies
):
    cohorts = [CohortFactory(status=Cohort.Status.FINISHED) for _ in range(5)]
    for index in range(companies):
        enrolment = company_in(cohorts[index % 5], status=COMPLETED)
        if index % 10 == 0:
            version = submitted_plan(enrolment, _ready_content())
            content = check_in_content()
            content["certification"] = {"holds": True, "certified_on": "2026-05-01"}
            checked_in(version, content)
            rated(enrolment, items=ITEMS[:2])
            CertificationRecordFactory(company=enrolment.company)

    # The enrolments, their newest plan versions and newest check-ins (members_of), then the
    # records, their publications, the self-assessments and every year's check-ins.
    with django_assert_num_queries(7):
        report = outcome_report(full=False, with_certification=True)

    assert report.certification.total.companies == companies

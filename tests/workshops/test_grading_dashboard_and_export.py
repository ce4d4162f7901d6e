"""The dashboard panels about grading and the grades export, with their query budgets."""

import csv
import io

import pytest
from django.urls import reverse

from cohorts.models import Enrolment
from tests.cohorts.factories import CompanyFactory, EnrolmentFactory, TeachingAssignmentFactory
from tests.school.factories import InstructorFactory, ParticipantFactory
from tests.workshops.factories import VERSION_CONTENT, RubricFactory, WorkshopFactory
from tests.workshops.grading_fixtures import keys, save
from workshops import services
from workshops.models import PlanVersion, Submission

pytestmark = pytest.mark.django_db

SIZES = [10, 300]


def _workshop_with_submissions(size):
    """A graded workshop with `size` submitted plans, the first two of them graded."""
    workshop = WorkshopFactory(rubric=RubricFactory())
    teacher = TeachingAssignmentFactory(cohort=workshop.cohort).user
    companies = CompanyFactory.create_batch(3)
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(cohort=workshop.cohort, user=user, company=companies[i % 3], status="active")
            for i, user in enumerate(ParticipantFactory.create_batch(size))
        ]
    )
    submissions = Submission.objects.bulk_create(
        [
            Submission(workshop=workshop, enrolment=e, version_number=1, is_late=i % 4 == 0)
            for i, e in enumerate(enrolments)
        ]
    )
    PlanVersion.objects.bulk_create(
        [
            PlanVersion(enrolment=s.enrolment, number=1, content=VERSION_CONTENT, submission=s)
            for s in submissions
        ]
    )
    for submission in submissions[:2]:
        assessment = services.assessment_start(submission=submission, by=teacher)
        assessment = save(assessment, teacher, scores={k: 3 for k in keys(assessment)})
    services.assessment_release(assessment=assessment, by=teacher)
    return workshop, teacher


# --- The instructor's panel -----------------------------------------------------------------


def test_the_grading_panel_counts_plans_to_grade_per_workshop(client):
    workshop, teacher = _workshop_with_submissions(5)
    client.force_login(teacher)

    response = client.get("/dashboard/")

    panel_rows = [
        row
        for panel in response.context["instructor_panels"]
        if hasattr(panel, "template_name") and "grading" in panel.template_name
        for row in panel.get_context_data()["workshops"]
    ]
    assert [(r.workshop_id, r.not_started, r.draft) for r in panel_rows] == [(workshop.pk, 3, 1)]
    assert reverse("workshops:grading_queue") + f"?workshop={workshop.pk}" in (
        response.content.decode()
    )


def test_the_grading_panel_leaves_out_cohorts_the_instructor_does_not_teach(client):
    _workshop_with_submissions(3)
    client.force_login(InstructorFactory())

    response = client.get("/dashboard/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "?workshop=" not in content


@pytest.mark.parametrize("size", SIZES)
def test_the_instructor_dashboard_with_grading_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    _workshop, teacher = _workshop_with_submissions(size)
    client.force_login(teacher)

    with django_assert_max_num_queries(14):
        response = client.get("/dashboard/")

    assert response.status_code == 200


# --- The participant's panel ----------------------------------------------------------------


def test_the_participant_panel_shows_graded_with_a_link_to_the_feedback(client, assessment, grader):
    saved = save(assessment, grader)
    services.assessment_release(assessment=saved, by=grader)
    submission = assessment.submission
    client.force_login(submission.enrolment.user)

    content = client.get("/dashboard/").content.decode()

    version_url = reverse(
        "workshops:plan_version", args=[submission.enrolment_id, submission.version_number]
    )
    assert f"{version_url}#feedback" in content


def test_the_participant_panel_does_not_reveal_a_draft_assessment(client, assessment, grader):
    save(assessment, grader)
    client.force_login(assessment.submission.enrolment.user)

    content = client.get("/dashboard/").content.decode()

    assert "#feedback" not in content


# --- The grades export ----------------------------------------------------------------------


def _grades(client, workshop):
    response = client.get(reverse("workshops:grades_csv", args=[workshop.pk]))
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_grades_export_is_utf8_with_a_bom_and_one_row_per_participant(client):
    workshop, teacher = _workshop_with_submissions(4)
    EnrolmentFactory(cohort=workshop.cohort)  # has not submitted
    client.force_login(teacher)

    response, rows = _grades(client, workshop)

    assert response.content.startswith("\ufeff".encode())
    header, *body = rows
    # Japanese, the school's language, unless the reader chose English.
    assert header[:9] == [
        "姓",
        "名",
        "姓（ローマ字）",
        "名（ローマ字）",
        "メールアドレス",
        "企業",
        "版",
        "遅延提出",
        "状態",
    ]
    assert header[-3:] == ["得点（%）", "合格", "公開日時"]
    assert len(body) == 5
    statuses = sorted(row[8] for row in body)
    assert statuses == ["draft", "not_started", "not_started", "not_submitted", "released"]
    released = next(row for row in body if row[8] == "released")
    assert released[9:12] == ["3", "3", "3"]
    assert released[-3] == "75.0"
    assert released[-2] == "yes"
    assert released[-1]


def test_only_the_teaching_team_may_export_the_grades(client):
    workshop, _teacher = _workshop_with_submissions(2)
    client.force_login(InstructorFactory())

    response, _rows = _grades(client, workshop)

    assert response.status_code == 403


@pytest.mark.parametrize("size", SIZES)
def test_the_grades_export_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    workshop, teacher = _workshop_with_submissions(size)
    client.force_login(teacher)

    with django_assert_max_num_queries(8):
        response, rows = _grades(client, workshop)

    assert response.status_code == 200
    assert len(rows) == size + 1


def test_before_any_grading_the_export_has_a_column_per_criterion_of_the_rubric(
    client, submission, grader
):
    client.force_login(grader)

    _response, (header, row) = _grades(client, submission.workshop)

    assert header[9:12] == ["観点1", "観点2", "観点3"]
    assert row[8] == "not_started"


def test_the_grades_export_has_english_headers_for_a_reader_who_chose_english(english_client):
    workshop, teacher = _workshop_with_submissions(2)
    english_client.force_login(teacher)

    response, (header, *_body) = _grades(english_client, workshop)

    assert response.content.startswith("\ufeff".encode())
    assert header[:9] == [
        "Family name",
        "Given name",
        "Family name (romanised)",
        "Given name (romanised)",
        "E-mail address",
        "Company",
        "Version",
        "Submitted late",
        "Status",
    ]
    assert header[9:12] == ["Criterion 1", "Criterion 2", "Criterion 3"]
    assert header[-3:] == ["Score (%)", "Passed", "Released at"]

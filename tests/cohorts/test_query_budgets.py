"""A page costs the same number of queries for a cohort of 10 as for one of 300."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, Enrolment
from tests.cohorts.factories import (
    CohortFactory,
    CompanyFactory,
    SessionFactory,
    TeachingAssignmentFactory,
)
from tests.school.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

SIZES = [10, 300]


def _cohort_of(size):
    assignment = TeachingAssignmentFactory(cohort=CohortFactory(capacity=400))
    cohort = assignment.cohort
    companies = CompanyFactory.create_batch(5)
    users = ParticipantFactory.create_batch(size)
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(cohort=cohort, user=user, company=companies[i % 5], status="active")
            for i, user in enumerate(users)
        ]
    )
    past = [
        SessionFactory(cohort=cohort, starts_at=timezone.now() - timedelta(days=days))
        for days in (30, 16, 2)
    ]
    SessionFactory(cohort=cohort, starts_at=timezone.now() + timedelta(days=5))
    Attendance.objects.bulk_create(
        [Attendance(session=s, enrolment=e, status="present") for s in past[:2] for e in enrolments]
    )
    return assignment, enrolments


@pytest.mark.parametrize("size", SIZES)
def test_the_participant_dashboard_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    _assignment, enrolments = _cohort_of(size)
    client.force_login(enrolments[0].user)

    # 15: the alumni panel asks once whether the participant has completed a programme; more
    # with the public menu's pages (then kept in the cache) and the modules panel's
    # enrolments: none of them grows with the cohort.
    # +1: the bell's unread count, asked once and then kept in the cache.
    with django_assert_max_num_queries(19):
        response = client.get("/dashboard/")

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_instructor_dashboard_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    assignment, _enrolments = _cohort_of(size)
    client.force_login(assignment.user)

    with django_assert_max_num_queries(14):
        response = client.get("/dashboard/")

    assert response.status_code == 200
    assert (
        "Attendance to mark" in response.content.decode()
        or "未入力の出欠" in response.content.decode()
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_attendance_form_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    assignment, _enrolments = _cohort_of(size)
    session = assignment.cohort.sessions.first()
    client.force_login(assignment.user)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("cohorts:mark_attendance", args=[session.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_saving_the_attendance_form_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    assignment, enrolments = _cohort_of(size)
    # The latest session that has started: attendance of one to come cannot be saved.
    session = (
        assignment.cohort.sessions.filter(starts_at__lte=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    client.force_login(assignment.user)
    data = {f"status_{e.pk}": "present" for e in enrolments} | {
        f"note_{e.pk}": "" for e in enrolments
    }

    with django_assert_max_num_queries(16):
        response = client.post(reverse("cohorts:mark_attendance", args=[session.pk]), data)

    assert response.status_code == 302
    assert Attendance.objects.filter(session=session).count() == size


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("export", ["cohorts:export_enrolments", "cohorts:export_attendance"])
def test_the_csv_exports_cost_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size, export
):
    assignment, _enrolments = _cohort_of(size)
    client.force_login(assignment.user)

    with django_assert_max_num_queries(8):
        response = client.get(reverse(export, args=[assignment.cohort.pk]))

    assert response.content.decode("utf-8-sig").count("\n") == size + 1


@pytest.mark.parametrize("size", SIZES)
def test_the_cohort_admin_list_costs_a_fixed_number_of_queries(
    admin_client_of_school, django_assert_max_num_queries, size
):
    for _ in range(3):
        _cohort_of(size // 3)

    with django_assert_max_num_queries(30):
        response = admin_client_of_school.get(reverse("admin_cohorts:index"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_cohort_admin_edit_page_costs_a_fixed_number_of_queries(
    admin_client_of_school, django_assert_max_num_queries, size
):
    assignment, _enrolments = _cohort_of(size)

    with django_assert_max_num_queries(45):
        response = admin_client_of_school.get(
            reverse("admin_cohorts:edit", args=[assignment.cohort.pk])
        )

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("url_name", ["cohorts:schedule", "cohorts:my_attendance"])
def test_the_participants_own_pages_cost_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size, url_name
):
    _assignment, enrolments = _cohort_of(size)
    client.force_login(enrolments[0].user)

    # 14: the public menu's pages (kept in the cache afterwards) and the sessions' module
    # links in the reader's language, whatever the cohort's size.
    # +1: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(15):
        response = client.get(reverse(url_name))

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_calendar_feed_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    _assignment, enrolments = _cohort_of(size)
    client.force_login(enrolments[0].user)
    client.get(reverse("cohorts:schedule"))
    token = enrolments[0].user.calendar_feed.token
    client.logout()

    with django_assert_max_num_queries(4):
        response = client.get(reverse("cohorts:calendar_feed", args=[token]))

    assert response.content.count(b"BEGIN:VEVENT") == 4


@pytest.mark.parametrize("size", SIZES)
def test_the_company_page_costs_a_fixed_number_of_queries(
    admin_client_of_school, django_assert_max_num_queries, size
):
    _assignment, enrolments = _cohort_of(size)

    # 10: three of them for the plans and check-ins panel (people, plan versions, check-ins).
    # 11 with the public menu's pages in the header (kept in the cache afterwards).
    # +1: the public menu and the bell's unread count, each asked once and then
    # kept in the cache.
    with django_assert_max_num_queries(12):
        response = admin_client_of_school.get(
            reverse("cohorts:company_detail", args=[enrolments[0].company_id])
        )

    assert response.status_code == 200

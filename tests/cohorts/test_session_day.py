"""Taking attendance on the day: nothing before the session starts, nobody preset to present,
"everyone present" and then the exceptions."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import Attendance
from tests.cohorts.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    SessionFactory,
    TeachingAssignmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_day(client):
    assignment = TeachingAssignmentFactory()
    session = SessionFactory(
        cohort=assignment.cohort, starts_at=timezone.now() - timedelta(hours=1)
    )
    enrolments = EnrolmentFactory.create_batch(3, cohort=assignment.cohort)
    client.force_login(assignment.user)
    return client, session, enrolments


def test_attendance_for_a_session_that_has_not_started_is_refused():
    assignment = TeachingAssignmentFactory()
    session = SessionFactory(cohort=assignment.cohort, starts_at=timezone.now() + timedelta(days=1))
    enrolment = EnrolmentFactory(cohort=assignment.cohort)

    with pytest.raises(ValidationError) as refused:
        services.attendance_record_session(
            session=session, marked_by=assignment.user, entries={enrolment.pk: ("present", "")}
        )

    assert refused.value.code == "session_not_started"
    assert not Attendance.objects.exists()


def test_the_page_of_a_session_that_has_not_started_offers_no_form(client):
    assignment = TeachingAssignmentFactory()
    session = SessionFactory(cohort=assignment.cohort, starts_at=timezone.now() + timedelta(days=1))
    enrolment = EnrolmentFactory(cohort=assignment.cohort)
    client.force_login(assignment.user)

    page = client.get(reverse("cohorts:mark_attendance", args=[session.pk]))
    posted = client.post(
        reverse("cohorts:mark_attendance", args=[session.pk]),
        {f"status_{enrolment.pk}": "present", f"note_{enrolment.pk}": ""},
    )

    assert f'name="status_{enrolment.pk}"' not in page.content.decode()
    assert posted.status_code == 200
    assert not Attendance.objects.exists()


def test_nobody_is_preset_to_present(session_day):
    client, session, _enrolments = session_day

    page = client.get(reverse("cohorts:mark_attendance", args=[session.pk])).content.decode()

    assert "checked" not in page


def test_a_row_left_unchosen_is_not_recorded(session_day):
    client, session, (first, _second, _third) = session_day

    client.post(
        reverse("cohorts:mark_attendance", args=[session.pk]),
        {f"status_{first.pk}": "late", f"note_{first.pk}": "電車遅延"},
    )

    assert list(Attendance.objects.values_list("enrolment_id", "status")) == [(first.pk, "late")]


def test_everyone_present_keeps_the_exceptions_chosen(session_day):
    client, session, (first, second, third) = session_day

    client.post(
        reverse("cohorts:mark_attendance", args=[session.pk]),
        {f"status_{second.pk}": "excused", f"note_{second.pk}": "出張", "rest_present": "1"},
    )

    statuses = dict(Attendance.objects.values_list("enrolment_id", "status"))
    assert statuses == {first.pk: "present", second.pk: "excused", third.pk: "present"}


def test_everyone_present_does_not_overwrite_what_was_marked_before(session_day):
    client, session, (first, _second, _third) = session_day
    AttendanceFactory(session=session, enrolment=first, status="absent")

    client.post(
        reverse("cohorts:mark_attendance", args=[session.pk]),
        {f"status_{first.pk}": "absent", "rest_present": "1"},
    )

    assert Attendance.objects.get(enrolment=first).status == "absent"
    assert Attendance.objects.filter(status="present").count() == 2


def test_a_note_without_an_attendance_is_not_lost_silently(session_day):
    client, session, (first, _second, _third) = session_day

    response = client.post(
        reverse("cohorts:mark_attendance", args=[session.pk]),
        {f"note_{first.pk}": "遅れて到着"},
    )

    assert response.status_code == 200
    assert "遅れて到着" in response.content.decode()
    assert not Attendance.objects.exists()

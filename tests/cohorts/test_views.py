from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance
from tests.cohorts.factories import (
    AttendanceFactory,
    CompanyFactory,
    EnrolmentFactory,
    SessionFactory,
    TeachingAssignmentFactory,
)
from tests.school.factories import (
    InstructorFactory,
    ParticipantFactory,
    ProgrammeAdministratorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cohorts():
    mine = EnrolmentFactory()
    theirs = EnrolmentFactory()
    my_session = SessionFactory(cohort=mine.cohort, name_ja="自分の講義")
    their_session = SessionFactory(cohort=theirs.cohort, name_ja="他のコホートの講義")
    return mine, theirs, my_session, their_session


def test_a_participant_sees_only_their_own_cohorts_sessions(client, two_cohorts):
    mine, _theirs, _my_session, _their_session = two_cohorts
    client.force_login(mine.user)

    content = client.get(reverse("cohorts:schedule")).content.decode()

    assert "自分の講義" in content
    assert "他のコホートの講義" not in content


def test_the_calendar_feed_parses_and_holds_only_the_participants_sessions(client, two_cohorts):
    mine, _theirs, my_session, _their_session = two_cohorts
    client.force_login(mine.user)
    client.get(reverse("cohorts:schedule"))
    client.logout()
    token = mine.user.calendar_feed.token

    response = client.get(reverse("cohorts:calendar_feed", args=[token]))

    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert response["Content-Type"].startswith("text/calendar")
    assert [str(event["summary"]).split(" — ")[0] for event in events] == ["自分の講義"]
    assert events[0].decoded("dtstart") == my_session.starts_at.replace(microsecond=0)
    assert str(events[0]["uid"]) == f"session-{my_session.pk}@dx-school"


def test_an_unknown_calendar_token_is_not_found(client):
    assert client.get(reverse("cohorts:calendar_feed", args=["nope"])).status_code == 404


def test_renewing_the_calendar_address_retires_the_old_one(client, two_cohorts):
    mine = two_cohorts[0]
    client.force_login(mine.user)
    client.get(reverse("cohorts:schedule"))
    old = mine.user.calendar_feed.token

    client.post(reverse("cohorts:renew_calendar_feed"))

    mine.user.refresh_from_db()
    assert client.get(reverse("cohorts:calendar_feed", args=[old])).status_code == 404
    assert (
        client.get(
            reverse("cohorts:calendar_feed", args=[mine.user.calendar_feed.token])
        ).status_code
        == 200
    )


def test_a_participant_sees_only_their_own_attendance(client):
    mine = EnrolmentFactory()
    past = SessionFactory(cohort=mine.cohort, starts_at=timezone.now() - timedelta(days=2))
    AttendanceFactory(
        session=past, enrolment=mine, status=Attendance.Status.LATE, note="自分のメモ"
    )
    other = EnrolmentFactory(cohort=mine.cohort)
    AttendanceFactory(
        session=past, enrolment=other, status=Attendance.Status.ABSENT, note="他人のメモ"
    )
    client.force_login(mine.user)

    content = client.get(reverse("cohorts:my_attendance")).content.decode()

    assert "自分のメモ" in content
    assert "他人のメモ" not in content
    assert "100%" in content


def test_a_participant_cannot_open_the_attendance_form(client, two_cohorts):
    mine, _theirs, my_session, _their_session = two_cohorts
    client.force_login(mine.user)

    assert client.get(reverse("cohorts:mark_attendance", args=[my_session.pk])).status_code == 403


def test_an_instructor_cannot_mark_another_cohorts_session(client, two_cohorts):
    _mine, theirs, my_session, their_session = two_cohorts
    assignment = TeachingAssignmentFactory(cohort=my_session.cohort)
    client.force_login(assignment.user)

    get = client.get(reverse("cohorts:mark_attendance", args=[their_session.pk]))
    post = client.post(
        reverse("cohorts:mark_attendance", args=[their_session.pk]),
        {f"status_{theirs.pk}": "present", f"note_{theirs.pk}": ""},
    )

    assert get.status_code == 403
    assert post.status_code == 403
    assert not Attendance.objects.exists()


def test_an_instructor_marks_a_whole_session_in_one_form(client):
    assignment = TeachingAssignmentFactory()
    session = SessionFactory(cohort=assignment.cohort, starts_at=timezone.now())
    enrolments = EnrolmentFactory.create_batch(3, cohort=assignment.cohort)
    client.force_login(assignment.user)
    data = {f"status_{e.pk}": "present" for e in enrolments}
    data[f"status_{enrolments[1].pk}"] = "excused"
    data.update({f"note_{e.pk}": "" for e in enrolments})
    data[f"note_{enrolments[1].pk}"] = "出張のため"

    response = client.post(reverse("cohorts:mark_attendance", args=[session.pk]), data)

    assert response.status_code == 302
    rows = {row.enrolment_id: (row.status, row.note) for row in Attendance.objects.all()}
    assert rows[enrolments[1].pk] == ("excused", "出張のため")
    assert len(rows) == 3
    assert all(row.marked_by == assignment.user for row in Attendance.objects.all())


def test_an_invalid_status_keeps_what_was_typed(client):
    assignment = TeachingAssignmentFactory()
    session = SessionFactory(cohort=assignment.cohort, starts_at=timezone.now())
    enrolment = EnrolmentFactory(cohort=assignment.cohort)
    client.force_login(assignment.user)

    response = client.post(
        reverse("cohorts:mark_attendance", args=[session.pk]),
        {f"status_{enrolment.pk}": "asleep", f"note_{enrolment.pk}": "書いたメモ"},
    )

    assert response.status_code == 200
    assert "書いたメモ" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_session_instructor_may_mark_it_without_a_team_role(client):
    session = SessionFactory()
    instructor = InstructorFactory()
    session.instructors.add(instructor)
    client.force_login(instructor)

    assert client.get(reverse("cohorts:mark_attendance", args=[session.pk])).status_code == 200


def test_exports_are_for_the_teaching_team_and_open_in_excel(client):
    assignment = TeachingAssignmentFactory()
    EnrolmentFactory(cohort=assignment.cohort, user__last_name="𠮷田")
    participant = ParticipantFactory()

    client.force_login(participant)
    refused = client.get(reverse("cohorts:export_enrolments", args=[assignment.cohort.pk]))
    client.force_login(assignment.user)
    response = client.get(reverse("cohorts:export_enrolments", args=[assignment.cohort.pk]))

    assert refused.status_code == 403
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "𠮷田" in body


def test_the_attendance_export_has_a_column_per_session(client):
    assignment = TeachingAssignmentFactory()
    attendance = AttendanceFactory(session__cohort=assignment.cohort, status="late")
    SessionFactory(cohort=assignment.cohort)
    client.force_login(assignment.user)

    response = client.get(reverse("cohorts:export_attendance", args=[assignment.cohort.pk]))

    header, row = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(header.split(",")) == 3 + 2
    assert row.startswith(attendance.enrolment.user.email)
    assert "late" in row


def test_the_company_page_is_for_administrators_only(client):
    company = CompanyFactory(name="齋藤精機株式会社")
    EnrolmentFactory(company=company, user__last_name="齋藤")
    EnrolmentFactory(company=company, track="manager", user__last_name="齊藤")

    client.force_login(ParticipantFactory())
    refused = client.get(reverse("cohorts:company_detail", args=[company.pk]))
    client.force_login(ProgrammeAdministratorFactory())
    content = client.get(reverse("cohorts:company_detail", args=[company.pk])).content.decode()

    assert refused.status_code == 403
    assert "齋藤" in content and "齊藤" in content

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts import selectors, services
from cohorts.models import Attendance, Cohort, Enrolment
from tests.cohorts.factories import (
    AttendanceFactory,
    CohortFactory,
    CompanyFactory,
    EnrolmentFactory,
    SessionFactory,
    TeachingAssignmentFactory,
)
from tests.school.factories import ParticipantFactory, ProgrammeAdministratorFactory

pytestmark = pytest.mark.django_db


def test_a_person_cannot_be_enrolled_twice_in_one_cohort():
    enrolment = EnrolmentFactory()

    with pytest.raises(ValidationError, match="既に"):
        services.enrolment_create(
            cohort=enrolment.cohort, user=enrolment.user, company=enrolment.company
        )


def test_the_database_refuses_a_duplicate_enrolment_whatever_the_code_path():
    enrolment = EnrolmentFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            cohort=enrolment.cohort, user=enrolment.user, company=enrolment.company
        )


def test_attendance_for_a_session_of_another_cohort_is_refused_by_the_service():
    enrolment = EnrolmentFactory()
    other_session = SessionFactory()
    administrator = ProgrammeAdministratorFactory()

    with pytest.raises(ValidationError, match="属していません"):
        services.attendance_record_session(
            session=other_session,
            marked_by=administrator,
            entries={enrolment.pk: (Attendance.Status.PRESENT, "")},
        )
    assert not Attendance.objects.exists()


def test_attendance_for_a_session_of_another_cohort_is_refused_by_the_database():
    enrolment = EnrolmentFactory()
    other_session = SessionFactory()

    with pytest.raises(IntegrityError, match="different cohorts"), transaction.atomic():
        Attendance.objects.create(
            session=other_session, enrolment=enrolment, status=Attendance.Status.PRESENT
        )


def test_moving_an_attendance_row_to_another_cohorts_session_is_refused_by_the_database():
    attendance = AttendanceFactory()
    other_session = SessionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.filter(pk=attendance.pk).update(session=other_session)


def test_one_attendance_row_per_session_and_enrolment():
    attendance = AttendanceFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            session=attendance.session,
            enrolment=attendance.enrolment,
            status=Attendance.Status.ABSENT,
        )


def test_enrolling_beyond_capacity_is_refused_with_the_numbers():
    cohort = CohortFactory(capacity=2)
    EnrolmentFactory.create_batch(2, cohort=cohort)

    with pytest.raises(ValidationError, match="満員です（定員 2 名中 2 名"):
        services.enrolment_create(
            cohort=cohort, user=ParticipantFactory(), company=CompanyFactory()
        )
    assert cohort.enrolments.count() == 2


def test_a_withdrawn_enrolment_frees_its_place():
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WITHDRAWN)

    enrolment = services.enrolment_create(
        cohort=cohort, user=ParticipantFactory(), company=CompanyFactory()
    )

    assert enrolment.pk


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Enrolment.Status.INVITED, Enrolment.Status.COMPLETED),
        (Enrolment.Status.COMPLETED, Enrolment.Status.ACTIVE),
        (Enrolment.Status.WITHDRAWN, Enrolment.Status.ACTIVE),
        (Enrolment.Status.ACTIVE, Enrolment.Status.INVITED),
    ],
)
def test_a_forbidden_status_change_is_refused_and_changes_nothing(start, target):
    enrolment = EnrolmentFactory(status=start)

    with pytest.raises(ValidationError, match="変更できません"):
        services.enrolment_change_status(enrolment=enrolment, status=target)

    enrolment.refresh_from_db()
    assert enrolment.status == start


def test_an_enrolment_goes_from_invited_to_active_to_completed():
    enrolment = EnrolmentFactory(status=Enrolment.Status.INVITED)

    services.enrolment_change_status(enrolment=enrolment, status=Enrolment.Status.ACTIVE)
    services.enrolment_change_status(enrolment=enrolment, status=Enrolment.Status.COMPLETED)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_a_cohort_cannot_end_before_it_starts():
    cohort = CohortFactory.build(programme=CohortFactory().programme)
    cohort.ends_on = cohort.starts_on - timedelta(days=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        cohort.save()


def test_a_cohort_needs_at_least_one_place():
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(capacity=0)


def test_a_session_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(ends_at=timezone.now() - timedelta(days=400))


def test_an_instructor_marks_attendance_only_in_their_own_cohorts():
    assignment = TeachingAssignmentFactory()
    own_session = SessionFactory(cohort=assignment.cohort, starts_at=timezone.now())
    other_session = SessionFactory(starts_at=timezone.now())
    own = EnrolmentFactory(cohort=assignment.cohort)
    other = EnrolmentFactory(cohort=other_session.cohort)

    services.attendance_record_session(
        session=own_session, marked_by=assignment.user, entries={own.pk: ("present", "")}
    )
    with pytest.raises(PermissionDenied, match="担当ではありません"):
        services.attendance_record_session(
            session=other_session, marked_by=assignment.user, entries={other.pk: ("present", "")}
        )
    assert Attendance.objects.count() == 1


def test_marking_a_session_again_updates_the_rows_instead_of_adding():
    assignment = TeachingAssignmentFactory()
    session = SessionFactory(cohort=assignment.cohort, starts_at=timezone.now())
    enrolment = EnrolmentFactory(cohort=assignment.cohort)

    for status in ("present", "late"):
        services.attendance_record_session(
            session=session, marked_by=assignment.user, entries={enrolment.pk: (status, "電車遅延")}
        )

    row = Attendance.objects.get()
    assert (row.status, row.note) == ("late", "電車遅延")


class TestAttendanceShare:
    def _enrolment_with(self, statuses, share="0.80"):
        cohort = CohortFactory(min_attendance_share=Decimal(share))
        enrolment = EnrolmentFactory(cohort=cohort)
        for index, status in enumerate(statuses):
            session = SessionFactory(
                cohort=cohort, starts_at=timezone.now() - timedelta(days=len(statuses) - index)
            )
            if status:
                AttendanceFactory(session=session, enrolment=enrolment, status=status)
        return enrolment

    def test_present_and_late_count_as_attended_and_the_rule_is_met_at_exactly_the_share(self):
        enrolment = self._enrolment_with(["present"] * 3 + ["late", "absent"])

        summary = selectors.attendance_summary(enrolment=enrolment)

        assert (summary.attended, summary.held) == (4, 5)
        assert summary.share == Decimal("0.800")
        assert summary.meets_rule

    def test_one_session_short_of_the_share_fails_the_rule(self):
        enrolment = self._enrolment_with(["present"] * 3 + ["excused", "absent"])

        summary = selectors.attendance_summary(enrolment=enrolment)

        assert summary.share == Decimal("0.600")
        assert not summary.meets_rule

    def test_a_held_session_without_a_record_counts_as_not_attended(self):
        enrolment = self._enrolment_with(["present", None])

        summary = selectors.attendance_summary(enrolment=enrolment)

        assert (summary.attended, summary.held) == (1, 2)

    def test_future_sessions_do_not_count(self):
        enrolment = self._enrolment_with(["present"])
        SessionFactory(cohort=enrolment.cohort, starts_at=timezone.now() + timedelta(days=3))

        assert selectors.attendance_summary(enrolment=enrolment).held == 1

    def test_before_any_session_there_is_no_share(self):
        enrolment = EnrolmentFactory()

        summary = selectors.attendance_summary(enrolment=enrolment)

        assert summary.share is None
        assert not summary.meets_rule


def test_the_cohort_status_choices_are_the_documented_ones():
    assert set(Cohort.Status.values) == {"planned", "recruiting", "running", "finished"}

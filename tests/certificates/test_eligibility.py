from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certificates.selectors import cohort_eligibility
from cohorts.models import Attendance, Enrolment
from tests.certificates.factories import (
    AssessmentFactory,
    SubmissionFactory,
    attend,
    eligible_enrolment,
    held_sessions,
)
from tests.cohorts.factories import CohortFactory, EnrolmentFactory, SessionFactory
from tests.workshops.factories import WorkshopFactory
from workshops.models import Assessment


def _row(cohort, enrolment):
    return next(r for r in cohort_eligibility(cohort=cohort) if r.enrolment.pk == enrolment.pk)


@pytest.mark.django_db
def test_attending_exactly_the_minimum_share_is_enough():
    cohort = CohortFactory(min_attendance_share=Decimal("0.80"))
    enrolment = EnrolmentFactory(cohort=cohort)
    attend(enrolment, held_sessions(cohort, 5), attended=4)

    row = _row(cohort, enrolment)

    assert row.eligible
    assert row.reasons == []


@pytest.mark.django_db
def test_attending_just_below_the_minimum_share_is_not_enough_and_says_why():
    cohort = CohortFactory(min_attendance_share=Decimal("0.80"))
    enrolment = EnrolmentFactory(cohort=cohort)
    attend(enrolment, held_sessions(cohort, 4), attended=3)

    row = _row(cohort, enrolment)

    assert not row.eligible
    assert row.reasons == [
        _("Attended %(attended)s of %(held)s sessions (%(share)s); %(minimum)s needed.")
        % {"attended": 3, "held": 4, "share": "75%", "minimum": "80%"}
    ]


@pytest.mark.django_db
def test_late_counts_as_attended_and_a_session_without_a_record_as_missed():
    cohort = CohortFactory(min_attendance_share=Decimal("1.00"))
    late = EnrolmentFactory(cohort=cohort)
    unmarked = EnrolmentFactory(cohort=cohort)
    sessions = held_sessions(cohort, 2)
    attend(late, sessions, attended=2, status=Attendance.Status.LATE)
    attend(unmarked, sessions[:1], attended=1)

    assert _row(cohort, late).eligible
    assert not _row(cohort, unmarked).eligible


@pytest.mark.django_db
def test_a_withdrawn_participant_is_never_eligible_whatever_the_attendance():
    enrolment = eligible_enrolment(status=Enrolment.Status.WITHDRAWN)

    row = _row(enrolment.cohort, enrolment)

    assert not row.eligible
    assert row.reasons == [_("Withdrew from the cohort.")]


@pytest.mark.django_db
def test_a_required_workshop_not_passed_is_a_reason_naming_the_workshop():
    enrolment = eligible_enrolment()
    workshop = WorkshopFactory(cohort=enrolment.cohort, required_for_completion=True)

    row = _row(enrolment.cohort, enrolment)

    assert not row.eligible
    assert len(row.reasons) == 1
    assert workshop.title in row.reasons[0]


@pytest.mark.django_db
def test_a_released_passing_assessment_passes_the_required_workshop():
    enrolment = eligible_enrolment()
    workshop = WorkshopFactory(cohort=enrolment.cohort, required_for_completion=True)
    AssessmentFactory(submission=SubmissionFactory(workshop=workshop, enrolment=enrolment))

    assert _row(enrolment.cohort, enrolment).eligible


@pytest.mark.django_db
def test_a_draft_or_failing_assessment_does_not_pass_the_workshop():
    enrolment = eligible_enrolment()
    first = WorkshopFactory(cohort=enrolment.cohort, required_for_completion=True)
    second = WorkshopFactory(cohort=enrolment.cohort, required_for_completion=True)
    AssessmentFactory(
        submission=SubmissionFactory(workshop=first, enrolment=enrolment),
        status=Assessment.Status.DRAFT,
    )
    AssessmentFactory(
        submission=SubmissionFactory(workshop=second, enrolment=enrolment, version_number=2),
        passed=False,
    )

    assert len(_row(enrolment.cohort, enrolment).reasons) == 2


@pytest.mark.django_db
def test_a_workshop_not_required_for_completion_does_not_count():
    enrolment = eligible_enrolment()
    WorkshopFactory(cohort=enrolment.cohort, required_for_completion=False)

    assert _row(enrolment.cohort, enrolment).eligible


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 60])
def test_the_eligibility_of_a_cohort_costs_the_same_queries_at_any_size(
    size, django_assert_max_num_queries
):
    cohort = CohortFactory()
    sessions = held_sessions(cohort, 3)
    for _index in range(size):
        eligible_enrolment(cohort, sessions=sessions)
    WorkshopFactory(cohort=cohort)

    with django_assert_max_num_queries(5):
        rows = cohort_eligibility(cohort=cohort)

    assert len(rows) == size


@pytest.mark.django_db
def test_the_eligibility_of_some_enrolments_is_their_rows_of_the_whole_cohort():
    cohort = CohortFactory(min_attendance_share=Decimal("0.80"))
    sessions = held_sessions(cohort, 5)
    enrolments = [EnrolmentFactory(cohort=cohort) for _ in range(3)]
    for enrolment, attended in zip(enrolments, [5, 2, 4], strict=True):
        attend(enrolment, sessions, attended=attended)
    wanted = [enrolments[0].pk, enrolments[1].pk]

    some = cohort_eligibility(cohort=cohort, enrolment_ids=wanted)

    whole = {r.enrolment.pk: (r.eligible, r.reasons) for r in cohort_eligibility(cohort=cohort)}
    assert {r.enrolment.pk: (r.eligible, r.reasons) for r in some} == {
        pk: whole[pk] for pk in wanted
    }
    assert [r.eligible for r in sorted(some, key=lambda r: r.enrolment.pk)] == [True, False]


TOKYO = ZoneInfo("Asia/Tokyo")


def _cohort_ending_with_a_closing_session_on_new_year_s_day():
    cohort = CohortFactory(min_attendance_share=Decimal("0.50"))
    enrolment = EnrolmentFactory(cohort=cohort)
    earlier = [
        SessionFactory(cohort=cohort, starts_at=datetime(2026, 12, day, 14, tzinfo=TOKYO))
        for day in (4, 18)
    ]
    SessionFactory(cohort=cohort, starts_at=datetime(2027, 1, 1, 14, tzinfo=TOKYO))
    attend(enrolment, earlier, attended=2)
    return cohort, enrolment


@pytest.mark.django_db
def test_no_certificate_is_due_before_the_day_of_the_last_session_and_the_reason_gives_it():
    cohort, enrolment = _cohort_ending_with_a_closing_session_on_new_year_s_day()

    rows = cohort_eligibility(cohort=cohort, now=datetime(2026, 12, 31, 23, 59, tzinfo=TOKYO))

    (row,) = [r for r in rows if r.enrolment.pk == enrolment.pk]
    assert row.reasons == [
        _("The course is not over: its last session is on %(date)s.")
        % {"date": date_format(date(2027, 1, 1))}
    ]


@pytest.mark.django_db
def test_on_the_morning_of_the_closing_session_certificates_can_be_issued_for_the_ceremony():
    cohort, enrolment = _cohort_ending_with_a_closing_session_on_new_year_s_day()

    rows = cohort_eligibility(cohort=cohort, now=datetime(2027, 1, 1, 0, 0, tzinfo=TOKYO))

    (row,) = [r for r in rows if r.enrolment.pk == enrolment.pk]
    assert (row.held, row.attended) == (2, 2)
    assert row.eligible


@pytest.mark.django_db
def test_an_invitation_never_taken_up_is_a_reason():
    cohort = CohortFactory()
    invited = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.INVITED)
    attend(invited, held_sessions(cohort, 2), attended=2)

    assert _row(cohort, invited).reasons == [_("Never took up the invitation.")]


@pytest.mark.django_db
def test_before_any_session_is_held_nobody_is_eligible_and_the_reason_says_so():
    cohort = CohortFactory()
    enrolment = EnrolmentFactory(cohort=cohort)

    assert _row(cohort, enrolment).reasons == [_("No session has been held yet.")]

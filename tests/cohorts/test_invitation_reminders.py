"""Someone invited who has not set a password is reminded once, before the first session."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cohorts import services
from cohorts.models import Enrolment
from school.models import Invitation, OutgoingEmail
from school.services import invitation_create
from tests.cohorts.factories import CohortFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _invited(*, first_session_in: timedelta, **user):
    cohort = CohortFactory()
    SessionFactory(cohort=cohort, starts_at=NOW + first_session_in)
    SessionFactory(cohort=cohort, starts_at=NOW + first_session_in + timedelta(days=14))
    enrolment = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.INVITED, **user)
    enrolment.user.set_unusable_password()
    enrolment.user.save()
    invitation_create(user=enrolment.user, note=str(cohort))
    return enrolment


def _reminders():
    return list(
        OutgoingEmail.objects.filter(key__startswith="invitation-reminder:").values_list(
            "to", flat=True
        )
    )


def test_an_invited_person_is_reminded_in_the_week_before_the_first_session(
    django_capture_on_commit_callbacks,
):
    enrolment = _invited(first_session_in=timedelta(days=5))
    earlier = Invitation.objects.get(user=enrolment.user)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitation_reminders_send(now=NOW) == 1

    assert _reminders() == [enrolment.user.email]
    earlier.refresh_from_db()
    assert earlier.revoked_at is not None, "the reminder's fresh link replaces the earlier one"
    message = mail.outbox[-1]
    assert "/accounts/invitation/" in message.body


def test_the_reminder_goes_once_however_often_the_sweep_runs():
    _invited(first_session_in=timedelta(days=5))

    services.invitation_reminders_send(now=NOW)
    services.invitation_reminders_send(now=NOW + timedelta(hours=1))

    assert len(_reminders()) == 1


def test_nobody_is_reminded_long_before_the_first_session_or_once_it_has_begun():
    _invited(first_session_in=timedelta(days=20))
    _invited(first_session_in=-timedelta(hours=1))

    assert services.invitation_reminders_send(now=NOW) == 0
    assert _reminders() == []


def test_a_person_who_has_set_a_password_or_is_active_gets_no_invitation_reminder():
    cohort = CohortFactory()
    SessionFactory(cohort=cohort, starts_at=NOW + timedelta(days=3))
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.ACTIVE)
    with_password = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.INVITED)
    with_password.user.set_password("chosen-already-2026")
    with_password.user.save()

    assert services.invitation_reminders_send(now=NOW) == 0


def test_the_reminder_is_written_in_the_persons_language_and_names_the_first_session():
    enrolment = _invited(first_session_in=timedelta(days=2), user__preferred_language="en")

    services.invitation_reminders_send(now=NOW)

    email = OutgoingEmail.objects.get(key=f"invitation-reminder:{enrolment.pk}")
    assert email.subject == "Reminder: your invitation to the DX Executive School"
    first = timezone.localtime(NOW + timedelta(days=2))
    # The English date style of school/formats/en: "Fri 4 Dec 2026, 13:48".
    assert f"{first:%a} {first.day} {first:%b %Y, %H:%M}" in email.body_text

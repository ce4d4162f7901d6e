from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cohorts.models import Enrolment
from school.models import OutgoingEmail
from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import ExtensionFactory, PlanFactory, WorkshopFactory
from tests.workshops.peer_factories import submitted_version
from workshops import services, tasks
from workshops.models import DeadlineReminder

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def workshop_due_in(delta, **fields):
    return WorkshopFactory(opens_at=NOW - timedelta(days=14), due_at=NOW + delta, **fields)


def reminders():
    return list(DeadlineReminder.objects.values_list("enrolment_id", "kind").order_by("pk"))


# --- The e-mail on submission ------------------------------------------------------------------


def test_submitting_queues_a_submission_received_email(django_capture_on_commit_callbacks):
    workshop = workshop_due_in(timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        version = submitted_version(workshop=workshop)

    email = OutgoingEmail.objects.get(key=f"submission-received:{version.submission_id}")
    assert email.to == version.enrolment.user.email
    assert len(mail.outbox) == 1
    assert (
        workshop.title_ja in mail.outbox[0].subject or workshop.title_en in mail.outbox[0].subject
    )


def test_the_submission_email_is_in_the_participants_language(django_capture_on_commit_callbacks):
    workshop = workshop_due_in(timedelta(days=3))
    enrolment = EnrolmentFactory(cohort=workshop.cohort, user__preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        submitted_version(workshop=workshop, enrolment=enrolment)

    with translation.override("en"):
        expected = str(
            translation.gettext("Your plan was received: %(workshop)s")
            % {"workshop": workshop.title_en}
        )
    assert mail.outbox[0].subject == expected
    assert enrolment.user.full_name_roman in mail.outbox[0].body


def test_a_refused_submission_queues_no_email():
    workshop = workshop_due_in(-timedelta(hours=1))
    plan = PlanFactory(enrolment=EnrolmentFactory(cohort=workshop.cohort))

    with pytest.raises(ValidationError):
        services.plan_submit(plan=plan, workshop=workshop)

    assert not OutgoingEmail.objects.exists()


# --- Deadline reminders ------------------------------------------------------------------------


def test_a_deadline_three_days_away_sends_the_72_hour_reminder():
    workshop = workshop_due_in(timedelta(hours=60))
    enrolment = EnrolmentFactory(cohort=workshop.cohort)

    assert services.deadline_reminders_send(now=NOW) == 1

    assert reminders() == [(enrolment.pk, "72h")]
    key = f"deadline-reminder:{workshop.pk}:{enrolment.pk}:72h:{int(workshop.due_at.timestamp())}"
    assert OutgoingEmail.objects.filter(key=key, to=enrolment.user.email).exists()


def test_running_the_reminders_twice_sends_each_once():
    workshop = workshop_due_in(timedelta(hours=60))
    EnrolmentFactory(cohort=workshop.cohort)

    services.deadline_reminders_send(now=NOW)
    assert services.deadline_reminders_send(now=NOW + timedelta(minutes=15)) == 0

    assert DeadlineReminder.objects.count() == 1
    assert OutgoingEmail.objects.filter(key__startswith="deadline-reminder:").count() == 1


def test_those_who_submitted_get_no_reminder():
    workshop = workshop_due_in(timedelta(hours=60))
    version = submitted_version(workshop=workshop)
    waiting = EnrolmentFactory(cohort=workshop.cohort)

    services.deadline_reminders_send(now=NOW)

    assert reminders() == [(waiting.pk, "72h")]
    assert version.enrolment_id != waiting.pk


def test_only_active_participants_get_a_deadline_reminder():
    workshop = workshop_due_in(timedelta(hours=60))
    EnrolmentFactory(cohort=workshop.cohort, status=Enrolment.Status.WITHDRAWN)
    EnrolmentFactory(cohort=workshop.cohort, status=Enrolment.Status.COMPLETED)
    # Someone who never accepted the invitation cannot open the plan editor: the invitation
    # reminder is theirs instead (tests/cohorts/test_invitation_reminders.py).
    EnrolmentFactory(cohort=workshop.cohort, status=Enrolment.Status.INVITED)
    active = EnrolmentFactory(cohort=workshop.cohort, status=Enrolment.Status.ACTIVE)

    services.deadline_reminders_send(now=NOW)

    assert reminders() == [(active.pk, "72h")]


def test_participants_of_other_cohorts_get_no_reminder():
    workshop_due_in(timedelta(hours=60))
    EnrolmentFactory()

    services.deadline_reminders_send(now=NOW)

    assert reminders() == []


def test_a_workshop_not_yet_open_sends_no_reminder():
    workshop = WorkshopFactory(opens_at=NOW + timedelta(hours=1), due_at=NOW + timedelta(hours=30))
    EnrolmentFactory(cohort=workshop.cohort)

    services.deadline_reminders_send(now=NOW)

    assert reminders() == []


def test_at_exactly_72_hours_the_72_hour_reminder_goes():
    workshop = workshop_due_in(timedelta(hours=72))
    enrolment = EnrolmentFactory(cohort=workshop.cohort)

    services.deadline_reminders_send(now=NOW)

    assert reminders() == [(enrolment.pk, "72h")]


def test_a_second_before_72_hours_nothing_goes():
    workshop = workshop_due_in(timedelta(hours=72, seconds=1))
    EnrolmentFactory(cohort=workshop.cohort)

    services.deadline_reminders_send(now=NOW)

    assert reminders() == []


def test_at_exactly_24_hours_the_24_hour_reminder_goes_after_the_72_hour_one():
    workshop = workshop_due_in(timedelta(hours=72))
    enrolment = EnrolmentFactory(cohort=workshop.cohort)
    services.deadline_reminders_send(now=NOW)

    services.deadline_reminders_send(now=NOW + timedelta(hours=48))

    assert reminders() == [(enrolment.pk, "72h"), (enrolment.pk, "24h")]


def test_just_over_24_hours_before_no_24_hour_reminder_goes_yet():
    workshop = workshop_due_in(timedelta(hours=24, seconds=1))
    enrolment = EnrolmentFactory(cohort=workshop.cohort)

    services.deadline_reminders_send(now=NOW)

    assert reminders() == [(enrolment.pk, "72h")]


def test_inside_24_hours_without_a_72_hour_reminder_only_the_24_hour_one_goes():
    workshop = workshop_due_in(timedelta(hours=10))
    enrolment = EnrolmentFactory(cohort=workshop.cohort)

    services.deadline_reminders_send(now=NOW)

    assert reminders() == [(enrolment.pk, "24h")]
    assert OutgoingEmail.objects.filter(key__startswith="deadline-reminder:").count() == 1


def test_a_past_deadline_sends_no_reminder():
    workshop = workshop_due_in(timedelta(hours=1))
    EnrolmentFactory(cohort=workshop.cohort)

    services.deadline_reminders_send(now=NOW + timedelta(hours=1))

    assert reminders() == []


def test_an_extension_moves_the_reminder():
    workshop = workshop_due_in(timedelta(hours=10))
    extension = ExtensionFactory(workshop=workshop, due_at=NOW + timedelta(days=5))

    services.deadline_reminders_send(now=NOW)
    assert reminders() == []

    services.deadline_reminders_send(now=extension.due_at - timedelta(hours=70))

    assert list(DeadlineReminder.objects.values_list("enrolment_id", "kind", "due_at")) == [
        (extension.enrolment_id, "72h", extension.due_at)
    ]


def test_an_extension_granted_after_a_reminder_gets_its_own_reminder():
    workshop = workshop_due_in(timedelta(hours=20))
    enrolment = EnrolmentFactory(cohort=workshop.cohort)
    services.deadline_reminders_send(now=NOW)
    extension = ExtensionFactory(
        workshop=workshop, enrolment=enrolment, due_at=NOW + timedelta(hours=23)
    )

    services.deadline_reminders_send(now=NOW + timedelta(minutes=15))

    assert list(DeadlineReminder.objects.values_list("kind", "due_at").order_by("pk")) == [
        ("24h", workshop.due_at),
        ("24h", extension.due_at),
    ]


def test_the_celery_task_sends_the_reminder_emails(django_capture_on_commit_callbacks):
    workshop = WorkshopFactory(due_at=timezone.now() + timedelta(hours=30))
    enrolment = EnrolmentFactory(cohort=workshop.cohort)

    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_deadline_reminders.delay()

    assert result.get() == 1
    assert [message.to for message in mail.outbox] == [[enrolment.user.email]]


def test_the_reminder_email_names_the_workshop_and_links_to_the_plan(
    django_capture_on_commit_callbacks,
):
    workshop = workshop_due_in(timedelta(hours=30))
    enrolment = EnrolmentFactory(cohort=workshop.cohort, user__preferred_language="en")

    with django_capture_on_commit_callbacks(execute=True):
        services.deadline_reminders_send(now=NOW)

    body = mail.outbox[0].body
    assert workshop.title_en in body
    assert f"/workshops/plan/{enrolment.pk}/" in body


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_each_reminder_once(celery_worker):
    queue = celery_worker.start().queue
    workshop = WorkshopFactory(due_at=timezone.now() + timedelta(hours=30))
    enrolment = EnrolmentFactory(cohort=workshop.cohort)

    first = tasks.send_deadline_reminders.apply_async(queue=queue)
    second = tasks.send_deadline_reminders.apply_async(queue=queue)

    assert first.get(timeout=60) + second.get(timeout=60) == 1
    assert reminders() == [(enrolment.pk, "72h")]
    assert (
        OutgoingEmail.objects.filter(
            key__startswith=f"deadline-reminder:{workshop.pk}:{enrolment.pk}:72h:"
        ).count()
        == 1
    )

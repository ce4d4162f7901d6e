from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from school import services
from school.celery import app as celery_app
from school.models import OutgoingEmail
from school.tasks import send_pending_emails

pytestmark = pytest.mark.django_db(transaction=True)


def _queue(key="greeting:1", to="saito@saito-seiki.example"):
    with transaction.atomic():
        return services.email_enqueue(key=key, to=to, subject="件名", text="本文")


def test_a_queued_email_goes_out_after_the_transaction_commits_and_is_marked_sent():
    _queue()

    assert [m.to for m in mail.outbox] == [["saito@saito-seiki.example"]]
    assert mail.outbox[0].subject == "件名"
    assert OutgoingEmail.objects.get().sent_at is not None


def test_queueing_the_same_key_twice_sends_one_email():
    first = _queue()
    second = _queue()

    assert first is not None
    assert second is None
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.count() == 1


def test_a_rolled_back_step_queues_and_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.email_enqueue(key="k", to="a@b.example", subject="s", text="t")
        raise RuntimeError("the step failed")

    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []


def _forget_broker_connections():
    """Celery keeps its connection and producer pools once made; after changing the broker
    address they must go, or tasks would still be published to the old broker."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def unreachable_broker():
    """A broker address where nothing listens: publishing a task fails, as when Redis is down."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.broker_connection_max_retries)
    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:1/0"
    conf.broker_connection_max_retries = 0
    _forget_broker_connections()
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.broker_connection_max_retries = saved
        _forget_broker_connections()


def test_with_the_broker_down_the_step_still_commits_and_the_sweep_sends_the_email_later(
    unreachable_broker,
):
    _queue()

    email = OutgoingEmail.objects.get()
    assert email.sent_at is None
    assert mail.outbox == []

    # The broker is back (eager again) and the periodic sweep runs past the grace period.
    celery_app.conf.task_always_eager = True
    sent = services.email_send_pending(now=timezone.now() + timedelta(minutes=2))

    assert sent == 1
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.sent_at is not None


def test_the_sweep_never_sends_an_email_a_second_time():
    _queue()

    sent = send_pending_emails.apply(kwargs={}).get()
    services.email_send_pending(now=timezone.now() + timedelta(minutes=5))

    assert sent == 0
    assert len(mail.outbox) == 1


def test_the_sweep_leaves_recent_emails_to_the_task_enqueued_for_them():
    OutgoingEmail.objects.create(key="fresh", to="a@b.example", subject="s", body_text="t")

    assert services.email_send_pending() == 0
    assert mail.outbox == []


def test_an_email_for_a_user_is_written_in_their_language(participant):
    participant.preferred_language = "en"
    participant.save()
    with transaction.atomic():
        services.email_enqueue_for_user(
            key="welcome",
            user=participant,
            subject="Dashboard",
            template="school/emails/invitation",
            context={"link": "https://example.test/x", "note": "", "expires_at": timezone.now()},
        )

    message = mail.outbox[0]
    assert message.to == [participant.email]
    assert f"Dear {participant.full_name_roman}," in message.body
    assert "You are invited to the DX Executive School." in message.body

"""Fault: Redis is down while a participant submits. The submission is saved, its e-mail waits
in the outbox, and once Redis is back a real worker sends it exactly once."""

import shutil
import socket
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from school.celery import app as celery_app
from school.models import OutgoingEmail
from school.tasks import send_pending_emails
from tests.celery_worker import wait_until
from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import (
    PlanFactory,
    WorkshopFactory,
    complete_editor_rows,
    editor_post_data,
)
from workshops.models import PlanVersion, Submission

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A real redis-server of the test's own, so stopping it disturbs nothing else."""

    def __init__(self):
        self.port = _free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _forget_broker_connections():
    """Celery keeps its connection and producer pools once made; after changing the broker
    address they must go, or tasks would still be published to the old broker."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, which the worker process can share: set DATABASE_URL")
    redis = PrivateRedis()
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url)
    conf.task_always_eager = False
    conf.broker_url = redis.url
    _forget_broker_connections()
    try:
        yield redis
    finally:
        redis.stop()
        conf.task_always_eager, conf.broker_url = saved
        _forget_broker_connections()


def _start_worker(celery_worker, redis: PrivateRedis, mail_dir: Path):
    """A worker on this test's Redis, writing its e-mails as files into `mail_dir`."""
    return celery_worker.start(
        broker_url=redis.url,
        env={
            "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "TEST_EMAIL_FILE_PATH": str(mail_dir),
        },
    )


def test_a_submission_made_while_redis_is_down_is_saved_and_its_email_goes_out_once_later(
    private_redis, celery_worker, tmp_path, caplog, settings, client
):
    enrolment = EnrolmentFactory()
    plan = PlanFactory(enrolment=enrolment, horizon_years=3)
    workshop = WorkshopFactory(cohort=enrolment.cohort, opens_at=timezone.now() - timedelta(days=1))
    # This Redis is the broker and the cache (sessions included), as in production.
    settings.CACHES = {
        "default": {
            "BACKEND": "school.outage_tolerant_cache.OutageTolerantRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    # Redis runs, a worker works, this process holds a live connection to the broker, and the
    # participant is signed in with a session in the cache.
    private_redis.start()
    worker = _start_worker(celery_worker, private_redis, tmp_path)
    queue = worker.queue
    try:
        send_pending_emails.apply_async(queue=queue)
        broker = redis.Redis.from_url(private_redis.url)
        assert wait_until(
            lambda: broker.llen(queue) == 0 and broker.hlen("unacked") == 0, seconds=60
        ), "the worker did not take its first task"
        client.force_login(enrolment.user)
        assert client.get(reverse("school:dashboard")).status_code == 200

        # Redis stops; the participant submits from the plan editor all the same.
        private_redis.stop()
        data = editor_post_data(plan, **complete_editor_rows(plan))
        data["submit_workshop"] = workshop.pk
        response = client.post(reverse("workshops:plan_editor", args=[enrolment.pk]), data)

        assert response.status_code == 302
        submission = Submission.objects.get(enrolment=enrolment, workshop=workshop)
        assert PlanVersion.objects.filter(submission=submission).count() == 1
        email = OutgoingEmail.objects.get(key=f"submission-received:{submission.pk}")
        assert email.sent_at is None
        # The task could not be published: the broker really was unreachable.
        assert "waits for the outbox sweep" in caplog.text

        # Redis comes back on the same address, the worker reconnects, and beat's sweep runs
        # past the grace period.
        private_redis.start()
        OutgoingEmail.objects.filter(pk=email.pk).update(
            created_at=timezone.now() - timedelta(minutes=5)
        )
        send_pending_emails.apply_async(queue=queue)
        sent = wait_until(
            lambda: OutgoingEmail.objects.filter(pk=email.pk, sent_at__isnull=False).exists(),
            seconds=120,
        )
        # A second sweep (beat runs every minute) finds nothing more to send.
        send_pending_emails.apply_async(queue=queue)
        time.sleep(3)
    finally:
        worker.stop()

    assert sent
    messages = [path.read_text() for path in tmp_path.iterdir()]
    to_participant = [m for m in messages if enrolment.user.email in m]
    assert len(to_participant) == 1
    assert OutgoingEmail.objects.get(pk=email.pk).attempts == 1

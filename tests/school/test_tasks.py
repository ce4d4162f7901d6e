import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from school.celery import app as celery_app
from school.tasks import clear_expired_sessions, report_health
from tests.school.factories import UserFactory


@pytest.mark.django_db
def test_without_a_broker_tasks_run_in_the_calling_process():
    UserFactory()

    result = report_health.delay()

    assert result.get()["users"] == 1


@pytest.mark.django_db
def test_clearing_expired_sessions_removes_only_expired_ones():
    from datetime import timedelta

    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    live = SessionStore()
    live.create()
    expired = SessionStore()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )

    clear_expired_sessions.apply()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def _database_url_of_test_database() -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    credentials = f"{user}:{db['PASSWORD']}" if db["PASSWORD"] else user
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real `celery worker` in its own process, on its own queue, reading the test database."""
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, which a second process can share: set DATABASE_URL")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "school.settings.test",
        "DATABASE_URL": _database_url_of_test_database(),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "school",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.integration
def test_a_task_goes_through_a_real_worker_on_redis_and_its_result_comes_back(
    celery_worker_process,
):
    UserFactory.create_batch(3)
    started = time.monotonic()

    result = report_health.apply_async(queue=celery_worker_process)
    report = result.get(timeout=60)

    assert report["database_vendor"] == "postgresql"
    assert report["users"] == 3
    assert report["database"] is True
    assert result.successful()
    assert time.monotonic() - started < 60

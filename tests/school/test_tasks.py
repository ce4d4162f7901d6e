import time

import pytest

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


@pytest.mark.integration
def test_a_task_goes_through_a_real_worker_on_redis_and_its_result_comes_back(celery_worker):
    worker = celery_worker.start()
    UserFactory.create_batch(3)
    started = time.monotonic()

    result = report_health.apply_async(queue=worker.queue)
    report = result.get(timeout=60)

    assert report["database_vendor"] == "postgresql"
    assert report["users"] == 3
    assert report["database"] is True
    assert result.successful()
    assert time.monotonic() - started < 60

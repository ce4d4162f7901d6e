"""/healthz/: whether the database, the cache and the broker answer, with details for staff."""

import sys
import threading
import time

import pytest
from django.conf import settings
from django.test import override_settings

from school.health import health_checks
from tests.school.factories import ProgrammeAdministratorFactory

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: a broker that does not answer.
SILENT_BROKER = {"CELERY_TASK_ALWAYS_EAGER": False, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}


def test_anyone_learns_only_whether_each_service_answers(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    # No broker in the embedded default: tasks run in the web process, so null, not false.
    assert response.json() == {"database": True, "cache": True, "broker": None}


@override_settings(**SILENT_BROKER)
def test_a_broker_that_does_not_answer_makes_the_check_fail_within_seconds(client):
    started = time.monotonic()

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json() == {"database": True, "cache": True, "broker": False}
    assert time.monotonic() - started < 5


@override_settings(**SILENT_BROKER)
def test_an_anonymous_caller_is_not_told_what_failed_or_where(client):
    response = client.get("/healthz/")

    assert "details" not in response.json()
    assert b"127.0.0.1" not in response.content


@override_settings(**SILENT_BROKER)
def test_a_programme_administrator_is_told_what_failed_and_how_long_each_check_took(client):
    client.force_login(ProgrammeAdministratorFactory())

    details = client.get("/healthz/").json()["details"]

    assert "127.0.0.1" in details["broker"]["detail"]
    assert details["database"]["milliseconds"] >= 0
    assert details["cache"]["detail"]


@pytest.mark.integration
def test_a_broker_that_answers_is_reported_up(client):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/0)")

    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=settings.REDIS_URL):
        response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json()["broker"] is True


def test_checks_made_at_the_same_moment_do_not_fail_each_others_cache_check():
    # Threads of one worker (or several workers) ask at once, as a load balancer and a monitor
    # do: each check's value must be its own. A tiny switch interval makes threads interleave
    # between the check's write and its read.
    results = []

    def check_often():
        results.extend(health_checks()["cache"].ok for _ in range(200))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=check_often) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)

    assert len(results) == 1600
    assert all(results)

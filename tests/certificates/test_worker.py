"""Issuing through a real Celery worker whose process dies half-way."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from certificates.models import Certificate
from certificates.tasks import CRASH_ONCE_ENV, issue_certificates
from school.celery import app as celery_app
from tests.certificates.factories import eligible_enrolment, held_sessions
from tests.cohorts.factories import CohortFactory
from tests.school.test_tasks import _database_url_of_test_database


@pytest.fixture
def crashing_worker(transactional_db, tmp_path):
    """A real worker (a parent and one child process) on its own queue; the child exits right
    after the first rendering, before anything is stored, as if it were killed."""
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, which a second process can share: set DATABASE_URL")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    marker = tmp_path / "crashed"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "school.settings.test",
        "DATABASE_URL": _database_url_of_test_database(),
        CRASH_ONCE_ENV: str(marker),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "school",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--queues",
            queue,
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield queue, marker
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.integration
def test_a_worker_killed_before_the_pdf_is_stored_leaves_nothing_half_done_after_the_retry(
    crashing_worker,
):
    queue, marker = crashing_worker
    cohort = CohortFactory()
    enrolment = eligible_enrolment(cohort, sessions=held_sessions(cohort, 2))

    issue_certificates.apply_async(args=[cohort.pk, [enrolment.pk]], queue=queue)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if Certificate.objects.filter(status=Certificate.Status.ISSUED).exists():
            break
        time.sleep(0.5)

    assert marker.exists(), "the first delivery did not get as far as rendering"
    certificate = Certificate.objects.get()
    assert certificate.enrolment_id == enrolment.pk
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.pdf.name.endswith("/v1.pdf")
    assert len(certificate.pdf_sha256) == 64

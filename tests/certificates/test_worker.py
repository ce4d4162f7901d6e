"""A cohort's certificates issued by a real Celery worker that is killed half-way and restarted."""

import hashlib
import time
from pathlib import Path

import pytest
from django.conf import settings

from certificates.credentials.models import Credential
from certificates.models import Certificate
from certificates.services import certificates_issue_for_cohort
from certificates.tasks import issue_certificates
from tests.celery_worker import wait_until
from tests.certificates.factories import eligible_enrolment, held_sessions
from tests.cohorts.factories import CohortFactory

PARTICIPANTS = 60  # three batches on two cores (25, 25, 10): a run with a middle to kill it in


def start_worker(celery_worker, queue: str, **extra_env: str):
    """`celery worker` as production runs it (prefork, one process per core), storing its
    files where this process reads them."""
    return celery_worker.start(
        queue=queue,
        pool="prefork",
        concurrency=2,
        env={
            "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "TEST_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            "TEST_CREDENTIALS_SIGNING_KEY": settings.CREDENTIALS_SIGNING_KEY,
            **extra_env,
        },
    )


@pytest.fixture
def worker_queue(celery_worker, monkeypatch):
    """A queue of its own for the certificate task, and the task sent through the broker."""
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
    queue = celery_worker.queue
    monkeypatch.setattr(issue_certificates, "queue", queue, raising=False)
    monkeypatch.setattr(issue_certificates, "_exec_options", None)  # Celery caches the queue
    try:
        yield queue
    finally:
        issue_certificates._exec_options = None


@pytest.mark.integration
def test_a_worker_killed_in_the_middle_of_a_cohort_run_and_restarted_leaves_one_certificate_each(
    worker_queue, celery_worker
):
    queue = worker_queue
    cohort = CohortFactory(capacity=PARTICIPANTS)
    sessions = held_sessions(cohort, 2)
    enrolments = [eligible_enrolment(cohort, sessions=sessions) for _ in range(PARTICIPANTS)]
    pending = Certificate.objects.filter(status=Certificate.Status.PENDING)
    issued = Certificate.objects.filter(status=Certificate.Status.ISSUED)

    started = time.time()
    first = start_worker(celery_worker, queue)
    assert certificates_issue_for_cohort(cohort=cohort) == PARTICIPANTS
    # Killed while a batch's rows are prepared and its PDFs not yet stored.
    assert wait_until(pending.exists, seconds=120, every=0.02), "the worker never started the run"
    first.kill()

    assert pending.exists(), "the kill came after the run: nothing was left half-done"
    assert issued.count() < PARTICIPANTS
    # A new worker; the killed one's unacknowledged batches go back to the queue after the
    # visibility timeout, shortened here from production's 15 minutes.
    start_worker(celery_worker, queue, CELERY_VISIBILITY_TIMEOUT="3")
    assert wait_until(lambda: issued.count() == PARTICIPANTS, seconds=180, every=0.5), (
        f"{issued.count()} of {PARTICIPANTS} issued after the restart"
    )

    certificates = list(Certificate.objects.filter(enrolment__cohort=cohort))
    assert sorted(c.enrolment_id for c in certificates) == sorted(e.pk for e in enrolments)
    assert not pending.exists()
    assert len({c.serial for c in certificates}) == PARTICIPANTS
    for certificate in certificates:
        pdf = Path(certificate.pdf.path).read_bytes()
        assert pdf.startswith(b"%PDF-")
        assert hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256
    # Each certificate's credential was signed in its batch by the worker, exactly once.
    signed = Credential.objects.filter(certificate__in=certificates)
    assert sorted(signed.values_list("certificate_id", flat=True)) == sorted(
        c.pk for c in certificates
    )
    # The files written since the run began are exactly the certificates' PDFs: an attempt the
    # kill interrupted left no stray file (the folder is shared with the session's other tests).
    written = {
        path
        for path in Path(settings.PRIVATE_MEDIA_ROOT, "certificates").rglob("*")
        if path.is_file() and path.stat().st_mtime >= started
    }
    assert written == {Path(c.pdf.path) for c in certificates}

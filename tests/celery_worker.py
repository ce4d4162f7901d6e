"""The `celery_worker` fixture: real `celery -A school worker` processes for integration tests.

Each worker runs in a process group of its own, reads the test database through DATABASE_URL
and consumes one queue; the fixture stops every worker it started when the test ends. Loaded
by tests/conftest.py.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from school.celery import app as celery_app


def database_url_of_test_database() -> str:
    """The test database (PostgreSQL) as a URL another process can open."""
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    credentials = f"{user}:{db['PASSWORD']}" if db["PASSWORD"] else user
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until(condition, *, seconds: float, every: float = 0.25) -> bool:
    """True once `condition()` is, False if `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


@dataclass
class Worker:
    queue: str
    process: subprocess.Popen

    def kill(self) -> None:
        """SIGKILL to the worker and its pool processes: nothing is acknowledged, rejected or
        cleaned up, as when the machine loses power."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        """A warm shutdown (SIGTERM); SIGKILL if the worker has not gone within 20 seconds."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


class CeleryWorkers:
    """What the `celery_worker` fixture gives a test: `queue`, a queue of the test's own, and
    `start()`, which starts a worker on it (or on another queue)."""

    def __init__(self):
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.workers: list[Worker] = []

    def start(
        self,
        *,
        queue: str | None = None,
        pool: str = "solo",
        concurrency: int | None = None,
        broker_url: str | None = None,
        env: dict[str, str] | None = None,
    ) -> Worker:
        """A worker with `pool` (solo by default; production runs prefork) and `concurrency`
        processes, on `broker_url` (the settings' broker if None; then that broker must be
        set) and with `env` added to its environment."""
        if broker_url is None and not settings.CELERY_BROKER_URL:
            pytest.skip("needs a broker: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
        worker_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "school.settings.test",
            "DATABASE_URL": database_url_of_test_database(),
        }
        if broker_url is not None:
            worker_env["CELERY_BROKER_URL"] = broker_url
            worker_env["CELERY_RESULT_BACKEND"] = broker_url
        worker_env.update(env or {})
        queue = queue or self.queue
        command = [sys.executable, "-m", "celery", "-A", "school", "worker", f"--pool={pool}"]
        if concurrency is not None:
            command.append(f"--concurrency={concurrency}")
        command += [
            "--queues",
            queue,
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        process = subprocess.Popen(
            command,
            cwd=Path(settings.BASE_DIR),
            env=worker_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # A process group of its own, so that the worker and its pool go at once.
            start_new_session=True,
        )
        worker = Worker(queue=queue, process=process)
        self.workers.append(worker)
        return worker

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.stop()


@pytest.fixture
def celery_worker(transactional_db):
    """Real Celery workers for one test, which needs PostgreSQL (the workers share its test
    database, so the test's rows must be committed: hence `transactional_db`). Tasks are sent
    through the broker for the test's duration instead of running eagerly."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, which the worker process can share: set DATABASE_URL")
    workers = CeleryWorkers()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield workers
    finally:
        celery_app.conf.task_always_eager = eager
        workers.stop_all()

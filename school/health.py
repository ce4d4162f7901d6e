"""What /healthz/ checks: that the database, the cache and the Celery broker answer.

Each check catches its own failure, so a database that is down gives a 503 with `false`, not a
500, and a broker that does not answer costs the check a second at most.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.crypto import get_random_string

from school.celery import app as celery_app

BROKER_TIMEOUT_SECONDS = 1.0


@dataclass
class Check:
    """ok is None for a service the site does not use (no broker: tasks run in the web
    process). detail is for staff only: it may name hosts and errors."""

    ok: bool | None
    detail: str
    milliseconds: float


def _timed(probe) -> Check:
    started = time.monotonic()
    try:
        ok, detail = probe()
    except Exception as error:  # any failure of the service is its answer, not ours
        ok, detail = False, f"{type(error).__name__}: {error}"
    return Check(ok, detail, round((time.monotonic() - started) * 1000, 1))


def _database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,), connection.vendor


def _cache() -> tuple[bool, str]:
    # A key and value of its own each time: a stale value left by another process cannot pass,
    # and two checks at once (threads, workers) cannot read each other's and fail.
    value = get_random_string(12)
    key = f"health-check:{value}"
    cache.set(key, value, 10)
    ok = cache.get(key) == value
    cache.delete(key)
    return ok, type(cache).__name__


def _broker() -> tuple[bool | None, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL:
        return None, "no broker: tasks run in the web process"
    with celery_app.connection_for_write(
        settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS
    ) as broker:
        broker.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
        )
        return True, broker.as_uri()  # without the password


def health_checks() -> dict[str, Check]:
    return {"database": _timed(_database), "cache": _timed(_cache), "broker": _timed(_broker)}

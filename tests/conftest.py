import os
import socket

import pytest
from django.core.cache import cache
from pytest_django.plugin import blocking_manager_key

from tests.content_types import restore_migrated_content_types
from tests.school.factories import (
    DEFAULT_PASSWORD,
    InstructorFactory,
    ParticipantFactory,
    ProgrammeAdministratorFactory,
)

# `celery_worker` (real Celery workers for integration tests) and `seeded_demo` (the demo data,
# seeded once per module).
pytest_plugins = ["tests.celery_worker", "tests.seeded_demo"]


def pytest_collection_modifyitems(config, items):
    """Tests marked `integration` need PostgreSQL, Redis and a Celery worker. They skip on the
    embedded default, but where REQUIRE_SERVICES=1 (CI's second pass) a skip is turned into a
    failure, so a broken service set-up cannot pass silently."""
    if os.environ.get("REQUIRE_SERVICES") != "1":
        return
    for item in items:
        if item.get_closest_marker("integration"):
            item.add_marker(pytest.mark.require_services)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test with serialized rollback, whose flush empties every table, the migrated
    content types go back under their ids (tests/content_types.py), so the next tests' rows
    and Django's cache of them agree."""
    yield
    marker = item.get_closest_marker("django_db")
    # After the last test the test database is gone already (and nothing follows).
    if nextitem is not None and marker is not None and marker.kwargs.get("serialized_rollback"):
        with item.config.stash[blocking_manager_key].unblock():
            restore_migrated_content_types()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if item.get_closest_marker("require_services") and report.skipped and call.when != "teardown":
        report.outcome = "failed"
        report.longrepr = (
            f"REQUIRE_SERVICES=1 but this integration test was skipped: {report.longrepr}"
        )


def pytest_configure(config):
    config.addinivalue_line("markers", "require_services: set by conftest under REQUIRE_SERVICES=1")


@pytest.fixture(autouse=True)
def _no_counted_attempts(request):
    """Each test starts with no log-in, reset or lookup counted against its address (the limits
    live in the cache and would otherwise add up across tests). Integration tests keep the cache:
    with Redis it is also the broker of the worker they start."""
    if not request.node.get_closest_marker("integration"):
        cache.clear()


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def participant(db):
    return ParticipantFactory()


@pytest.fixture
def instructor(db):
    return InstructorFactory()


@pytest.fixture
def programme_administrator(db):
    return ProgrammeAdministratorFactory()


def _closed_port() -> int:
    """A port nothing listens on: connecting is refused at once, as with a stopped Redis."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    """Redis, the cache, unreachable (tests/school/test_cache_outage.py)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "school.outage_tolerant_cache.OutageTolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60

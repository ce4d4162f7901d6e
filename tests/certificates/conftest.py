import pytest
from django.core.cache import cache

from tests.cohorts.factories import CohortFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # The lookup limits live in the cache; each test starts with none counted.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cohort(db):
    return CohortFactory()

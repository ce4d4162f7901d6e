import pytest
from django.core.cache import cache

from tests.cohorts.factories import CohortFactory
from tests.school.factories import ProgrammeAdministratorFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # The lookup limits live in the cache; each test starts with none counted.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cohort(db):
    return CohortFactory()


@pytest.fixture
def admin_client_of_school(client, db):
    client.force_login(ProgrammeAdministratorFactory())
    return client


@pytest.fixture
def _verifier_required():
    from tests.certificates.credentials_verifier import MISSING

    pytest.fail(f"REQUIRE_SERVICES=1 but {MISSING}", pytrace=False)

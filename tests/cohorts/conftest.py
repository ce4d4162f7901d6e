import pytest

from tests.school.factories import ProgrammeAdministratorFactory


@pytest.fixture
def admin_client_of_school(client, db):
    client.force_login(ProgrammeAdministratorFactory())
    return client

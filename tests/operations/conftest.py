import pytest
from django.core.management import call_command

from tests.operations.site_state import lose_the_database


@pytest.fixture
def backup_folder(tmp_path):
    return tmp_path / "backups"


@pytest.fixture
def schema_rebuilt_afterwards(transactional_db):
    """A test that replaces the whole database leaves behind an empty, migrated one, as the rest
    of the suite expects (a plain flush cannot empty the immutable versions' tables on SQLite,
    whose triggers refuse DELETE)."""
    yield
    lose_the_database()
    call_command("migrate", verbosity=0)

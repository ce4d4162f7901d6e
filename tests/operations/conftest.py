import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection
from pytest_django.plugin import blocking_manager_key

from tests.content_types import restore_migrated_content_types
from tests.operations.site_state import lose_the_database


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """These tests start from the rows the migrations made, reloaded by serialized rollback. A
    transactional test elsewhere (one whose worker was skipped, say) ends with a flush whose
    post_migrate makes the content types and permissions again, under other ids; reloading the
    migrated rows over those would collide. So before the reload the content types are put back
    under their migrated ids (and the permissions made with them dropped: the reload brings
    them back), and the reload then saves every row over itself."""
    with item.config.stash[blocking_manager_key].unblock():
        restore_migrated_content_types()


@pytest.fixture
def backup_folder(tmp_path):
    return tmp_path / "backups"


@pytest.fixture
def schema_rebuilt_afterwards(transactional_db, django_db_serialized_rollback, tmp_path):
    """A test that replaces the whole database starts from the rows the migrations made (the
    locales, the root page: an earlier test's flush removed them) and leaves behind the migrated
    database it found, as the rest of the suite expects. On SQLite a plain flush cannot empty
    the immutable versions' tables (their triggers refuse DELETE), so the database is copied
    aside first and copied back after; on PostgreSQL the flush's TRUNCATE does, unless the
    tables are gone."""
    copy = tmp_path / "before.sqlite3"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(copy) as target:
            connection.connection.backup(target)
    yield
    if connection.vendor == "sqlite":
        with sqlite3.connect(copy) as source:
            source.backup(connection.connection)
    elif "django_migrations" not in connection.introspection.table_names():
        lose_the_database()
        call_command("migrate", verbosity=0)

import importlib
import re

import pytest
from django.db import IntegrityError, connection, transaction

from school.immutable_rows import ImmutableRows, triggers_lifted

EARLIER_MIGRATIONS = [
    "workshops.migrations.0002_plan_version_immutable_trigger",
    "workshops.migrations.0007_check_in_version_immutable_trigger",
    "workshops.migrations.0010_version_attachment_immutable_trigger",
]


def _folded(statements: list[str]) -> list[str]:
    return [re.sub(r"\s+", " ", statement).strip() for statement in statements]


def _table_of(migration) -> str:
    return re.search(r"ON (workshops_\w+)", migration.SQLITE_FORWARD[0]).group(1)


@pytest.mark.parametrize("module", EARLIER_MIGRATIONS)
def test_the_builder_writes_the_same_trigger_sql_as_each_earlier_migration(module):
    migration = importlib.import_module(module)
    rows = ImmutableRows(table=_table_of(migration), message=migration.MESSAGE)

    assert _folded(rows.sqlite_forward()) == _folded(migration.SQLITE_FORWARD)
    assert _folded(rows.sqlite_backward()) == _folded(migration.SQLITE_BACKWARD)
    assert _folded(rows.postgres_forward()) == _folded(migration.POSTGRES_FORWARD)
    assert _folded(rows.postgres_backward()) == _folded(migration.POSTGRES_BACKWARD)


def test_a_database_the_project_does_not_run_on_gets_no_statements():
    assert ImmutableRows(table="t", message="m").statements("oracle") == []


@pytest.mark.django_db(transaction=True)
def test_the_built_trigger_refuses_updates_and_deletes_until_it_is_lifted():
    rows = ImmutableRows(table="test_frozen_rows", message="test_frozen_rows: written once")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE test_frozen_rows (id integer PRIMARY KEY, note text)")
        cursor.execute("INSERT INTO test_frozen_rows (id, note) VALUES (1, 'kept')")
        for statement in rows.statements(connection.vendor):
            cursor.execute(statement)
    try:
        for sql in (
            "UPDATE test_frozen_rows SET note = 'changed'",
            "DELETE FROM test_frozen_rows",
        ):
            with (
                pytest.raises(IntegrityError, match="written once"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql)
        with connection.cursor() as cursor:
            for statement in rows.statements(connection.vendor, forward=False):
                cursor.execute(statement)
            cursor.execute("DELETE FROM test_frozen_rows")
            cursor.execute("SELECT COUNT(*) FROM test_frozen_rows")
            assert cursor.fetchone()[0] == 0
    finally:
        with connection.cursor() as cursor:
            for statement in rows.statements(connection.vendor, forward=False):
                cursor.execute(statement)
            cursor.execute("DROP TABLE test_frozen_rows")


@pytest.mark.django_db(transaction=True)
def test_a_lifted_trigger_is_back_when_the_block_ends_and_cannot_be_lifted_outside_a_transaction():
    rows = ImmutableRows(table="test_lifted_rows", message="test_lifted_rows: written once")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE test_lifted_rows (id integer PRIMARY KEY, note text)")
        cursor.execute("INSERT INTO test_lifted_rows (id, note) VALUES (1, 'kept')")
        for statement in rows.statements(connection.vendor):
            cursor.execute(statement)
    try:
        with pytest.raises(RuntimeError), triggers_lifted(rows):
            pass
        with transaction.atomic(), triggers_lifted(rows), connection.cursor() as cursor:
            cursor.execute("UPDATE test_lifted_rows SET note = 'redacted'")
        with (
            pytest.raises(IntegrityError, match="written once"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM test_lifted_rows")
        with connection.cursor() as cursor:
            cursor.execute("SELECT note FROM test_lifted_rows")
            assert cursor.fetchone()[0] == "redacted"
    finally:
        with connection.cursor() as cursor:
            for statement in rows.statements(connection.vendor, forward=False):
                cursor.execute(statement)
            cursor.execute("DROP TABLE test_lifted_rows")

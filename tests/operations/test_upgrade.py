"""Upgrading keeps every row: a database at the previous release's schema, holding that
release's rows (the demo, submitted versions and their attachments, grades, certificates), is
migrated to this release, and every version's content, every certificate and every grade is as
it was, with the immutable rows' triggers still refusing changes.

The database is taken back to the previous release's schema by unapplying the newer migrations
(on empty tables), so a new migration needs a way back (RunPython with `reverse_code`, a no-op
is fine). Runs on SQLite and, in CI's second pass, on PostgreSQL."""

import pytest
from django.apps import apps as current_apps
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tests.operations import previous_release, snapshot

pytestmark = pytest.mark.usefixtures("schema_rebuilt_afterwards")

# The rows the school cannot recreate, compared column by column.
KEPT = [
    "workshops.PlanVersion",
    "workshops.VersionAttachment",
    "workshops.Submission",
    "workshops.Assessment",
    "workshops.CheckInVersion",
    "certificates.Certificate",
    "school.User",
]
IMMUTABLE = ["workshops_planversion", "workshops_versionattachment", "workshops_checkinversion"]
# Tables a migration of this release fills on purpose: they keep every old row and gain some.
FILLED_BY_MIGRATION = {
    "wagtailusers_userprofile": "school 0006 gives everyone a Wagtail profile in their language",
}


@pytest.fixture
def previous_release_database():
    """The database at the previous release's schema, holding exactly the rows that release
    wrote; returns those rows."""
    executor = MigrationExecutor(connection)
    executor.migrate(previous_release.LEAVES)
    old_apps = executor.loader.project_state(previous_release.LEAVES).apps
    rows = snapshot.read(previous_release.DATA)
    snapshot.empty_every_table(old_apps)
    snapshot.load(old_apps, rows)
    return rows


def _migrate_to_this_release() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _stored(model, columns: list[str]) -> dict:
    """Each row's values as the site reads them, by id."""
    fields = {f.column: f for f in model._meta.local_concrete_fields}
    names = [fields[c].attname for c in columns]
    return {
        values[0]: [fields[c].to_python(v) for c, v in zip(columns, values, strict=True)]
        for values in model._base_manager.values_list(*names)
    }


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchone()[0]


def test_the_previous_releases_rows_hold_versions_attachments_grades_and_certificates(
    previous_release_database,
):
    rows = previous_release_database

    assert len(rows["workshops_planversion"]) > 3
    assert rows["workshops_versionattachment"]
    assert any(row["status"] == "released" for row in rows["workshops_assessment"])
    assert any(row["status"] == "issued" for row in rows["certificates_certificate"])
    assert all(_count(table) == len(old) for table, old in rows.items())


def test_an_upgrade_keeps_every_row_every_version_certificate_and_grade_and_their_triggers(
    previous_release_database,
):
    rows = previous_release_database

    _migrate_to_this_release()

    for table, old in rows.items():
        if table in FILLED_BY_MIGRATION:
            assert _count(table) >= len(old), table
        else:
            assert _count(table) == len(old), table
    for label in KEPT:
        model = current_apps.get_model(label)
        old = rows[model._meta.db_table]
        assert old, label
        fields = {f.column: f for f in model._meta.local_concrete_fields}
        columns = ["id", *(c for c in old[0] if c in fields and c != "id")]
        stored = _stored(model, columns)
        for row in old:
            expected = [fields[c].to_python(row[c]) for c in columns]
            assert stored[row["id"]] == expected, (label, row["id"])
    for table in IMMUTABLE:
        if not rows[table]:
            continue
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(table)} WHERE id = %s",  # noqa: S608
                [rows[table][0]["id"]],
            )

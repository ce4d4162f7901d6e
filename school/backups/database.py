"""A consistent copy of the database, and putting one back.

PostgreSQL: `pg_dump` in its custom format, reading a snapshot that this module exports and
keeps open while it counts every table's rows, so the counts in the manifest and the dump
describe the same instant even while the site writes (PostgreSQL docs, "pg_dump --snapshot" and
"Snapshot Synchronization Functions"). SQLite: the online backup API, which copies a
consistent image while the site runs (https://www.sqlite.org/backup.html).
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

POSTGRES_DUMP_NAME = "database/school.pgdump"
SQLITE_COPY_NAME = "database/school.sqlite3"


@dataclass
class DatabaseCopy:
    path: Path
    member: str
    vendor: str
    table_rows: dict[str, int]
    migrations: dict[str, list[str]]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _postgres_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


def _row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor, tables: list[str]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def postgres_environment() -> dict[str, str]:
    """libpq's variables for the configured database, so no password appears on a command line
    (PostgreSQL docs, "Environment Variables")."""
    settings = connection.settings_dict
    values = {
        "PGDATABASE": settings["NAME"],
        "PGHOST": settings.get("HOST") or "",
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": settings.get("USER") or "",
        "PGPASSWORD": settings.get("PASSWORD") or "",
        "PGSSLMODE": (settings.get("OPTIONS") or {}).get("sslmode", ""),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} is not installed; install the PostgreSQL client tools "
            f"(Debian: apt-get install postgresql-client) in the server's major version."
        )
    return path


def _run(command: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 (a fixed tool, arguments we build)
        command, env=postgres_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def database_copy(*, into: Path) -> DatabaseCopy:
    """Write a consistent copy of the whole database into the folder `into`."""
    if connection.vendor == "postgresql":
        return _postgres_copy(into)
    if connection.vendor == "sqlite":
        return _sqlite_copy(into)
    raise CommandError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def _postgres_copy(into: Path) -> DatabaseCopy:
    pg_dump = _require_tool("pg_dump")
    path = into / POSTGRES_DUMP_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    # A connection of its own, so that the snapshot's transaction does not depend on whatever
    # the caller's connection is doing.
    raw = connection.get_new_connection(connection.get_connection_params())
    raw.autocommit = True  # the transaction below is begun explicitly, with its isolation
    try:
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = _postgres_tables(cursor)
            counts = _row_counts(cursor, tables)
            migrations = _applied_migrations(cursor, tables)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={path}",
                ]
            )
            cursor.execute("ROLLBACK")
    finally:
        raw.close()
    return DatabaseCopy(path, POSTGRES_DUMP_NAME, "postgresql", counts, migrations)


def _sqlite_copy(into: Path) -> DatabaseCopy:
    path = into / SQLITE_COPY_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    # A connection of its own: the caller's may be inside a transaction, which SQLite would not
    # let the copy read past. Its busy timeout waits out a commit in progress.
    source = connection.get_new_connection(connection.get_connection_params())
    target = sqlite3.connect(path)
    try:
        # pages=-1: the whole database in one step, under one read lock, so no write can land
        # half-way through the copy.
        source.backup(target, pages=-1, sleep=0.01)
        cursor = target.cursor()
        tables = _sqlite_tables(cursor)
        counts = _row_counts(cursor, tables)
        migrations = _applied_migrations(cursor, tables)
    finally:
        target.close()
        source.close()
    return DatabaseCopy(path, SQLITE_COPY_NAME, "sqlite", counts, migrations)


def database_tables() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _postgres_tables(cursor)
        return _sqlite_tables(cursor)


def database_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _row_counts(cursor, database_tables())


def database_drop_everything() -> None:
    """Empty the database for a restore that was told to replace it: every table (with its
    triggers and sequences), view and function of the school's schema."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 'VIEW', quote_ident(viewname) FROM pg_views "
                "WHERE schemaname = current_schema() "
                "UNION ALL SELECT 'TABLE', quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname = current_schema() "
                "UNION ALL SELECT 'SEQUENCE', quote_ident(sequencename) FROM pg_sequences "
                "WHERE schemaname = current_schema() "
                "UNION ALL SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p "
                "JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_depend d "
                "WHERE d.objid = p.oid AND d.deptype = 'e')"
            )
            for kind, name in cursor.fetchall():
                cursor.execute(f"DROP {kind} IF EXISTS {name} CASCADE")
        else:
            connection.disable_constraint_checking()
            try:
                for table in _sqlite_tables(cursor):
                    cursor.execute(f"DROP TABLE IF EXISTS {_quote(table)}")
            finally:
                connection.enable_constraint_checking()


def database_restore(*, path: Path, vendor: str) -> None:
    """Put the copy at `path` into the configured database, which the caller found empty."""
    if vendor != connection.vendor:
        raise CommandError(
            f"The archive holds a {vendor} database; this site is configured for "
            f"{connection.vendor}. Set DATABASE_URL to a {vendor} database."
        )
    if vendor == "postgresql":
        _run(
            [
                _require_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ]
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection, pages=-1)
        finally:
            source.close()
    # The restored schema replaces whatever this connection had cached about the old one.
    connection.close()


def migrations_unknown_to_the_code(applied: dict[str, list[str]]) -> list[str]:
    """Migrations the archive's database applied that this code does not have: an archive
    from a newer release, which this release must not run against."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(
        f"{app}.{name}"
        for app, names in applied.items()
        for name in names
        if (app, name) not in known and app in {key[0] for key in known}
    )

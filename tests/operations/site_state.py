"""What a site holds, measured without the backup code: every table's row count and every stored
file's SHA-256, and ways to lose both, as a failed disk would."""

import hashlib
import shutil
from pathlib import Path

from django.conf import settings
from django.db import connection


def table_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def media_folders() -> list[Path]:
    return [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]


def file_hashes() -> dict[str, str]:
    hashes = {}
    for folder in media_folders():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                hashes[f"{folder.name}/{path.relative_to(folder)}"] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return hashes


def lose_the_files() -> None:
    for folder in media_folders():
        for child in folder.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()


def lose_the_database() -> None:
    """Drop every table, as a new empty database would be: the whole schema on PostgreSQL, each
    table (with its triggers) on SQLite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []

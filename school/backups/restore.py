"""Putting an archive back: into an empty database and empty file locations, checked against
the manifest before anything is written and compared with it again afterwards."""

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from school.backups.database import (
    database_drop_everything,
    database_restore,
    database_row_counts,
    database_tables,
    migrations_unknown_to_the_code,
)
from school.backups.manifest import (
    CHUNK,
    HashingReader,
    archive_verify,
    file_sha256,
    open_archive,
)
from school.backups.media import location_is_empty, media_locations, stored_files

SPOOL_BYTES = 8 * 1024 * 1024


@dataclass
class RestoreResult:
    seconds: float
    vendor: str
    tables: int
    rows: int
    files: dict[str, int]
    pending_migrations: list[str] = field(default_factory=list)


def _refuse_non_empty_targets(replace: bool) -> None:
    if replace:
        return
    tables = database_tables()
    if tables:
        raise CommandError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} "
            "tables). Restore into a new, empty database, or pass --replace to drop "
            "everything in it first."
        )
    for label, storage in media_locations().items():
        if not location_is_empty(storage):
            raise CommandError(
                f"The file location '{label}' is not empty. Restore into empty folders "
                "(or an empty bucket), or pass --replace to delete its files first."
            )


def _empty_targets() -> None:
    database_drop_everything()
    for storage in media_locations().values():
        for name in list(stored_files(storage)):
            storage.delete(name)


def _target_for(label: str, locations: dict) -> object:
    # An archive from a site with local folders restored onto one S3 bucket: the private
    # folder's files join the bucket, as they would have been stored there from the start.
    return locations.get(label) or locations["media"]


def _restore_members(path: Path, manifest: dict, staging: Path) -> dict[str, int]:
    """Write the database copy into `staging` and every file into its location, hashing each
    again on the way, since the archive is read a second time."""
    locations = media_locations()
    counts: dict[str, int] = {}
    expected = manifest["files"]
    with open_archive(path) as archive:
        for member in archive:
            if member.name not in expected:
                continue
            reader = HashingReader(archive.extractfile(member))
            is_database = member.name == manifest["database"]["member"]
            # The database copy goes to the staging folder; a file is spooled (in memory up to
            # a few MB) so that it is stored only once its hash has been checked.
            with (
                (staging / Path(member.name).name).open("wb+")
                if is_database
                else tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
            ) as out:
                shutil.copyfileobj(reader, out, CHUNK)
                if reader.hexdigest() != expected[member.name]["sha256"]:
                    raise CommandError(f"changed while restoring: {member.name}")
                if is_database:
                    continue
                out.seek(0)
                _, label, name = member.name.split("/", 2)
                saved = _target_for(label, locations).save(name, File(out, name=name))
            if saved != name:
                raise CommandError(f"{member.name} was stored as {saved}: not empty?")
            counts[label] = counts.get(label, 0) + 1
    return counts


def _compare_after(manifest: dict) -> None:
    problems = []
    restored = database_row_counts()
    for table, rows in sorted(manifest["database"]["tables"].items()):
        if restored.get(table) != rows:
            problems.append(f"table {table}: {restored.get(table)} rows, the archive {rows}")
    locations = media_locations()
    for member, entry in sorted(manifest["files"].items()):
        if not member.startswith("media/"):
            continue
        _, label, name = member.split("/", 2)
        storage = _target_for(label, locations)
        if not storage.exists(name):
            problems.append(f"file missing after restore: {member}")
            continue
        with storage.open(name, "rb") as raw:
            if file_sha256(raw) != entry["sha256"]:
                problems.append(f"file differs after restore: {member}")
    if problems:
        raise CommandError(
            "The restored site does not match the archive:\n  " + "\n  ".join(problems)
        )


def backup_restore(*, path: Path, replace: bool = False) -> RestoreResult:
    started = time.monotonic()
    manifest = archive_verify(path)
    database = manifest["database"]
    if database["vendor"] != connection.vendor:
        raise CommandError(
            f"The archive holds a {database['vendor']} database; this site is configured for "
            f"{connection.vendor}. Set DATABASE_URL to an empty {database['vendor']} database."
        )
    newer = migrations_unknown_to_the_code(database["migrations"])
    if newer:
        raise CommandError(
            "The archive comes from a newer release than this code (unknown migrations: "
            + ", ".join(newer)
            + "). Restore it with the release that wrote it."
        )
    _refuse_non_empty_targets(replace)
    if replace:
        _empty_targets()
    with tempfile.TemporaryDirectory(prefix="dxschool-restore-") as staging:
        files = _restore_members(path, manifest, Path(staging))
        database_restore(
            path=Path(staging) / Path(database["member"]).name, vendor=database["vendor"]
        )
    _compare_after(manifest)
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return RestoreResult(
        seconds=time.monotonic() - started,
        vendor=database["vendor"],
        tables=len(database["tables"]),
        rows=sum(database["tables"].values()),
        files=files,
        pending_migrations=[f"{m.app_label}.{m.name}" for m, _ in pending],
    )

"""Writing one backup archive: the database copy first, then the files.

The order matters for a site that keeps running: a file is stored before the row that names it
is committed, and stored files are never changed in place, so every file the database copy
names is already there when the files are read. Files added after the copy are harmless extras.
"""

import io
import json
import os
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from school.backups.database import database_copy
from school.backups.manifest import FORMAT, MANIFEST_NAME, HashingReader, file_sha256
from school.backups.media import local_media_folders, media_locations, stored_files

ARCHIVE_PREFIX = "dxschool-"
ARCHIVE_SUFFIX = ".tar.gz"


@dataclass
class BackupResult:
    path: Path
    bytes: int
    seconds: float
    tables: int
    rows: int
    files: int
    file_bytes: int
    removed: list[Path]


def _refuse_media_folders(directory: Path) -> None:
    for folder in local_media_folders():
        if directory == folder or folder in directory.parents:
            raise CommandError(
                f"Refusing to write backups into {folder}: an archive among the files it "
                "copies would be copied into every later archive, and would be served or lost "
                "with them. Choose a folder outside the media folders."
            )


def _archive_name(now: datetime) -> str:
    # Milliseconds, so that two runs in one second do not collide and names sort by time.
    return f"{ARCHIVE_PREFIX}{now:%Y%m%dT%H%M%S}.{now.microsecond // 1000:03d}Z{ARCHIVE_SUFFIX}"


def archives_in(directory: Path) -> list[Path]:
    """The school's archives in `directory`, oldest first."""
    return sorted(directory.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"))


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _open_private(path: Path):
    """The archive holds plans, grades and certificates: readable by its owner only."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _rotate(directory: Path, keep: int) -> list[Path]:
    if keep <= 0:
        return []
    removed = []
    for old in archives_in(directory)[:-keep]:
        old.unlink()
        old.with_name(old.name + ".sha256").unlink(missing_ok=True)
        removed.append(old)
    return removed


def backup_create(*, directory: Path, keep: int) -> BackupResult:
    """Write one dated archive of the database and every stored file into `directory`, then
    keep only the newest `keep` archives there (0 keeps all)."""
    started = time.monotonic()
    directory = directory.expanduser().resolve()
    _refuse_media_folders(directory)
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    final = directory / _archive_name(now)
    partial = directory / f".{final.name}.partial"
    files: dict[str, dict] = {}
    location_counts: dict[str, int] = {}
    try:
        with (
            tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as staging,
            _open_private(partial) as output,
            tarfile.open(fileobj=output, mode="w:gz", compresslevel=6) as archive,
        ):
            copy = database_copy(into=Path(staging))
            with copy.path.open("rb") as raw:
                sha256 = file_sha256(raw)
            archive.add(copy.path, arcname=copy.member, recursive=False)
            files[copy.member] = {"sha256": sha256, "bytes": copy.path.stat().st_size}

            for label, storage in media_locations().items():
                location_counts[label] = 0
                for name in stored_files(storage):
                    member = f"media/{label}/{name}"
                    info = tarfile.TarInfo(member)
                    info.size = storage.size(name)
                    info.mtime = int(time.time())
                    info.mode = 0o600
                    with storage.open(name, "rb") as raw:
                        reader = HashingReader(raw)
                        archive.addfile(info, reader)
                    files[member] = {"sha256": reader.hexdigest(), "bytes": reader.bytes}
                    location_counts[label] += 1

            manifest = {
                "format": FORMAT,
                "created_at": now.isoformat(),
                "site_url": settings.SITE_URL,
                "database": {
                    "vendor": copy.vendor,
                    "member": copy.member,
                    "tables": copy.table_rows,
                    "migrations": copy.migrations,
                },
                "locations": location_counts,
                "files": files,
            }
            _add_bytes(
                archive,
                MANIFEST_NAME,
                json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode(),
            )
        with partial.open("rb") as raw:
            archive_sha256 = file_sha256(raw)
        partial.rename(final)
    finally:
        partial.unlink(missing_ok=True)
    # The format of sha256sum(1), so an off-site copy can be checked with `sha256sum -c`.
    final.with_name(final.name + ".sha256").write_text(f"{archive_sha256}  {final.name}\n")
    removed = _rotate(directory, keep)
    return BackupResult(
        path=final,
        bytes=final.stat().st_size,
        seconds=time.monotonic() - started,
        tables=len(copy.table_rows),
        rows=sum(copy.table_rows.values()),
        files=sum(location_counts.values()),
        file_bytes=sum(entry["bytes"] for name, entry in files.items() if name != copy.member),
        removed=removed,
    )

"""The archive's manifest: what the archive holds, each file's size and SHA-256, and every
table's row count, written at backup time and checked at restore time."""

import hashlib
import json
import tarfile
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.management.base import CommandError

MANIFEST_NAME = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024


class HashingReader:
    """Passes a file's bytes through while hashing them, so each file is read once."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.bytes = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.bytes += len(data)
        return data

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def file_sha256(raw: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := raw.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def member_is_safe(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and path.parts[:1]
        in (
            ("database",),
            ("media",),
        )
    )


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST_NAME)
        manifest = json.load(archive.extractfile(member))
    except KeyError:
        raise CommandError(f"The archive has no {MANIFEST_NAME}: not a school backup.") from None
    except (ValueError, tarfile.TarError) as error:
        raise CommandError(f"The archive's {MANIFEST_NAME} cannot be read: {error}") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def open_archive(path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise CommandError(f"{path} cannot be opened as a backup archive: {error}") from None


def archive_verify(path) -> dict[str, Any]:
    """Read the whole archive once and compare every file with the manifest. Refuses, naming
    them, files that changed, that are missing, or that the manifest does not list."""
    with open_archive(path) as archive:
        manifest = read_manifest(archive)
        expected = manifest["files"]
        changed, unlisted, seen = [], [], set()
        try:
            for member in archive:
                if member.name == MANIFEST_NAME or member.isdir():
                    continue
                if member.name not in expected or not member.isfile():
                    unlisted.append(member.name)
                    continue
                seen.add(member.name)
                if file_sha256(archive.extractfile(member)) != expected[member.name]["sha256"]:
                    changed.append(member.name)
        except (OSError, EOFError, tarfile.TarError) as error:
            raise CommandError(f"The archive is damaged: {error}") from None
    missing = sorted(set(expected) - seen)
    unsafe = sorted(name for name in expected if not member_is_safe(name))
    problems = [
        *(f"changed: {name}" for name in changed),
        *(f"missing: {name}" for name in missing),
        *(f"not in the manifest: {name}" for name in unlisted),
        *(f"unsafe name: {name}" for name in unsafe),
    ]
    if problems:
        raise CommandError(
            "The archive does not match its manifest; nothing was restored.\n  "
            + "\n  ".join(problems)
        )
    return manifest

"""Damaging an archive as a bad disk, a truncated copy or a careless hand would."""

import io
import tarfile
from pathlib import Path


def rewritten(archive: Path, *, change: str | None = None, drop: str | None = None) -> Path:
    """A copy of the archive with one member's bytes changed or one member left out; the
    manifest inside is kept as it was."""
    copy = archive.with_name("damaged-" + archive.name)
    with tarfile.open(archive, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for member in source:
            if member.name == drop:
                continue
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == change:
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    return copy


def member_names(archive: Path) -> list[str]:
    with tarfile.open(archive, "r:gz") as source:
        return source.getnames()

"""What backup_school writes and what restore_school refuses, on a small school."""

import hashlib
import io
import json
import re
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.operations.archives import member_names, rewritten
from tests.school.factories import ParticipantFactory

# Committed rows, as a running site has: SQLite's backup cannot read past another connection's
# open transaction, and pg_dump sees only what is committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PRIVATE_MEMBER = "media/private/certificates/backup-test.pdf"


@pytest.fixture
def private_file():
    """A stored private file, as an attachment or a certificate PDF would be."""
    path = Path(settings.PRIVATE_MEDIA_ROOT) / "certificates" / "backup-test.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("%PDF-1.7 certificate of 髙橋".encode())
    yield path
    path.unlink(missing_ok=True)


@pytest.fixture
def archive(backup_folder, private_file):
    ParticipantFactory()
    call_command("backup_school", str(backup_folder), stdout=io.StringIO())
    (path,) = backup_folder.glob("*.tar.gz")
    return path


def _manifest(archive) -> dict:
    with tarfile.open(archive, "r:gz") as source:
        return json.load(source.extractfile("manifest.json"))


def test_the_manifest_gives_every_stored_file_its_sha256(archive, private_file):
    entry = _manifest(archive)["files"][PRIVATE_MEMBER]

    assert entry["sha256"] == hashlib.sha256(private_file.read_bytes()).hexdigest()
    assert entry["bytes"] == private_file.stat().st_size


def test_the_manifest_counts_every_tables_rows(archive):
    tables = _manifest(archive)["database"]["tables"]

    assert tables["school_user"] >= 1
    assert "workshops_planversion" in tables


def test_the_archive_is_readable_by_its_owner_only_and_has_a_sha256sum_file(archive):
    (checksum,) = archive.parent.glob("*.sha256")

    assert archive.stat().st_mode & 0o777 == 0o600
    assert checksum.read_text() == (
        f"{hashlib.sha256(archive.read_bytes()).hexdigest()}  {archive.name}\n"
    )


def test_a_backup_says_where_it_wrote_how_big_it_is_and_how_long_it_took(backup_folder):
    output = io.StringIO()

    call_command("backup_school", str(backup_folder), stdout=output)

    (archive,) = backup_folder.glob("*.tar.gz")
    assert str(archive) in output.getvalue()
    assert " KB) in " in output.getvalue() or " MB) in " in output.getvalue()
    assert " s: " in output.getvalue()


def test_a_backup_keeps_only_the_newest_archives_it_is_told_to_keep(backup_folder):
    for _ in range(3):
        call_command("backup_school", str(backup_folder), "--keep", "2", stdout=io.StringIO())
    first_two = sorted(backup_folder.glob("*.tar.gz"))

    call_command("backup_school", str(backup_folder), "--keep", "2", stdout=io.StringIO())

    remaining = sorted(backup_folder.glob("*.tar.gz"))
    assert len(remaining) == 2
    assert remaining[0] == first_two[1]
    assert len(list(backup_folder.glob("*.sha256"))) == 2


@pytest.mark.parametrize("setting", ["MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"])
def test_a_backup_refuses_to_write_into_a_media_folder(setting):
    folder = getattr(settings, setting)

    with pytest.raises(CommandError, match="Refusing to write backups into"):
        call_command("backup_school", f"{folder}/backups", stdout=io.StringIO())


def test_a_restore_refuses_an_archive_with_a_changed_file_and_names_it(archive):
    damaged = rewritten(archive, change=PRIVATE_MEMBER)

    with pytest.raises(CommandError, match=re.escape(f"changed: {PRIVATE_MEMBER}")):
        call_command("restore_school", str(damaged), stdout=io.StringIO())


def test_a_restore_refuses_an_archive_with_a_missing_file_and_names_it(archive):
    damaged = rewritten(archive, drop=PRIVATE_MEMBER)

    with pytest.raises(CommandError, match=re.escape(f"missing: {PRIVATE_MEMBER}")):
        call_command("restore_school", str(damaged), stdout=io.StringIO())


def test_a_restore_refuses_an_archive_whose_database_copy_changed(archive):
    (database,) = [name for name in member_names(archive) if name.startswith("database/")]
    damaged = rewritten(archive, change=database)

    with pytest.raises(CommandError, match=re.escape(f"changed: {database}")):
        call_command("restore_school", str(damaged), stdout=io.StringIO())


def test_a_restore_refuses_to_overwrite_a_database_that_is_not_empty(archive):
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore_school", str(archive), stdout=io.StringIO())


def test_a_restore_refuses_a_file_that_is_not_a_backup(backup_folder):
    backup_folder.mkdir()
    other = backup_folder / "notes.tar.gz"
    other.write_bytes(b"not an archive")

    with pytest.raises(CommandError, match="cannot be opened as a backup archive"):
        call_command("restore_school", str(other), stdout=io.StringIO())

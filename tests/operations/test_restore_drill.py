"""The restore drill: a school with the demo and a participant's year of work is backed up,
loses its database and its files, is restored from the archive, and is the same school.

It runs on whichever database the suite has: SQLite by default, PostgreSQL in CI's second pass
(DATABASE_URL set)."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from certificates.models import Certificate
from school.models import User
from tests.operations.site_state import (
    file_hashes,
    lose_the_database,
    lose_the_files,
    table_row_counts,
)
from tests.operations.work import VISION, a_year_of_work
from tests.workshops import files
from workshops.models import Assessment, PlanVersion, VersionAttachment

pytestmark = pytest.mark.usefixtures("schema_rebuilt_afterwards")


def test_a_school_that_lost_its_database_and_files_is_the_same_school_after_a_restore(
    backup_folder, client
):
    # The demo school plus one participant's year, measured, backed up, then lost.
    call_command("seed_demo", stdout=io.StringIO())
    work = a_year_of_work()
    before = {"rows": table_row_counts(), "files": file_hashes()}
    call_command("backup_school", str(backup_folder), stdout=io.StringIO())
    lose_the_database()
    lose_the_files()
    (archive,) = backup_folder.glob("*.tar.gz")
    output = io.StringIO()

    call_command("restore_school", str(archive), stdout=output)

    # Every row and every file is back.
    assert sum(before["rows"].values()) > 1000  # the demo is in it, not an empty school
    assert table_row_counts() == before["rows"]
    assert file_hashes() == before["files"]
    assert "Every row count and file hash matches the manifest" in output.getvalue()
    # The certificate's PDF is the one its public verification page vouches for.
    certificate = Certificate.objects.get(pk=work.certificate.pk)
    with certificate.pdf.open("rb") as pdf:
        restored_hash = hashlib.sha256(pdf.read()).hexdigest()
    verification = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    assert certificate.status == Certificate.Status.ISSUED
    assert restored_hash == work.certificate.pdf_sha256
    assert restored_hash in verification.content.decode()
    # The site serves the participant the plan they handed in, its attachment and the grade.
    client.force_login(User.objects.get(pk=work.enrolment.user_id))
    version = PlanVersion.objects.get(pk=work.version.pk)
    page = client.get(
        reverse("workshops:plan_version", args=[version.enrolment_id, version.number])
    )
    attachment = VersionAttachment.objects.get(version=version)
    download = client.get(
        reverse(
            "workshops:version_attachment_download",
            args=[version.enrolment_id, version.number, attachment.pk],
        )
    )
    assert page.status_code == 200
    assert VISION in page.content.decode()
    assert b"".join(download.streaming_content) == files.pdf()
    assert Assessment.objects.get(pk=work.assessment.pk).status == Assessment.Status.RELEASED

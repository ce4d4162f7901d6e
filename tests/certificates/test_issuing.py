import hashlib
import subprocess

import pytest
from django.core import mail

from certificates import services
from certificates.models import Certificate
from certificates.tasks import issue_certificates
from tests.certificates.factories import eligible_enrolment, held_sessions


@pytest.fixture
def sessions(cohort):
    return held_sessions(cohort, 2)


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.mark.django_db
def test_issuing_a_cohort_gives_each_eligible_participant_one_certificate_with_its_pdf_and_hash(
    cohort, sessions, django_capture_on_commit_callbacks
):
    first = eligible_enrolment(cohort, sessions=sessions)
    second = eligible_enrolment(cohort, sessions=sessions)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_issue_for_cohort(cohort=cohort)

    certificates = list(Certificate.objects.order_by("serial"))
    assert {c.enrolment_id for c in certificates} == {first.pk, second.pk}
    for certificate in certificates:
        assert certificate.status == Certificate.Status.ISSUED
        data = certificate.pdf.read()
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    assert [c.serial for c in certificates] == ["DXS-2026-0001", "DXS-2026-0002"]

"""The 修了証 from the participant's dashboard to a phone's scan (issue 14, point 15): the PDF
downloaded in the browser, looked at as a 300 dpi print (kept with the screenshots), its QR code
read by zbar and followed to the verification page."""

import datetime
import subprocess
from urllib.parse import urlparse

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from certificates.models import Certificate
from certificates.services import certificates_issue_batch
from tests.browser.conftest import SCREENSHOTS, assert_no_serious_axe_violations, log_in, screenshot
from tests.certificates.factories import CertificateTemplateFactory, attend, held_sessions
from tests.cohorts.factories import CohortFactory, EnrolmentFactory
from tests.school.factories import ParticipantFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def graduate():
    cohort = CohortFactory(
        name_ja="2026年度 DX経営者育成プログラム",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 7, 8),
    )
    CertificateTemplateFactory(programme=cohort.programme, era_dates=True)
    user = ParticipantFactory(
        last_name="𠮷田", first_name="髙﨑", last_name_roman="Yoshida", first_name_roman="Takasaki"
    )
    enrolment = EnrolmentFactory(cohort=cohort, user=user)
    sessions = held_sessions(cohort, 2)
    attend(enrolment, sessions, attended=2)
    assert certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk]) == 1
    return enrolment


def test_a_graduate_downloads_the_certificate_and_its_qr_code_leads_to_the_verification_page(
    page, graduate, password, tmp_path
):
    log_in(page, email=graduate.user.email, password=password)
    with page.expect_download() as download:
        page.get_by_role("link", name=str(_("Download the certificate (PDF)"))).click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)

    SCREENSHOTS.mkdir(exist_ok=True)
    print_png = SCREENSHOTS / "certificate-300dpi"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", "-singlefile", str(pdf), str(print_png)], check=True
    )
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "令和8年7月8日" in text
    assert "𠮷田 髙﨑" in text
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", f"{print_png}.png"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.strip()

    certificate = Certificate.objects.get(enrolment=graduate)
    assert scanned == certificate.verification_url()
    # The code holds the site's public address; the journey follows its path on the test server.
    page.goto(urlparse(scanned).path)
    expect(page.get_by_role("main").get_by_text("𠮷田 髙﨑")).to_be_visible()
    screenshot(page, "certificate-verification")
    assert_no_serious_axe_violations(page)

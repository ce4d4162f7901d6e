"""The 修了証 as an executive frames it (issue 14, point 15): the programme's name once, one
style of Japanese date (和暦 where the template asks), the number as 第…号, the issuers' logos
and seals, rare kanji drawn, a page filled from top to bottom, and a QR code that scans."""

import datetime
import io
import re
import subprocess

import pytest
from django.core.files.images import ImageFile
from PIL import Image

from certificates import services
from certificates.certificate_text import cohort_label, japanese_date
from certificates.models import Certificate, CertificateLogo
from tests.certificates.factories import (
    CertificateSignatoryFactory,
    CertificateTemplateFactory,
    eligible_enrolment,
    held_sessions,
)
from tests.cms.factories import ImageFactory, png_bytes
from tests.cohorts.factories import CohortFactory
from tests.school.factories import ParticipantFactory

PROGRAMME = "DX経営者育成プログラム"


def test_a_date_in_the_reiwa_era_is_written_with_the_era():
    assert japanese_date(datetime.date(2026, 1, 7), era=True) == "令和8年1月7日"


def test_the_first_year_of_an_era_is_gannen():
    assert japanese_date(datetime.date(2019, 5, 1), era=True) == "令和元年5月1日"


def test_without_the_era_a_date_is_written_with_the_year():
    assert japanese_date(datetime.date(2026, 1, 7)) == "2026年1月7日"


def test_a_cohort_named_after_its_programme_is_printed_without_the_programme_again():
    assert cohort_label(programme=PROGRAMME, cohort=f"2026年度 {PROGRAMME}") == "2026年度"


@pytest.fixture
def issued(db, tmp_path):
    cohort = CohortFactory(
        name_ja=f"2026年度 {PROGRAMME}",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 7, 8),
    )
    template = CertificateTemplateFactory(programme=cohort.programme, era_dates=True)
    CertificateLogo.objects.create(
        template=template,
        institution="みなと工業高等専門学校",
        image=ImageFactory(
            file=ImageFile(io.BytesIO(png_bytes((240, 80), "#0d47a1")), name="logo.png")
        ),
    )
    CertificateSignatoryFactory(
        template=template,
        institution="みなと工業高等専門学校",
        signature=ImageFactory(
            file=ImageFile(io.BytesIO(png_bytes((120, 120), "#c41e24")), name="seal.png")
        ),
    )
    sessions = held_sessions(cohort, 2)
    user = ParticipantFactory(
        last_name="𠮷田", first_name="髙﨑", last_name_roman="Yoshida", first_name_roman="Takasaki"
    )
    enrolment = eligible_enrolment(cohort, sessions=sessions, user=user)
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])
    certificate = Certificate.objects.get()
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(certificate.pdf.read())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    # Letter-spaced headings come out of the PDF with spaces between the characters.
    return certificate, re.sub(r"\s+", "", text), tmp_path / "page.png"


def test_the_certificate_names_the_programme_once_with_its_cohort(issued):
    _certificate, text, _png = issued

    assert text.count(PROGRAMME) == 1
    assert f"{PROGRAMME}2026年度（" in text


def test_the_certificate_writes_every_japanese_date_in_the_era(issued):
    _certificate, text, _png = issued

    assert "令和8年4月1日〜令和8年7月8日" in text
    assert "2026年4月1日" not in text
    assert "令和8年7月8日/8July2026" in text


def test_the_certificate_number_reads_dai_go(issued):
    certificate, text, _png = issued

    assert f"第{certificate.serial}号" in text


def test_rare_kanji_of_the_name_are_drawn(issued):
    _certificate, text, _png = issued

    assert "𠮷田髙﨑殿" in text


def test_the_logo_and_the_seal_are_on_the_page(issued):
    _certificate, _text, png = issued
    with Image.open(png) as page:
        colours = page.convert("RGB").getcolors(maxcolors=1_000_000)

    assert any(
        abs(r - 0x0D) < 8 and abs(g - 0x47) < 8 and abs(b - 0xA1) < 8 for _n, (r, g, b) in colours
    )
    assert any(
        abs(r - 0xC4) < 8 and abs(g - 0x1E) < 8 and abs(b - 0x24) < 8 for _n, (r, g, b) in colours
    )


def test_every_third_of_the_page_carries_ink(issued):
    _certificate, _text, png = issued
    with Image.open(png) as page:
        grey = page.convert("L")
        width, height = grey.size
        inner = grey.crop((width // 10, height // 10, width - width // 10, height - height // 10))
        third = inner.height // 3
        for index in range(3):
            band = inner.crop((0, index * third, inner.width, (index + 1) * third))
            dark = sum(count for value, count in enumerate(band.histogram()) if value < 128)
            assert dark / (band.width * band.height) > 0.01, f"third {index + 1} is empty"


def test_the_qr_code_is_large_enough_and_scans(issued):
    certificate, _text, png = issued

    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, check=True, text=True
    )

    assert scanned.stdout.strip() == certificate.verification_url()

"""The documents made for DX認定 from the latest submitted version: the DX strategy (page and PDF)
and the draft of the application (Word), read back as a reader would."""

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from tests.cohorts.factories import CompanyFactory, EnrolmentFactory
from tests.workshops.certification_factories import (
    CertificationRecordFactory,
    published_everywhere,
)
from tests.workshops.factories import PlanFactory, SubmissionFactory, complete_plan_rows
from tests.workshops.self_assessment_factories import rated
from workshops.certification import documents
from workshops.certification.criteria import CRITERIA
from workshops.models import CertificationRecord
from workshops.plans.selectors import plan_content

pytestmark = pytest.mark.django_db

VISION = "𠮷野家の髙﨑工場を、受注生産から提案型のものづくりへ転換する。"


def _submitted(*, it_section="生産管理をクラウドへ移行する。", security=True, skip=()):
    enrolment = EnrolmentFactory(company=CompanyFactory(name="髙﨑精機株式会社"))
    plan = complete_plan_rows(
        PlanFactory(
            enrolment=enrolment,
            vision_and_business_model=VISION,
            it_systems_and_cybersecurity=it_section,
        )
    )
    record = CertificationRecordFactory(
        company=enrolment.company,
        security_measure=(
            CertificationRecord.SecurityMeasure.SECURITY_ACTION_TWO_STARS
            if security
            else CertificationRecord.SecurityMeasure.NONE
        ),
    )
    published_everywhere(record, except_for=skip)
    rated(enrolment)
    # Frozen as plan_submit freezes it; a gap in a section only a hand-made version can have.
    content = plan_content(plan=plan)
    submission = SubmissionFactory(
        enrolment=enrolment, workshop__cohort=enrolment.cohort, version__content=content
    )
    return submission.versions.get()


def _paragraphs(data: bytes) -> list:
    return Document(io.BytesIO(data)).paragraphs


def test_the_word_draft_has_every_criterion_in_the_applications_order():
    version = _submitted()

    paragraphs = _paragraphs(documents.application_docx(version=version, language="ja"))

    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{c.number} {c.title_ja}" for c in CRITERIA]


def test_the_word_draft_keeps_the_japanese_and_the_published_address_and_date():
    version = _submitted()

    text = "\n".join(
        p.text for p in _paragraphs(documents.application_docx(version=version, language="ja"))
    )

    assert VISION in text
    assert "髙﨑精機株式会社" in text
    assert "URL: https://example.jp/dx/1/" in text
    assert "DX推進方針 2027（設問1）" in text
    assert "【未記入】" not in text


def test_the_word_draft_marks_each_gap_as_missing():
    version = _submitted(it_section="", security=False, skip=("2-2",))

    ja = [p.text for p in _paragraphs(documents.application_docx(version=version, language="ja"))]
    en = [p.text for p in _paragraphs(documents.application_docx(version=version, language="en"))]

    # Criterion (2)②: no section (its answer) and no publication (medium, URL and date); and
    # (6), whose answer is the same DGC 3.0 section 3-3 besides the declaration, none made.
    assert ja.count("【未記入】") == 2
    assert {"公表媒体: 【未記入】", "URL: 【未記入】", "公表日: 【未記入】"} <= set(ja)
    # Criterion (6): no security measures declared; the next step says what to do.
    assert any(line.startswith("残りの対応: セキュリティ対策を登録") for line in ja)
    assert "[missing]" in en and "URL: [missing]" in en


def test_the_dx_strategy_pdf_reads_back_with_the_plans_text_in_japanese_and_english():
    version = _submitted()

    japanese = "".join(
        page.extract_text()
        for page in PdfReader(
            io.BytesIO(documents.strategy_pdf(version=version, language="ja"))
        ).pages
    )
    english = "".join(
        page.extract_text()
        for page in PdfReader(
            io.BytesIO(documents.strategy_pdf(version=version, language="en"))
        ).pages
    )

    assert "DX戦略" in japanese and "髙﨑精機株式会社" in japanese
    assert "提案型のものづくり" in japanese
    assert "取締役会" in japanese
    assert "DX strategy" in english and "Board of directors" in english


def test_the_owner_downloads_the_word_draft_and_the_pdf(client):
    version = _submitted()
    client.force_login(version.enrolment.user)
    enrolment_id = version.enrolment_id

    docx = client.get(
        reverse("workshops:certification_application_docx", args=[enrolment_id]),
        {"language": "en"},
    )
    pdf = client.get(reverse("workshops:dx_strategy_pdf", args=[enrolment_id]))

    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('_en.docx"')
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_strategy_page_shows_the_latest_version_in_the_language_asked(client):
    version = _submitted()
    client.force_login(version.enrolment.user)

    response = client.get(
        reverse("workshops:dx_strategy", args=[version.enrolment_id]), {"language": "en"}
    )

    content = response.content.decode()
    assert VISION in content
    assert "DX strategy" in content


def test_the_word_draft_answers_criterion_5_with_the_newest_self_assessment():
    version = _submitted()

    text = "\n".join(
        p.text for p in _paragraphs(documents.application_docx(version=version, language="ja"))
    )

    assert "1 ビジョン: 0 → 2" in text
    assert "6 人材育成・確保: " in text

"""A version keeps the sections it was written in: a plan handed in under the Digital Governance
Code 2.0's five sections shows, prints, is graded, commented on and compared under them, while
new plans are written and handed in under the Code 3.0's seven (workshops/plans/sections.py)."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document

from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from tests.workshops.factories import (
    DGC2_VERSION_CONTENT,
    AssessmentFactory,
    RubricFactory,
    SubmissionFactory,
    WorkshopFactory,
)
from tests.workshops.peer_factories import PeerCommentFactory, PlanShareFactory
from tests.workshops.test_plan_pdf import pdf_text
from workshops import services
from workshops.certification import documents as certification_documents
from workshops.certification import selectors as certification_selectors
from workshops.grading.selectors import feedback_for_participant
from workshops.plans import documents as plan_documents
from workshops.plans.diff import version_diff

pytestmark = pytest.mark.django_db

OLD_TEXTS = {
    "vision_and_business_model": "受注生産から提案型のものづくりへ転換する。",
    "strategy_organisation_talent_culture": "社長直轄のDX推進室を置き、若手を育てる。",
    "strategy_it_systems_data": "生産管理をクラウドへ移し、図面を一元管理する。",
    "outcomes_and_kpis_narrative": "見積回答日数を毎月の経営会議で確認する。",
    "governance_security_risks": "取締役会で四半期ごとにセキュリティ対策を報告する。",
}
OLD_HEADINGS_JA = [
    "ビジョン・ビジネスモデル",
    "戦略：組織・人材・企業文化",
    "戦略：ITシステム・データ",
    "成果とKPI",
    "ガバナンス・サイバーセキュリティ・リスク",
]
NEW_HEADINGS_JA = [
    "1. 経営ビジョン・ビジネスモデルの策定",
    "2. DX戦略の策定",
    "3-1 組織づくり",
    "3-2 デジタル人材の育成・確保",
    "3-3 ITシステム・サイバーセキュリティ",
    "4. 成果指標の設定・DX戦略の見直し",
    "5. ステークホルダーとの対話",
]


@pytest.fixture
def old_version(enrolment, workshop):
    """Version 1, handed in before the sections followed DGC 3.0: no schema named."""
    content = {**DGC2_VERSION_CONTENT, "sections": dict(OLD_TEXTS)}
    submission = SubmissionFactory(enrolment=enrolment, workshop=workshop, version__content=content)
    return submission.versions.get()


@pytest.fixture
def new_version(old_version, plan):
    """Version 2 of the same participant, handed in now for the final workshop."""
    final = WorkshopFactory(cohort=plan.enrolment.cohort)
    return services.plan_submit(plan=plan, workshop=final).versions.get()


def _headings(html: str, tag: str = "h2") -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html)
    ]


def _japanese_client(client, settings, user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    client.force_login(user)
    return client


def _unchanged(plan):
    fields = {name: getattr(plan, name) for name in plan.SECTION_FIELDS}
    return services.PlanData(
        fields={"horizon_years": plan.horizon_years, **fields},
        maturity=[
            {"dimension": s.dimension, "current": s.current, "target": s.target}
            for s in plan.maturity_scores.all()
        ],
        kpis=[
            {
                "name": k.name,
                "unit": k.unit,
                "baseline": k.baseline,
                "targets": {t.plan_year: t.target for t in k.targets.all()},
            }
            for k in plan.kpis.all()
        ],
        roadmap=[
            {
                "title": r.title,
                "start_year": r.start_year,
                "end_year": r.end_year,
                "owner": r.owner,
                "budget": r.budget,
                "expected_outcome": r.expected_outcome,
            }
            for r in plan.roadmap.all()
        ],
    )


def _version_url(version):
    return reverse("workshops:plan_version", args=[version.enrolment_id, version.number])


def test_a_new_submission_carries_the_dgc3_schema_and_its_seven_sections(new_version):
    assert new_version.content["section_schema"] == "dgc3"
    # A set: PostgreSQL's jsonb keeps no key order; the pages follow the schema's order (below).
    assert set(new_version.content["sections"]) == {
        "vision_and_business_model",
        "dx_strategy",
        "organisation",
        "digital_talent",
        "it_systems_and_cybersecurity",
        "outcomes_and_review",
        "stakeholder_dialogue",
    }


def test_a_new_version_page_shows_the_seven_dgc3_headings_in_order(client, settings, new_version):
    client = _japanese_client(client, settings, new_version.enrolment.user)

    html = client.get(_version_url(new_version)).content.decode()

    headings = [h for h in _headings(html) if h in NEW_HEADINGS_JA]
    assert headings == NEW_HEADINGS_JA


def test_an_old_version_page_shows_its_own_five_headings_and_every_text(
    client, settings, old_version, new_version
):
    client = _japanese_client(client, settings, old_version.enrolment.user)

    html = client.get(_version_url(old_version)).content.decode()

    assert [h for h in _headings(html) if h in OLD_HEADINGS_JA] == OLD_HEADINGS_JA
    assert not [h for h in _headings(html) if h in NEW_HEADINGS_JA]
    assert all(text in html for text in OLD_TEXTS.values())
    assert "この版は、提出時の「デジタルガバナンス・コード2.0」の項目で書かれています。" in html


def test_an_old_version_is_byte_for_byte_what_was_handed_in(old_version, new_version):
    old_version.refresh_from_db()

    assert old_version.content["sections"] == OLD_TEXTS
    assert "section_schema" not in old_version.content


def test_an_old_versions_pdf_prints_its_old_headings(old_version, tmp_path):
    text = pdf_text(plan_documents.plan_pdf(version=old_version, language="ja"), tmp_path)

    for heading in OLD_HEADINGS_JA:
        assert heading in text
    assert "組織づくり" not in text
    assert OLD_TEXTS["governance_security_risks"] in text


def test_a_new_versions_pdf_prints_the_dgc3_numbers_and_headings(new_version, tmp_path):
    text = pdf_text(plan_documents.plan_pdf(version=new_version, language="ja"), tmp_path)

    positions = [
        text.find(label)
        for label in (
            "経営ビジョン",
            "DX戦略の策定",
            "組織づくり",
            "デジタル人材の育成・確保",
            "ITシステム・サイバー",
            "成果指標の設定",
            "ステークホルダーとの対話",
        )
    ]
    assert -1 not in positions and positions == sorted(positions)
    assert re.search(r"3-2\s+デジタル人材の育成・確保", text)


def test_an_old_version_diffs_against_a_new_one_with_every_text_under_both_headings(
    old_version, new_version
):
    with translation.override("ja"):
        [plan_rows] = [s.rows for s in version_diff(old_version, new_version)][:1]

    labels = [row.label for row in plan_rows]
    olds = "".join(row.old for row in plan_rows)
    news = "".join(row.new for row in plan_rows)
    assert all(text in olds for text in OLD_TEXTS.values())
    assert all(text in news for text in new_version.content["sections"].values())
    assert "ガバナンス・サイバーセキュリティ・リスク" in " ".join(labels)
    assert any(
        "戦略：ITシステム・データ" in label and "3-3 ITシステム・サイバーセキュリティ" in label
        for label in labels
    )
    assert any(label.startswith("— → 5. ステークホルダーとの対話") for label in labels)


def test_the_diff_page_between_an_old_and_a_new_version_lists_both_schemas(
    client, settings, old_version, new_version
):
    client = _japanese_client(client, settings, old_version.enrolment.user)

    url = reverse("workshops:plan_diff", args=[old_version.enrolment_id])
    html = client.get(f"{url}?a=1&b=2").content.decode()

    assert "成果とKPI → 4. 成果指標の設定・DX戦略の見直し" in html


def test_comments_per_section_on_an_old_version_show_under_its_old_headings(old_version):
    old_version.submission.workshop.rubric = RubricFactory()
    old_version.submission.workshop.save()
    assessment = AssessmentFactory(
        submission=old_version.submission,
        section_comments={"governance_security_risks": "責任者を明記してください。"},
        status="released",
    )

    with translation.override("ja"):
        feedback = feedback_for_participant(version=old_version)

    assert assessment.pk
    assert feedback.section_comments == [
        ("ガバナンス・サイバーセキュリティ・リスク", "責任者を明記してください。")
    ]


def test_the_grading_screen_of_an_old_version_has_a_comment_box_per_old_section(
    client, settings, old_version
):
    rubric_workshop = old_version.submission.workshop
    rubric_workshop.rubric = RubricFactory()
    rubric_workshop.save()
    teacher = TeachingAssignmentFactory(cohort=rubric_workshop.cohort).user
    client = _japanese_client(client, settings, teacher)

    html = client.get(
        reverse("workshops:grading_screen", args=[old_version.submission_id])
    ).content.decode()

    boxes = re.findall(r'name="comment_([a-z_]+)"', html)
    assert boxes == list(OLD_TEXTS)


def test_a_peer_comment_on_an_old_version_is_under_its_old_heading_and_new_sections_are_refused(
    client, settings, old_version
):
    PlanShareFactory(version=old_version)
    old_version.submission.workshop.peer_comments_enabled = True
    old_version.submission.workshop.save()
    PeerCommentFactory(version=old_version, section="strategy_it_systems_data")
    member = EnrolmentFactory(cohort=old_version.enrolment.cohort)
    client = _japanese_client(client, settings, member.user)
    url = reverse("workshops:shared_plan", args=[old_version.enrolment.cohort_id, old_version.pk])

    html = client.get(url).content.decode()
    refused = client.post(url, {"section": "digital_talent", "body": "人材の話も読みたいです。"})

    assert 'id="section-strategy_it_systems_data"' in html
    assert "戦略：ITシステム・データ" in html
    assert 'id="section-digital_talent"' not in html
    assert refused.status_code == 400


def test_the_strategy_document_and_the_word_draft_of_an_old_version_keep_its_texts(old_version):
    html = certification_documents.strategy_html(version=old_version, language="ja")
    docx = certification_documents.application_docx(version=old_version, language="ja")

    assert all(text in html for text in OLD_TEXTS.values())
    paragraphs = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert OLD_TEXTS["strategy_it_systems_data"] in paragraphs
    assert OLD_TEXTS["governance_security_risks"] in paragraphs


def test_readiness_judges_an_old_version_by_its_old_sections_and_a_new_one_by_dgc3(
    old_version, new_version
):
    new_content = {
        **new_version.content,
        "sections": {**new_version.content["sections"], "stakeholder_dialogue": ""},
    }

    with translation.override("ja"):
        old = certification_selectors.readiness_from_content(
            content=old_version.content, record=None
        )
        new = certification_selectors.readiness_from_content(content=new_content, record=None)

    # Criterion (4), the management's message: the vision answers it under DGC 2.0 (written,
    # so only its publication is missing), section 5 under DGC 3.0 (empty here).
    old_4 = next(row for row in old.criteria if row.criterion.code == "4")
    new_4 = next(row for row in new.criteria if row.criterion.code == "4")
    assert old_4.status == certification_selectors.Status.NEEDS_PUBLICATION
    assert new_4.status == certification_selectors.Status.MISSING
    assert new_4.next_step == "計画の「5. ステークホルダーとの対話」を記入してください。"


def _editor_url(plan):
    return reverse("workshops:plan_editor", args=[plan.enrolment_id])


def test_a_moved_draft_tells_its_writer_once_which_sections_are_new(client, settings, plan):
    plan.sections_moved_from = "dgc2"
    plan.save()
    client = _japanese_client(client, settings, plan.enrolment.user)

    first = client.get(_editor_url(plan)).content.decode()
    services.plan_save_draft(plan=plan, data=_unchanged(plan), expected_revision=plan.revision)
    after_saving = client.get(_editor_url(plan)).content.decode()

    notice = re.search(r'<div[^>]*id="sections-moved-notice".*?</div>', first, re.S).group()
    assert "デジタルガバナンス・コード3.0" in notice
    assert [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>(.*?)</li>", notice)] == [
        "2. DX戦略の策定",
        "3-2 デジタル人材の育成・確保",
        "5. ステークホルダーとの対話",
    ]
    assert 'id="sections-moved-notice"' not in after_saving


def test_a_draft_that_was_not_moved_shows_no_notice(client, settings, plan):
    client = _japanese_client(client, settings, plan.enrolment.user)

    assert 'id="sections-moved-notice"' not in client.get(_editor_url(plan)).content.decode()


def test_the_teaching_team_reading_a_moved_draft_sees_no_notice(client, settings, plan):
    plan.sections_moved_from = "dgc2"
    plan.save()
    teacher = TeachingAssignmentFactory(cohort=plan.enrolment.cohort).user
    client = _japanese_client(client, settings, teacher)

    assert 'id="sections-moved-notice"' not in client.get(_editor_url(plan)).content.decode()


def test_the_editor_offers_the_seven_dgc3_sections_in_order_with_what_to_write(
    client, settings, plan
):
    client = _japanese_client(client, settings, plan.enrolment.user)

    html = client.get(_editor_url(plan)).content.decode()

    labels = [
        re.sub(r"<[^>]+>|\*", "", label).strip()
        for label in re.findall(r'<label[^>]*for="id_plan-[a-z_]+"[^>]*>(.*?)</label>', html, re.S)
    ]
    assert [label for label in labels if label in NEW_HEADINGS_JA] == NEW_HEADINGS_JA
    assert "ステークホルダーに、DXの取組と進捗をどのように発信し" in html

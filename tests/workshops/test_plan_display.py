"""How the plan reads on its pages: year ranges, yen, the order of the self-assessment, the
comparison of versions and the roadmap editor's labels (issue 14, point 3)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.workshops.factories import VERSION_CONTENT, SubmissionFactory, editor_post_data
from workshops.models import MaturityScore
from workshops.plans import diff
from workshops.plans.display import version_view, years_label, yen_label

pytestmark = pytest.mark.django_db

ROADMAP = {
    "title": "受発注のデジタル化",
    "start_year": 1,
    "end_year": 1,
    "owner": "営業部長",
    "budget": [4_500_000],
    "expected_outcome": "",
}


def _version(**content):
    return SubmissionFactory(version__content={**VERSION_CONTENT, **content}).versions.get()


def test_a_one_year_initiative_reads_as_that_year_not_as_a_range():
    with translation.override("ja"):
        assert years_label(1, 1) == "1年目"
        assert years_label(1, 3) == "1〜3年目"


def test_yen_read_in_man_en_in_japanese_and_with_separators_in_english():
    with translation.override("ja"):
        assert yen_label(4_500_000) == "450万円"
        assert yen_label(1_234_567) == "1,234,567円"
    with translation.override("en"):
        assert yen_label(4_500_000) == "¥4,500,000"


def test_the_version_page_shows_budgets_in_man_en_and_the_single_year(client):
    version = _version(roadmap=[ROADMAP])
    client.force_login(version.enrolment.user)
    client.cookies["dxschool_language"] = "ja"

    html = client.get(
        reverse("workshops:plan_version", args=[version.enrolment_id, version.number])
    ).content.decode()

    assert "1年目 450万円" in html
    assert "1〜1年目" not in html
    assert "4500000" not in html


def test_the_self_assessment_keeps_the_editors_order_on_the_version_page():
    rows = [
        {"dimension": d.value, "current": 1, "target": 3}
        for d in sorted(MaturityScore.Dimension, key=lambda d: d.value)
    ]
    view = version_view(_version(maturity=rows))

    assert [row["dimension"] for row in view["maturity"]] == [
        d.value for d in MaturityScore.Dimension
    ]


def test_the_comparison_names_the_years_of_an_initiative_in_japanese():
    a = _version(roadmap=[ROADMAP])
    b = _version(roadmap=[{**ROADMAP, "end_year": 2, "budget": [4_500_000, 1_000_000]}])

    with translation.override("ja"):
        sections = diff.version_diff(a, b)

    labels = [row.label for section in sections for row in section.rows if row.changed]
    assert "受発注のデジタル化: 実施年" in labels
    assert not any("years" in label for label in labels)


def test_the_comparison_can_show_the_changes_only(client):
    first = SubmissionFactory(version__content={**VERSION_CONTENT, "roadmap": [ROADMAP]})
    enrolment = first.enrolment
    second = SubmissionFactory(
        workshop=first.workshop,
        enrolment=enrolment,
        version_number=2,
        version__content={**VERSION_CONTENT, "roadmap": [{**ROADMAP, "owner": "社長"}]},
    )
    client.force_login(enrolment.user)
    url = reverse("workshops:plan_diff", args=[enrolment.pk])

    everything = client.get(url, {"a": 1, "b": 2}).content.decode()
    changes = client.get(url, {"a": 1, "b": 2, "changes": "1"}).content.decode()

    assert second.version_number == 2
    assert "vision_and_business_model の記述" in everything
    assert "vision_and_business_model の記述" not in changes
    assert "社長" in changes


def test_the_pdf_s_scale_heading_matches_the_0_to_5_scale():
    with translation.override("en"):
        html = render_to_string(
            "workshops/pdf/plan.html",
            {
                "view": version_view(_version()),
                "maturity": [{"label": "x", "current": 0, "target": 5}],
            },
        )

    assert "Level (0–5)" in html
    assert "1 — 5" not in html


def test_the_roadmap_editor_labels_each_field_visibly_and_separates_thousands(author_client, plan):
    html = author_client.get(reverse("workshops:plan_editor", args=[plan.enrolment.pk]))
    html = html.content.decode()

    assert '<label class="form-label small mb-0" for="id_roadmap-0-start_year">' in html
    assert '<label class="form-label small mb-0" for="id_roadmap-0-end_year">' in html
    assert 'value="3,000,000"' in html
    assert 'inputmode="numeric"' in html


def test_budgets_typed_with_separators_or_full_width_digits_are_read_as_yen(author_client, plan):
    row = {"title": "AI見積", "start_year": "1", "end_year": "2"}
    row.update({"budget_1": "4,500,000", "budget_2": "１２０００００"})
    data = editor_post_data(plan, roadmap=[row])

    reply = author_client.post(
        reverse("workshops:plan_autosave", args=[plan.enrolment.pk]), data
    ).json()

    assert reply["ok"]
    assert plan.roadmap.get().budget == [4_500_000, 1_200_000]

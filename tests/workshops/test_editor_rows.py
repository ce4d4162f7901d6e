"""The plan editor's KPI and roadmap rows: added in the browser, removed, saved in any position."""

import pytest
from django.urls import reverse

from tests.workshops.factories import editor_post_data

pytestmark = pytest.mark.django_db

KPI_ROW = {
    "name": "見積回答日数",
    "unit": "日",
    "baseline": "5",
    "target_1": "4",
    "target_2": "3",
    "target_3": "2",
}
BLANK_KPI = {"name": "", "unit": "", "baseline": ""}


def _autosave(client, plan, **rows):
    plan.refresh_from_db()
    return client.post(
        reverse("workshops:plan_autosave", args=[plan.enrolment_id]),
        editor_post_data(plan, **rows),
    )


def test_the_editor_offers_add_buttons_and_empty_row_templates(author_client, plan):
    html = author_client.get(reverse("workshops:plan_editor", args=[plan.enrolment_id])).content

    assert b'data-formset-add="kpis"' in html and b'data-formset-add="roadmap"' in html
    assert b'name="kpis-__prefix__-name"' in html
    assert b'name="roadmap-__prefix__-title"' in html
    assert b"workshops/formset_rows.js" in html


def test_without_javascript_the_editor_still_renders_blank_rows_to_fill(author_client, plan):
    html = author_client.get(reverse("workshops:plan_editor", args=[plan.enrolment_id])).content

    assert b'name="kpis-0-name"' in html and b'name="kpis-1-name"' in html
    assert b'name="roadmap-0-title"' in html


def test_a_row_added_after_the_blank_ones_is_saved_again_by_the_next_autosave(author_client, plan):
    rows = [BLANK_KPI, BLANK_KPI, KPI_ROW]
    first = _autosave(author_client, plan, kpis=rows)

    second = _autosave(author_client, plan, kpis=rows)

    assert first.status_code == 200
    assert second.status_code == 200
    assert list(plan.kpis.values_list("name", flat=True)) == ["見積回答日数"]


def test_a_saved_row_marked_for_deletion_is_removed(author_client, plan):
    _autosave(author_client, plan, kpis=[BLANK_KPI, BLANK_KPI, KPI_ROW])

    response = _autosave(
        author_client, plan, kpis=[BLANK_KPI, BLANK_KPI, {**KPI_ROW, "DELETE": "on"}]
    )

    assert response.status_code == 200
    assert not plan.kpis.exists()


def test_a_half_filled_row_is_still_refused(author_client, plan):
    response = _autosave(author_client, plan, kpis=[{"name": "見積回答日数", "baseline": ""}])

    assert response.status_code == 400

"""How much a plan may hold (workshops/limits.py): the editor shows each limit, and the server
refuses what goes over it with a message naming the field, keeping what was typed."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.workshops.factories import editor_post_data
from workshops import limits, services
from workshops.models import MaturityScore

pytestmark = pytest.mark.django_db

OVER = "あ" * (limits.PLAN_SECTION_MAX_CHARS + 1)
KPI_ROW = {"name": "見積回答日数", "unit": "日", "baseline": "5", "target_1": "4"}
INITIATIVE_ROW = {"title": "生産管理システム刷新", "start_year": "1", "end_year": "2"}


def _editor_url(plan):
    return reverse("workshops:plan_editor", args=[plan.enrolment_id])


def _autosave_url(plan):
    return reverse("workshops:plan_autosave", args=[plan.enrolment_id])


def _draft(**fields):
    return services.PlanData(
        fields={"horizon_years": 3, "start_fiscal_year": 2027, **fields},
        maturity=[
            {"dimension": dimension.value, "current": 1, "target": 4}
            for dimension in MaturityScore.Dimension
        ],
    )


def test_the_editor_gives_each_plan_section_a_maxlength_and_a_counter(author_client, plan):
    html = author_client.get(_editor_url(plan)).content.decode()

    assert f'maxlength="{limits.PLAN_SECTION_MAX_CHARS}"' in html
    # The Digital Governance Code 3.0's seven sections.
    assert html.count(f'data-text-limit="{limits.PLAN_SECTION_MAX_CHARS}"') == 7
    assert "workshops/text_limits.js" in html


def test_the_editor_gives_kpi_and_roadmap_texts_their_shorter_limits(author_client, plan):
    html = author_client.get(_editor_url(plan)).content.decode()

    kpi_name = re.search(r'<input[^>]*name="kpis-0-name"[^>]*>', html).group()
    outcome = re.search(r'<textarea[^>]*name="roadmap-0-expected_outcome"[^>]*>', html).group()
    assert f'maxlength="{limits.KPI_NAME_MAX_CHARS}"' in kpi_name
    assert f'data-text-limit="{limits.INITIATIVE_OUTCOME_MAX_CHARS}"' in outcome


def test_the_editor_refuses_a_section_over_the_limit_and_shows_the_text_typed(author_client, plan):
    data = editor_post_data(plan, vision_and_business_model=OVER)

    response = author_client.post(_editor_url(plan), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert OVER in html
    assert "At most 8000 characters; this has 8001." in html
    plan.refresh_from_db()
    assert plan.vision_and_business_model != OVER


def test_autosave_refuses_a_section_over_the_limit_naming_the_field(author_client, plan):
    data = editor_post_data(plan, it_systems_and_cybersecurity=OVER)

    response = author_client.post(_autosave_url(plan), data)

    assert response.status_code == 400
    reply = response.json()
    assert reply["ok"] is False
    assert "3-3 IT systems and cybersecurity" in reply["message"]
    assert "8001" in reply["message"]
    assert [error["field"] for error in reply["errors"]] == ["plan-it_systems_and_cybersecurity"]


def test_line_ends_count_as_one_character_as_the_counter_shows(author_client, plan):
    lines = ["あ" * 99] * (limits.PLAN_SECTION_MAX_CHARS // 100)
    text = "\r\n".join(lines)  # browsers send CR LF; 8,000 characters as counted on the page

    response = author_client.post(
        _autosave_url(plan), editor_post_data(plan, stakeholder_dialogue=text)
    )

    assert response.status_code == 200
    plan.refresh_from_db()
    assert len(plan.stakeholder_dialogue) == len(text.replace("\r\n", "\n"))


def test_the_service_refuses_a_section_over_the_limit_with_a_message_naming_it(plan):
    with pytest.raises(ValidationError) as refused:
        services.plan_save_draft(
            plan=plan, data=_draft(vision_and_business_model=OVER), expected_revision=plan.revision
        )

    [message] = refused.value.message_dict["vision_and_business_model"]
    assert (
        "1. Setting the management vision and the business model is too long: 8,001 characters"
        in message
    )


def test_the_service_refuses_a_roadmap_outcome_over_the_limit(plan):
    data = _draft()
    data.roadmap = [
        {
            "title": "刷新",
            "start_year": 1,
            "end_year": 1,
            "owner": "",
            "budget": [],
            "expected_outcome": "x" * (limits.INITIATIVE_OUTCOME_MAX_CHARS + 1),
        }
    ]

    with pytest.raises(ValidationError) as refused:
        services.plan_save_draft(plan=plan, data=data, expected_revision=plan.revision)

    assert "roadmap-0-expected_outcome" in refused.value.message_dict


def test_the_service_refuses_more_kpis_than_the_limit(plan):
    data = _draft()
    data.kpis = [
        {"name": f"KPI {n}", "unit": "", "baseline": Decimal("1"), "targets": {}}
        for n in range(limits.MAX_KPIS + 1)
    ]

    with pytest.raises(ValidationError) as refused:
        services.plan_save_draft(plan=plan, data=data, expected_revision=plan.revision)

    assert refused.value.message_dict["kpis"] == [
        f"A plan can have at most {limits.MAX_KPIS} KPIs; this one has {limits.MAX_KPIS + 1}."
    ]


def test_autosave_refuses_more_kpi_rows_than_the_limit_and_keeps_the_saved_ones(
    author_client, plan
):
    saved = plan.kpis.count()
    rows = [{**KPI_ROW, "name": f"KPI {n}"} for n in range(limits.MAX_KPIS + 1)]

    response = author_client.post(_autosave_url(plan), editor_post_data(plan, kpis=rows))

    assert response.status_code == 400
    assert f"at most {limits.MAX_KPIS} KPIs" in response.json()["message"]
    assert plan.kpis.count() == saved


def test_the_editor_refuses_more_initiatives_than_the_limit(author_client, plan):
    rows = [{**INITIATIVE_ROW, "title": f"施策 {n}"} for n in range(limits.MAX_INITIATIVES + 1)]

    response = author_client.post(_editor_url(plan), editor_post_data(plan, roadmap=rows))

    assert response.status_code == 400
    assert f"at most {limits.MAX_INITIATIVES} roadmap initiatives" in response.content.decode()
    assert "施策 30" in response.content.decode()


def test_exactly_the_limits_are_accepted(author_client, plan):
    rows = [{**KPI_ROW, "name": "K" * limits.KPI_NAME_MAX_CHARS} for _ in range(limits.MAX_KPIS)]
    data = editor_post_data(
        plan, kpis=rows, vision_and_business_model="あ" * limits.PLAN_SECTION_MAX_CHARS
    )

    response = author_client.post(_autosave_url(plan), data)

    assert response.status_code == 200
    assert plan.kpis.count() == limits.MAX_KPIS

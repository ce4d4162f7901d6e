"""Autosave posts the whole editor every few seconds: rows posted as they were saved are kept as
saved (not built into forms, validated or written again), and every row that changed is checked
and saved as before."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.workshops.editor_page import editor_form_data
from tests.workshops.factories import KpiFactory, KpiTargetFactory, RoadmapInitiativeFactory
from workshops.models import Kpi, KpiTarget, MaturityScore, Plan, RoadmapInitiative

pytestmark = pytest.mark.django_db

# The user, the plan, its self-assessment, KPIs, their targets and its roadmap, the plan's update
# (which checks the revision) and the savepoint around it (a transaction of its own outside a
# test): the same however many rows the plan has.
AUTOSAVE_QUERIES = 9


def _autosave(client, plan, data):
    return client.post(reverse("workshops:plan_autosave", args=[plan.enrolment_id]), data)


def _with_rows(plan, *, kpis: int, initiatives: int):
    for index in range(kpis):
        kpi = KpiFactory(plan=plan, baseline=Decimal("12.50"))
        for year in plan.plan_years:
            KpiTargetFactory(kpi=kpi, plan_year=year, target=Decimal(index) + Decimal("0.25"))
    for _ in range(initiatives):
        RoadmapInitiativeFactory(plan=plan, start_year=1, end_year=3, budget=[4_500_000, 0, 12])
    return plan


def _rows(plan) -> dict:
    """Everything the plan's rows say, in order, without their ids."""
    return {
        "maturity": sorted(
            MaturityScore.objects.filter(plan=plan).values_list("dimension", "current", "target")
        ),
        "kpis": [
            (
                kpi.name,
                kpi.unit,
                kpi.baseline,
                [(t.plan_year, t.target) for t in kpi.targets.order_by("plan_year")],
            )
            for kpi in Kpi.objects.filter(plan=plan).order_by("order", "pk")
        ],
        "roadmap": list(
            RoadmapInitiative.objects.filter(plan=plan)
            .order_by("order", "pk")
            .values_list("title", "start_year", "end_year", "owner", "budget", "expected_outcome")
        ),
    }


def _row_ids(plan) -> dict:
    return {
        "maturity": set(MaturityScore.objects.filter(plan=plan).values_list("pk", flat=True)),
        "kpis": set(Kpi.objects.filter(plan=plan).values_list("pk", flat=True)),
        "roadmap": set(RoadmapInitiative.objects.filter(plan=plan).values_list("pk", flat=True)),
    }


def _saved(client, plan, data) -> dict:
    response = _autosave(client, plan, data)
    assert response.status_code == 200, response.content
    reply = response.json()
    data["plan-expected_revision"] = str(reply["revision"])
    return reply


# --- Rows nobody touched --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kpis", "initiatives"),
    [(5, 5), (20, 30)],
    ids=["10 rows", "a full plan: 20 KPIs with 3 targets each and 30 initiatives"],
)
def test_an_autosave_that_changes_only_the_vision_costs_the_same_queries_however_many_rows(
    author_client, plan, kpis, initiatives, django_assert_max_num_queries
):
    Kpi.objects.filter(plan=plan).delete()
    RoadmapInitiative.objects.filter(plan=plan).delete()
    _with_rows(plan, kpis=kpis, initiatives=initiatives)
    data = editor_form_data(author_client, plan)
    data["plan-vision_and_business_model"] = "最初の一文。"
    _saved(author_client, plan, data)  # the first save numbers the rows as the page shows them
    rows = _rows(plan)
    data["plan-vision_and_business_model"] = "最初の一文。\r\n二行目も書いた。"

    with django_assert_max_num_queries(AUTOSAVE_QUERIES) as captured:
        reply = _saved(author_client, plan, data)

    assert reply["ok"]
    assert not [q for q in captured.captured_queries if q["sql"].startswith(("INSERT", "DELETE"))]
    saved = Plan.objects.get(pk=plan.pk)
    assert saved.vision_and_business_model == "最初の一文。\n二行目も書いた。"
    assert saved.revision == int(data["plan-expected_revision"])
    assert _rows(plan) == rows
    assert len(rows["kpis"]) == kpis and len(rows["roadmap"]) == initiatives


def test_numbers_typed_in_another_form_are_the_same_saved_numbers(
    author_client, plan, django_assert_max_num_queries
):
    _with_rows(plan, kpis=2, initiatives=2)
    data = editor_form_data(author_client, plan)
    _saved(author_client, plan, data)
    rows = _rows(plan)
    assert data["kpis-1-baseline"] == "12.50" and data["roadmap-1-budget_1"] == "4,500,000"
    data["kpis-1-baseline"] = "12.5"
    data["kpis-1-target_2"] = f" {data['kpis-1-target_2']} "
    data["roadmap-1-budget_1"] = "４５０００００"
    data["roadmap-1-budget_2"] = ""
    data["roadmap-1-title"] = f" {data['roadmap-1-title']}\r\n"

    with django_assert_max_num_queries(AUTOSAVE_QUERIES) as captured:
        _saved(author_client, plan, data)

    assert not [q for q in captured.captured_queries if q["sql"].startswith(("INSERT", "DELETE"))]
    assert _rows(plan) == rows


def test_a_blank_row_with_only_a_line_end_in_a_text_box_is_still_a_blank_row(
    author_client, plan, django_assert_max_num_queries
):
    data = editor_form_data(author_client, plan)
    _saved(author_client, plan, data)
    rows = _rows(plan)
    blank = int(data["roadmap-INITIAL_FORMS"])  # the first blank row after the saved ones
    data[f"roadmap-{blank}-expected_outcome"] = "\r\n"
    data[f"kpis-{int(data['kpis-INITIAL_FORMS'])}-unit"] = " "

    with django_assert_max_num_queries(AUTOSAVE_QUERIES) as captured:
        _saved(author_client, plan, data)

    assert not [q for q in captured.captured_queries if q["sql"].startswith(("INSERT", "DELETE"))]
    assert _rows(plan) == rows


def test_unchanged_rows_with_legacy_values_still_save(author_client, plan):
    # Saved before today's rules: an initiative running past the plan's three years, and a KPI
    # target kept aside for a fifth year.
    RoadmapInitiative.objects.filter(plan=plan).update(
        start_year=2, end_year=5, budget=[1, 2, 3, 9]
    )
    KpiTarget.objects.create(kpi=Kpi.objects.get(plan=plan), plan_year=5, target=Decimal("1"))
    rows = _rows(plan)
    data = editor_form_data(author_client, plan)
    data["plan-vision_and_business_model"] = "新しいビジョン"

    reply = _saved(author_client, plan, data)

    assert reply["ok"]
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model == "新しいビジョン"
    assert _rows(plan) == rows


# --- Rows that changed ----------------------------------------------------------------------


def test_an_autosave_that_changes_one_cell_saves_exactly_that(author_client, plan):
    _with_rows(plan, kpis=4, initiatives=5)
    data = editor_form_data(author_client, plan)
    _saved(author_client, plan, data)
    before, ids = _rows(plan), _row_ids(plan)
    data["kpis-3-target_2"] = "7.5"

    _saved(author_client, plan, data)

    after = _rows(plan)
    name, unit, baseline, targets = before["kpis"][3]
    targets[1] = (2, Decimal("7.5"))
    before["kpis"][3] = (name, unit, baseline, targets)
    assert after == before
    assert _row_ids(plan)["roadmap"] == ids["roadmap"]
    assert _row_ids(plan)["maturity"] == ids["maturity"]


def test_a_changed_self_assessment_is_saved(author_client, plan):
    data = editor_form_data(author_client, plan)
    dimension = data["maturity-2-dimension"]
    data["maturity-2-target"] = "5"

    _saved(author_client, plan, data)

    assert MaturityScore.objects.get(plan=plan, dimension=dimension).target == 5


def test_a_row_deleted_in_the_post_is_removed_and_the_others_are_kept(author_client, plan):
    _with_rows(plan, kpis=3, initiatives=2)
    data = editor_form_data(author_client, plan)
    _saved(author_client, plan, data)
    before = _rows(plan)
    data["kpis-1-DELETE"] = "on"
    data["roadmap-0-DELETE"] = "on"

    _saved(author_client, plan, data)

    after = _rows(plan)
    assert after["kpis"] == before["kpis"][:1] + before["kpis"][2:]
    assert after["roadmap"] == before["roadmap"][1:]


def test_a_row_added_in_the_post_is_saved_after_the_others(author_client, plan):
    _with_rows(plan, kpis=2, initiatives=0)
    data = editor_form_data(author_client, plan)
    before = _rows(plan)
    # As the editor's script adds one: after the blank rows, the count raised.
    index = int(data["kpis-TOTAL_FORMS"])
    data["kpis-TOTAL_FORMS"] = str(index + 1)
    row = {"name": "新規受注件数", "unit": "件", "baseline": "3", "target_1": "4"}
    data.update({f"kpis-{index}-{key}": value for key, value in row.items()})

    _saved(author_client, plan, data)

    after = _rows(plan)
    assert after["kpis"] == before["kpis"] + [
        ("新規受注件数", "件", Decimal("3"), [(1, Decimal("4"))])
    ]
    assert after["roadmap"] == before["roadmap"]


def test_an_invalid_changed_row_is_refused_naming_its_field(author_client, plan):
    _with_rows(plan, kpis=2, initiatives=1)
    data = editor_form_data(author_client, plan)
    before = _rows(plan)
    data["plan-vision_and_business_model"] = "新しいビジョン"
    data["kpis-1-baseline"] = "五"

    response = _autosave(author_client, plan, data)

    assert response.status_code == 400
    reply = response.json()
    assert reply["message"] == "Not saved yet: KPI 2: baseline: Enter a number."
    assert reply["errors"][0]["id"] == "id_kpis-1-baseline"
    assert _rows(plan) == before
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model != "新しいビジョン"


def test_a_saved_row_emptied_in_the_post_is_refused_as_before(author_client, plan):
    data = editor_form_data(author_client, plan)
    for key in [k for k in data if k.startswith("kpis-0-")]:
        data[key] = ""

    response = _autosave(author_client, plan, data)

    assert response.status_code == 400
    assert response.json()["errors"][0]["id"] == "id_kpis-0-name"
    assert Kpi.objects.filter(plan=plan).count() == 1


def test_a_plan_over_the_row_limit_is_refused_even_when_its_rows_are_unchanged(author_client, plan):
    _with_rows(plan, kpis=20, initiatives=0)  # 21 with the plan's own: one over the limit
    data = editor_form_data(author_client, plan)
    data["plan-vision_and_business_model"] = "新しいビジョン"

    response = _autosave(author_client, plan, data)

    assert response.status_code == 400
    assert "A plan can have at most 20 KPIs; this one has 21." in response.json()["message"]
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model != "新しいビジョン"


def test_a_long_text_left_in_an_unchanged_row_is_still_refused(author_client, plan):
    RoadmapInitiative.objects.filter(plan=plan).update(expected_outcome="あ" * 1001)
    data = editor_form_data(author_client, plan)
    data["plan-vision_and_business_model"] = "新しいビジョン"

    response = _autosave(author_client, plan, data)

    assert response.status_code == 400
    assert response.json()["errors"][0]["id"] == "id_roadmap-0-expected_outcome"


# --- Saved elsewhere ------------------------------------------------------------------------


def test_the_conflict_still_answers_409_when_the_rows_are_unchanged(author_client, plan):
    data = editor_form_data(author_client, plan)
    other_tab = dict(data, **{"plan-vision_and_business_model": "別のタブの文章"})
    _saved(author_client, plan, other_tab)
    data["plan-vision_and_business_model"] = "このタブの文章"

    response = _autosave(author_client, plan, data)

    assert response.status_code == 409
    assert response.json()["revision"] == Plan.objects.get(pk=plan.pk).revision
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model == "別のタブの文章"

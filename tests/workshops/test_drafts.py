from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from workshops import selectors, services
from workshops.models import Kpi, KpiTarget, MaturityScore, Plan, PlanVersion, RoadmapInitiative

pytestmark = pytest.mark.django_db


def _data(vision="製造業からサービス業へ", horizon=3, kpi_targets=None, roadmap=None):
    return services.PlanData(
        fields={
            "horizon_years": horizon,
            "start_fiscal_year": 2027,
            "vision_and_business_model": vision,
        },
        maturity=[
            {"dimension": dimension.value, "current": 1, "target": 4}
            for dimension in MaturityScore.Dimension
        ],
        kpis=[
            {
                "name": "見積回答日数",
                "unit": "日",
                "baseline": Decimal("5"),
                "targets": kpi_targets or {1: Decimal("4"), 2: Decimal("3"), 3: Decimal("2")},
            }
        ],
        roadmap=roadmap
        or [
            {
                "title": "生産管理システム刷新",
                "start_year": 1,
                "end_year": 2,
                "owner": "DX推進室",
                "budget": [3_000_000, 1_000_000],
                "expected_outcome": "一元化",
            }
        ],
    )


def test_a_new_plan_starts_in_the_fiscal_year_after_the_cohorts_year(enrolment):
    plan = services.plan_get_or_create(enrolment=enrolment)

    assert plan.start_fiscal_year == enrolment.cohort.year + 1
    assert services.plan_get_or_create(enrolment=enrolment) == plan


def test_saving_a_draft_writes_the_rows_and_moves_the_revision_on(plan):
    saved = services.plan_save_draft(plan=plan, data=_data(), expected_revision=0)

    assert saved.revision == 1
    kpi = Kpi.objects.get(plan=plan)
    assert {t.plan_year: t.target for t in kpi.targets.all()} == {
        1: Decimal("4"),
        2: Decimal("3"),
        3: Decimal("2"),
    }
    assert RoadmapInitiative.objects.get(plan=plan).budget == [3_000_000, 1_000_000]


def test_a_second_save_from_the_same_revision_gets_a_conflict_and_keeps_both_texts(plan):
    services.plan_save_draft(plan=plan, data=_data("一つ目のタブ"), expected_revision=0)
    second_tab = _data("二つ目のタブ")

    with pytest.raises(services.ConflictError) as caught:
        services.plan_save_draft(plan=plan, data=second_tab, expected_revision=0)

    # The first tab's save stands...
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model == "一つ目のタブ"
    assert Plan.objects.get(pk=plan.pk).revision == 1
    # ...and what the second tab typed comes back with the conflict, not thrown away.
    assert caught.value.data.fields["vision_and_business_model"] == "二つ目のタブ"
    assert caught.value.current.vision_and_business_model == "一つ目のタブ"


def test_after_a_conflict_saving_from_the_new_revision_replaces_the_other_version(plan):
    services.plan_save_draft(plan=plan, data=_data("一つ目"), expected_revision=0)

    services.plan_save_draft(plan=plan, data=_data("二つ目"), expected_revision=1)

    assert Plan.objects.get(pk=plan.pk).vision_and_business_model == "二つ目"


def test_a_kpi_target_of_a_year_a_shortened_period_dropped_is_kept_aside_and_saves(plan):
    targets = {1: Decimal("4"), 2: Decimal("3"), 3: Decimal("2"), 4: Decimal("1")}

    services.plan_save_draft(
        plan=plan, data=_data(horizon=3, kpi_targets=targets), expected_revision=0
    )

    assert Plan.objects.get(pk=plan.pk).revision == 1
    assert KpiTarget.objects.get(kpi__plan=plan, plan_year=4).target == Decimal("1")


def test_a_target_kept_aside_is_no_part_of_the_submitted_version(plan, workshop):
    targets = {1: Decimal("4"), 2: Decimal("3"), 3: Decimal("2"), 4: Decimal("1")}
    services.plan_save_draft(
        plan=plan, data=_data(horizon=3, kpi_targets=targets), expected_revision=0
    )

    services.plan_submit(plan=plan, workshop=workshop)

    assert PlanVersion.objects.get().content["kpis"][0]["targets"] == {
        "1": "4.00",
        "2": "3.00",
        "3": "2.00",
    }


def test_a_refused_draft_changes_nothing(plan):
    services.plan_save_draft(plan=plan, data=_data("最初"), expected_revision=0)
    bad = _data(
        "次",
        roadmap=[
            {
                "title": "x",
                "start_year": 2,
                "end_year": 1,
                "owner": "",
                "budget": [],
                "expected_outcome": "",
            }
        ],
    )

    with pytest.raises(ValidationError) as caught:
        services.plan_save_draft(plan=plan, data=bad, expected_revision=1)

    assert caught.value.message_dict["roadmap-0-end_year"] == [
        "The initiative cannot end before it starts."
    ]
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model == "最初"
    assert RoadmapInitiative.objects.get(plan=plan).title == "生産管理システム刷新"


def test_the_frozen_version_holds_the_kpis_and_the_roadmap(plan, workshop):
    services.plan_save_draft(plan=plan, data=_data(), expected_revision=0)

    services.plan_submit(plan=plan, workshop=workshop)

    content = PlanVersion.objects.get().content
    assert content["kpis"][0]["targets"] == {"1": "4.00", "2": "3.00", "3": "2.00"}
    assert content["roadmap"][0]["budget"] == [3_000_000, 1_000_000]


def test_the_diff_marks_a_changed_kpi_target_and_nothing_else_in_the_kpi(plan, workshop):
    workshop.allow_resubmission = True
    workshop.save()
    services.plan_save_draft(plan=plan, data=_data(), expected_revision=0)
    services.plan_submit(plan=plan, workshop=workshop)
    changed = {1: Decimal("4"), 2: Decimal("2.5"), 3: Decimal("2")}
    services.plan_save_draft(plan=plan, data=_data(kpi_targets=changed), expected_revision=1)
    services.plan_submit(plan=plan, workshop=workshop)
    a, b = PlanVersion.objects.order_by("number")

    sections = {s.title: s for s in selectors.version_diff(a, b)}

    changed_rows = [row for row in sections["KPIs"].rows if row.changed]
    assert [(r.label, r.old, r.new) for r in changed_rows] == [
        ("見積回答日数: target, year 2", "3.00", "2.50")
    ]
    assert not sections["Roadmap"].changed
    assert not sections["Plan"].changed


def _saved_and_read_back(plan, data):
    services.plan_save_draft(plan=plan, data=data, expected_revision=plan.revision)
    return selectors.plan_queryset().get(pk=plan.pk)


def test_an_autosave_that_changes_only_a_text_writes_no_rows(plan, django_assert_max_num_queries):
    read = _saved_and_read_back(plan, _data())
    kpi_ids = set(Kpi.objects.filter(plan=plan).values_list("pk", flat=True))

    with django_assert_max_num_queries(7) as captured:
        saved = services.plan_save_draft(
            plan=read, data=_data(vision="新しいビジョン"), expected_revision=read.revision
        )

    assert not [q for q in captured.captured_queries if q["sql"].startswith(("INSERT", "DELETE"))]
    assert saved.revision == read.revision + 1
    assert Plan.objects.get(pk=plan.pk).vision_and_business_model == "新しいビジョン"
    assert set(Kpi.objects.filter(plan=plan).values_list("pk", flat=True)) == kpi_ids


def test_an_autosave_that_changes_a_kpi_target_rewrites_the_rows(plan):
    read = _saved_and_read_back(plan, _data())

    services.plan_save_draft(
        plan=read,
        data=_data(kpi_targets={1: Decimal("4"), 2: Decimal("3"), 3: Decimal("1")}),
        expected_revision=read.revision,
    )

    kpi = Kpi.objects.get(plan=plan)
    assert {t.plan_year: t.target for t in kpi.targets.all()}[3] == Decimal("1")


def test_an_autosave_that_changes_a_roadmap_budget_rewrites_the_rows(plan):
    read = _saved_and_read_back(plan, _data())
    roadmap = [
        {
            "title": "生産管理システム刷新",
            "start_year": 1,
            "end_year": 2,
            "owner": "DX推進室",
            "budget": [3_000_000, 2_000_000],
            "expected_outcome": "一元化",
        }
    ]

    services.plan_save_draft(
        plan=read, data=_data(roadmap=roadmap), expected_revision=read.revision
    )

    assert RoadmapInitiative.objects.get(plan=plan).budget == [3_000_000, 2_000_000]


def test_a_plan_read_before_another_save_has_its_rows_rewritten(plan):
    stale = _saved_and_read_back(plan, _data())
    services.plan_save_draft(
        plan=Plan.objects.get(pk=plan.pk),
        data=_data(kpi_targets={1: Decimal("9"), 2: Decimal("9"), 3: Decimal("9")}),
        expected_revision=stale.revision,
    )

    # The caller read the rows at an older revision, then saw the new one (e.g. after the
    # conflict); its stale rows are not taken for the database's.
    services.plan_save_draft(plan=stale, data=_data(), expected_revision=stale.revision + 1)

    kpi = Kpi.objects.get(plan=plan)
    assert {t.plan_year: t.target for t in kpi.targets.all()}[3] == Decimal("2")

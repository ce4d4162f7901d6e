"""A participant's day with the plan editor in Japanese (issue 14, points 1 to 3): what is
missing before submitting, the confirmation, a shorter period, named autosave errors, yen."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import (
    KpiFactory,
    KpiTargetFactory,
    PlanFactory,
    WorkshopFactory,
)
from workshops.models import KpiTarget, Plan, Submission

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECTIONS = Plan.SECTION_FIELDS


def _autosaved(response) -> bool:
    return "/autosave" in response.url and response.request.method == "POST"


def _no_overflow_at_390(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def empty_plan():
    enrolment = EnrolmentFactory()
    plan = PlanFactory(enrolment=enrolment, **{name: "" for name in SECTIONS})
    workshop = WorkshopFactory(cohort=enrolment.cohort, title_ja="最終DX計画の提出")
    return enrolment, plan, workshop


def test_an_empty_plan_cannot_be_submitted_and_a_complete_one_is_submitted_after_confirming(
    page, empty_plan, password
):
    enrolment, _plan, workshop = empty_plan
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(reverse("workshops:plan_editor", args=[enrolment.pk]))

    checklist = page.locator("#plan-checklist")
    expect(checklist).to_contain_text("KPIを1つ以上追加してください。")
    submit = page.locator(f"button[name='submit_workshop'][value='{workshop.pk}']")
    expect(submit.first).to_be_disabled()
    expect(submit.last).to_be_disabled()  # the sticky bar's
    assert_no_serious_axe_violations(page)
    screenshot(page, "plan-checklist-empty")
    _no_overflow_at_390(page)

    for name in SECTIONS:
        page.fill(f"textarea[name='plan-{name}']", "製造現場のデータで受注から出荷までをつなぐ。")
    for target in page.locator("select[name^='maturity-'][name$='-target']").all():
        target.select_option("3")
    page.click("[data-formset-add='kpis']")
    kpi = page.locator("[data-formset-rows='kpis'] [data-formset-row]").last
    kpi.locator("input[name$='-name']").fill("見積回答日数")
    kpi.locator("input[name$='-baseline']").fill("5")
    for year in (1, 2, 3):
        kpi.locator(f"input[name$='-target_{year}']").fill(str(5 - year))
    page.click("[data-formset-add='roadmap']")
    initiative = page.locator("[data-formset-rows='roadmap'] [data-formset-row]").last
    initiative.locator("input[name$='-title']").fill("見積の自動化")
    initiative.locator("select[name$='-start_year']").select_option("1")
    with page.expect_response(_autosaved) as reply:
        initiative.locator("select[name$='-end_year']").select_option("1")
    assert reply.value.json()["ok"]

    expect(checklist).to_contain_text("提出できます")
    expect(submit.first).to_be_enabled()
    screenshot(page, "plan-checklist-complete")

    # "Cancel" in the confirmation hands nothing in.
    page.once("dialog", lambda dialog: dialog.dismiss())
    submit.last.click()
    page.wait_for_timeout(300)
    assert not Submission.objects.exists()

    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    with page.expect_navigation():
        submit.last.click()
    assert "提出した版は後から変更できません" in messages[0]
    assert Submission.objects.filter(workshop=workshop, enrolment=enrolment).exists()
    screenshot(page, "plan-submitted-after-confirming")


@pytest.fixture
def five_year_plan():
    enrolment = EnrolmentFactory()
    plan = PlanFactory(enrolment=enrolment, horizon_years=5)
    kpi = KpiFactory(plan=plan, name="設備稼働率", unit="%")
    for year in range(1, 6):
        KpiTargetFactory(kpi=kpi, plan_year=year, target=60 + year)
    return enrolment, plan


def test_a_shorter_period_hides_its_columns_at_once_saves_and_gives_them_back(
    page, five_year_plan, password
):
    enrolment, plan = five_year_plan
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(reverse("workshops:plan_editor", args=[enrolment.pk]))
    year_4 = page.locator("input[name='kpis-0-target_4']")
    expect(year_4).to_be_visible()

    with page.expect_response(_autosaved) as reply:
        page.select_option("select[name='plan-horizon_years']", "3")
        expect(year_4).to_be_hidden()  # at once, before any save
        expect(page.locator("#kpi-table th[data-plan-year='4']")).to_be_hidden()

    assert reply.value.json()["ok"]
    assert Plan.objects.get(pk=plan.pk).horizon_years == 3
    assert KpiTarget.objects.filter(kpi__plan=plan, plan_year=4).exists()  # kept aside
    assert_no_serious_axe_violations(page)
    screenshot(page, "plan-period-shortened")

    page.select_option("select[name='plan-horizon_years']", "4")
    expect(year_4).to_be_visible()
    expect(year_4).to_have_value("64.00")


def test_a_refused_autosave_names_the_field_and_goes_to_it(page, five_year_plan, password):
    enrolment, _plan = five_year_plan
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(reverse("workshops:plan_editor", args=[enrolment.pk]))

    baseline = page.locator("input[name='kpis-0-baseline']")
    with page.expect_response(_autosaved) as reply:
        baseline.fill("")
        # The person moves on and scrolls back to the top before autosave answers.
        page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")

    assert reply.value.status == 400
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("KPI 1")
    expect(status).to_contain_text("基準値")
    expect(baseline).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(baseline).to_be_in_viewport()
    expect(baseline).to_be_focused()
    screenshot(page, "plan-autosave-named-error")


def test_the_roadmap_has_labelled_fields_and_budgets_read_with_separators_and_man_en(
    page, five_year_plan, password
):
    enrolment, _plan = five_year_plan
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(reverse("workshops:plan_editor", args=[enrolment.pk]))

    row = page.locator("[data-formset-rows='roadmap'] [data-formset-row]").first
    expect(row.get_by_label("開始（計画年目）")).to_be_visible()
    expect(row.get_by_label("終了（計画年目）")).to_be_visible()
    budget = row.locator("input[name$='-budget_1']")
    budget.fill("4500000")
    budget.blur()

    expect(budget).to_have_value("4,500,000")
    expect(row.locator("[data-yen-hint]").first).to_have_text("450万円")
    assert_no_serious_axe_violations(page)
    screenshot(page, "plan-roadmap-labelled")

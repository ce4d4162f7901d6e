"""A participant drafts the DX plan in a real browser: sections, new rows, autosave, reload."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import PlanFactory
from workshops import limits

pytestmark = [
    pytest.mark.browser,
    # The live server runs in another thread, so the data must be committed; serialized
    # rollback puts back what the migrations made (roles, the home page) for the tests after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VISION = "製造ラインのデータで受注から出荷までをつなぎ、三年で新しい保守サービスを始める。"


@pytest.fixture
def author():
    enrolment = EnrolmentFactory()
    plan = PlanFactory(enrolment=enrolment, horizon_years=3)
    return enrolment, plan


def _autosaved(response) -> bool:
    # On a slow machine a save may fire between two fields, for a half-typed row, and be
    # refused; the one that counts is the save after the last keystroke.
    return "/autosave" in response.url and response.request.method == "POST" and response.ok


def test_a_participant_adds_kpi_and_roadmap_rows_that_autosave_and_survive_a_reload(
    browser_context, page, author, password
):
    enrolment, plan = author
    editor_url = reverse("workshops:plan_editor", args=[enrolment.pk])
    log_in(page, email=enrolment.user.email, password=password)
    assert_no_serious_axe_violations(page)  # the dashboard, where log-in lands
    screenshot(page, "dashboard")

    page.goto(editor_url)
    page.fill("textarea[name='plan-vision_and_business_model']", VISION)
    kpi_rows = page.locator("[data-formset-rows='kpis'] [data-formset-row]")
    kpis_before = kpi_rows.count()
    page.click("[data-formset-add='kpis']")
    new_kpi = kpi_rows.nth(kpis_before)
    new_kpi.locator("input[name$='-name']").fill("保守契約の売上比率")
    new_kpi.locator("input[name$='-unit']").fill("%")
    new_kpi.locator("input[name$='-baseline']").fill("5")
    for year, target in ((1, "10"), (2, "20"), (3, "30")):
        new_kpi.locator(f"input[name$='-target_{year}']").fill(target)
    roadmap_rows = page.locator("[data-formset-rows='roadmap'] [data-formset-row]")
    initiatives_before = roadmap_rows.count()
    page.click("[data-formset-add='roadmap']")
    new_initiative = roadmap_rows.nth(initiatives_before)
    new_initiative.locator("input[name$='-title']").fill("設備稼働データの収集基盤")
    new_initiative.locator("select[name$='-start_year']").select_option("1")
    new_initiative.locator("select[name$='-end_year']").select_option("2")
    new_initiative.locator("input[name$='-owner']").fill("製造部長")
    new_initiative.locator("input[name$='-budget_1']").fill("3000000")
    with page.expect_response(_autosaved) as reply:  # a few seconds after the last keystroke
        new_initiative.locator("input[name$='-budget_2']").fill("1500000")
    assert reply.value.json()["ok"]
    status = page.locator("#autosave-status")
    expect(status).to_contain_text(status.get_attribute("data-saved"))
    assert_no_serious_axe_violations(page)
    screenshot(page, "plan-editor-rows-added")
    page.close()

    reopened = browser_context.new_page()
    reopened.goto(editor_url)

    expect(reopened.locator("textarea[name='plan-vision_and_business_model']")).to_have_value(
        VISION
    )
    expect(reopened.locator("input[name='kpis-0-name']")).to_have_value("保守契約の売上比率")
    expect(reopened.locator("input[name='kpis-0-target_3']")).to_have_value("30.00")
    expect(reopened.locator("input[name='roadmap-0-title']")).to_have_value(
        "設備稼働データの収集基盤"
    )
    expect(reopened.locator("input[name='roadmap-0-budget_2']")).to_have_value("1,500,000")
    screenshot(reopened, "plan-editor-reopened")
    plan.refresh_from_db()
    assert plan.kpis.get().name == "保守契約の売上比率"
    assert plan.roadmap.get().budget == [3000000, 1500000]


def test_removing_a_saved_row_deletes_it_on_the_next_autosave(page, author, password):
    enrolment, plan = author
    editor_url = reverse("workshops:plan_editor", args=[enrolment.pk])
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(editor_url)
    page.click("[data-formset-add='kpis']")
    row = page.locator("[data-formset-rows='kpis'] [data-formset-row]").last
    row.locator("input[name$='-name']").fill("DX人材の人数")
    row.locator("input[name$='-baseline']").fill("1")
    row.locator("input[name$='-target_1']").fill("2")
    row.locator("input[name$='-target_2']").fill("4")
    with page.expect_response(_autosaved) as first:
        row.locator("input[name$='-target_3']").fill("6")
    assert first.value.json()["ok"]
    assert plan.kpis.exists()

    with page.expect_response(_autosaved) as second:
        row.locator("[data-formset-remove]").click()

    assert second.value.json()["ok"]
    expect(row).to_be_hidden()
    assert not plan.kpis.exists()


def test_on_a_phone_the_plan_editor_fits_the_screen_and_the_kpi_table_scrolls_inside_itself(
    page, author, password
):
    enrolment, _plan = author
    log_in(page, email=enrolment.user.email, password=password)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(reverse("workshops:plan_editor", args=[enrolment.pk]))

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    table_wrapper = page.locator(".table-responsive:has(#kpi-table)")
    assert table_wrapper.evaluate("(wrapper) => wrapper.scrollWidth > wrapper.clientWidth")
    # Each input keeps room for what is typed in it (12rem for a KPI's name).
    name_width = page.locator("#kpi-table input[name$='-name']").first.bounding_box()["width"]
    assert name_width >= 150
    screenshot(page, "plan-editor-phone")


def _switch_tab(page, state: str) -> None:
    """What the browser does when another tab is chosen ("hidden") and this one again."""
    page.evaluate(
        """(state) => {
            Object.defineProperty(document, "visibilityState", {value: state, configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        state,
    )


def test_after_switching_tabs_autosave_builds_on_its_own_save_instead_of_meeting_a_conflict(
    page, author, password
):
    enrolment, plan = author
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(reverse("workshops:plan_editor", args=[enrolment.pk]))
    vision = page.locator("textarea[name='plan-vision_and_business_model']")

    vision.fill("製造ラインのデータをつなぐ。")
    with page.expect_response(_autosaved) as on_hiding:  # sent at once, not after the delay
        _switch_tab(page, "hidden")
    _switch_tab(page, "visible")
    with page.expect_response(lambda r: "/autosave" in r.url) as next_save:
        vision.fill("製造ラインのデータをつなぎ、保守サービスを始める。")

    assert on_hiding.value.json()["ok"]
    assert next_save.value.status == 200, next_save.value.json()
    plan.refresh_from_db()
    assert plan.vision_and_business_model == "製造ラインのデータをつなぎ、保守サービスを始める。"
    expect(page.locator("#autosave-status")).not_to_have_class("text-warning-emphasis")


def test_leaving_while_the_last_autosave_was_refused_asks_first(page, author, password):
    enrolment, _plan = author
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(reverse("workshops:plan_editor", args=[enrolment.pk]))
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))

    row = page.locator("[data-formset-rows='kpis'] [data-formset-row]").first
    with page.expect_response(lambda r: "/autosave" in r.url) as refused:
        row.locator("input[name$='-name']").fill("DX人材の人数")  # no baseline: refused
    # The page has read the refusal (its status says so) before the person leaves.
    expect(page.locator("#autosave-status")).to_have_class(re.compile("text-danger"))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)

    assert refused.value.status == 400
    assert asked == ["beforeunload"]


def _autosave_answered(response) -> bool:
    return "/autosave" in response.url and response.request.method == "POST"


def test_typing_past_a_sections_limit_warns_refuses_the_save_and_keeps_every_character(
    page, author, password
):
    enrolment, plan = author
    limit = limits.PLAN_SECTION_MAX_CHARS
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(reverse("workshops:plan_editor", args=[enrolment.pk]))
    box = page.locator("textarea[name='plan-vision_and_business_model']")
    counter = page.locator("#id_plan-vision_and_business_model-counter")
    typed_before = plan.vision_and_business_model
    expect(counter).to_have_text(re.compile(rf"^{len(typed_before)} / {limit:,}"))

    box.fill("あ" * (limit - 5))
    expect(counter).to_contain_text(f"{limit - 5:,} / {limit:,}")
    expect(counter).to_have_class(re.compile("text-warning-emphasis"))
    with page.expect_response(_autosave_answered) as reply:
        box.press_sequentially("いうえおかきく")  # seven characters: two past the limit

    assert reply.value.status == 400
    expect(counter).to_have_attribute("data-over", "")
    expect(counter).to_have_class(re.compile("text-danger"))
    expect(counter).to_contain_text(f"{limit + 2:,} / {limit:,}")
    expect(counter.locator("[data-text-over-message]")).not_to_be_empty()
    status = page.locator("#autosave-status")
    expect(status).to_have_class(re.compile("text-danger"))
    expect(status).to_contain_text(
        str(plan._meta.get_field("vision_and_business_model").verbose_name)
    )
    expect(box).to_have_value("あ" * (limit - 5) + "いうえおかきく")
    screenshot(page, "plan-editor-over-the-limit")
    plan.refresh_from_db()
    assert plan.vision_and_business_model == typed_before

    with page.expect_response(_autosaved):
        box.press("Backspace")
        box.press("Backspace")
    expect(counter).not_to_have_attribute("data-over", "")
    plan.refresh_from_db()
    assert plan.vision_and_business_model == "あ" * (limit - 5) + "いうえおか"

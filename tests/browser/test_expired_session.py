"""Nothing typed is lost when the sign-in goes (issue "hardening", point 9): the session expires,
or the CSRF token goes stale after logging in again in another tab, while a participant writes the
DX plan in Japanese; the editor says so at once, and after logging in again every word is back."""

import tempfile
from pathlib import Path

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.db.models import F
from django.urls import reverse
from playwright.sync_api import expect

from tests.cohorts.factories import EnrolmentFactory
from tests.workshops.factories import PlanFactory
from workshops.models import Kpi, Plan, RoadmapInitiative

from .conftest import assert_no_serious_axe_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Typed into the form after the sign-in is gone: every one must come back.
SECTIONS = {
    "plan-vision_and_business_model": "受注から出荷までをつなぎ、保守で稼ぐ会社になる。",
    "plan-organisation": "DX推進室を社長直轄にし、毎年三人を育成する。",
    "plan-it_systems_and_cybersecurity": "取締役会で四半期ごとにサイバーリスクを確認する。",
}
KPI = {"name": "保守契約の売上比率", "unit": "%", "baseline": "5", "target_1": "10"}
INITIATIVE = "設備稼働データの収集基盤"
# Outside the repository, to look at: the banner and the restored notice in Japanese.
SCREENSHOTS = Path(tempfile.gettempdir()) / "expired-session-screenshots"


@pytest.fixture
def author():
    enrolment = EnrolmentFactory()
    PlanFactory(enrolment=enrolment, horizon_years=3)
    return enrolment


def _end_the_session_on_the_server(context) -> None:
    """As an expiry does: the browser still sends its cookie, the server knows it no more."""
    key = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    SessionStore(session_key=key).delete()


def _type_the_plan(page) -> None:
    for name, text in SECTIONS.items():
        page.fill(f"textarea[name='{name}']", text)
    page.select_option("select[name='maturity-0-current']", "2")
    kpi_rows = page.locator("[data-formset-rows='kpis'] [data-formset-row]")
    before = kpi_rows.count()
    page.click("[data-formset-add='kpis']")
    row = kpi_rows.nth(before)
    for field, value in KPI.items():
        row.locator(f"input[name$='-{field}']").fill(value)


def _add_an_initiative(page) -> None:
    rows = page.locator("[data-formset-rows='roadmap'] [data-formset-row]")
    before = rows.count()
    page.click("[data-formset-add='roadmap']")
    row = rows.nth(before)
    row.locator("input[name$='-title']").fill(INITIATIVE)
    row.locator("select[name$='-start_year']").select_option("1")
    row.locator("select[name$='-end_year']").select_option("2")


def _log_in_on_the_page_shown(page, *, email, password) -> None:
    page.fill("input[name='username']", email)
    page.fill("input[name='password']", password)
    with page.expect_navigation():
        page.locator("form:has(input[name='password']) [type='submit']").click()


def _values(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("inputs => inputs.map(input => input.value)")


def _every_word_is_in_the_form(page) -> None:
    for name, text in SECTIONS.items():
        expect(page.locator(f"textarea[name='{name}']")).to_have_value(text)
    expect(page.locator("select[name='maturity-0-current']")).to_have_value("2")
    for field, value in KPI.items():
        assert value in _values(page, f"[data-formset-rows='kpis'] input[name$='-{field}']")
    assert INITIATIVE in _values(page, "[data-formset-rows='roadmap'] input[name$='-title']")


def _the_server_has_every_word(page, enrolment) -> None:
    plan = Plan.objects.get(enrolment=enrolment)
    for name, text in SECTIONS.items():
        assert getattr(plan, name.removeprefix("plan-")) == text
    kpi = Kpi.objects.get(plan=plan, name=KPI["name"])
    assert kpi.unit == "%"
    assert kpi.targets.get(plan_year=1).target == 10
    assert RoadmapInitiative.objects.filter(plan=plan, title=INITIATIVE).exists()
    dimension = page.input_value("input[name='maturity-0-dimension']")
    assert plan.maturity_scores.get(dimension=dimension).current == 2


def _kept_copy(page, enrolment):
    return page.evaluate(f"localStorage.getItem('dx-plan:{enrolment.pk}')")


def test_text_typed_after_the_session_expired_comes_back_after_logging_in_and_is_saved(
    browser_context, page, author, password
):
    enrolment = author
    editor_url = reverse("workshops:plan_editor", args=[enrolment.pk])
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(editor_url)
    SCREENSHOTS.mkdir(exist_ok=True)

    _end_the_session_on_the_server(browser_context)
    with page.expect_response(lambda r: "/autosave" in r.url) as autosave:
        _type_the_plan(page)
    assert autosave.value.status == 401
    banner = page.locator("#signed-out-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("ログインが切れたため、変更は保存されていません。")
    expect(banner.get_by_role("link", name="もう一度ログイン")).to_have_attribute(
        "href", f"{reverse('school:login')}?next={editor_url}"
    )
    banner.screenshot(path=SCREENSHOTS / "banner-ja.png")
    assert_no_serious_axe_violations(page)
    page.screenshot(path=SCREENSHOTS / "banner-page-ja.png")
    _add_an_initiative(page)  # typed after the banner: kept too

    with page.expect_navigation():
        page.get_by_role("button", name="下書きを保存").click()
    assert reverse("school:login") in page.url and "next=" in page.url
    _log_in_on_the_page_shown(page, email=enrolment.user.email, password=password)

    assert page.url.endswith(editor_url)
    notice = page.locator("#local-copy-restored")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("もう一度ログインする前に入力していた")
    expect(notice).to_contain_text("内容を確認して保存してください。")
    _every_word_is_in_the_form(page)
    page.screenshot(path=SCREENSHOTS / "restored-ja.png")
    notice.screenshot(path=SCREENSHOTS / "restored-notice-ja.png")
    assert_no_serious_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("button", name="下書きを保存").click()
    expect(page.get_by_text("計画を保存しました。")).to_be_visible()
    expect(page.locator("#local-copy-restored")).to_be_hidden()
    _the_server_has_every_word(page, enrolment)
    assert _kept_copy(page, enrolment) is None


def test_a_stale_csrf_token_after_logging_in_again_in_another_tab_loses_nothing(
    browser_context, page, author, password
):
    enrolment = author
    editor_url = reverse("workshops:plan_editor", args=[enrolment.pk])
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(editor_url)
    other_tab = browser_context.new_page()
    other_tab.goto("/")
    with other_tab.expect_navigation():
        other_tab.locator("form[action$='/logout/'] [type='submit']").click()
    log_in(other_tab, email=enrolment.user.email, password=password)
    other_tab.close()

    with page.expect_response(lambda r: "/autosave" in r.url) as autosave:
        _type_the_plan(page)
    assert autosave.value.status == 403
    expect(page.locator("#stale-page-banner")).to_be_visible()
    expect(page.locator("#stale-page-banner")).to_contain_text("このページは古くなっている")
    _add_an_initiative(page)

    with page.expect_navigation():
        page.get_by_role("button", name="下書きを保存").click()
    expect(page.locator("h1")).to_have_text("ページの有効期限が切れました")
    page.screenshot(path=SCREENSHOTS / "csrf-failure-ja.png")
    with page.expect_navigation():
        page.locator("#csrf-back").click()

    assert page.url.endswith(editor_url)
    expect(page.locator("#local-copy-restored")).to_be_visible()
    _every_word_is_in_the_form(page)
    with page.expect_navigation():
        page.get_by_role("button", name="下書きを保存").click()
    expect(page.get_by_text("計画を保存しました。")).to_be_visible()
    _the_server_has_every_word(page, enrolment)
    assert _kept_copy(page, enrolment) is None


def test_discarding_the_kept_text_shows_the_saved_plan_again(
    browser_context, page, author, password
):
    enrolment = author
    editor_url = reverse("workshops:plan_editor", args=[enrolment.pk])
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(editor_url)
    saved_vision = Plan.objects.get(enrolment=enrolment).vision_and_business_model
    _end_the_session_on_the_server(browser_context)
    with page.expect_response(lambda r: "/autosave" in r.url):
        _type_the_plan(page)
    page.get_by_role("link", name="もう一度ログイン").click()
    _log_in_on_the_page_shown(page, email=enrolment.user.email, password=password)
    expect(page.locator("#local-copy-restored")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="このブラウザに保管した内容を破棄").click()

    expect(page.locator("#local-copy-restored")).to_be_hidden()
    vision = page.locator("textarea[name='plan-vision_and_business_model']")
    expect(vision).to_have_value(saved_vision)
    assert _kept_copy(page, enrolment) is None


def test_text_kept_from_before_the_plan_was_saved_elsewhere_is_offered_not_put_in(
    browser_context, page, author, password
):
    enrolment = author
    log_in(page, email=enrolment.user.email, password=password)
    page.goto(reverse("workshops:plan_editor", args=[enrolment.pk]))
    _end_the_session_on_the_server(browser_context)
    with page.expect_response(lambda r: "/autosave" in r.url):
        _type_the_plan(page)
    _add_an_initiative(page)
    # Meanwhile the plan is saved on another device.
    Plan.objects.filter(enrolment=enrolment).update(
        revision=F("revision") + 1, vision_and_business_model="別の端末で保存した文章"
    )
    page.get_by_role("link", name="もう一度ログイン").click()
    _log_in_on_the_page_shown(page, email=enrolment.user.email, password=password)

    vision = page.locator("textarea[name='plan-vision_and_business_model']")
    expect(page.locator("#local-copy-older")).to_be_visible()
    expect(page.locator("#local-copy-restored")).to_be_hidden()
    expect(vision).to_have_value("別の端末で保存した文章")

    page.get_by_role("button", name="保管した内容を復元").click()

    expect(page.locator("#local-copy-restored")).to_be_visible()
    expect(page.locator("#local-copy-older")).to_be_hidden()
    _every_word_is_in_the_form(page)

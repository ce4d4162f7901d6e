"""Finding one's way (issue 14, points 10 and 18): a participant reaches the course content
from the menu and walks through the modules; a visitor reads the public site, its menu and the
programme page's call to apply. Japanese first, at desktop width and at 390 px."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, log_in, screenshot
from tests.cms.factories import home_page, module_page, programme_page, standard_page
from tests.cohorts.factories import (
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def course():
    page = programme_page(slug="executive", how_to_apply="<p>事務局にお申し込みください。</p>")
    first = module_page(page, title="DXビジョンと経営戦略", slug="vision")
    second = module_page(page, title="データに基づく経営", slug="data")
    cohort = CohortFactory(programme=ProgrammeFactory(page=page), name_ja="2026年度")
    SessionFactory(
        cohort=cohort,
        name_ja="DXビジョンと経営戦略",
        module_page=first,
        starts_at=timezone.now() + timedelta(days=2),
    )
    SessionFactory(
        cohort=cohort,
        name_ja="データに基づく経営",
        module_page=second,
        starts_at=timezone.now() + timedelta(days=16),
    )
    standard_page(title="スクールについて", slug="about", show_in_menus=True)
    cache.clear()
    return EnrolmentFactory(cohort=cohort), page, first, second


def _fits_390(page, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_participant_finds_the_modules_from_the_menu_and_walks_through_them(
    page, course, password
):
    enrolment, _programme, first, second = course
    log_in(page, email=enrolment.user.email, password=password)

    panel = page.locator(".dashboard-panel", has_text="学習コンテンツ")
    expect(panel.get_by_role("link", name="1. DXビジョンと経営戦略")).to_be_visible()
    screenshot(page, "course-dashboard")

    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="学習コンテンツ"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("学習コンテンツ")
    expect(page.get_by_text("講義回：データに基づく経営")).to_be_visible()
    screenshot(page, "course-modules")
    assert_no_serious_axe_violations(page)
    _fits_390(page, "course-modules")

    page.get_by_role("link", name=first.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    page.get_by_role("link", name=f"{second.title} →").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)
    expect(page.get_by_role("link", name=f"← {first.title}")).to_be_visible()

    page.goto("/cohorts/schedule/")
    page.get_by_role("button", name="コピー").click()
    expect(page.get_by_role("status")).not_to_be_empty()
    expect(page.get_by_role("link", name="Googleカレンダーに追加")).to_be_visible()
    screenshot(page, "schedule-calendar")
    assert_no_serious_axe_violations(page)
    _fits_390(page, "schedule-calendar")
    page.get_by_role("link", name=second.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)


def test_a_visitor_reads_the_about_page_and_is_asked_to_apply_on_the_programme_page(page, course):
    _enrolment, programme, _first, _second = course
    page.goto(home_page().url)
    assert page.title() == "DX経営スクール"
    screenshot(page, "public-home")
    _fits_390(page, "public-home")

    page.get_by_role("navigation", name="メインナビゲーション").get_by_role(
        "link", name="スクールについて"
    ).click()
    assert page.title() == "スクールについて | DX経営スクール"

    page.goto(programme.url)
    expect(page.get_by_text("2026年度：", exact=False).first).to_be_visible()
    page.get_by_role("link", name="受講を申し込む").first.click()
    assert page.url.endswith("#apply")
    screenshot(page, "public-programme")
    assert_no_serious_axe_violations(page)
    _fits_390(page, "public-programme")

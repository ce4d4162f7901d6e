"""The public site as a visitor meets it (issue 14, point 18): the page title said once, the
about page in the menu, an application call to action, and the programme's dates from its
cohorts in Japanese."""

import datetime
import re

import pytest
from django.core.cache import cache

from tests.cms.factories import home_page, programme_page, standard_page
from tests.cohorts.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _title(content: str) -> str:
    return re.search(r"<title>(.*?)</title>", content, re.S).group(1).strip()


def test_the_home_page_says_the_schools_name_once_in_its_title(client):
    content = client.get(home_page().url).content.decode()

    assert _title(content) == "DX経営スクール"


def test_another_page_has_its_own_title_then_the_schools_name(client):
    page = standard_page(title="スクールについて", slug="about", show_in_menus=True)

    content = client.get(page.url).content.decode()

    assert _title(content) == "スクールについて | DX経営スクール"


def test_the_menu_links_the_about_page_for_visitors(client):
    page = standard_page(title="スクールについて", slug="about", show_in_menus=True)

    content = client.get(home_page().url).content.decode()

    assert f'<a class="nav-link" href="{page.url}">スクールについて</a>' in content


def test_the_programme_page_calls_visitors_to_apply(client):
    page = programme_page(how_to_apply="<p>事務局にお申し込みください。</p>")

    content = client.get(page.url).content.decode()

    assert 'href="#apply">受講を申し込む</a>' in content
    assert 'id="apply"' in content


def test_the_programme_page_gives_its_dates_from_the_next_cohort_in_japanese(client):
    page = programme_page()
    CohortFactory(
        programme=ProgrammeFactory(page=page),
        name_ja="2099年度",
        starts_on=datetime.date(2099, 6, 3),
        ends_on=datetime.date(2099, 9, 9),
    )

    content = client.get(page.url).content.decode()

    assert "2099年度：2099年6月3日〜2099年9月9日" in content

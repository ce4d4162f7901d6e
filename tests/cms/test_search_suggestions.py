"""The home page suggests searches (データ活用, 事例; data, case study): the demo's public pages
answer them for a visitor, and the English site searches its English pages (issue 14,
point 11)."""

import io

import pytest
from django.utils import translation

from cms.demo import seed_course_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_pages():
    seed_course_content(stdout=io.StringIO())


def _titles(response):
    return [result.title for result in response.context["results"]]


@pytest.mark.parametrize("query", ["データ活用", "事例"])
def test_a_visitor_finds_public_pages_for_the_home_pages_suggested_queries(
    client, demo_pages, query
):
    response = client.get("/ja/search/", {"q": query})

    assert "DX経営者育成プログラム" in _titles(response)


@pytest.mark.parametrize("query", ["data", "case study"])
def test_the_english_site_finds_english_pages_for_its_suggested_queries(client, demo_pages, query):
    response = client.get("/en/search/", {"q": query})

    assert "DX Executive Programme" in _titles(response)


def test_the_english_pages_search_form_searches_the_english_site(client, demo_pages):
    content = client.get("/en/").content.decode()

    assert 'action="/en/search/"' in content


def test_the_suggested_queries_are_the_ones_the_search_box_shows():
    with translation.override("ja"):
        assert translation.gettext("e.g. data, case study") == "例：データ活用、事例"

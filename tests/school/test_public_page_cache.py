import pytest
from django.test import Client

from tests.cms.factories import home_page, programme_page


@pytest.fixture
def cache_on(settings):
    from django.core.cache import cache

    cache.clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    yield
    cache.clear()


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_a_public_page_from_the_cache_the_second_time(client, cache_on):
    programme = programme_page()

    first = client.get(programme.url)
    second = client.get(programme.url)

    assert first.status_code == second.status_code == 200
    assert first["X-Public-Cache"] == "miss"
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


@pytest.mark.django_db
def test_a_cached_page_is_kept_per_language(cache_on):
    home_page("ja")
    japanese = Client().get("/")
    english = Client(headers={"accept-language": "en"}).get("/")
    english_again = Client(headers={"accept-language": "en"}).get("/")

    assert japanese["X-Public-Cache"] == "miss"
    assert english["X-Public-Cache"] == "miss"
    assert english_again["X-Public-Cache"] == "hit"


@pytest.mark.django_db
def test_a_signed_in_user_never_gets_a_cached_page(client, participant, cache_on):
    programme = programme_page()
    Client().get(programme.url)

    client.force_login(participant)
    response = client.get(programme.url)

    assert "X-Public-Cache" not in response
    assert participant.full_name in response.content.decode()


@pytest.mark.django_db
def test_a_page_that_sets_a_cookie_is_not_cached(cache_on):
    # The log-in form carries a CSRF token, so it is each visitor's own.
    Client().get("/accounts/login/")
    response = Client().get("/accounts/login/")

    assert "X-Public-Cache" not in response or response["X-Public-Cache"] == "miss"
    assert "csrftoken" in response.cookies


@pytest.mark.django_db
def test_an_enrolled_only_page_is_never_cached_for_anonymous_visitors(client, cache_on):
    from tests.cms.factories import module_page

    module = module_page(programme_page())

    first = client.get(module.url)
    second = client.get(module.url)

    assert first.status_code == second.status_code == 302
    assert "X-Public-Cache" not in second

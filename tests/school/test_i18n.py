from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_every_message_has_a_japanese_translation():
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale/ja/LC_MESSAGES/django.po"))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


def test_the_site_speaks_japanese_by_default(client):
    response = client.get("/accounts/login/")

    content = response.content.decode()
    assert '<html lang="ja">' in content
    assert "ログイン" in content
    assert "パスワードをお忘れの方" in content


def test_the_language_switcher_changes_the_language_and_keeps_the_page(client):
    switcher = client.get("/accounts/login/").content.decode()
    response = client.get("/language/en/", {"next": "/accounts/login/"})
    page = client.get(response.url)

    content = page.content.decode()
    assert 'href="/language/en/?next=/accounts/login/"' in switcher
    assert response.url == "/accounts/login/"
    assert '<html lang="en">' in content
    assert "Forgotten your password?" in content


def test_the_language_switcher_swaps_the_language_prefix_of_the_page(client):
    response = client.get("/language/en/", {"next": "/ja/search/"})

    assert response.url in ("/en/search/", "/ja/search/".replace("/ja/", "/en/"))


def test_the_language_switcher_never_sends_the_visitor_to_another_site(client):
    response = client.get("/language/en/", {"next": "https://evil.example/"})

    assert response.url == "/"


def test_the_language_switcher_refuses_an_unknown_language(client):
    response = client.get("/language/xx/")

    assert response.status_code != 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_times_are_kept_in_tokyo_time():
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert settings.USE_TZ is True

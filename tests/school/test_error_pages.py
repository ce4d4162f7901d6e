import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from tests.cms.factories import home_page
from tests.cohorts.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_404_with_the_site_s_own_page_in_japanese(client):
    home_page()

    response = client.get("/ja/no-such-page/")

    assert response.status_code == 404
    with translation.override("ja"):
        assert "ページが見つかりません" in response.content.decode()
    assert 'href="/"' in response.content.decode()


def test_a_refusal_answers_403_with_the_site_s_own_page(client):
    owner, other = EnrolmentFactory(), EnrolmentFactory()
    client.force_login(other.user)

    response = client.get(reverse("workshops:plan_editor", args=[owner.pk]))

    assert response.status_code == 403
    assert "権限がありません" in response.content.decode()


def test_a_server_error_answers_500_with_a_page_in_both_languages():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "エラーが発生しました" in response.content.decode()
    assert "Server error" in response.content.decode()

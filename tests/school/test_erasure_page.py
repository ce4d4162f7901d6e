"""The administrator's erasure page in the Wagtail admin: what will be erased, and the typed
address that confirms it. Who may open it at all is in test_access_policy.py."""

import html

import pytest
from django.urls import reverse

from school.erasure.parts import erased_email
from tests.cohorts.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, programme_administrator):
    client.force_login(programme_administrator)
    return client


def _page(user):
    return reverse("school_admin_erasure_person", args=[user.pk])


def test_the_find_page_leads_to_the_persons_erasure_page(admin_client):
    person = EnrolmentFactory().user

    response = admin_client.get(reverse("school_admin_erasure"), {"email": person.email.upper()})

    assert response.status_code == 302
    assert response["Location"] == _page(person)


def test_the_erasure_page_shows_the_person_what_will_be_erased_and_a_warning_in_both_languages(
    admin_client,
):
    person = EnrolmentFactory().user

    text = html.unescape(admin_client.get(_page(person)).content.decode())

    assert person.email in text
    assert "この操作は取り消せません" in text
    assert "This cannot be undone" in text
    assert "受講登録（残し、匿名化）" in text


def test_a_wrong_address_typed_erases_nothing(admin_client):
    person = EnrolmentFactory().user

    response = admin_client.post(
        _page(person), {"confirm_email": "someone@else.example", "reason": "本人の申し出"}
    )

    person.refresh_from_db()
    assert response.status_code == 200
    assert person.is_active and person.email != erased_email(person)


def test_the_persons_address_typed_erases_them(admin_client):
    person = EnrolmentFactory().user

    response = admin_client.post(
        _page(person), {"confirm_email": person.email.upper(), "reason": "本人の申し出"}
    )

    person.refresh_from_db()
    assert response.status_code == 302
    assert person.email == erased_email(person) and not person.is_active


def test_an_administrator_cannot_erase_their_own_account(admin_client, programme_administrator):
    response = admin_client.post(
        _page(programme_administrator),
        {"confirm_email": programme_administrator.email, "reason": "test"},
    )

    programme_administrator.refresh_from_db()
    assert response.status_code == 200
    assert programme_administrator.is_active


def test_the_users_list_of_the_admin_links_each_person_to_their_erasure_page(admin_client):
    person = EnrolmentFactory().user

    text = admin_client.get(reverse("wagtailusers_users:index")).content.decode()

    assert _page(person) in text

"""Lockouts per account and address, a limit per address, and throttled password resets whose
links never come from the request's Host header."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.school.factories import (
    DEFAULT_PASSWORD,
    ParticipantFactory,
    ProgrammeAdministratorFactory,
)

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
STRANGER = "203.0.113.66"
OFFICE = "198.51.100.10"
SEMINAR_ROOM = "192.0.2.40"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _log_in(client, email, password, address, url=SITE_LOGIN):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN], ids=["site", "admin"])
def test_a_stranger_cannot_lock_the_programme_office_out(client, url):
    office = ProgrammeAdministratorFactory()
    for _ in range(10):
        _log_in(client, office.email, "wrong-password", STRANGER, url)

    response = _log_in(client, office.email, DEFAULT_PASSWORD, OFFICE, url)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(office.pk)


def test_the_stranger_is_locked_out_of_that_account_from_their_address(client):
    office = ProgrammeAdministratorFactory()
    for _ in range(6):
        _log_in(client, office.email, "wrong-password", STRANGER)

    response = _log_in(client, office.email, DEFAULT_PASSWORD, STRANGER)

    assert response.status_code == 429


def test_a_cohort_behind_one_address_is_not_locked_out_together(client):
    typist, *others = ParticipantFactory.create_batch(5)
    for _ in range(6):
        _log_in(client, typist.email, "wrong-password", SEMINAR_ROOM)
    for person in others:
        _log_in(client, person.email, "one-typo", SEMINAR_ROOM)

    answers = [
        _log_in(client, person.email, DEFAULT_PASSWORD, SEMINAR_ROOM).status_code
        for person in others
    ]

    assert answers == [302] * len(others)


def test_guessing_across_many_accounts_from_one_address_is_throttled(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    targets = ParticipantFactory.create_batch(8)
    for person in targets:
        _log_in(client, person.email, "Winter2026!", STRANGER)
    untouched = ParticipantFactory()

    from_stranger = _log_in(client, untouched.email, DEFAULT_PASSWORD, STRANGER)
    from_elsewhere = _log_in(client, untouched.email, DEFAULT_PASSWORD, OFFICE)

    assert from_stranger.status_code == 429
    assert "_auth_user_id" in client.session  # the log-in from elsewhere
    assert from_elsewhere.status_code == 302


def test_a_throttled_address_is_told_why_in_japanese(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 1
    person = ParticipantFactory()
    _log_in(client, person.email, "wrong-password", STRANGER)

    response = _log_in(client, person.email, DEFAULT_PASSWORD, STRANGER)

    assert "お使いのネットワークから" in response.content.decode()


def test_the_admin_log_in_is_throttled_by_address_too(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    office = ProgrammeAdministratorFactory()
    for person in ParticipantFactory.create_batch(3):
        _log_in(client, person.email, "wrong-password", STRANGER, ADMIN_LOGIN)

    _log_in(client, office.email, DEFAULT_PASSWORD, STRANGER, ADMIN_LOGIN)

    assert "_auth_user_id" not in client.session


# --- Password reset -------------------------------------------------------------------------


def _reset(client, email, address=OFFICE, **extra):
    return client.post(
        reverse("school:password_reset"), {"email": email}, REMOTE_ADDR=address, **extra
    )


def test_the_reset_link_is_built_on_site_url_not_on_the_host_header(client, settings):
    settings.SITE_URL = "https://school.example.jp"
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    person = ParticipantFactory()

    _reset(client, person.email, HTTP_HOST="evil.example")

    body = mail.outbox[0].body
    assert "https://school.example.jp/accounts/password/reset/" in body
    assert "evil.example" not in body


def test_one_account_gets_at_most_three_reset_emails_an_hour_whoever_asks(client):
    person = ParticipantFactory()
    answers = [
        _reset(client, person.email, address=f"198.51.100.{n}").status_code for n in range(6)
    ]

    assert answers == [302] * 6  # the page says the same every time
    assert len(mail.outbox) == 3


def test_one_address_may_ask_for_ten_resets_an_hour(client):
    people = ParticipantFactory.create_batch(11)
    answers = [_reset(client, person.email, address=STRANGER).status_code for person in people]

    assert answers == [302] * 10 + [429]
    assert len(mail.outbox) == 10
    assert _reset(client, people[-1].email, address=OFFICE).status_code == 302

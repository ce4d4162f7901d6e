import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.school.factories import DEFAULT_PASSWORD, ParticipantFactory

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _log_in(client, url, email, password):
    return client.post(url, {"username": email, "password": password})


def test_a_participant_logs_in_with_email_and_password_and_lands_on_the_dashboard(
    client, participant
):
    response = _log_in(client, SITE_LOGIN, participant.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("school:dashboard")
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_the_email_address_is_matched_whatever_its_case(client, participant):
    response = _log_in(client, SITE_LOGIN, participant.email.upper(), DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_a_wrong_password_shows_an_error_and_keeps_the_email_typed(client, participant):
    response = _log_in(client, SITE_LOGIN, participant.email, "wrong-password")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors
    assert f'value="{participant.email}"' in response.content.decode()


def test_the_session_key_changes_at_log_in(client, participant):
    client.get(SITE_LOGIN)
    client.session.save()
    key_before = client.session.session_key

    _log_in(client, SITE_LOGIN, participant.email, DEFAULT_PASSWORD)

    assert client.session.session_key != key_before
    assert client.session["_auth_user_id"] == str(participant.pk)


@pytest.mark.parametrize("login_url", [SITE_LOGIN, ADMIN_LOGIN], ids=["site", "admin"])
def test_five_wrong_passwords_in_a_row_do_not_lock_the_account(client, login_url):
    user = ParticipantFactory()
    for _ in range(5):
        _log_in(client, login_url, user.email, "wrong-password")

    response = _log_in(client, SITE_LOGIN, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("login_url", [SITE_LOGIN, ADMIN_LOGIN], ids=["site", "admin"])
def test_the_sixth_wrong_password_in_a_row_locks_the_accounts_log_in(client, login_url):
    user = ParticipantFactory()
    for _ in range(5):
        assert _log_in(client, login_url, user.email, "wrong-password").status_code == 200

    sixth = _log_in(client, login_url, user.email, "wrong-password")
    with_right_password = _log_in(client, login_url, user.email, DEFAULT_PASSWORD)

    assert sixth.status_code == 429
    assert with_right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_counts_one_account_whatever_case_the_address_is_typed_in(client):
    user = ParticipantFactory()
    spellings = [user.email, user.email.upper(), user.email.title(), f" {user.email}"]
    for attempt in range(6):
        _log_in(client, SITE_LOGIN, spellings[attempt % len(spellings)], "wrong-password")

    response = _log_in(client, SITE_LOGIN, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 429


def test_a_locked_account_is_told_so_in_japanese(client):
    user = ParticipantFactory()
    for _ in range(6):
        response = _log_in(client, SITE_LOGIN, user.email, "wrong-password")

    assert "ログインがロックされました" in response.content.decode()


def test_a_lockout_on_the_site_also_holds_on_the_admin(client):
    user = ParticipantFactory()
    for _ in range(6):
        _log_in(client, SITE_LOGIN, user.email, "wrong-password")

    response = _log_in(client, ADMIN_LOGIN, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 429


def test_a_lockout_of_one_account_leaves_other_accounts_free(client):
    locked, other = ParticipantFactory(), ParticipantFactory()
    for _ in range(6):
        _log_in(client, SITE_LOGIN, locked.email, "wrong-password")

    response = _log_in(client, SITE_LOGIN, other.email, DEFAULT_PASSWORD)

    assert response.status_code == 302


def test_log_out_needs_a_post_and_ends_the_session(client, participant):
    client.force_login(participant)

    assert client.get(reverse("school:logout")).status_code == 405
    response = client.post(reverse("school:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_works_once(client, participant):
    client.post(reverse("school:password_reset"), {"email": participant.email})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [participant.email]
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split(settings.SITE_URL, 1)[1]

    form_page = client.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    new_password = "a-new-long-password-77"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    again = client.get(path, follow=True)

    assert done.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password(new_password)
    assert again.context["validlink"] is False


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("school:password_reset"), {"email": "nobody@nowhere.example"})

    assert response.status_code == 302
    assert response.url == reverse("school:password_reset_done")
    assert mail.outbox == []


def test_password_reset_email_is_written_in_japanese_by_default(client, participant):
    client.post(reverse("school:password_reset"), {"email": participant.email})

    assert "パスワード再設定" in mail.outbox[0].subject
    assert f"{participant.full_name} 様" in mail.outbox[0].body


def test_a_user_changes_their_password_after_giving_the_old_one(client, participant):
    client.force_login(participant)
    new_password = "another-long-password-88"

    wrong = client.post(
        reverse("school:password_change"),
        {"old_password": "not-it", "new_password1": new_password, "new_password2": new_password},
    )
    right = client.post(
        reverse("school:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )

    assert wrong.status_code == 200
    assert right.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password(new_password)

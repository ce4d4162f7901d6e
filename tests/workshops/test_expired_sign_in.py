"""Saving after the sign-in is gone (issue "hardening", point 9): the autosave answers JSON the
editor can act on, and the pages a form lands on keep a way back to it."""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from tests.workshops.factories import editor_post_data
from workshops.models import Plan

pytestmark = pytest.mark.django_db


def _autosave(plan) -> str:
    return reverse("workshops:plan_autosave", args=[plan.enrolment.pk])


def _client_with_a_csrf_token() -> Client:
    client = Client(enforce_csrf_checks=True)
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


def test_autosave_without_a_session_answers_401_json_instead_of_a_redirect(plan):
    client = _client_with_a_csrf_token()

    response = client.post(
        _autosave(plan), editor_post_data(plan, vision_and_business_model="消えない文章")
    )

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["signed_out"] is True
    assert response.json()["message"]
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision


def test_autosave_after_the_session_was_flushed_answers_401_json(plan):
    client = _client_with_a_csrf_token()
    client.force_login(plan.enrolment.user)
    client.session.flush()
    client.cookies.pop("sessionid")

    response = client.post(_autosave(plan), editor_post_data(plan))

    assert response.status_code == 401
    assert response.json()["signed_out"] is True


def test_autosave_with_a_stale_csrf_token_answers_403_json(plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(plan.enrolment.user)
    client.cookies["csrftoken"] = _get_new_csrf_string()

    response = client.post(
        _autosave(plan),
        {**editor_post_data(plan), "csrfmiddlewaretoken": _get_new_csrf_string()},
        headers={"X-Requested-With": "fetch"},
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["csrf_failed"] is True
    assert response.json()["message"]
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision


def test_the_editor_form_with_a_stale_csrf_token_gets_a_friendly_page_back_to_the_editor(plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(plan.enrolment.user)
    client.cookies["csrftoken"] = _get_new_csrf_string()
    editor = reverse("workshops:plan_editor", args=[plan.enrolment.pk])

    response = client.post(
        editor,
        {**editor_post_data(plan), "csrfmiddlewaretoken": _get_new_csrf_string()},
        headers={"Referer": f"http://testserver{editor}"},
    )

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "ページの有効期限が切れました" in page
    assert f'<a id="csrf-back" href="{editor}"' in page


def test_a_normal_form_without_a_csrf_token_still_gets_the_csrf_failure_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("school:login"), {"username": "a@example.com"})

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "ページの有効期限が切れました" in response.content.decode()
    assert '<a id="csrf-back" href="/"' in response.content.decode()


def test_the_csrf_failure_page_never_links_back_to_another_site():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("school:login"), {}, headers={"Referer": "https://evil.example/phish"}
    )

    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()


def test_a_full_save_without_a_session_sends_to_log_in_and_back_to_the_editor(plan):
    client = _client_with_a_csrf_token()
    editor = reverse("workshops:plan_editor", args=[plan.enrolment.pk])

    response = client.post(editor, editor_post_data(plan))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("school:login"))
    assert f"next={editor}" in response["Location"].replace("%2F", "/")


def test_the_editor_carries_what_its_script_needs_to_keep_and_restore_the_text(author_client, plan):
    response = author_client.get(reverse("workshops:plan_editor", args=[plan.enrolment.pk]))

    page = response.content.decode()
    assert "workshops/plan_local_copy.js" in page
    assert f'data-local-copy-key="dx-plan:{plan.enrolment.pk}"' in page
    assert 'data-server-copy="saved"' in page
    assert "?next=" in page  # the sign-in link of the signed-out banner


def test_the_signed_out_answer_is_in_the_reader_s_language(plan):
    client = _client_with_a_csrf_token()

    response = client.post(_autosave(plan), editor_post_data(plan))

    assert "ログインが切れています" in response.json()["message"]


def test_the_editor_s_banners_are_in_english_for_an_english_reader(author_client, plan):
    response = author_client.get(reverse("workshops:plan_editor", args=[plan.enrolment.pk]))

    page = response.content.decode()
    assert "You are no longer logged in, so your changes are not being saved." in page
    assert "This page is out of date, so your changes are not being saved." in page
    assert "Discard the text kept in this browser" in page

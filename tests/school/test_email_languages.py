"""Every e-mail the site sends is in its recipient's language, Wagtail's own included."""

import itertools

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from school import services
from school.models import OutgoingEmail
from tests.school.factories import UserFactory

pytestmark = pytest.mark.django_db

_numbers = itertools.count()


def _person(language, *, group=None):
    user = services.user_create(
        email=f"{language}-{next(_numbers)}@example.jp",
        last_name="山田",
        first_name="太郎",
        last_name_roman="Yamada",
        first_name_roman="Taro",
        preferred_language=language,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def test_a_new_persons_wagtail_profile_takes_their_language():
    user = _person("en")

    assert UserProfile.get_for_user(user).get_preferred_language() == "en"


def test_changing_the_language_in_the_user_admin_changes_wagtails_too(admin_client):
    user = _person("ja")
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": "en",
        "is_active": "on",
    }

    response = admin_client.post(reverse("wagtailusers_users:edit", args=[user.pk]), data)

    assert response.status_code == 302
    assert UserProfile.get_for_user(user).get_preferred_language() == "en"


def test_the_html_part_of_a_queued_email_declares_the_recipients_language():
    user = UserFactory(preferred_language="en")

    with translation.override("ja"):
        services.email_enqueue_for_user(
            key="k",
            user=user,
            subject="Hello",
            template="workshops/emails/check_in_request",
            context={"check_in": None, "enrolment": None, "link": "https://x.example/"},
        )

    assert '<html lang="en">' in OutgoingEmail.objects.get(key="k").body_html


def test_the_password_reset_email_is_in_the_account_holders_language(client, settings):
    user = UserFactory(preferred_language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"

    client.post(reverse("school:password_reset"), {"email": user.email})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "DX Executive School: set a new password"

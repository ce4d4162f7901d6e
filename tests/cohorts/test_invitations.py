from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import Enrolment
from school.models import Invitation, User
from school.selectors import invitation_token
from tests.cohorts.factories import CohortFactory, EnrolmentFactory
from tests.school.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-password-2026"


def _enrol_new_person(cohort, email="new.person@example.jp"):
    return services.enrolment_create_for_person(
        cohort=cohort,
        email=email,
        last_name="髙橋",
        first_name="誠",
        last_name_kana="たかはし",
        first_name_kana="まこと",
        company_name="髙橋工業株式会社",
        job_title="代表取締役社長",
    )


def _link_path(message) -> str:
    link = next(line for line in message.body.splitlines() if "/accounts/invitation/" in line)
    return "/accounts/invitation/" + link.split("/accounts/invitation/", 1)[1].strip()


def test_enrolling_a_new_person_creates_an_account_and_an_invited_enrolment(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = _enrol_new_person(CohortFactory())

    assert enrolment.status == Enrolment.Status.INVITED
    assert not enrolment.user.has_usable_password()
    assert enrolment.user.is_participant
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.jp"]
    assert "髙橋 誠 様" in mail.outbox[0].body


def test_the_invitation_email_is_sent_only_after_the_enrolment_commits(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _enrol_new_person(cohort)
        assert mail.outbox == []
        raise RuntimeError("the rest of the request failed")

    assert callbacks == []
    assert mail.outbox == []
    assert not Enrolment.objects.exists()


def test_the_invitation_link_sets_the_password_logs_in_and_activates_the_enrolment(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = _enrol_new_person(CohortFactory())
    path = _link_path(mail.outbox[0])

    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(enrolment.user.pk)
    enrolment.refresh_from_db()
    enrolment.user.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.user.check_password(NEW_PASSWORD)


def test_the_invitation_link_works_only_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _enrol_new_person(CohortFactory())
    path = _link_path(mail.outbox[0])
    client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post(reverse("school:logout"))

    again = client.post(
        path, {"new_password1": "another-pass-999", "new_password2": "another-pass-999"}
    )

    assert again.status_code == 410
    assert User.objects.get(email="new.person@example.jp").check_password(NEW_PASSWORD)


def test_an_expired_invitation_link_no_longer_works(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _enrol_new_person(CohortFactory())
    path = _link_path(mail.outbox[0])
    Invitation.objects.update(
        created_at=timezone.now() - timedelta(days=30),
        expires_at=timezone.now() - timedelta(seconds=1),
    )

    response = client.get(path)

    assert response.status_code == 410
    assert "このリンクは無効です" in response.content.decode()


def test_a_resent_invitation_replaces_the_earlier_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = _enrol_new_person(CohortFactory())
    first_path = _link_path(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_resend_invitation(enrolment=enrolment)
    second_path = _link_path(mail.outbox[1])

    assert client.get(first_path).status_code == 410
    assert client.get(second_path).status_code == 200


def test_a_forged_or_mangled_link_is_refused(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _enrol_new_person(CohortFactory())
    invitation = Invitation.objects.get()
    invitation.nonce = "guessed"
    forged = invitation_token(invitation)

    assert client.get(f"/accounts/invitation/{forged}/").status_code == 410
    assert client.get("/accounts/invitation/not-a-token/").status_code == 410


def test_an_existing_account_is_enrolled_without_a_new_account_or_an_invitation(
    django_capture_on_commit_callbacks,
):
    person = ParticipantFactory(email="saito@saito-seiki.example")
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        enrolment = services.enrolment_create_for_person(
            cohort=CohortFactory(),
            email="SAITO@saito-seiki.example",
            last_name="齋藤",
            first_name="剛",
            company_name="齋藤精機株式会社",
        )

    assert enrolment.user == person
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert User.objects.count() == users_before
    assert mail.outbox == []


def test_someone_with_a_password_cannot_be_sent_an_invitation():
    enrolment = EnrolmentFactory(status=Enrolment.Status.ACTIVE)

    with pytest.raises(Exception, match="まだパスワードを設定していない"):
        services.enrolment_resend_invitation(enrolment=enrolment)

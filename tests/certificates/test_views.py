import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from certificates import services
from certificates.models import Certificate
from tests.certificates.factories import eligible_enrolment, held_sessions
from tests.cohorts.factories import EnrolmentFactory, TeachingAssignmentFactory
from tests.school.factories import ParticipantFactory


@pytest.fixture
def certificate(cohort):
    enrolment = eligible_enrolment(cohort, sessions=held_sessions(cohort, 2))
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])
    return Certificate.objects.select_related("enrolment__user").get()


def _verify(client, code, **extra):
    return client.get(reverse("certificates:verify", args=[code]), **extra)


@pytest.mark.django_db
def test_a_valid_code_shows_the_certificate_in_both_languages(client, certificate):
    response = _verify(client, certificate.verification_code)

    content = response.content.decode()
    assert response.status_code == 200
    assert _("Valid") in content
    # Escaped as the page writes them: "Ken'ichi" is "Ken&#x27;ichi" in the HTML.
    assert escape(certificate.full_name) in content
    assert escape(certificate.full_name_roman) in content
    assert certificate.programme_name_ja in content
    assert certificate.programme_name_en in content


@pytest.mark.django_db
def test_a_revoked_certificate_shows_revoked_and_the_reason(
    client, certificate, programme_administrator
):
    services.certificate_revoke(
        certificate=certificate, reason="記載事項の誤り", by=programme_administrator
    )

    response = _verify(client, certificate.verification_code)

    assert response.status_code == 200
    assert _("Revoked") in response.content.decode()
    assert "記載事項の誤り" in response.content.decode()


@pytest.mark.django_db
def test_a_verification_page_is_never_kept_by_the_public_page_cache(client, certificate, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60

    _verify(client, certificate.verification_code)
    response = _verify(client, certificate.verification_code)

    assert "X-Public-Cache" not in response
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_revoking_shows_at_once_on_the_verification_page(
    client, certificate, programme_administrator
):
    _verify(client, certificate.verification_code)

    services.certificate_revoke(certificate=certificate, reason="誤記", by=programme_administrator)

    assert _("Revoked") in _verify(client, certificate.verification_code).content.decode()


@pytest.mark.django_db
def test_an_unknown_code_is_never_kept_by_the_public_page_cache(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60

    _verify(client, "y" * 32)
    response = _verify(client, "y" * 32)

    assert "X-Public-Cache" not in response


@pytest.mark.django_db
def test_an_unknown_code_answers_404_and_says_only_not_found(client, certificate):
    response = _verify(client, "x" * 32)

    assert response.status_code == 404
    assert _("Not found.") in response.content.decode()
    assert _("Valid") not in response.content.decode()
    assert certificate.serial not in response.content.decode()


@pytest.mark.django_db
def test_a_certificate_still_being_issued_is_not_found(client, cohort):
    enrolment = eligible_enrolment(cohort, sessions=held_sessions(cohort, 1))

    def stop():
        raise RuntimeError

    with pytest.raises(RuntimeError):
        services.certificates_issue_batch(
            cohort=cohort, enrolment_ids=[enrolment.pk], after_render=stop
        )

    response = _verify(client, Certificate.objects.get().verification_code)
    assert _("Not found.") in response.content.decode()


@pytest.mark.django_db
def test_the_json_answer_to_an_unknown_code_is_404_not_found(client, certificate):
    response = client.get(reverse("certificates:verify_json", args=["x" * 32]))

    assert response.status_code == 404
    assert response.json() == {"status": "not_found"}


@pytest.mark.django_db
def test_the_json_answer_gives_the_same_facts(client, certificate):
    response = client.get(reverse("certificates:verify_json", args=[certificate.verification_code]))

    data = response.json()
    assert data["status"] == "valid"
    assert data["serial"] == certificate.serial
    assert data["name"]["ja"] == certificate.full_name
    assert data["name"]["roman"] == certificate.full_name_roman
    assert data["pdf_sha256"] == certificate.pdf_sha256


@pytest.mark.django_db
def test_the_form_shows_the_certificate_for_its_verification_code_without_a_redirect(
    client, certificate
):
    response = client.get(
        reverse("certificates:verify_form"), {"code": certificate.verification_code}
    )

    assert response.status_code == 200
    assert certificate.full_name in response.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c.serial,
        lambda c: c.serial.lower(),
        lambda c: f" {c.serial} ",
        lambda c: f"{c.serial} (v2)",
    ],
    ids=["as printed", "lower case", "with spaces", "with its version"],
)
@pytest.mark.django_db
def test_a_serial_alone_reveals_nothing_anywhere(client, certificate, typed):
    serial = typed(certificate)
    answers = [
        client.get(reverse("certificates:verify_form"), {"code": serial}),
        client.get(reverse("certificates:verify", args=[serial.strip()])),
        client.get(reverse("certificates:verify_json", args=[serial.strip()])),
    ]

    for response in answers:
        content = response.content.decode()
        assert response.status_code in (400, 404)
        assert certificate.full_name not in content
        assert certificate.verification_code not in content
        assert certificate.pdf_sha256 not in content
        assert "Location" not in response


@pytest.mark.django_db
def test_the_form_tells_someone_who_typed_the_serial_to_enter_the_code(client, certificate):
    response = client.get(reverse("certificates:verify_form"), {"code": certificate.serial})

    assert "証書番号だけでは照会できません" in response.content.decode()


@pytest.mark.django_db
def test_every_lookup_found_or_not_counts_toward_the_addresss_limit(client, certificate, settings):
    settings.CERTIFICATE_LOOKUP_LIMIT = 4
    code = certificate.verification_code
    statuses = [
        _verify(client, code).status_code,
        client.get(reverse("certificates:verify_json", args=[code])).status_code,
        client.get(reverse("certificates:verify_form"), {"code": code}).status_code,
        _verify(client, "wrong-code" * 3).status_code,
        _verify(client, code).status_code,
        client.get(reverse("certificates:verify_json", args=[code])).status_code,
        client.get(reverse("certificates:verify_form"), {"code": code}).status_code,
    ]

    assert statuses == [200, 200, 200, 404, 429, 429, 429]
    # ...but another address is not refused.
    assert _verify(client, code, REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.django_db
def test_a_rate_limited_lookup_shows_nothing_of_the_certificate(client, certificate, settings):
    settings.CERTIFICATE_LOOKUP_LIMIT = 0

    response = _verify(client, certificate.verification_code)

    assert response.status_code == 429
    assert certificate.full_name not in response.content.decode()


@pytest.mark.django_db
def test_the_owner_downloads_the_pdf(client, certificate):
    client.force_login(certificate.enrolment.user)

    response = client.get(reverse("certificates:download", args=[certificate.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_another_participant_cannot_download_the_pdf(client, certificate):
    client.force_login(ParticipantFactory())

    response = client.get(reverse("certificates:download", args=[certificate.pk]))

    assert response.status_code == 403


@pytest.mark.django_db
def test_the_cohorts_teaching_team_downloads_the_pdf(client, certificate):
    client.force_login(TeachingAssignmentFactory(cohort=certificate.enrolment.cohort).user)

    response = client.get(reverse("certificates:download", args=[certificate.pk]))

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_dashboard_shows_the_participant_the_download_link(client, certificate):
    client.force_login(certificate.enrolment.user)

    response = client.get(reverse("school:dashboard"))

    assert reverse("certificates:download", args=[certificate.pk]) in response.content.decode()


@pytest.mark.django_db
def test_the_admin_lists_the_cohort_with_eligibility_and_reasons(admin_client_of_school, cohort):
    from tests.cohorts.factories import EnrolmentFactory

    sessions = held_sessions(cohort, 2)
    eligible_enrolment(cohort, sessions=sessions)
    EnrolmentFactory(cohort=cohort)

    response = admin_client_of_school.get(
        reverse("certificates_admin_eligibility", args=[cohort.pk])
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="eligibility-reason"') == 1


@pytest.mark.django_db
def test_the_admin_issue_button_issues_the_cohort_and_returns_at_once(
    admin_client_of_school, cohort, django_capture_on_commit_callbacks
):
    eligible_enrolment(cohort, sessions=held_sessions(cohort, 2))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client_of_school.post(
            reverse("certificates_admin_issue_for_cohort", args=[cohort.pk])
        )

    # The request only queued the work; the worker (here: the callbacks) does it.
    assert response.status_code == 302
    assert not Certificate.objects.exists()
    for callback in callbacks:
        callback()
    assert Certificate.objects.filter(status=Certificate.Status.ISSUED).count() == 1


@pytest.mark.django_db
def test_the_admin_issue_message_counts_in_words_and_says_when_everyone_has_one(
    admin_client_of_school, cohort, django_capture_on_commit_callbacks
):
    eligible_enrolment(cohort, sessions=held_sessions(cohort, 2))
    url = reverse("certificates_admin_issue_for_cohort", args=[cohort.pk])
    admin_client_of_school.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with django_capture_on_commit_callbacks(execute=True):
        first = admin_client_of_school.post(url, follow=True)
    again = admin_client_of_school.post(url, follow=True)

    assert [str(m) for m in first.context["messages"]] == [
        "The certificate of 1 participant is being issued."
    ]
    assert [str(m) for m in again.context["messages"]] == [
        "Every eligible participant already has a certificate."
    ]


@pytest.mark.django_db
def test_the_admin_issues_one_participant_s_certificate_from_their_row(
    admin_client_of_school, cohort, django_capture_on_commit_callbacks
):
    sessions = held_sessions(cohort, 2)
    chosen = eligible_enrolment(cohort, sessions=sessions)
    other = eligible_enrolment(cohort, sessions=sessions)
    page = admin_client_of_school.get(reverse("certificates_admin_eligibility", args=[cohort.pk]))
    url = reverse("certificates_admin_issue_for_enrolment", args=[chosen.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_of_school.post(url)
    again = admin_client_of_school.post(url, follow=True)

    assert f'action="{url}"' in page.content.decode()
    assert response.status_code == 302
    assert Certificate.objects.get().enrolment == chosen
    assert not Certificate.objects.filter(enrolment=other).exists()
    assert [str(m) for m in again.context["messages"]][-1] == _(
        "This participant already has a certificate."
    )


@pytest.mark.django_db
def test_issuing_one_ineligible_participant_is_refused_with_the_rule(
    admin_client_of_school, cohort, django_capture_on_commit_callbacks
):
    enrolment = EnrolmentFactory(cohort=cohort)  # no session attended
    held_sessions(cohort, 2)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_of_school.post(
            reverse("certificates_admin_issue_for_enrolment", args=[enrolment.pk]), follow=True
        )

    assert not Certificate.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [
        _("This participant does not meet the completion rule.")
    ]


@pytest.mark.django_db
def test_a_participant_cannot_open_the_certificates_admin(client, cohort):
    client.force_login(ParticipantFactory())

    response = client.get(reverse("certificates_admin_eligibility", args=[cohort.pk]))

    assert response.status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 60])
def test_the_admin_eligibility_page_costs_the_same_queries_at_any_size(
    admin_client_of_school, cohort, size, django_assert_max_num_queries
):
    sessions = held_sessions(cohort, 2)
    for _index in range(size):
        eligible_enrolment(cohort, sessions=sessions)
    url = reverse("certificates_admin_eligibility", args=[cohort.pk])

    with django_assert_max_num_queries(25):
        response = admin_client_of_school.get(url)

    assert response.status_code == 200


@pytest.mark.django_db
def test_certificate_templates_are_edited_as_snippets_in_the_admin(admin_client_of_school):
    response = admin_client_of_school.get(
        reverse("wagtailsnippets_certificates_certificatetemplate:add")
    )

    assert response.status_code == 200
    assert "signatories" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_revokes_a_certificate_with_a_reason_through_the_form(
    admin_client_of_school, certificate
):
    url = reverse("certificates_admin_revoke", args=[certificate.pk])

    form = admin_client_of_school.get(url)
    without_reason = admin_client_of_school.post(url, {"reason": "  "})
    status_after_refusal = Certificate.objects.get().status
    revoked = admin_client_of_school.post(url, {"reason": "受講資格の確認誤り"})

    assert form.status_code == 200
    assert without_reason.status_code == 200
    assert status_after_refusal == Certificate.Status.ISSUED
    assert revoked.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "受講資格の確認誤り"


@pytest.mark.django_db
def test_the_admin_reissues_a_certificate_after_a_name_correction_through_the_form(
    admin_client_of_school, certificate
):
    user = certificate.enrolment.user
    user.last_name = "髙橋"
    user.save()
    old_hash = certificate.pdf_sha256

    response = admin_client_of_school.post(
        reverse("certificates_admin_reissue", args=[certificate.pk]), {"reason": "氏名の誤記"}
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.version, certificate.last_name) == (2, "髙橋")
    assert certificate.pdf_sha256 != old_hash
    assert certificate.history.get().pdf_sha256 == old_hash

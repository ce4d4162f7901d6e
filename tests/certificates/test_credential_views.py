"""The credential on the certificate's pages, its download, and the public page that verifies
a pasted or uploaded credential."""

import copy
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import services
from certificates.credentials.keys import generate_pem, issuer_did, load_pem, signing_key
from certificates.credentials.models import Credential
from certificates.credentials.proofs import Signer
from tests.certificates.factories import issued_certificates


@pytest.fixture
def certificate(cohort):
    (certificate,) = issued_certificates(cohort)
    return certificate


def _signed(certificate) -> dict:
    return Credential.objects.get(
        certificate=certificate, certificate_version=certificate.version
    ).signed


def _verify_page(client, certificate):
    return client.get(reverse("certificates:verify", args=[certificate.verification_code]))


def _check(client, document):
    response = client.post(
        reverse("credentials:verify_file"), {"text": json.dumps(document, ensure_ascii=False)}
    )
    assert response.status_code == 200
    return response.context["result"]


@pytest.mark.django_db
def test_the_verification_page_says_signature_valid_from_a_real_verification(client, certificate):
    response = _verify_page(client, certificate)

    assert response.context["credential_check"].outcome == "valid"
    assert _("Signature valid") in response.content.decode()


@pytest.mark.django_db
def test_the_verification_page_of_a_revoked_certificate_says_its_credential_is_revoked(
    client, certificate
):
    services.certificate_revoke(certificate=certificate, reason="誤発行", by=None)

    response = _verify_page(client, certificate)

    assert response.context["credential_check"].outcome == "revoked"


@pytest.mark.django_db
def test_the_verification_page_offers_the_credential_file(client, certificate):
    response = _verify_page(client, certificate)
    download = client.get(reverse("credentials:download", args=[certificate.verification_code]))

    assert reverse("credentials:download", args=[certificate.verification_code]) in (
        response.content.decode()
    )
    assert download["Content-Disposition"] == f'attachment; filename="{certificate.serial}.json"'
    assert json.loads(download.content) == _signed(certificate)


@pytest.mark.django_db
def test_the_linkedin_link_carries_the_certificates_name_issuer_date_serial_and_address(
    client, certificate
):
    response = _verify_page(client, certificate)

    url = urlsplit(response.context["linkedin_url"])
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert (url.netloc, url.path) == ("www.linkedin.com", "/profile/add")
    assert query["startTask"] == "CERTIFICATION_NAME"
    assert query["name"] == certificate.programme_name
    assert query["organizationName"]
    assert query["issueYear"] == str(certificate.completed_on.year)
    assert query["issueMonth"] == str(certificate.completed_on.month)
    assert query["certId"] == certificate.serial
    assert query["certUrl"] == certificate.verification_url()
    assert response.context["linkedin_url"].replace("&", "&amp;") in response.content.decode()


@pytest.mark.django_db
def test_the_dashboard_offers_the_participant_the_credential_file(client, certificate):
    client.force_login(certificate.enrolment.user)

    response = client.get(reverse("school:dashboard"))

    assert reverse("credentials:download", args=[certificate.verification_code]) in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_an_unknown_code_has_no_credential_file(client, certificate):
    response = client.get(reverse("credentials:download", args=["no-such-code"]), follow=True)

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_public_page_verifies_a_pasted_valid_credential(client, certificate):
    result = _check(client, _signed(certificate))

    assert result.outcome == "valid"
    assert all(check.ok for check in result.checks)
    assert result.credential.certificate == certificate


@pytest.mark.django_db
def test_the_public_page_verifies_an_uploaded_credential_file(client, certificate):
    upload = SimpleUploadedFile(
        "credential.json", json.dumps(_signed(certificate)).encode(), "application/json"
    )

    response = client.post(reverse("credentials:verify_file"), {"file": upload})

    assert response.context["result"].outcome == "valid"


@pytest.mark.django_db
def test_the_public_page_fails_a_tampered_credential_and_says_why(client, certificate):
    document = copy.deepcopy(_signed(certificate))
    document["credentialSubject"]["name"][0]["@value"] = "偽 太郎"

    result = _check(client, document)

    assert result.outcome == "invalid"
    assert result.checks[-1].detail == str(
        _(
            "The signature does not match the contents: the credential was changed after it "
            "was issued."
        )
    )


@pytest.mark.django_db
def test_the_public_page_says_revoked_for_a_revoked_credential(client, certificate):
    document = _signed(certificate)
    services.certificate_revoke(certificate=certificate, reason="誤発行", by=None)

    result = _check(client, document)

    assert result.outcome == "revoked"


@pytest.mark.django_db
def test_the_public_page_says_a_credential_of_another_issuer_is_not_the_schools(
    client, certificate
):
    document = copy.deepcopy(_signed(certificate))
    document["issuer"]["id"] = "did:web:other-school.example"

    result = _check(client, document)

    assert result.outcome == "unknown"


def _signed_again(document: dict, key, **changes) -> dict:
    """The document with `changes`, signed again by `key` as the school's software would."""
    unsigned = {k: v for k, v in document.items() if k != "proof"} | changes
    signer = Signer(
        key=key, verification_method=key.verification_method(issuer_did()), created=timezone.now()
    )
    return signer.sign(unsigned)


@pytest.mark.django_db
def test_the_public_page_says_a_credential_signed_with_a_key_the_school_never_published_is_unknown(
    client, certificate
):
    stranger = load_pem(generate_pem())

    result = _check(client, _signed_again(_signed(certificate), stranger))

    assert result.outcome == "unknown"
    assert result.checks[-1].label == str(_("Issuer key"))


@pytest.mark.django_db
def test_the_public_page_says_expired_for_a_credential_past_its_expiry_date(client, certificate):
    document = _signed_again(_signed(certificate), signing_key(), validUntil="2020-01-01T00:00:00Z")

    result = _check(client, document)

    assert result.outcome == "expired"


@pytest.mark.django_db
def test_the_public_page_refuses_a_file_that_is_not_json(client, db):
    response = client.post(reverse("credentials:verify_file"), {"text": "not json {"})

    assert response.context["result"] is None
    assert _("This is not a JSON file.") in response.content.decode()


@pytest.mark.django_db
def test_the_public_page_refuses_a_file_nested_too_deep_to_read_with_a_reason(client, db):
    text = '{"credentialSubject": ' * 100_000 + "{}" + "}" * 100_000

    response = client.post(
        reverse("credentials:verify_file"),
        {"file": SimpleUploadedFile("deep.json", text.encode(), "application/json")},
    )

    assert response.status_code == 200
    assert response.context["result"] is None
    assert _("The file is too large to be a credential.") in response.content.decode()


@pytest.mark.django_db
def test_the_public_page_answers_a_deeply_nested_credential_with_a_reason(client, certificate):
    document = copy.deepcopy(_signed(certificate))
    document["credentialSubject"]["achievement"] = "NESTED"
    # Deep enough to exhaust the stack while expanding the JSON-LD, not while parsing it.
    # (The request itself is some 150 frames deep through the middleware.)
    depth = 600
    nested = '{"achievement": ' * depth + "{}" + "}" * depth
    text = json.dumps(document).replace('"NESTED"', nested)

    response = client.post(reverse("credentials:verify_file"), {"text": text})

    assert response.status_code == 200
    assert response.context["result"].outcome == "invalid"

"""The DID document, key rotation and withdrawal, and the status list credential."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from certificates import services
from certificates.credentials import status_lists
from certificates.credentials.keys import generate_pem, issuer_did, signing_key
from certificates.credentials.models import STATUS_LIST_SIZE, Credential
from certificates.credentials.proofs import verify
from certificates.credentials.verification import _public_key_for
from tests.certificates.credentials_verifier import needs_verifier, verify_independently
from tests.certificates.factories import issued_certificates


def _did_document(client) -> dict:
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    return json.loads(response.content)


def _status_list(client, number=1) -> dict:
    return json.loads(client.get(reverse("credentials:status_list", args=[number])).content)


@pytest.mark.django_db
def test_the_did_document_lists_the_signing_key_as_a_multikey_assertion_method(client):
    document = _did_document(client)

    key = signing_key().public_key_multibase
    did = issuer_did()
    assert document["id"] == did
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
    ]
    assert document["verificationMethod"] == [
        {"id": f"{did}#{key}", "type": "Multikey", "controller": did, "publicKeyMultibase": key}
    ]
    assert document["assertionMethod"] == [f"{did}#{key}"]


def test_did_web_encodes_the_port_and_path_of_the_site():
    assert issuer_did("https://school.example") == "did:web:school.example"
    assert issuer_did("http://127.0.0.1:8000") == "did:web:127.0.0.1%3A8000"
    assert issuer_did("https://city.example/dx-school/") == "did:web:city.example:dx-school"


@pytest.mark.django_db
def test_the_did_document_may_be_read_from_any_origin(client):
    response = client.get("/.well-known/did.json")

    assert response["Access-Control-Allow-Origin"] == "*"


@needs_verifier
@pytest.mark.django_db
def test_after_a_key_rotation_the_old_key_stays_listed_and_earlier_credentials_still_verify(
    cohort, client, settings
):
    (first,) = issued_certificates(cohort)
    old_key = signing_key().public_key_multibase
    settings.CREDENTIALS_SIGNING_KEY = generate_pem().decode("ascii")
    (second,) = issued_certificates(cohort)

    listed = [m["publicKeyMultibase"] for m in _did_document(client)["verificationMethod"]]
    results, _ = verify_independently(
        [first.credentials.get().signed, second.credentials.get().signed]
    )

    assert listed == [old_key, signing_key().public_key_multibase]
    assert [r["verified"] for r in results] == [True, True], results


@needs_verifier
@pytest.mark.django_db
def test_a_withdrawn_key_leaves_the_did_document_and_its_credentials_fail(cohort, client, settings):
    (certificate,) = issued_certificates(cohort)
    old_key = signing_key().public_key_multibase
    settings.CREDENTIALS_SIGNING_KEY = generate_pem().decode("ascii")

    call_command("credentials_key", withdraw=old_key, reason="鍵の漏えい", stdout=io.StringIO())
    listed = [m["publicKeyMultibase"] for m in _did_document(client)["verificationMethod"]]
    (result,), _ = verify_independently([certificate.credentials.get().signed])

    assert old_key not in listed
    assert result["verified"] is False


@pytest.mark.django_db
def test_the_status_list_credential_carries_a_valid_proof_of_its_own(cohort, client):
    issued_certificates(cohort)

    document = _status_list(client)

    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"] == issuer_did()
    assert verify(document, public_key_for=_public_key_for)["cryptosuite"] == "eddsa-rdfc-2022"


@needs_verifier
@pytest.mark.django_db
def test_the_independent_verifier_passes_the_status_list_credential_itself(cohort, client):
    issued_certificates(cohort)

    (result,), _ = verify_independently([_status_list(client)])

    assert result["verified"] is True, result


@pytest.mark.django_db
def test_the_status_list_has_131072_entries_and_only_the_revoked_credentials_bit_set(
    cohort, client
):
    revoked, kept = issued_certificates(cohort, 2)

    services.certificate_revoke(certificate=revoked, reason="誤発行", by=None)
    bits = status_lists.decode(_status_list(client)["credentialSubject"]["encodedList"])

    assert len(bits) * 8 == STATUS_LIST_SIZE
    assert status_lists.bit(bits, revoked.credentials.get().status_index)
    assert not status_lists.bit(bits, kept.credentials.get().status_index)
    assert sum(bin(byte).count("1") for byte in bits) == 1


@pytest.mark.django_db
def test_a_revocation_marks_the_credential_revoked(cohort):
    (certificate,) = issued_certificates(cohort)

    services.certificate_revoke(certificate=certificate, reason="誤発行", by=None)

    assert Credential.objects.get(certificate=certificate).is_revoked


@pytest.mark.django_db
def test_an_unknown_status_list_is_not_found(client):
    # Django's LocaleMiddleware sends an unprefixed 404 on to the language's address first.
    response = client.get(reverse("credentials:status_list", args=[99]), follow=True)

    assert response.status_code == 404

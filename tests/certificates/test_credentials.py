"""Issuing, revoking and re-issuing Open Badges 3.0 credentials, checked by the independent
verifier (tests/credentials_verifier/verify.mjs) where the acceptance asks for it."""

import copy
import hashlib
import io

import pytest
from django.core.management import call_command

from certificates import services
from certificates.credentials.contexts import OB_V3, VC_V2
from certificates.credentials.models import Credential
from certificates.models import Certificate
from tests.certificates.credentials_verifier import needs_verifier, verify_independently
from tests.certificates.factories import (
    AssessmentFactory,
    eligible_enrolment,
    held_sessions,
    issued_certificates,
)
from tests.workshops.factories import SubmissionFactory, WorkshopFactory


def _credential(certificate) -> dict:
    return (
        Credential.objects.get(certificate=certificate, certificate_version=certificate.version)
    ).signed


@pytest.mark.django_db
def test_an_issued_certificate_has_an_open_badges_credential_with_its_frozen_name_and_programme(
    cohort,
):
    (certificate,) = issued_certificates(cohort)

    document = _credential(certificate)

    assert document["@context"] == [VC_V2, OB_V3]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    subject = document["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert {"@value": certificate.full_name, "@language": "ja"} in subject["name"]
    assert {"@value": certificate.full_name_roman, "@language": "ja-Latn"} in subject["name"]
    achievement = subject["achievement"]
    assert {"@value": certificate.programme_name_ja, "@language": "ja"} in achievement["name"]
    assert {"@value": certificate.programme_name_en, "@language": "en"} in achievement["name"]
    assert "80%" in achievement["criteria"]["narrative"][0]["@value"]
    assert document["issuer"]["id"].startswith("did:web:")
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


@pytest.mark.django_db
def test_the_holder_is_named_by_a_salted_hash_of_the_email_address_and_not_the_address(cohort):
    (certificate,) = issued_certificates(cohort)
    email = certificate.enrolment.user.email

    document = _credential(certificate)

    (identity,) = document["credentialSubject"]["identifier"]
    expected = hashlib.sha256((email.lower() + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    assert identity["hashed"] is True
    assert email not in certificate.credentials.get().document


@pytest.mark.django_db
def test_the_criteria_name_the_required_workshops(cohort):
    workshop = WorkshopFactory(cohort=cohort, title_ja="DX計画の発表", required_for_completion=True)
    enrolment = eligible_enrolment(cohort, sessions=held_sessions(cohort, 2))
    AssessmentFactory(submission=SubmissionFactory(workshop=workshop, enrolment=enrolment))
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolment.pk])

    document = _credential(Certificate.objects.get())

    narrative = document["credentialSubject"]["achievement"]["criteria"]["narrative"][0]
    assert "DX計画の発表" in narrative["@value"]


@pytest.mark.django_db
def test_issuing_again_leaves_one_credential_per_certificate(cohort):
    (certificate,) = issued_certificates(cohort)

    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[certificate.enrolment_id])

    assert Credential.objects.filter(certificate=certificate).count() == 1


@pytest.mark.django_db
def test_status_list_indexes_are_drawn_at_random_not_in_the_order_of_issue(cohort):
    certificates = issued_certificates(cohort, 12)

    indexes = [c.credentials.get().status_index for c in certificates]

    # In serial order, twelve random draws come out sorted once in 12! (about 5 × 10⁸) and
    # never as a run of neighbours.
    assert indexes != sorted(indexes)
    assert max(indexes) - min(indexes) > 1000
    assert len(set(indexes)) == 12


@needs_verifier
@pytest.mark.django_db
def test_the_independent_verifier_passes_every_credential_of_a_freshly_issued_cohort(cohort):
    certificates = issued_certificates(cohort, 3)

    results, _ = verify_independently([_credential(c) for c in certificates])

    assert [r["verified"] for r in results] == [True, True, True], results
    assert [r["revoked"] for r in results] == [False, False, False]


TAMPERINGS = {
    "the holder's name": lambda d: d["credentialSubject"]["name"][0].update({"@value": "偽 太郎"}),
    "the programme's name": lambda d: d["credentialSubject"]["achievement"]["name"][0].update(
        {"@value": "別のプログラム"}
    ),
    "the criteria": lambda d: d["credentialSubject"]["achievement"]["criteria"]["narrative"][
        0
    ].update({"@value": "出席不要"}),
    "the e-mail hash": lambda d: d["credentialSubject"]["identifier"][0].update(
        {"identityHash": "sha256$" + "0" * 64}
    ),
    "the date of issue": lambda d: d.update({"validFrom": "2020-01-01T00:00:00Z"}),
    "the issuer's name": lambda d: d["issuer"]["name"][0].update({"@value": "偽スクール"}),
    "the status index": lambda d: d["credentialStatus"].update({"statusListIndex": "7"}),
    "the credential's identifier": lambda d: d.update(
        {"id": "urn:uuid:00000000-0000-4000-8000-000000000000"}
    ),
    "an added expiry date": lambda d: d.update({"validUntil": "2099-01-01T00:00:00Z"}),
    "the proof's date": lambda d: d["proof"].update({"created": "2020-01-01T00:00:00Z"}),
}


@needs_verifier
@pytest.mark.django_db
def test_the_independent_verifier_fails_a_credential_with_any_field_changed(cohort):
    (certificate,) = issued_certificates(cohort)
    original = _credential(certificate)
    tampered = []
    for change in TAMPERINGS.values():
        document = copy.deepcopy(original)
        change(document)
        tampered.append(document)

    results, _ = verify_independently(tampered)

    verified = {name: r["verified"] for name, r in zip(TAMPERINGS, results, strict=True)}
    assert verified == dict.fromkeys(TAMPERINGS, False)


@needs_verifier
@pytest.mark.django_db
def test_the_independent_verifier_reads_valid_before_and_revoked_after_a_revocation(
    cohort, programme_administrator
):
    (certificate,) = issued_certificates(cohort)
    document = _credential(certificate)
    (before,), _ = verify_independently([document])

    services.certificate_revoke(certificate=certificate, reason="不正受講", by=None)
    (after,), _ = verify_independently([document])

    assert (before["verified"], before["revoked"]) == (True, False)
    assert (after["verified"], after["statusVerified"], after["revoked"]) == (True, True, True)


@needs_verifier
@pytest.mark.django_db
def test_after_a_reissue_the_old_credential_reads_revoked_and_the_new_one_valid(cohort):
    (certificate,) = issued_certificates(cohort)
    old = _credential(certificate)
    user = certificate.enrolment.user
    user.last_name = "髙橋"
    user.save()

    reissued = services.certificate_reissue(certificate=certificate, reason="氏名の訂正", by=None)
    new = _credential(reissued)
    results, _ = verify_independently([old, new])

    assert new["id"] != old["id"]
    assert new["credentialSubject"]["name"][0]["@value"].startswith("髙橋")
    assert [(r["verified"], r["revoked"]) for r in results] == [(True, True), (True, False)]


@needs_verifier
@pytest.mark.django_db
def test_the_independent_verifier_is_asked_for_nothing_but_shipped_contexts_and_the_sites_documents(
    cohort, settings
):
    (certificate,) = issued_certificates(cohort)
    document = _credential(certificate)

    _, loaded = verify_independently([document])

    did = document["issuer"]["id"]
    allowed_prefixes = (VC_V2, OB_V3, did, settings.SITE_URL + "/credentials/status/")
    assert loaded
    assert all(url.startswith(allowed_prefixes) for url in loaded), loaded


@pytest.mark.django_db
def test_without_a_signing_key_certificates_are_issued_and_the_command_signs_them_later(
    cohort, settings
):
    key = settings.CREDENTIALS_SIGNING_KEY
    settings.CREDENTIALS_SIGNING_KEY = ""
    settings.CREDENTIALS_SIGNING_KEY_FILE = ""
    (certificate,) = issued_certificates(cohort)
    assert certificate.status == Certificate.Status.ISSUED
    assert not Credential.objects.exists()

    settings.CREDENTIALS_SIGNING_KEY = key
    call_command("issue_credentials", stdout=io.StringIO())

    assert Credential.objects.filter(certificate=certificate).count() == 1


@pytest.mark.django_db
def test_the_command_for_earlier_certificates_is_safe_to_run_twice(cohort):
    certificates = issued_certificates(cohort, 2)
    Credential.objects.all().delete()

    call_command("issue_credentials", stdout=io.StringIO())
    first = set(Credential.objects.values_list("uuid", flat=True))
    call_command("issue_credentials", stdout=io.StringIO())

    assert len(first) == 2
    assert set(Credential.objects.values_list("uuid", flat=True)) == first
    assert {c.certificate_id for c in Credential.objects.all()} == {c.pk for c in certificates}


@pytest.mark.django_db
def test_the_command_signs_no_credential_for_a_revoked_certificate(cohort):
    (certificate,) = issued_certificates(cohort)
    Credential.objects.all().delete()
    services.certificate_revoke(certificate=certificate, reason="誤発行", by=None)

    call_command("issue_credentials", stdout=io.StringIO())

    assert not Credential.objects.exists()

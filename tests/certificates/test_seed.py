import pytest
from django.core.management import call_command

from certificates.models import Certificate


@pytest.mark.django_db
def test_seed_demo_issues_the_finished_cohorts_certificates_with_one_revoked_and_twice_adds_nothing(
    capsys,
):
    call_command("seed_demo")
    certificates = Certificate.objects.filter(enrolment__cohort__status="finished")
    count = certificates.count()

    call_command("seed_demo")

    assert count > 1
    assert certificates.count() == count
    assert certificates.filter(status=Certificate.Status.REVOKED).count() == 1
    assert not certificates.filter(status=Certificate.Status.PENDING).exists()


@pytest.mark.django_db
def test_the_demo_certificate_is_issued_by_the_sites_institutions_with_their_logos_and_seals(
    capsys,
):
    from certificates.models import CertificateTemplate
    from cms.models import Institution

    call_command("seed_demo")
    template = CertificateTemplate.objects.get()
    institutions = set(Institution.objects.values_list("name_ja", flat=True))
    signatories = list(template.signatories.all())

    assert {s.institution for s in signatories} == institutions
    assert all(s.signature_id for s in signatories)
    assert {logo.institution for logo in template.logos.all()} == institutions
    assert set(Certificate.objects.first().institutions) == institutions

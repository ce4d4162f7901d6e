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

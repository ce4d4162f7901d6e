"""Certificates issued and re-issued: one notification to the holder, once."""

import pytest
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from school.models import Notification, NotificationKind
from tests.certificates.factories import eligible_enrolment, held_sessions

pytestmark = pytest.mark.django_db


def test_issuing_notifies_the_holder_once_even_when_issuing_runs_again(
    cohort, django_capture_on_commit_callbacks
):
    sessions = held_sessions(cohort, 2)
    enrolment = eligible_enrolment(cohort, sessions=sessions)
    eligible_enrolment(cohort, sessions=sessions)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_issue_for_cohort(cohort=cohort)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_issue_for_cohort(cohort=cohort)

    certificate = Certificate.objects.get(enrolment=enrolment)
    mine = Notification.objects.filter(recipient=enrolment.user, kind=NotificationKind.CERTIFICATE)
    assert list(mine.values_list("link", flat=True)) == [
        reverse("certificates:download", args=[certificate.pk])
    ]
    assert Notification.objects.filter(kind=NotificationKind.CERTIFICATE).count() == 2


def test_a_reissue_notifies_the_holder_that_it_was_reissued(
    cohort, django_capture_on_commit_callbacks
):
    enrolment = eligible_enrolment(cohort, sessions=held_sessions(cohort, 2))
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_issue_for_cohort(cohort=cohort)
    certificate = Certificate.objects.get(enrolment=enrolment)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reissue(certificate=certificate, reason="氏名の訂正", by=None)

    titles = list(
        Notification.objects.filter(recipient=enrolment.user)
        .order_by("pk")
        .values_list("title_en", flat=True)
    )
    assert titles == ["Your certificate is ready", "Your certificate was re-issued"]

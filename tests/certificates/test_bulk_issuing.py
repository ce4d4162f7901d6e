"""The cohort's issue button says how many it will issue, or why it cannot; bulk issuing shows
its progress until done."""

import pytest
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from tests.certificates.factories import eligible_enrolment, held_sessions
from tests.cohorts.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def _page(client, cohort):
    return client.get(reverse("certificates_admin_eligibility", args=[cohort.pk]))


def test_the_issue_button_is_disabled_with_the_reason_when_nobody_is_eligible(
    admin_client_of_school, cohort
):
    held_sessions(cohort, 2)
    EnrolmentFactory(cohort=cohort)  # attended nothing

    response = _page(admin_client_of_school, cohort)

    assert response.context["to_issue"] == 0
    page = response.content.decode()
    assert 'disabled aria-describedby="issue-disabled-reason"' in page
    assert 'id="issue-disabled-reason"' in page


def test_the_issue_button_says_how_many_certificates_it_will_issue(
    admin_client_of_school, cohort, settings
):
    sessions = held_sessions(cohort, 2)
    for _index in range(3):
        eligible_enrolment(cohort, sessions=sessions)
    EnrolmentFactory(cohort=cohort)
    admin_client_of_school.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = _page(admin_client_of_school, cohort).content.decode()

    assert "Issue 3 certificates for the cohort" in page
    assert "disabled" not in page.split("issue/")[1].split("</form>")[0]


def test_the_issue_button_does_not_count_those_who_already_have_a_certificate(
    admin_client_of_school, cohort
):
    sessions = held_sessions(cohort, 2)
    first = eligible_enrolment(cohort, sessions=sessions)
    eligible_enrolment(cohort, sessions=sessions)
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[first.pk])

    assert _page(admin_client_of_school, cohort).context["to_issue"] == 1


def test_bulk_issuing_shows_progress_until_every_certificate_is_ready(
    admin_client_of_school, cohort, django_capture_on_commit_callbacks
):
    sessions = held_sessions(cohort, 2)
    enrolments = [eligible_enrolment(cohort, sessions=sessions) for _index in range(2)]
    progress_url = reverse("certificates_admin_issuing_progress", args=[cohort.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client_of_school.post(
            reverse("certificates_admin_issue_for_cohort", args=[cohort.pk])
        )

    waiting = admin_client_of_school.get(progress_url).json()
    page = _page(admin_client_of_school, cohort).content.decode()
    services.certificates_issue_batch(cohort=cohort, enrolment_ids=[enrolments[0].pk])
    halfway = admin_client_of_school.get(progress_url).json()
    for callback in callbacks:
        callback()
    done = admin_client_of_school.get(progress_url).json()

    assert (waiting["done"], waiting["total"], waiting["finished"]) == (0, 2, False)
    assert 'id="issuing-progress"' in page
    assert '<progress max="2" value="0"' in page
    assert (halfway["done"], halfway["finished"]) == (1, False)
    assert done["finished"] is True
    assert Certificate.objects.filter(status=Certificate.Status.ISSUED).count() == 2


def test_the_page_says_all_are_issued_once_and_then_stops_following(
    admin_client_of_school, cohort, django_capture_on_commit_callbacks
):
    eligible_enrolment(cohort, sessions=held_sessions(cohort, 2))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_of_school.post(
            reverse("certificates_admin_issue_for_cohort", args=[cohort.pk])
        )

    first = _page(admin_client_of_school, cohort)
    second = _page(admin_client_of_school, cohort)

    assert first.context["progress"].finished
    assert second.context["progress"] is None

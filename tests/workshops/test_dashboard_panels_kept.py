"""Dashboard panels kept by the models they read, and past the minute when the clock changes
nothing (DashboardPanel.reads, changes_with_time, is_shown; school/dashboard_cache.py)."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from certificates import services as certificate_services
from school import content_generation, kept_html
from tests.certificates.factories import issued_certificates
from tests.cms.factories import module_page, programme_page
from tests.cohorts.factories import (
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tests.workshops.conftest import in_a_week
from tests.workshops.presentation_factories import presentation_day
from workshops import services
from workshops.presentations import services as presentation_services

pytestmark = pytest.mark.django_db


def _queries(client, path="/dashboard/") -> str:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def _english_client(user, settings) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_plan_handed_in_leaves_the_presentation_days_and_certificates_in_the_cache(
    author_client, plan, workshop
):
    presentation_day(session=SessionFactory(cohort=plan.enrolment.cohort, starts_at=in_a_week()))
    first = _queries(author_client)
    assert 'FROM "workshops_presentationevent"' in first
    assert 'FROM "certificates_certificate"' in first

    services.plan_submit(plan=plan, workshop=workshop)
    after = _queries(author_client)

    assert 'FROM "workshops_submission"' in after
    assert 'FROM "workshops_presentationevent"' not in after
    assert 'FROM "certificates_certificate"' not in after


def test_a_presentation_day_started_after_a_visit_shows_its_new_state_at_once(author_client, plan):
    event, teacher, _, _ = presentation_day(
        session=SessionFactory(cohort=plan.enrolment.cohort, starts_at=in_a_week())
    )
    scheduled = event.get_status_display()
    before = author_client.get("/dashboard/").content.decode()
    assert f"· {scheduled}" in before

    event = presentation_services.presentation_event_advance(event=event, by=teacher)
    running = event.get_status_display()

    after = author_client.get("/dashboard/").content.decode()
    assert running != scheduled
    assert f"· {running}" in after and f"· {scheduled}" not in after


def test_a_participant_with_no_presentation_day_and_no_certificate_sees_neither_card(
    author_client, plan
):
    html = author_client.get("/dashboard/").content.decode()

    assert "Presentation days" not in html
    assert "Your certificates" not in html
    assert "Workshops and your DX plan" in html


def test_a_certificate_revoked_after_a_visit_shows_as_revoked_at_once(settings):
    certificate = issued_certificates(CohortFactory())[0]
    client = _english_client(certificate.enrolment.user, settings)
    before = client.get("/dashboard/").content.decode()
    assert "Your certificates" in before and certificate.serial in before
    assert "Revoked" not in before

    certificate_services.certificate_revoke(certificate=certificate, reason="誤発行", by=None)

    assert "Revoked" in client.get("/dashboard/").content.decode()


@pytest.fixture
def course_enrolment():
    page = programme_page(slug="executive")
    module_page(page, title="DXビジョンと経営戦略", slug="vision")
    return EnrolmentFactory(cohort=CohortFactory(programme=ProgrammeFactory(page=page))), page


def test_the_modules_panel_is_not_read_again_when_only_the_minute_has_changed(
    client, course_enrolment, monkeypatch
):
    enrolment, _ = course_enrolment
    client.force_login(enrolment.user)
    first = _queries(client)
    assert 'FROM "cms_modulepage"' in first

    now = time.time()
    monkeypatch.setattr(kept_html.time, "time", lambda: now + 61)
    next_minute = _queries(client)

    # The next sessions are drawn again (the clock changes them); the modules are not.
    assert 'FROM "cohorts_session"' in next_minute
    assert 'FROM "cms_modulepage"' not in next_minute


def test_a_module_published_after_a_visit_shows_in_the_modules_panel_at_once(
    client, course_enrolment
):
    enrolment, page = course_enrolment
    client.force_login(enrolment.user)
    assert "データに基づく経営" not in client.get("/dashboard/").content.decode()

    module_page(page, title="データに基づく経営", slug="data")

    assert "データに基づく経営" in client.get("/dashboard/").content.decode()


def test_a_models_generation_changes_with_its_saves_and_with_everything_forgotten(plan):
    presenter = content_generation.current_generation({"workshops.presenter"})
    session = content_generation.current_generation({"cohorts.session"})

    plan.enrolment.save()  # an enrolment: cohorts changes, the sessions do not
    assert content_generation.current_generation({"cohorts.session"}) == session
    assert content_generation.current_generation({"cohorts"}) != session

    presentation_day()
    assert content_generation.current_generation({"workshops.presenter"}) != presenter

    kept = content_generation.current_generation({"cohorts.session"})
    content_generation.forget_everything()
    assert content_generation.current_generation({"cohorts.session"}) != kept

"""The dashboard's panels kept in the cache (school/dashboard_cache.py): fast, and never stale
for what the person did."""

import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from school.dashboard import PARTICIPANT_PANELS_HOOK, DashboardPanel
from tests.cohorts.factories import EnrolmentFactory, SessionFactory
from tests.workshops.conftest import in_a_week
from tests.workshops.factories import WorkshopFactory
from workshops import services
from workshops.models import Plan, Workshop

pytestmark = pytest.mark.django_db


def _tables_read(client, path="/dashboard/") -> str:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_second_visit_to_the_dashboard_reads_no_panel_from_the_database(
    author_client, plan, workshop
):
    first = _tables_read(author_client)
    second = _tables_read(author_client)

    assert "workshops_workshop" in first and "cohorts_session" in first
    assert "workshops_workshop" not in second
    assert "cohorts_session" not in second
    assert "certificates_certificate" not in second


def test_a_plan_handed_in_shows_as_submitted_on_the_next_visit(author_client, plan, workshop):
    assert "Draft" in author_client.get("/dashboard/").content.decode()

    services.plan_submit(plan=plan, workshop=workshop)

    html = author_client.get("/dashboard/").content.decode()
    assert "Submitted" in html and "Draft" not in html


def test_typing_in_the_plan_keeps_the_dashboard_panels_in_the_cache(author_client, plan, workshop):
    _tables_read(author_client)

    plan.vision_and_business_model += " 追記"
    plan.save()

    assert "workshops_workshop" not in _tables_read(author_client)


def test_a_workshop_renamed_in_the_back_office_shows_at_once(author_client, plan, workshop):
    author_client.get("/dashboard/")

    workshop.title_en = "Board presentation of the plan"
    workshop.save()

    assert "Board presentation of the plan" in author_client.get("/dashboard/").content.decode()


def test_a_change_written_around_the_models_shows_within_a_minute(
    author_client, plan, workshop, monkeypatch
):
    author_client.get("/dashboard/")
    Workshop.objects.filter(pk=workshop.pk).update(title_en="Renamed by a bulk update")
    assert "Renamed by a bulk update" not in author_client.get("/dashboard/").content.decode()

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 60)

    assert "Renamed by a bulk update" in author_client.get("/dashboard/").content.decode()


def test_the_english_and_the_japanese_dashboards_are_kept_apart(plan, workshop, settings):
    client = Client()
    client.force_login(plan.enrolment.user)

    japanese = client.get("/dashboard/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/dashboard/").content.decode()

    assert workshop.title_ja in japanese and "下書き" in japanese
    assert workshop.title_en in english and "Draft" in english


def test_each_person_sees_only_their_own_panels(author_client, plan, workshop, settings):
    other = EnrolmentFactory()
    other_workshop = WorkshopFactory(cohort=other.cohort, title_en="Workshop of another cohort")
    Plan.objects.create(enrolment=other, start_fiscal_year=2027)
    author_client.get("/dashboard/")
    client = Client()
    client.force_login(other.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get("/dashboard/").content.decode()

    assert other_workshop.title_en in html and workshop.title_en not in html


class _FormPanel(DashboardPanel):
    order = 1

    def render_html(self, parent_context=None):
        return (
            '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="x">'
            f"<p>visit {next(self.counter)}</p></form>"
        )


def test_panels_holding_a_form_token_are_rendered_on_each_visit(author_client, plan):
    counter = iter(range(100))

    def build(request):
        panel = _FormPanel(request)
        panel.counter = counter
        return [panel]

    with hooks.register_temporarily(PARTICIPANT_PANELS_HOOK, build):
        first = author_client.get("/dashboard/").content.decode()
        second = author_client.get("/dashboard/").content.decode()

    assert "visit 0" in first and "visit 1" in second


# --- Panels that read only some apps, kept on their own (DashboardPanel.reads) ---------------


def test_after_a_plan_is_handed_in_the_dashboard_reads_its_workshops_again_but_not_its_sessions(
    author_client, plan, workshop
):
    _tables_read(author_client)

    services.plan_submit(plan=plan, workshop=workshop)
    after = _tables_read(author_client)

    assert "workshops_submission" in after
    # The next sessions, the modules and the attendance panels are not drawn again.
    assert 'FROM "cohorts_session"' not in after
    assert 'FROM "cohorts_attendance"' not in after


def test_a_session_renamed_in_the_back_office_shows_at_once_in_its_kept_panel(
    author_client, plan, workshop
):
    session = SessionFactory(cohort=plan.enrolment.cohort, starts_at=in_a_week())
    author_client.get("/dashboard/")

    session.name_en = "Board meeting rehearsal"
    session.save()

    assert "Board meeting rehearsal" in author_client.get("/dashboard/").content.decode()


def test_a_dashboard_put_together_from_kept_panels_is_the_same_page_as_one_drawn_afresh(
    author_client, plan, workshop, settings
):
    SessionFactory(cohort=plan.enrolment.cohort, starts_at=in_a_week())
    author_client.get("/dashboard/")
    services.plan_submit(plan=plan, workshop=workshop)
    from_kept_panels = author_client.get("/dashboard/").content.decode()

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    drawn_afresh = author_client.get("/dashboard/").content.decode()

    assert _without_tokens(from_kept_panels) == _without_tokens(drawn_afresh)


def _without_tokens(html: str) -> str:
    return re.sub(r'(nonce|value)="[^"]*"', "", html)

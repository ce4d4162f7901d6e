"""The calendar (issue 14, point 12): the feed in the participant's language with the plan
deadlines beside the sessions, and the schedule's copy button and one-click subscription
links."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import EnrolmentFactory, SessionFactory
from tests.workshops.factories import ExtensionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _feed(client, enrolment):
    client.force_login(enrolment.user)
    client.get(reverse("cohorts:schedule"))
    client.logout()
    response = client.get(
        reverse("cohorts:calendar_feed", args=[enrolment.user.calendar_feed.token])
    )
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_an_english_speaking_participants_feed_is_in_english(client):
    enrolment = EnrolmentFactory(user__preferred_language="en")
    SessionFactory(
        cohort=enrolment.cohort,
        name_ja="データに基づく経営",
        name_en="Data-driven management",
        place="Techno Centre",
    )

    (event,) = _feed(client, enrolment)

    assert str(event["summary"]).startswith("Data-driven management — ")
    assert "Place: Techno Centre" in str(event["description"])


def test_a_japanese_participants_feed_is_in_japanese(client):
    enrolment = EnrolmentFactory(user__preferred_language="ja")
    SessionFactory(
        cohort=enrolment.cohort, name_ja="データに基づく経営", place="北九州テクノセンター"
    )

    (event,) = _feed(client, enrolment)

    assert str(event["summary"]).startswith("データに基づく経営 — ")
    assert "会場：北九州テクノセンター" in str(event["description"])


def test_the_feed_holds_the_plan_deadline_at_the_participants_own_due_time(client):
    enrolment = EnrolmentFactory()
    workshop = WorkshopFactory(cohort=enrolment.cohort, title_ja="DX計画の提出")
    later = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    ExtensionFactory(workshop=workshop, enrolment=enrolment, due_at=later)

    (event,) = _feed(client, enrolment)

    assert str(event["summary"]) == "締切：DX計画の提出"
    assert event.decoded("dtstart") == later
    assert event.decoded("duration") == timedelta(0)
    assert str(event["url"]).endswith(reverse("workshops:plan_editor", args=[enrolment.pk]))


def test_the_schedule_offers_a_copy_button_and_google_and_outlook_links(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)

    response = client.get(reverse("cohorts:schedule"))
    content = response.content.decode()
    links = response.context["calendar_links"]

    assert 'data-copy-target="calendar-address"' in content
    assert parse_qs(urlparse(links["google"]).query)["cid"][0].startswith("webcal://")
    assert parse_qs(urlparse(links["outlook"]).query)["url"][0] == response.context["feed_url"]
    assert "Googleカレンダーに追加" in content and "Outlookに追加" in content


def test_renewing_the_address_is_a_button(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.user)

    content = client.get(reverse("cohorts:schedule")).content.decode()

    assert '<button class="btn btn-outline-danger btn-sm" type="submit">' in content

"""The participant's sessions as an iCalendar feed (RFC 5545)."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from cohorts.models import Session


def render_feed(*, user, sessions) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//DX Executive School//Schedule//JA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "DX経営スクール")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        calendar.add_component(_event(session))
    return calendar.to_ical()


def _event(session: Session) -> Event:
    event = Event()
    # A stable UID lets calendar apps update a moved session instead of adding a second one.
    event.add("uid", f"session-{session.pk}@dx-school")
    event.add("summary", f"{session.name_ja} — {session.cohort.name_ja}")
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    if session.place:
        event.add("location", session.place)
    description = [session.name_en] if session.name_en else []
    if session.online_url:
        event.add("url", session.online_url)
        description.append(session.online_url)
    if description:
        event.add("description", "\n".join(description))
    return event

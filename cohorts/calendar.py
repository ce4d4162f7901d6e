"""The participant's sessions as an iCalendar feed (RFC 5545), in the participant's language.

Other apps add their own dated entries (workshops: the plan deadlines) through the
"calendar_feed_entries" hook: a function that takes the user and returns FeedEntry rows; this
module knows nothing of them.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from wagtail import hooks

from cohorts.course_content import module_links_for
from cohorts.models import Session

CALENDAR_ENTRIES_HOOK = "calendar_feed_entries"


@dataclass(frozen=True)
class FeedEntry:
    uid: str
    summary: str
    starts_at: datetime
    # None for a moment rather than a span (a deadline): a zero-length event, as RFC 5545
    # §3.6.1 allows for "an event that occurs at a point in time".
    ends_at: datetime | None = None
    description: str = ""
    url: str = ""
    location: str = ""


def render_feed(*, user, sessions) -> bytes:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//DX Executive School//Schedule//JA")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("DX Executive School"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        sessions = list(sessions)
        module_links_for(sessions, language=get_language())
        entries = [_session_entry(session) for session in sessions]
        for build_entries in hooks.get_hooks(CALENDAR_ENTRIES_HOOK):
            entries.extend(build_entries(user) or ())
        stamp = timezone.now().astimezone(UTC)
        for entry in entries:
            calendar.add_component(_event(entry, stamp=stamp))
        return calendar.to_ical()


def _session_entry(session: Session) -> FeedEntry:
    lines = [session.cohort.name]
    if session.place:
        lines.append(_("Place: %(place)s") % {"place": session.place})
    if session.online_url:
        lines.append(_("Online: %(url)s") % {"url": session.online_url})
    if session.module_link is not None:
        lines.append(_("Module: %(module)s") % {"module": session.module_link.title})
    return FeedEntry(
        # A stable UID lets calendar apps update a moved session instead of adding a second one.
        uid=f"session-{session.pk}@dx-school",
        summary=f"{session.name} — {session.cohort.name}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        description="\n".join(lines),
        url=session.online_url,
        location=session.place,
    )


def _event(entry: FeedEntry, *, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("summary", entry.summary)
    event.add("dtstart", entry.starts_at.astimezone(UTC))
    if entry.ends_at is None:
        event.add("duration", timedelta(0))
    else:
        event.add("dtend", entry.ends_at.astimezone(UTC))
    event.add("dtstamp", stamp)
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add("url", entry.url)
    if entry.description:
        event.add("description", entry.description)
    return event


def subscription_links(feed_url: str) -> dict[str, str]:
    """Where to add the feed in one click: the webcal:// address phones and Apple Calendar
    open, Google Calendar's "add by URL" (its `cid` parameter takes the webcal address) and
    Outlook on the web's "add from web" page."""
    webcal = "webcal://" + feed_url.split("://", 1)[-1]
    name = _("DX Executive School")
    return {
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        "outlook": "https://outlook.office.com/calendar/0/addfromweb?"
        + urlencode({"url": feed_url, "name": name}, quote_via=quote),
    }

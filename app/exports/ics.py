"""iCalendar export: the whole event, one session, or a starred set, with a VTIMEZONE for the event's zone.

Text values leave without the control characters RFC 5545 forbids (one already in the database
must not make a calendar unreadable)."""
from __future__ import annotations

from datetime import datetime, timedelta

import icalendar

from app.exports.common import SessionTexts
from app.public.agenda import AgendaEvent, AgendaSession
from app.public.links import EventLinks
from app.security import ical_safe


def session_uid(session: AgendaSession) -> str:
    """Stable across exports and releases, so calendars update rather than duplicate."""
    return f"{session.public_id}@dita"


def build_calendar(event: AgendaEvent, sessions: list[AgendaSession], tr, lang: str, stamp: datetime) -> bytes:
    """A calendar with one VEVENT per session, times in the event's zone (VTIMEZONE included)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Dita//International Migrants Day//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", ical_safe(str(tr(event, "title"))))
    cal.add("x-wr-timezone", event.timezone)
    cal.add_component(vtimezone(event))
    links = EventLinks(event.slug, lang, external=True)
    texts = SessionTexts(event, tr)
    for session in sessions:
        cal.add_component(_vevent(event, session, texts, links, stamp))
    return cal.to_ical()


def vtimezone(event: AgendaEvent) -> icalendar.Timezone:
    """The event's zone, with its transitions from a year before the event to a year after."""
    return icalendar.Timezone.from_tzinfo(
        event.tz, event.timezone,
        first_date=event.start_date - timedelta(days=366), last_date=event.end_date + timedelta(days=366),
    )


def _vevent(event: AgendaEvent, session: AgendaSession, texts: SessionTexts, links: EventLinks,
            stamp: datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", session_uid(session))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", session.starts_at.astimezone(event.tz))
    vevent.add("dtend", session.ends_at.astimezone(event.tz))
    tr = texts.tr
    vevent.add("summary", ical_safe(str(tr(session, "title"))))
    where = texts.location(session)
    if where:
        vevent.add("location", ical_safe(where))
    description = "\n\n".join(part for part in (texts.people(session), str(tr(session, "description"))) if part)
    if description:
        vevent.add("description", ical_safe(description))
    vevent.add("url", links.session(session.public_id))
    vevent.add("categories", [ical_safe(texts.label(session))])
    return vevent

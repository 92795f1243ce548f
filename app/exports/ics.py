"""iCalendar export: the whole event, one session, or a starred set, with a VTIMEZONE for the event's zone.

The feed is written as text, as RFC 5545 lays it out: TEXT values escaped (backslash, semicolon,
comma, line breaks), content lines folded at 75 octets (never inside a UTF-8 sequence), CRLF line
ends. Building it from the icalendar library's objects cost four times the agenda's cold render,
nearly all of it in their folding and parameter objects; the library still makes the VTIMEZONE
(once per zone and span in a process), and the tests read every feed back with it.

Text values leave without the control characters RFC 5545 forbids (one already in the database
must not make a calendar unreadable)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar

from app import media
from app.exports.common import SessionTexts
from app.public import services
from app.public.agenda import AgendaEvent, AgendaSession
from app.public.links import EventLinks
from app.security import ical_safe

PRODID = "-//Dita//International Migrants Day//EN"
#: The longest content line, in octets without its CRLF (RFC 5545 3.1).
LINE_OCTETS = 75
_LOCAL = "%Y%m%dT%H%M%S"


def session_uid(session: AgendaSession) -> str:
    """Stable across exports and releases, so calendars update rather than duplicate."""
    return f"{session.public_id}@dita"


def text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): forbidden control characters removed; backslash, semicolon,
    comma and line breaks escaped."""
    if not value:
        return ""
    value = ical_safe(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def param(value: str) -> str:
    """A parameter value (RFC 5545 3.2): quoted when it holds a colon, semicolon or comma."""
    value = ical_safe(value).replace('"', "")
    return f'"{value}"' if any(c in value for c in ":;,") else value


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded into lines of at most 75 octets, each continuation starting
    with a space."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return data
    parts = []
    start, limit, size = 0, LINE_OCTETS, len(data)
    while size - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: fold before its character
            end -= 1
        parts.append(data[start:end])
        start, limit = end, LINE_OCTETS - 1  # the leading space counts
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def build_calendar(event: AgendaEvent, sessions: list[AgendaSession], tr, lang: str, stamp: datetime) -> bytes:
    """A calendar with one VEVENT per session, times in the event's zone (VTIMEZONE included)."""
    zone = event.tz
    tzid = param(event.timezone)
    dtstamp = stamp.astimezone(UTC).strftime(_LOCAL + "Z")
    links = EventLinks(event.slug, lang, external=True)
    texts = SessionTexts(event, tr)
    now = services.now_utc()
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text(str(tr(event, 'title')))}", f"X-WR-TIMEZONE:{text(event.timezone)}",
        *vtimezone(event),
    ]
    for session in sessions:
        lines += ("BEGIN:VEVENT", f"UID:{text(session_uid(session))}", f"DTSTAMP:{dtstamp}",
                  f"DTSTART;TZID={tzid}:{session.starts_at.astimezone(zone).strftime(_LOCAL)}",
                  f"DTEND;TZID={tzid}:{session.ends_at.astimezone(zone).strftime(_LOCAL)}",
                  f"SUMMARY:{text(str(tr(session, 'title')))}")
        where = texts.location(session)
        if where:
            lines.append(f"LOCATION:{text(where)}")
        description = "\n\n".join(part for part in (texts.people(session), str(tr(session, "description"))) if part)
        if description:
            lines.append(f"DESCRIPTION:{text(description)}")
        lines += (f"URL:{ical_safe(links.session(session.public_id))}", f"CATEGORIES:{text(texts.label(session))}")
        lines += conference_lines(session, lang, now)
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return b"\r\n".join(map(fold, lines)) + b"\r\n"


def conference_lines(session: AgendaSession, lang: str, at: datetime) -> list[str]:
    """The session's stream, recording, join and interpretation links that apply at `at`
    (app/media.py), as RFC 7986 CONFERENCE properties with what they carry and a label."""
    found = media.links_for(session, lang, at)
    return [f"CONFERENCE;VALUE=URI;FEATURE={media.FEATURES[link.kind]};"
            f"LABEL={param(media.link_label(link, found.running))}:{ical_safe(link.url)}" for link in found.all()]


def vtimezone(event: AgendaEvent) -> tuple[str, ...]:
    """The event's zone as content lines, with its transitions from a year before the event to a year after."""
    return _vtimezone(event.timezone, event.start_date - timedelta(days=366), event.end_date + timedelta(days=366))


@lru_cache(maxsize=64)
def _vtimezone(name: str, first_date: date, last_date: date) -> tuple[str, ...]:
    component = icalendar.Timezone.from_tzinfo(ZoneInfo(name), name, first_date=first_date, last_date=last_date)
    return tuple(component.to_ical().decode("utf-8").splitlines())

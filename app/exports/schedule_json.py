"""The c3voc schedule JSON (as frab and pretalx publish it); the frab XML is built from the same data.

Free text (titles, names, descriptions) leaves without the characters XML 1.0 forbids, so the JSON
and the XML built from it say the same and a control character in the database breaks neither."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from functools import lru_cache

from flask import url_for

from app import media
from app.exports.common import SessionTexts
from app.languages import two_letter_language
from app.public import services
from app.public.agenda import AgendaEvent, AgendaSession
from app.public.links import EventLinks
from app.public.services import sessions_by_day
from app.security import xml_safe

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
GUID_NAMESPACE = uuid.UUID("6f1c3a52-8d0e-4b8e-9a59-1812d17a2026")


@lru_cache(maxsize=16384)
def guid(kind: str, key: str) -> str:
    """A stable UUID for a session or room, derived from its public id."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def acronym(slug: str) -> str:
    """The event's slug as a c3voc acronym, which the published schema restricts to
    ^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$: hyphens become underscores, and a slug
    shorter than four characters is padded ("mig" -> "mig_")."""
    return slug.lower().replace("-", "_").ljust(4, "_")


def hhmm(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def room_name(session: AgendaSession, tr) -> str:
    return xml_safe(str(tr(session.room, "name"))) if session.room else ""


def event_record(event: AgendaEvent, session: AgendaSession, texts: SessionTexts, links: EventLinks,
                 people: dict[int, dict], lang: str = "en", at: datetime | None = None) -> dict:
    """One session as a c3voc event; `people` keeps each person's record, made once per export. Its
    links are those that apply at `at` (default: now) for a reader of `lang`."""
    local_start = session.starts_at.astimezone(event.tz)
    tr = texts.tr
    title = tr(session, "title").text
    kind = texts.label(session)
    # Stream, recording, join and interpretation links as the session page shows them now (app/media.py).
    found = media.links_for(session, lang, at or services.now_utc())
    return {
        "guid": guid("session", session.public_id),
        "id": session.id,
        "date": local_start.isoformat(),
        "start": f"{local_start.hour:02d}:{local_start.minute:02d}",
        "duration": hhmm(session.ends_at - session.starts_at),
        "room": room_name(session, tr),
        "slug": f"{event.slug}-{session.public_id}",
        "url": links.session(session.public_id),
        "title": xml_safe(title),
        "subtitle": kind,
        "track": kind,
        "type": session.format.value,
        # The c3voc schema takes a two-letter code: Serbian in either script is "sr"; Romani, which
        # has none, gives way to the next language the session is held in, else the event's.
        "language": two_letter_language([*session.languages, event.source_language]),
        "abstract": xml_safe(texts.people(session)),
        # The published schema closes this object: the list of speakers rides in the description.
        "description": xml_safe("\n\n".join(text for text in (tr(session, "description").text,
                                                                   texts.speakers(session)) if text)),
        "recording_license": "",
        # The published c3voc schema types this as a string or null; Dita records nothing itself.
        "do_not_record": None,
        "persons": [people.get(p.person_id) or _person_record(p.person, texts, people)
                    for p in _unique_people(session)],
        "links": [
            *({"url": link.url, "title": xml_safe(media.link_label(link, found.running))} for link in found.all()),
            *({"url": paper.external_url, "title": xml_safe(tr(paper, "title").text)}
              for paper in session.papers if paper.external_url),
        ],
        "attachments": [
            {"url": links.paper_file(f.id),
             "title": xml_safe(f"{tr(paper, 'title')} ({f.lang})")}
            for paper in session.papers for f in paper.files
        ],
    }


def _person_record(person, texts: SessionTexts, people: dict[int, dict]) -> dict:
    record = people[person.id] = {"id": person.id, "guid": guid("person", str(person.id)),
                                  "public_name": xml_safe(texts.person_name(person))}
    return record


def _organization_record(event: AgendaEvent, role, tr, lang: str) -> dict:
    """An organization of the event with its role, its texts in the export's language, its logo's address."""
    organization = role.organization
    record = {"role": role.role.value, "name": xml_safe(tr(organization, "name").text),
              "acronym": xml_safe(tr(organization, "acronym").text) if organization.acronym else "",
              "type": organization.type.value, "url": organization.website}
    if organization.logo_key:
        record["logo"] = url_for("public.organization_logo", lang=lang, slug=event.slug,
                                 organization_id=organization.id, kind=organization.logo_format, _external=True)
    return record


def _room_record(room, tr) -> dict:
    record = {"name": xml_safe(str(tr(room, "name"))), "guid": guid("room", str(room.id))}
    if room.accessibility:
        record["description"] = xml_safe(str(tr(room, "accessibility")))
    return record


def _unique_people(session: AgendaSession):
    seen, parts = set(), []
    for part in session.participations:
        if part.person_id not in seen:
            seen.add(part.person_id)
            parts.append(part)
    return parts


def build_schedule(event: AgendaEvent, tr, lang: str) -> dict:
    """The whole event in the c3voc schedule structure, in one language."""
    links = EventLinks(event.slug, lang, external=True)
    texts = SessionTexts(event, tr)
    people: dict[int, dict] = {}
    at = services.now_utc()
    days = []
    for index, (day, sessions) in enumerate(sessions_by_day(event, event.sessions), start=1):
        rooms: dict[str, list[dict]] = {}
        for room in event.rooms:
            rooms[xml_safe(str(tr(room, "name")))] = []
        for session in sessions:
            record = event_record(event, session, texts, links, people, lang, at)
            rooms.setdefault(room_name(session, tr), []).append(record)
        days.append({
            "index": index,
            "date": day.isoformat(),
            "day_start": min(s.starts_at for s in sessions).astimezone(event.tz).isoformat(),
            "day_end": max(s.ends_at for s in sessions).astimezone(event.tz).isoformat(),
            "rooms": {name: events for name, events in rooms.items() if events},
        })
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "Dita"},
        "schedule": {
            "version": str(event.published_version),
            "base_url": url_for("public.agenda", lang=lang, slug=event.slug, _external=True),
            "conference": {
                "acronym": acronym(event.slug),
                "title": xml_safe(str(tr(event, "title"))),
                "start": event.start_date.isoformat(),
                "end": event.end_date.isoformat(),
                "daysCount": len(event.days),
                "timeslot_duration": "00:15",
                "time_zone_name": event.timezone,
                "url": url_for("public.agenda", lang=lang, slug=event.slug, _external=True),
                "rooms": [_room_record(room, tr) for room in event.rooms],
                # The schema's free-form "meta": where the event is, in the export's language.
                "meta": {"location": xml_safe(", ".join(str(tr(event, name)) for name in ("venue", "city")
                                                        if getattr(event, name))),
                         # The event's convenors, co-convenors, partners and sponsors, in order.
                         "organizations": [_organization_record(event, role, tr, lang)
                                           for role in event.organization_roles]},
                "days": days,
            },
        },
    }

"""The demo day: International Migrants Day in Pristina, built from the project's source documents.

`flask demo` loads it; `make run` does so when the database is empty. Loading it twice
changes nothing: the event is found by its slug.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from app.content import set_translation
from app.dates import local_datetime, next_migrants_day, parse_hhmm
from app.extensions import db
from app.models import (
    Event,
    Gender,
    LinkKind,
    MediaLink,
    Organization,
    OrganizationRole,
    OrganizationRoleKind,
    OrganizationType,
    Paper,
    PaperFile,
    PaperFormat,
    PaperKind,
    Participation,
    ParticipationRole,
    Person,
    Room,
    Session,
    SessionFormat,
    StakeholderGroup,
    TranslationStatus,
)
from app.models.speakers import EntryStatus, RepresentationLevel, SpeakerEntry
from app.publishing import publish
from app.storage import get_storage

DEMO_DIR = Path(__file__).resolve().parent
DEMO_FILE = DEMO_DIR / "pristina.json"
DEMO_SLUG = "migrants-day-pristina"


def _speakers_list(data: dict | None, event: Event, sessions: dict[str, Session], people: dict[str, Person],
                   day: date, zone: str, localized) -> None:
    """The general debate's list of speakers: its people who are not in the agenda otherwise, and its
    entries in the organizer's order, inscribed (`request`: the order of request) a month before."""
    if not data:
        return
    event.statement_minutes = data.get("statement_minutes", 5)
    for p in data.get("people", []):
        person = Person(event=event, name=p["name"], country=p.get("country", ""),
                        stakeholder_group=StakeholderGroup(p["stakeholder_group"]),
                        gender=Gender(p["gender"]) if p.get("gender") else None)
        for field in ("honorific", "organization", "function", "bio"):
            localized(person, field, p.get(field, ""))
        people[p["key"]] = person
    requested = local_datetime(day - timedelta(days=30), parse_hhmm("09:00"), zone)
    session = sessions[data["session"]]
    for position, e in enumerate(data["entries"]):
        entry = SpeakerEntry(person=people[e["person"]] if e.get("person") else None, position=position,
                             level=RepresentationLevel(e["level"]), minutes=e.get("minutes"),
                             status=EntryStatus(e.get("status", "inscribed")),
                             inscribed_at=requested + timedelta(hours=e.get("request", position)))
        localized(entry, "on_behalf_of", e.get("on_behalf_of", ""))
        session.speaker_entries.append(entry)


def _demo_file(storage, lang: str, filename: str) -> PaperFile:
    """One language's file of a paper, from the demo's folder, stored as an upload would be."""
    content = (DEMO_DIR / "papers" / filename).read_bytes()
    return PaperFile(lang=lang, storage_key=storage.save(content, "pdf"), filename=filename, format=PaperFormat.PDF,
                     size=len(content), sha256=hashlib.sha256(content).hexdigest())


def _documents(data: dict | None, sessions: dict[str, Session], people: dict[str, Person], storage,
               localized) -> None:
    """Each roundtable's report-back to the closing plenary (presented by a co-chair), and the papers
    of other kinds: a concept note, the chair's summary of the day."""
    if not data:
        return
    for r in data.get("report_back", []):
        sessions[r["session"]].report_back_session = sessions[r["to"]]
        sessions[r["session"]].report_back_person = people[r["presenter"]]
    for pa in data.get("papers", []):
        session = sessions[pa["session"]]
        paper = Paper(kind=PaperKind(pa["kind"]), position=len(session.papers), external_url=pa.get("url"))
        session.papers.append(paper)
        localized(paper, "title", pa["title"])
        paper.files.extend(_demo_file(storage, lang, filename) for lang, filename in pa.get("files", {}).items())


def _organizations(data: dict | None, event: Event, sessions: dict[str, Session], people: dict[str, Person],
                   localized) -> None:
    """The event's organizations: convenors, co-convenors and partners of the event, partners of some
    sessions; each person whose organization (in the source language) names one is linked to it."""
    if not data:
        return
    made: dict[str, Organization] = {}
    for position, o in enumerate(data["list"]):
        organization = Organization(event=event, type=OrganizationType(o["type"]), website=o.get("website"))
        localized(organization, "name", o["name"])
        localized(organization, "acronym", o.get("acronym", ""))
        made[o["key"]] = organization
        if o.get("role"):
            event.organization_roles.append(OrganizationRole(organization=organization,
                                                             role=OrganizationRoleKind(o["role"]), position=position))
        for person in people.values():
            if person.organization in o.get("people", ()):
                person.affiliation = organization
    for position, r in enumerate(data.get("sessions", [])):
        event.organization_roles.append(OrganizationRole(
            organization=made[r["organization"]], session=sessions[r["session"]],
            role=OrganizationRoleKind(r["role"]), position=position))


def load_demo(day: date | None = None) -> tuple[Event, bool]:
    """Create the demo event if it is not there; returns (event, created)."""
    existing = db.session.scalar(sa.select(Event).where(Event.slug == DEMO_SLUG))
    if existing is not None:
        return existing, False

    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    day = day or next_migrants_day()
    source = data["source_language"]
    zone = data["timezone"]
    pending: list[tuple[object, str, dict[str, str]]] = []  # translations, set once ids exist

    def localized(obj, field: str, texts: dict[str, str] | str) -> None:
        """The field's source text; its translations (a text per language) once the object has an id.
        A plain string is a text the same in every language (a name, an acronym)."""
        if isinstance(texts, str):
            setattr(obj, field, texts)
            return
        setattr(obj, field, texts.get(source, ""))
        pending.append((obj, field, texts))

    event = Event(
        slug=data["slug"], start_date=day, end_date=day, timezone=zone, city=data["city"],
        country=data["country"], source_language=source,
    )
    event.offered_languages = data["languages"]
    localized(event, "title", data["title"])
    localized(event, "description", data["description"])
    localized(event, "venue", data["venue"])
    db.session.add(event)

    rooms: dict[str, Room] = {}
    for position, r in enumerate(data["rooms"]):
        room = Room(event=event, capacity=r.get("capacity"), position=position)
        localized(room, "name", r["name"])
        localized(room, "accessibility", r.get("accessibility", ""))
        rooms[r["key"]] = room

    people: dict[str, Person] = {}
    for p in data["people"]:
        person = Person(
            event=event, name=p["name"], country=p.get("country", ""),
            stakeholder_group=StakeholderGroup(p["stakeholder_group"]),
            gender=Gender(p["gender"]) if p.get("gender") else None,
            gender_description=p.get("gender_description", ""),
        )
        localized(person, "honorific", p.get("honorific", ""))
        localized(person, "organization", p.get("organization", ""))
        localized(person, "function", p["function"])
        localized(person, "bio", p["bio"])
        people[p["key"]] = person

    storage = get_storage()
    linked: list[tuple[Room | Session, list[dict]]] = [(rooms[r["key"]], r.get("links", [])) for r in data["rooms"]]
    sessions: dict[str, Session] = {}
    for s in data["sessions"]:
        session = Session(
            event=event, format=SessionFormat(s["format"]), number=s.get("number"),
            starts_at=local_datetime(day, parse_hhmm(s["start"]), zone),
            ends_at=local_datetime(day, parse_hhmm(s["end"]), zone),
            room=rooms.get(s.get("room")),
        )
        session.languages = s.get("languages", [])
        session.interpretation = s.get("interpretation", [])
        localized(session, "title", s["title"])
        localized(session, "description", s.get("description", {}))
        for position, part in enumerate(s.get("participants", [])):
            session.participations.append(
                Participation(person=people[part["person"]], role=ParticipationRole(part["role"]), position=position)
            )
        for position, pa in enumerate(s.get("papers", [])):
            paper = Paper(session=session, kind=PaperKind.BACKGROUND_PAPER, position=position,
                          external_url=pa.get("url"))
            localized(paper, "title", pa["title"])
            for lang, filename in pa.get("files", {}).items():
                content = (DEMO_DIR / "papers" / filename).read_bytes()
                paper.files.append(PaperFile(
                    lang=lang, storage_key=storage.save(content, "pdf"), filename=filename,
                    format=PaperFormat.PDF, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                ))
        db.session.add(session)
        sessions[s["key"]] = session
        linked.append((session, s.get("links", [])))
    _speakers_list(data.get("speakers_list"), event, sessions, people, day, zone, localized)
    _organizations(data.get("organizations"), event, sessions, people, localized)
    _documents(data.get("documents"), sessions, people, storage, localized)

    db.session.flush()
    for owner, links in linked:  # stream, recording, join and interpretation links (app/media.py)
        for position, link in enumerate(links):
            db.session.add(MediaLink(
                event_id=event.id, room_id=owner.id if isinstance(owner, Room) else None,
                session_id=owner.id if isinstance(owner, Session) else None, kind=LinkKind(link["kind"]),
                lang=link.get("lang"), url=link["url"], position=position))
    for obj, field, texts in pending:
        for lang, text in texts.items():
            if lang != source and text:
                set_translation(event.id, obj, field, lang, text, status=TranslationStatus.REVIEWED)
    publish(event)
    db.session.commit()
    return event, True

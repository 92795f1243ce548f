"""An event described through the ORM, by natural keys instead of ids: to compare an event
with its copy, its imported archive or its restored backup.

This reads the mapped objects and their relationships, not the archive code's rows, so a
test that compares two descriptions compares two different places. Every mapped column is
described unless it is named below as one that differs by design between an event and its
copy (ids, keys, edit counters, the event's live state).
"""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import sqlalchemy as sa

from app import records
from app.extensions import db
from app.models import Event, Translation

#: Columns that a copy or an import renumbers or sets anew.
DIFFERS_BY_DESIGN = frozenset({
    "id", "version", "public_id", "slug", "status", "published_version", "created_at", "updated_at",
    "storage_key", "updated_by_id",
})


def _value(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _refers_to_a_record(column: sa.Column) -> bool:
    """A foreign key to another record (renumbered in a copy); a language code, which refers to the
    derived `language` table, is the object's own value."""
    return any(fk.column.table.name not in records.DERIVED_TABLES for fk in column.foreign_keys)


def plain(obj, *, times: bool = True) -> dict:
    """The object's own columns (no keys, no foreign keys, nothing that differs by design)."""
    out = {}
    for column in sa.inspect(type(obj)).columns:
        if column.primary_key or _refers_to_a_record(column) or column.key in DIFFERS_BY_DESIGN:
            continue
        value = getattr(obj, column.key)
        if not times and isinstance(value, (date, datetime)):
            continue
        out[column.key] = _value(value)
    return out


def _session_key(session) -> tuple:
    return (session.format.value, session.number, session.title)


def describe(event: Event, *, times: bool = True) -> dict:
    """Everything an event holds, keyed by names; `times=False` leaves dates and times out."""
    db.session.refresh(event)
    keys: dict[tuple[str, int], tuple] = {("event", event.id): ("event",)}
    rooms = {}
    for room in event.rooms:
        keys[("room", room.id)] = ("room", room.name)
        rooms[room.name] = plain(room)
    people = {}
    for person in event.people:
        keys[("person", person.id)] = ("person", person.name, person.organization)
        people[f"{person.name} / {person.organization}"] = plain(person)
    sessions = {}
    for session in event.sessions:
        key = _session_key(session)
        keys[("session", session.id)] = ("session", *key)
        papers = []
        for paper in session.papers:
            keys[("paper", paper.id)] = ("paper", *key, paper.title)
            papers.append({**plain(paper), "files": sorted((plain(f, times=False) for f in paper.files),
                                                            key=lambda f: f["lang"])})
        sessions[" / ".join(map(str, key))] = {
            **plain(session, times=times),
            "room": session.room.name if session.room else None,
            "languages": session.languages, "interpretation": session.interpretation,
            "people": [(p.person.name, p.role.value, p.position) for p in session.participations],
            "papers": papers,
        }
    translations = sorted(
        (keys[(t.object_type, t.object_id)], t.field, t.lang, t.text, t.status.value, t.source_fingerprint,
         t.source_text)
        for t in db.session.scalars(sa.select(Translation).where(Translation.event_id == event.id))
    )
    return {
        "event": {**plain(event, times=times), "languages": event.offered_languages},
        "rooms": rooms, "people": people, "sessions": sessions, "translations": translations,
    }

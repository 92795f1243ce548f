"""Loading an event's agenda for the organizer's pages in a fixed number of queries."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import Event, Paper, Participation, Person, Room, Session


def load_agenda(event: Event) -> list[Session]:
    """The event's rooms and sessions with their people, papers and languages; sets `event.sessions`."""
    rooms = db.session.scalars(sa.select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)).all()
    set_committed_value(event, "rooms", list(rooms))
    sessions = db.session.scalars(
        sa.select(Session).where(Session.event_id == event.id).order_by(Session.starts_at, Session.id).options(
            selectinload(Session.language_rows),
            selectinload(Session.participations).selectinload(Participation.person),
            selectinload(Session.papers).selectinload(Paper.files),
            selectinload(Session.speaker_entries),
        )
    ).all()
    by_id: dict[int | None, Room] = {r.id: r for r in rooms}
    for s in sessions:
        set_committed_value(s, "room", by_id.get(s.room_id))
        set_committed_value(s, "event", event)
    set_committed_value(event, "sessions", list(sessions))
    return list(sessions)


def load_people(event: Event) -> list[Person]:
    people = db.session.scalars(
        sa.select(Person).where(Person.event_id == event.id).order_by(Person.name, Person.id)
        .options(selectinload(Person.participations))
    ).all()
    set_committed_value(event, "people", list(people))
    return list(people)


def event_people(event: Event) -> list[Person]:
    """The event's people by name, for choosing among them (one query, whatever their number)."""
    return list(db.session.scalars(
        sa.select(Person).where(Person.event_id == event.id).order_by(Person.name, Person.id)
    ).all())

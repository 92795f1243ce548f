"""Builders for each model, with sensible defaults; each flushes so ids exist."""
from __future__ import annotations

import functools
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.content import set_translation
from app.extensions import db
from app.models import (
    Event,
    EventMember,
    MemberRole,
    Paper,
    Participation,
    ParticipationRole,
    Person,
    Room,
    Session,
    SessionFormat,
    StakeholderGroup,
    User,
)

PASSWORD = "correct horse battery staple"
_seq = count(1)


@functools.cache
def _password_hash() -> str:
    """PASSWORD hashed once for the whole run (as User.set_password does): scrypt is slow on purpose,
    and the tests make hundreds of users."""
    return generate_password_hash(PASSWORD, method="scrypt")


def make_user(email: str | None = None, *, admin=False, organizer=True, translator=False, languages=(),
              name="") -> User:
    user = User(
        email=email or f"user{next(_seq)}@example.org", name=name, is_admin=admin, is_organizer=organizer,
        is_translator=translator,
    )
    user.password_hash = _password_hash()
    user.translator_languages = languages
    db.session.add(user)
    db.session.flush()
    return user


def make_event(slug: str | None = None, *, day: date = date(2026, 12, 18), days: int = 1, source="sq",
               languages=("sq", "sr", "en"), owner: User | None = None, **fields) -> Event:
    event = Event(
        slug=slug or f"event-{next(_seq)}", title=fields.pop("title", "Dita Ndërkombëtare e Emigrantëve"),
        start_date=day, end_date=day + timedelta(days=days - 1), timezone=fields.pop("timezone", "Europe/Belgrade"),
        source_language=source, **fields,
    )
    event.offered_languages = languages
    db.session.add(event)
    if owner is not None:
        event.members.append(EventMember(user=owner, role=MemberRole.OWNER))
    db.session.flush()
    return event


def make_room(event: Event, name: str | None = None, **fields) -> Room:
    room = Room(event=event, name=name or f"Room {next(_seq)}", **fields)
    db.session.add(room)
    db.session.flush()
    return room


def at(event: Event, hhmm: str, day_offset: int = 0) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    day = event.start_date + timedelta(days=day_offset)
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=ZoneInfo(event.timezone))


def make_session(event: Event, start: str = "09:00", end: str = "10:00", *, format=SessionFormat.PLENARY,
                 title: str | None = None, room: Room | None = None, day_offset: int = 0, **fields) -> Session:
    session = Session(
        event=event, format=format, title=title or f"Session {next(_seq)}",
        starts_at=at(event, start, day_offset), ends_at=at(event, end, day_offset), room=room, **fields,
    )
    db.session.add(session)
    db.session.flush()
    return session


def make_person(event: Event, name: str | None = None, *, group=StakeholderGroup.CIVIL_SOCIETY, **fields) -> Person:
    person = Person(event=event, name=name or f"Person {next(_seq)}", stakeholder_group=group, **fields)
    db.session.add(person)
    db.session.flush()
    return person


def make_participation(session: Session, person: Person, role=ParticipationRole.SPEAKER, position=0) -> Participation:
    part = Participation(session=session, person=person, role=role, position=position)
    db.session.add(part)
    db.session.flush()
    return part


def make_paper(session: Session, title: str = "Background paper", **fields) -> Paper:
    paper = Paper(session=session, title=title, **fields)
    db.session.add(paper)
    db.session.flush()
    return paper


def add_member(event: Event, user: User, role=MemberRole.TRANSLATOR, language: str | None = None) -> EventMember:
    """Make a user an owner, editor or (with a language) translator of an event."""
    member = EventMember(event=event, user=user, role=role, language=language)
    db.session.add(member)
    db.session.flush()
    return member


def release(event: Event) -> None:
    """Publish the event's working copy, as the organizer's Publish button does, and commit."""
    from app.publishing import publish
    publish(event)
    db.session.commit()


def make_translation(event: Event, obj, field: str, lang: str, text: str, status=None):
    """A translation of one field, made from the field's current source."""
    row = set_translation(event.id, obj, field, lang, text, status)
    db.session.flush()
    return row


@contextmanager
def count_queries():
    """The SQL statements run inside the block (for any app on the current engine)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def make_agenda(event: Event, sessions: int, *, rooms: int = 3) -> list[Session]:
    """An agenda of `sessions` sessions spread over rooms and quarter hours, each with two people and a paper."""
    made_rooms = [make_room(event) for _ in range(rooms)]
    made = []
    for n in range(sessions):
        start = 8 * 60 + (n // rooms) * 15 % (14 * 60)
        day_offset = (n // rooms) * 15 // (14 * 60)
        hhmm = f"{start // 60:02d}:{start % 60:02d}"
        end = f"{(start + 15) // 60:02d}:{(start + 15) % 60:02d}"
        session = Session(
            event=event, format=SessionFormat.SIDE_EVENT, title=f"Session {next(_seq)}",
            starts_at=at(event, hhmm, day_offset), ends_at=at(event, end, day_offset), room=made_rooms[n % rooms],
        )
        session.languages = ["sq"]
        session.interpretation = ["en"]
        person = Person(event=event, name=f"Person {next(_seq)}", stakeholder_group=StakeholderGroup.ACADEMIA)
        session.participations.append(Participation(person=person, role=ParticipationRole.CHAIR))
        session.papers.append(Paper(title="Background paper", external_url="https://example.org/paper"))
        db.session.add(session)
        made.append(session)
    db.session.flush()
    return made


def pdf_bytes(text: str = "Background paper") -> bytes:
    """A tiny PDF of one blank page that pypdf opens; `text` rides in a comment (so each text
    gives other bytes, and the bytes contain it)."""
    head = b"%PDF-1.4\n% " + text.encode("utf-8") + b"\n"
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"]
    body, offsets = head, []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    xref += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, len(body))
    return body + xref + trailer


def make_organizer_event(email: str = "organizer@example.org", **fields) -> tuple[User, Event]:
    """An organizer and an event they own."""
    owner = make_user(email)
    return owner, make_event(owner=owner, **fields)

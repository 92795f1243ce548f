"""The rules of the organizer's area: saving rooms, sessions, people and participations, ordering, locking."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from app.dates import local_datetime
from app.extensions import db
from app.forms import language_choices
from app.i18n import format_day, language_name
from app.models import Event, Participation, ParticipationRole, Person, Room, Session, SessionFormat
from app.models.person import Gender
from app.models.translation import normalize_text

T = TypeVar("T")

#: A save that lost a race: another request changed or removed the same rows first.
LOST_RACE = (StaleDataError, IntegrityError)


def text(value: str | None) -> str:
    """A text field as saved: line endings as Unix ones (browsers send CRLF), no surrounding blanks."""
    return normalize_text(value or "")


def stored_now(obj, values: Callable[[Any], dict[str, object]], form) -> list[tuple[str, object]] | None:
    """After a lost race: the fields whose stored value differs from the form's, read afresh;
    None when the object is gone."""
    if obj is None:
        return None
    try:
        db.session.refresh(obj)
    except InvalidRequestError:  # deleted by the other request
        return None
    return changed_fields(form, values(obj)) or [(_("Version"), obj.version)]


def is_stale(obj, form) -> bool:
    """True when the form was filled from an older version of the object than the one stored."""
    return form.version_number() != obj.version


def move(items: list, item, direction: str) -> None:
    """Move an item one place up or down in an ordered list, renumbering `position` from 0."""
    items = list(items)
    index = items.index(item)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, each in enumerate(items):
        each.position = position


def apply_event_dates(form, template_days: int = 1) -> tuple[date, date]:
    """First and last day from a form: the last day if given, else the number of days, else the template's.

    The form refuses a number of days and a last day that disagree (EventFieldsForm), so the
    last day given is never silently preferred to a different number of days."""
    start = form.start_date.data
    if form.end_date.data:
        return start, form.end_date.data
    days = form.number_of_days.data or template_days
    return start, start + timedelta(days=days - 1)


def move_sessions_with_event(event: Event, old_start: date, old_zone: str) -> int:
    """After the event's first day or time zone changed, put each session back on the same day of
    the event at the same time of day (09:00 on the second day stays 09:00 on the second day, in the
    new zone too). Returns how many sessions moved."""
    if event.start_date == old_start and event.timezone == old_zone:
        return 0
    zone = ZoneInfo(old_zone)

    def moved(moment: datetime) -> datetime:
        local = moment.astimezone(zone)
        day = event.start_date + (local.date() - old_start)
        return local_datetime(day, local.time(), event.timezone)

    for session in event.sessions:
        starts, ends = moved(session.starts_at), moved(session.ends_at)
        if ends <= starts:  # a wall-clock time that a change of clocks in the new zone skips or repeats
            ends = starts + (session.ends_at - session.starts_at)
        session.starts_at, session.ends_at = starts, ends
    return len(event.sessions)


def room_name_taken(event: Event, name: str, room: Room | None) -> bool:
    stmt = sa.select(Room.id).where(Room.event_id == event.id, Room.name == name)
    if room is not None and room.id is not None:
        stmt = stmt.where(Room.id != room.id)
    return db.session.scalar(stmt) is not None


def save_room(event: Event, room: Room | None, form) -> Room | None:
    """Fill a room from its form; None (with a message on the field) when the name is taken."""
    name = text(form.name.data)
    if room_name_taken(event, name, room):
        form.name.errors.append(_("This event has a room with this name already."))
        return None
    if room is None:
        room = Room(event=event, position=len(event.rooms))
        db.session.add(room)
    room.name = name
    room.capacity = form.capacity.data
    room.accessibility = text(form.accessibility.data)
    return room


def room_values(room: Room) -> dict[str, object]:
    return {"name": room.name, "capacity": room.capacity, "accessibility": room.accessibility}


def paper_values(paper) -> dict[str, object]:
    return {"title": paper.title, "kind": paper.kind.value, "external_url": paper.external_url}


def event_values(event: Event) -> dict[str, object]:
    return {name: getattr(event, name) for name in (
        "title", "slug", "start_date", "end_date", "timezone", "venue", "city", "country", "source_language",
        "description", "fallback_languages",
    )}


def session_day(session: Session) -> date:
    """The day a session starts on, in its event's zone."""
    return session.starts_at.astimezone(session.event.tz).date()


def session_form_choices(form, event: Event, session: Session | None = None) -> None:
    """The days, rooms and languages a session form offers for this event.

    A session that lies outside the event's dates (they were shortened after it was planned)
    keeps its own day as a choice, marked as outside the event: saving the form never moves
    it to another day unless the organizer picks one."""
    days = list(event.days)
    if session is not None and session.id is not None and session_day(session) not in days:
        days = sorted([*days, session_day(session)])
    form.day.choices = [
        SelectChoice(d.isoformat(), format_day(d) if d in event.days
                     else _("%(day)s (outside the event's dates)", day=format_day(d)))
        for d in days
    ]
    form.room.choices = [SelectChoice(0, _("No room"))] + [SelectChoice(r.id, r.name) for r in event.rooms]
    form.languages.choices = [SelectChoice(code, language_name(code)) for code in event.offered_languages]
    form.interpretation.choices = language_choices()


def fill_session_form(form, session: Session) -> None:
    tz = session.event.tz
    start, end = session.starts_at.astimezone(tz), session.ends_at.astimezone(tz)
    form.format.data = session.format.value
    form.number.data = session.number
    form.title.data = session.title
    form.description.data = session.description
    form.day.data = start.date().isoformat()
    form.start.data = start.time()
    form.end.data = end.time()
    form.room.data = session.room_id or 0
    form.languages.data = session.languages
    form.interpretation.data = session.interpretation
    form.version.data = str(session.version)


#: The longest a session may last.
MAX_SESSION_LENGTH = timedelta(hours=24)


def session_times(day: date, start: time, end: time, zone: str) -> tuple[datetime, datetime]:
    """A session's start and end from its day and two wall-clock times in the event's zone; an end
    at or before the start is on the next day (22:00–01:00 ends at 01:00 the next morning)."""
    starts_at = local_datetime(day, start, zone)
    ends_at = local_datetime(day + timedelta(days=1) if end <= start else day, end, zone)
    return starts_at, ends_at


def session_number_taken(event: Event, fmt: SessionFormat, number: int, session: Session | None) -> bool:
    stmt = sa.select(Session.id).where(Session.event_id == event.id, Session.format == fmt, Session.number == number)
    if session is not None and session.id is not None:
        stmt = stmt.where(Session.id != session.id)
    return db.session.scalar(stmt) is not None


def save_session(event: Event, session: Session | None, form) -> Session | None:
    """Fill a session from its form; None (with messages on the fields) when a rule is broken."""
    fmt = SessionFormat(form.format.data)
    number = form.number.data
    if number is not None and session_number_taken(event, fmt, number, session):
        form.number.errors.append(_("Another session of this format has this number."))
        return None
    room_ids = {r.id for r in event.rooms}
    if form.room.data and form.room.data not in room_ids:
        form.room.errors.append(_("Choose a room of this event."))
        return None
    day = date.fromisoformat(form.day.data)
    starts_at, ends_at = session_times(day, form.start.data, form.end.data, event.timezone)
    if ends_at - starts_at > MAX_SESSION_LENGTH:  # across a night when the clocks go back
        form.end.errors.append(_("A session lasts at most 24 hours."))
        return None
    if session is None:
        session = Session(event=event)
        db.session.add(session)
    else:
        # The session's own row is written (and its version checked and raised) by every save,
        # even one that changes only its languages, which live in rows of their own.
        flag_modified(session, "title")
    session.format = fmt
    session.number = number
    session.title = text(form.title.data)
    session.description = text(form.description.data)
    session.starts_at, session.ends_at = starts_at, ends_at
    session.room_id = form.room.data or None
    session.languages = form.languages.data or []
    session.interpretation = form.interpretation.data or []
    return session


def person_taken(event: Event, name: str, organization: str, person: Person | None) -> bool:
    stmt = sa.select(Person.id).where(
        Person.event_id == event.id, Person.name == name, Person.organization == organization
    )
    if person is not None and person.id is not None:
        stmt = stmt.where(Person.id != person.id)
    return db.session.scalar(stmt) is not None


def save_person(event: Event, person: Person | None, form) -> Person | None:
    """Fill a person from the form; None (message beside the name) when they are in the event already."""
    name, organization = text(form.name.data), text(form.organization.data)
    if person_taken(event, name, organization, person):
        form.name.errors.append(_("This person (same name and organization) is in this event already."))
        return None
    if person is None:
        person = Person(event=event)
        db.session.add(person)
    person.name = name
    person.organization = organization
    for field in ("honorific", "function", "country", "gender_description", "bio"):
        setattr(person, field, text(getattr(form, field).data))
    person.gender = Gender(form.gender.data) if form.gender.data else None
    person.stakeholder_group = form.stakeholder_group.data
    return person


def add_participation(session: Session, person: Person, role: ParticipationRole) -> Participation | None:
    """Add a person to a session at the end; None when they hold that role there already."""
    if any(p.person_id == person.id and p.role == role for p in session.participations):
        return None
    part = Participation(person=person, role=role, position=len(session.participations))
    session.participations.append(part)
    return part


def changed_fields(form, current: dict[str, object]) -> list[tuple[str, object]]:
    """The fields whose stored value differs from what the form shows, with the stored value."""
    result = []
    for name, value in current.items():
        field = getattr(form, name, None)
        if field is None:
            continue
        if (field.data or "") != (value or ""):
            result.append((str(field.label.text), value))
    return result


def session_values(session: Session) -> dict[str, object]:
    """A session's stored values under its form's field names, for the "someone changed it" notice."""
    tz = session.event.tz
    start = session.starts_at.astimezone(tz)
    return {
        "format": session.format.value, "number": session.number, "title": session.title,
        "description": session.description, "day": start.date().isoformat(), "start": start.time(),
        "end": session.ends_at.astimezone(tz).time(), "room": session.room_id or 0,
    }


def person_values(person: Person) -> dict[str, object]:
    return {name: getattr(person, name) for name in (
        "name", "honorific", "function", "organization", "country", "gender_description", "bio",
    )} | {"stakeholder_group": person.stakeholder_group.value, "gender": person.gender.value if person.gender else ""}

"""The rules of the organizer's area: saving rooms, sessions, people and participations, ordering, locking."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
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
from app.labels import ROLE_LABELS
from app.models import (
    Event,
    Participation,
    ParticipationRole,
    Person,
    Room,
    Session,
    SessionFormat,
    StakeholderGroup,
)
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
        "description", "fallback_languages", "dates_language",
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
    if ends_at.astimezone(UTC) - starts_at.astimezone(UTC) > MAX_SESSION_LENGTH:  # a night the clocks go back
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
    session.title = " ".join(text(form.title.data).split())  # typed in a text area, kept as one line
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
    person.email = text(form.email.data).strip()
    person.phone = text(form.phone.data).strip()
    person.language = form.language.data or None
    return person


def add_participation(session: Session, person: Person, role: ParticipationRole) -> Participation | None:
    """Add a person to a session at the end; None when they hold that role there already."""
    if any(p.person_id == person.id and p.role == role for p in session.participations):
        return None
    part = Participation(person=person, role=role, position=len(session.participations))
    session.participations.append(part)
    return part


def save_session_with_people(event: Event, session: Session | None, form, people: list[Person]) -> Session | None:
    """Save a session form with its people rows: everything, or nothing with messages on the fields."""
    saved = save_session(event, session, form)
    if saved is None or not save_people(event, saved, form.people, people):
        return None
    return saved


def people_summary(session: Session) -> str:
    """The session's people and roles now stored, for the "someone changed it" notice."""
    return "; ".join(f"{p.person.display_name} ({ROLE_LABELS[p.role]})" for p in session.participations) or "—"


def people_rows_stale(session: Session, rows) -> bool:
    """True when a row shows a participation that was removed or changed since the form was filled."""
    current = {(p.id, p.version) for p in session.participations}
    shown = {(row.form.part_id(), row.form.shown_version()) for row in rows if row.form.part_id() is not None}
    return not shown <= current


class PeopleChanged(StaleDataError):
    """A row of a people form names a participation that was removed or changed since it was shown."""


def person_label(person: Person) -> str:
    """How a person is named in a choice list: with the organization, which tells namesakes apart."""
    return f"{person.display_name} ({person.organization})" if person.organization else person.display_name


def people_row_choices(rows, people: list[Person]) -> None:
    """The people a row may pick: "a new person" (0) first, then everyone of the event."""
    choices = [SelectChoice(0, _("— a new person —"))] + [SelectChoice(p.id, person_label(p)) for p in people]
    for row in rows:
        row.form.person.choices = choices


def fill_people_rows(rows, session: Session | None, blank: int) -> None:
    """A people form's rows: the session's participations in order, then `blank` empty rows."""
    while len(rows):
        rows.pop_entry()
    for index, part in enumerate(session.participations if session is not None else []):
        rows.append_entry(SimpleNamespace(part=str(part.id), version=str(part.version), person=part.person_id,
                                          role=part.role.value, position=index + 1))
    add_blank_rows(rows, blank)


def add_blank_rows(rows, count: int) -> None:
    for _n in range(max(0, min(count, rows.max_entries - len(rows)))):
        rows.append_entry()


def save_people(event: Event, session: Session, rows, people: list[Person], *, saved_only: bool = False) -> bool:
    """Apply a people form's rows to a session (added to the database session, not committed).

    Each non-blank row is a saved participation (its role and place changed, or removed), someone
    of the event chosen for a role, or a new person created in the event. The order is the positions
    typed (rows without one keep their order, after the numbered ones); people added to the session
    by someone else meanwhile keep their order after these. False, with messages beside the rows,
    when a row breaks a rule; raises PeopleChanged when a row's participation was removed or changed
    meanwhile. Nothing is changed unless everything can be. With `saved_only`, rows of saved
    participations alone are read (the session page's list of roles and places)."""
    by_id = {p.id: p for p in people}
    by_key = {(p.name, p.organization): p for p in people}
    stored = {part.id: part for part in session.participations} if session.id is not None else {}
    seen_parts: set[int] = set()
    plan: list[tuple[tuple[int, int], Any, Participation | None, Person | None, ParticipationRole]] = []
    removed: list[Participation] = []
    new_people: dict[tuple[str, str], Any] = {}
    valid = True
    for index, entry in enumerate(rows):
        row = entry.form
        if row.is_blank() or (saved_only and row.part_id() is None):
            continue
        role = ParticipationRole(row.role.data)
        order = (row.position.data if row.position.data is not None else 10_000, index)
        part_id = row.part_id()
        if part_id is not None:
            part = stored.get(part_id)
            if part is None or part_id in seen_parts or part.version != row.shown_version():
                raise PeopleChanged(f"participation {part_id} changed meanwhile")
            seen_parts.add(part_id)
            if row.remove.data:
                removed.append(part)
            else:
                plan.append((order, row, part, part.person, role))
            continue
        name = text(row.name.data)
        if row.person.data:
            person = by_id.get(row.person.data)
            if person is None:
                row.person.errors.append(_("Choose a person from the list."))
                valid = False
            elif name:
                row.name.errors.append(_("Choose a person in the list or type a new name, not both."))
                valid = False
            else:
                plan.append((order, row, None, person, role))
            continue
        key = (" ".join(name.split()), " ".join(text(row.organization.data).split()))
        if key in by_key:
            row.name.errors.append(_("%(name)s is in this event already: choose them in the list.", name=key[0]))
            valid = False
            continue
        if key in new_people:
            row.name.errors.append(_("This new person is in another row already."))
            valid = False
            continue
        new_people[key] = row
        plan.append((order, row, None, None, role))
    # Participations this form did not show (added meanwhile) stay, after the form's rows.
    unknown = [part for part in stored.values() if part.id not in seen_parts]
    taken: dict[tuple[object, ParticipationRole], Any] = {(part.person_id, part.role): None for part in unknown}
    for _order, row, _part, person, role in plan:
        key_person: object = person.id if person is not None else ("new", row.name.data)
        if (key_person, role) in taken:
            row.role.errors.append(_("This person has this role in the session already."))
            valid = False
        taken[(key_person, role)] = row
    if not valid:
        return False

    for part in removed:
        session.participations.remove(part)
        db.session.delete(part)
    if removed:
        db.session.flush()
    # A role that another of the saved rows held until now (two rows swapping roles) is taken
    # over by a new row, so no moment of the save has the same person twice in the same role.
    stored_pairs = {(p.person_id, p.role): p for p in session.participations}
    recreated = []
    for item in plan:
        _order, _row, part, _person, role = item
        if part is not None and part.role != role and stored_pairs.get((part.person_id, role)) not in (None, part):
            recreated.append(part)
    for part in recreated:
        session.participations.remove(part)
        db.session.delete(part)
    if recreated:
        db.session.flush()

    ordered: list[Participation] = []
    for _order, row, part, person, role in sorted(plan, key=lambda item: item[0]):
        if part is not None and part not in recreated:
            part.role = role
            ordered.append(part)
            continue
        if person is None:
            person = Person(event=event, name=" ".join(text(row.name.data).split()),
                            honorific=text(row.honorific.data),
                            organization=" ".join(text(row.organization.data).split()),
                            stakeholder_group=StakeholderGroup(row.stakeholder_group.data))
            db.session.add(person)
        new_part = Participation(person=person, role=role)
        session.participations.append(new_part)
        ordered.append(new_part)
    for position, part in enumerate([*ordered, *sorted(unknown, key=lambda p: (p.position, p.id))]):
        if part.position != position:
            part.position = position
    session.participations.sort(key=lambda p: p.position)
    return True


def copy_title(title: str) -> str:
    """A copy's title, "… (copy)" in the interface language, within the 500 characters of a title."""
    titled = _("%(title)s (copy)", title=title)
    if len(titled) <= 500:
        return titled
    room = 500 - len(_("%(title)s (copy)", title="")) - 1
    return _("%(title)s (copy)", title=title[:max(room, 0)].rstrip() + "…")[:500]


def next_free_number(event: Event, fmt: SessionFormat, number: int) -> int | None:
    """The first number after `number` that no session of this format has (then from 1); None when 1–99 are taken."""
    used = set(db.session.scalars(sa.select(Session.number).where(
        Session.event_id == event.id, Session.format == fmt, Session.number.is_not(None))))
    for candidate in [*range(number + 1, 100), *range(1, number)]:
        if candidate not in used:
            return candidate
    return None


def free_slot(event: Event, source: Session) -> tuple[datetime, datetime]:
    """Where a copy of a session goes: its room at its time, or the room's next free slot of the same
    length on the same day; its own time when the room has none left that day (the timetable then
    shows the clash)."""
    if source.room_id is None:
        return source.starts_at, source.ends_at
    length = source.ends_at - source.starts_at
    booked = db.session.execute(sa.select(Session.starts_at, Session.ends_at).where(
        Session.event_id == event.id, Session.room_id == source.room_id)).all()
    tz = event.tz
    day = source.starts_at.astimezone(tz).date()
    start = source.starts_at
    for _attempt in range(len(booked) + 1):
        end = start + length
        clashes = [b_end for b_start, b_end in booked if b_start < end and start < b_end]
        if not clashes:
            if (end - timedelta(microseconds=1)).astimezone(tz).date() == day:
                return start, end
            break
        start = max(clashes)
    return source.starts_at, source.ends_at


def duplicate_session(event: Event, source: Session) -> Session | None:
    """A copy of a session: same format (with the next free number), room, languages, description and
    people in their roles and order; at the same time or the room's next free slot; no papers and no
    translations. None when the format has no free number left."""
    number = None
    if source.number is not None:
        number = next_free_number(event, source.format, source.number)
        if number is None:
            return None
    starts_at, ends_at = free_slot(event, source)
    languages, interpretation = source.languages, source.interpretation
    parts = [Participation(person_id=part.person_id, role=part.role, position=part.position)
             for part in source.participations]
    copy = Session(event=event, format=source.format, number=number, title=copy_title(source.title),
                   description=source.description, starts_at=starts_at, ends_at=ends_at, room_id=source.room_id)
    db.session.add(copy)
    copy.languages = languages
    copy.interpretation = interpretation
    copy.participations.extend(parts)
    return copy


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

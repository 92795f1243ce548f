"""What the public pages compute from a loaded event: days, grid cells, filters, clashes, now and next.

Everything here works on objects already in memory, so a page's query count does not grow
with the size of its event.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.data import municipalities
from app.i18n import current_language
from app.languages import written_from
from app.models import ParticipationRole, Session, SessionFormat
from app.public.agenda import AgendaEvent, AgendaParticipation, AgendaPerson, AgendaRoom, AgendaSession

#: Grid rows are a quarter of an hour; a day has at most this many.
SLOT_MINUTES = 15
MAX_GRID_ROWS = 24 * 60 // SLOT_MINUTES
#: The grid stylesheet has classes for this many room columns.
MAX_GRID_COLUMNS = 24


def local_day(event: AgendaEvent, moment: datetime) -> date:
    return moment.astimezone(event.tz).date()


def sessions_by_day(event: AgendaEvent, sessions: list[AgendaSession]) -> list[tuple[date, list[AgendaSession]]]:
    """Sessions grouped by their day in the event's zone, days in order."""
    by_day: dict[date, list[AgendaSession]] = defaultdict(list)
    for session in sessions:
        by_day[local_day(event, session.starts_at)].append(session)
    return [(day, by_day[day]) for day in sorted(by_day)]


def parse_formats(values: list[str]) -> list[SessionFormat]:
    """The formats named in a query string; unknown names are ignored."""
    known = {f.value: f for f in SessionFormat}
    wanted = {v for value in values for v in value.split(",")}
    return [f for f in SessionFormat if f.value in wanted and f.value in known]


def filter_by_format(sessions: list[AgendaSession], formats: list[SessionFormat]) -> list[AgendaSession]:
    if not formats:
        return list(sessions)
    return [s for s in sessions if s.format in formats]


def parse_room(value: str | None, event: AgendaEvent) -> AgendaRoom | None:
    """The room named by a query string (its id), if the event has it; anything else is no room."""
    value = (value or "").strip()
    if not value.isdigit():
        return None
    return next((room for room in event.rooms if room.id == int(value)), None)


def filter_by_room(sessions: list[AgendaSession], room: AgendaRoom | None) -> list[AgendaSession]:
    return list(sessions) if room is None else [s for s in sessions if s.room_id == room.id]


def spoken(lang: str) -> str:
    """The spoken language of a written one: Serbian is heard the same in either script."""
    return written_from(lang) or lang


def can_follow(session: AgendaSession, lang: str) -> bool | None:
    """Whether a reader of `lang` can follow the session: held in it, or interpreted into it.
    None when the session names no language at all (nothing to go by)."""
    held = [*session.languages, *session.interpretation]
    if not held:
        return None
    return spoken(lang) in {spoken(code) for code in held}


def filter_followable(sessions: list[AgendaSession], lang: str) -> list[AgendaSession]:
    """The sessions a reader of `lang` can follow, and those that name no language (kept: unknown)."""
    return [s for s in sessions if can_follow(s, lang) is not False]


def rooms_used(event: AgendaEvent) -> list[AgendaRoom]:
    """The event's rooms that hold at least one session, in the event's order."""
    used = {s.room_id for s in event.sessions}
    return [room for room in event.rooms if room.id in used]


def formats_present(event: AgendaEvent) -> list[SessionFormat]:
    held = {s.format for s in event.sessions}
    return [f for f in SessionFormat if f in held]


def usual_languages(sessions: Sequence[AgendaSession | Session]) -> tuple[list[str], list[str]] | None:
    """The languages held in, and interpreted into, that most sessions share: said once for the
    whole agenda rather than in every row. None unless more than half of the sessions share them."""
    counts = Counter((tuple(s.languages), tuple(s.interpretation)) for s in sessions)
    if not counts:
        return None
    (languages, interpretation), held_by = counts.most_common(1)[0]
    if not languages or held_by * 2 <= len(sessions):
        return None
    return list(languages), list(interpretation)


def parse_ids(value: str | None) -> list[str]:
    """Public ids from `?s=id1,id2`, in order, without duplicates or junk."""
    ids: list[str] = []
    for part in (value or "").split(","):
        part = part.strip()
        if part and part.isalnum() and len(part) <= 16 and part not in ids:
            ids.append(part)
    return ids


def sessions_with_ids(event: AgendaEvent, ids: list[str]) -> list[AgendaSession]:
    wanted = set(ids)
    return [s for s in event.sessions if s.public_id in wanted]


def session_or_none(event: AgendaEvent, public_id: str) -> AgendaSession | None:
    return next((s for s in event.sessions if s.public_id == public_id), None)


def neighbours(event: AgendaEvent, session: AgendaSession) -> tuple[AgendaSession | None, AgendaSession | None]:
    """The sessions before and after one, in agenda order."""
    index = event.sessions.index(session)
    previous = event.sessions[index - 1] if index > 0 else None
    following = event.sessions[index + 1] if index + 1 < len(event.sessions) else None
    return previous, following


_ROLE_ORDER = {role: n for n, role in enumerate(ParticipationRole)}


def people_by_role(session: AgendaSession) -> list[tuple[ParticipationRole, list[AgendaParticipation]]]:
    """A session's people grouped by role, roles in their order of precedence."""
    groups: dict[ParticipationRole, list[AgendaParticipation]] = {}
    for part in session.participations:
        groups.setdefault(part.role, []).append(part)
    return sorted(groups.items(), key=lambda item: _ROLE_ORDER[item[0]])


def speakers(event: AgendaEvent) -> list[AgendaPerson]:
    """Everyone who takes part in a session, by name."""
    people = {p.person.id: p.person for s in event.sessions for p in s.participations}
    return sorted(people.values(), key=lambda p: (p.name.casefold(), p.id))


def sessions_of(event: AgendaEvent, person_id: int) -> list[tuple[AgendaSession, list[ParticipationRole]]]:
    """The sessions a person takes part in, with their roles there."""
    found = []
    for session in event.sessions:
        roles = [p.role for p in session.participations if p.person_id == person_id]
        if roles:
            found.append((session, roles))
    return found


def clashes(sessions: list[AgendaSession]) -> set[str]:
    """Public ids of the sessions that overlap another one of the list."""
    clashing: set[str] = set()
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:]:
            if second.starts_at >= first.ends_at:
                break
            clashing.update({first.public_id, second.public_id})
    return clashing


@dataclass(frozen=True)
class GridCell:
    session: AgendaSession
    column: int
    row_start: int
    row_end: int


@dataclass(frozen=True)
class GridDay:
    day: date
    columns: list[AgendaRoom | None]
    hours: list[tuple[datetime, int]]  # the label of each full hour and its row
    cells: list[GridCell]
    rows: int


def grid_day(event: AgendaEvent, day: date, sessions: list[AgendaSession]) -> GridDay:
    """One day as a grid: a column per room, a row per quarter hour from the first session's hour.

    Row 1 holds the room names, so a session starting in slot n sits in row n + 2.
    Sessions without a room get a column of their own at the end.
    """
    rooms: list[AgendaRoom | None] = [r for r in event.rooms if any(s.room_id == r.id for s in sessions)]
    columns: list[AgendaRoom | None] = rooms[: MAX_GRID_COLUMNS - 1]
    if any(s.room is None or s.room not in columns for s in sessions):
        columns.append(None)
    first_hour = min(s.starts_at.astimezone(event.tz).hour for s in sessions)
    cells = []
    for s in sorted(sessions,
                    key=lambda s: (s.starts_at, columns.index(s.room) if s.room in columns else len(columns))):
        column = columns.index(s.room) if s.room in columns else len(columns) - 1
        start = max(0, _minutes_after(event, day, s.starts_at, first_hour) // SLOT_MINUTES)
        end = max(start + 1, -(-_minutes_after(event, day, s.ends_at, first_hour) // SLOT_MINUTES))
        cells.append(GridCell(s, column + 2, start + 2, min(end, MAX_GRID_ROWS) + 2))
    rows = max(c.row_end for c in cells)
    day_start = datetime(day.year, day.month, day.day, tzinfo=event.tz)
    hours = []
    for hour in range(first_hour, 24):
        row = (hour - first_hour) * 60 // SLOT_MINUTES + 2
        if row >= rows:
            break
        hours.append((day_start.replace(hour=hour), row))
    return GridDay(day, columns, hours, cells, rows)


def _minutes_after(event: AgendaEvent, day: date, moment: datetime, first_hour: int) -> int:
    local = moment.astimezone(event.tz)
    if local.date() > day:  # a session across midnight: shown on its first day, up to the day's end
        return (24 - first_hour) * 60
    return local.hour * 60 + local.minute - first_hour * 60


@dataclass(frozen=True)
class RoomNow:
    room: AgendaRoom | None
    current: AgendaSession | None
    following: AgendaSession | None


def now_and_next(event: AgendaEvent, at: datetime, room: AgendaRoom | None = None) -> list[RoomNow]:
    """For each room, the session running at a moment and the one after it (today only).

    With `room` (a door screen), that room only, and always, even when nothing more is on in it."""
    today = local_day(event, at)
    result = []
    keys: list[AgendaRoom | None] = [room] if room is not None else [*event.rooms, None]
    for key in keys:
        mine = [s for s in event.sessions if s.room is key]
        current = next((s for s in mine if s.starts_at <= at < s.ends_at), None)
        following = next((s for s in mine if s.starts_at >= at and local_day(event, s.starts_at) == today), None)
        if current or following or room is not None:
            result.append(RoomNow(key, current, following))
    return result


#: Sessions the screen by the door shows before the first day.
FIRST_SESSIONS = 4


def first_sessions(event: AgendaEvent, at: datetime, room: AgendaRoom | None = None) -> list[AgendaSession]:
    """Before the event's first day, the first sessions of that day (in one room, with `room`), so that
    the screen says what is coming rather than nothing; from the first day on, none."""
    mine = [s for s in event.sessions if room is None or s.room is room]
    if not mine:
        return []
    first_day = local_day(event, mine[0].starts_at)
    if local_day(event, at) >= first_day:
        return []
    return [s for s in mine if local_day(event, s.starts_at) == first_day][:FIRST_SESSIONS]


#: Longest room name or id taken from `?room=` (a room's name is at most this long, see app/models).
MAX_ROOM_ARG = 200


def find_room(event: AgendaEvent, wanted: str, names: Callable[[AgendaRoom], Iterable[str]]) -> AgendaRoom | None:
    """The room `?room=` names: by id, or by name in any form `names` gives (the source, the page's
    language), case and spacing forgiven; None when the event has no such room."""
    wanted = " ".join(wanted.split())[:MAX_ROOM_ARG]
    if wanted.isdigit():
        found = next((r for r in event.rooms if str(r.id) == wanted), None)
        if found is not None:
            return found
    key = wanted.casefold()
    return next((r for r in event.rooms if any(" ".join(n.split()).casefold() == key for n in names(r))), None)


def seconds_to_next_minute(moment: datetime) -> int:
    """Whole seconds from a moment to the next minute boundary (1 to 60)."""
    return max(1, 60 - moment.second - (1 if moment.microsecond else 0))


#: `?at=` moments outside these years are no moment of an agenda: refused like any junk, well
#: before the edges of Python's datetime (year 1, year 9999), where moving into a zone overflows.
MOMENT_YEARS = range(1900, 3000)


def parse_moment(value: str | None, event: AgendaEvent) -> datetime | None:
    """An ISO date-time from `?at=`; a time without a zone is in the event's zone. None if invalid
    or out of range (such as 0001-01-01T00:00, which has no UTC equivalent east of Greenwich)."""
    if not value or len(value) > 64:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.year not in MOMENT_YEARS:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=event.tz)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def now_utc() -> datetime:
    return datetime.now(UTC)


def filter_events(events: list[AgendaEvent], tr, country: str = "", city: str = "",
                  query: str = "") -> list[AgendaEvent]:
    """Events in a country and city whose title, in the page's language or the source, holds the query."""
    needle = query.strip().casefold()
    found = []
    for event in events:
        if country and event.country != country:
            continue
        if city and not same_place(event.city, city):
            continue
        if needle and needle not in event.title.casefold() and needle not in tr(event, "title").text.casefold():
            continue
        found.append(event)
    return found


def same_place(a: str, b: str) -> bool:
    """Two cities' names name the same place: equal, or two names of one of Kosovo's municipalities."""
    if a == b:
        return True
    found = municipalities.find(a)
    return found is not None and found is municipalities.find(b)


@dataclass(frozen=True)
class CityChoice:
    value: str  # as an event's organizer wrote it
    label: str  # in the page's language where the city is one of Kosovo's municipalities


def places(events: list[AgendaEvent]) -> tuple[list[str], list[CityChoice]]:
    """The countries and cities of a list of events, for the filter's choices; a municipality written
    in two ways ("Prishtinë", "Pristina") is one choice, named in the page's language."""
    countries = sorted({e.country for e in events if e.country})
    lang = current_language()
    choices: dict[str, CityChoice] = {}
    for name in sorted({e.city for e in events if e.city}):
        found = municipalities.find(name)
        key = f"m:{found.key}" if found is not None else f"c:{name}"
        if key not in choices:
            label = (found.name(lang) if found is not None else None) or name
            choices[key] = CityChoice(name, label)
    return countries, sorted(choices.values(), key=lambda c: c.label.casefold())

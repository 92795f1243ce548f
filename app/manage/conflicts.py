"""Conflicts in an event's agenda, found by sorting sessions by start and sweeping.

Errors block publishing: two sessions in one room at once, one person in two overlapping
sessions, a session outside the event's dates. Warnings do not: a roundtable without a
background paper (a file or a link) or without co-chairs.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import gettext as _

from app.models import Event, PaperKind, ParticipationRole, Session, SessionFormat


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Kind(StrEnum):
    ROOM_CLASH = "room_clash"
    PERSON_CLASH = "person_clash"
    OUTSIDE_DATES = "outside_dates"
    NO_PAPER = "no_paper"
    NO_CO_CHAIRS = "no_co_chairs"


SEVERITY = {
    Kind.ROOM_CLASH: Severity.ERROR,
    Kind.PERSON_CLASH: Severity.ERROR,
    Kind.OUTSIDE_DATES: Severity.ERROR,
    Kind.NO_PAPER: Severity.WARNING,
    Kind.NO_CO_CHAIRS: Severity.WARNING,
}


@dataclass(frozen=True)
class Conflict:
    kind: Kind
    session: Session
    other: Session | None = None
    detail: str = ""  # the room's or the person's name

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.kind]

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    def message(self) -> str:
        other = self.other.title if self.other is not None else ""
        if self.kind == Kind.ROOM_CLASH:
            return _("%(room)s is also booked for “%(other)s” at the same time.", room=self.detail, other=other)
        if self.kind == Kind.PERSON_CLASH:
            return _("%(person)s is also in “%(other)s” at the same time.", person=self.detail, other=other)
        if self.kind == Kind.OUTSIDE_DATES:
            return _("This session is outside the event's dates.")
        if self.kind == Kind.NO_PAPER:
            return _("This roundtable has no background paper yet (a file or a link).")
        return _("This roundtable has no co-chairs yet.")


def _overlaps(sessions: list[Session]):
    """Pairs of overlapping sessions: sort by start, keep those still running, compare only with them."""
    running: list[Session] = []
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.id or 0)):
        running = [r for r in running if r.ends_at > session.starts_at]
        for earlier in running:
            yield earlier, session
        running.append(session)


def _outside(event: Event, session: Session) -> bool:
    """A session belongs to the day it starts on: one that starts on the last evening and runs past
    midnight (22:00–01:00) is within the event."""
    start = session.starts_at.astimezone(event.tz).date()
    return start < event.start_date or start > event.end_date


def _has_paper(session: Session) -> bool:
    return any(
        p.kind == PaperKind.BACKGROUND_PAPER and (p.external_url or p.files) for p in session.papers
    )


def find_conflicts(event: Event, sessions: list[Session] | None = None) -> list[Conflict]:
    """Every conflict of the event, each reported on the session(s) where it is."""
    sessions = list(event.sessions if sessions is None else sessions)
    found: list[Conflict] = []

    by_room: dict[int, list[Session]] = defaultdict(list)
    by_person: dict[int, list[Session]] = defaultdict(list)
    names: dict[int, str] = {}
    for s in sessions:
        if s.room_id is not None:
            by_room[s.room_id].append(s)
        for part in s.participations:
            if s not in by_person[part.person_id]:
                by_person[part.person_id].append(s)
                names[part.person_id] = part.person.name
    for room_sessions in by_room.values():
        for a, b in _overlaps(room_sessions):
            room = a.room.name if a.room else ""
            found += [Conflict(Kind.ROOM_CLASH, a, b, room), Conflict(Kind.ROOM_CLASH, b, a, room)]
    for person_id, person_sessions in by_person.items():
        for a, b in _overlaps(person_sessions):
            found += [Conflict(Kind.PERSON_CLASH, a, b, names[person_id]),
                      Conflict(Kind.PERSON_CLASH, b, a, names[person_id])]
    for s in sessions:
        if _outside(event, s):
            found.append(Conflict(Kind.OUTSIDE_DATES, s))
        if s.format == SessionFormat.ROUNDTABLE:
            if not _has_paper(s):
                found.append(Conflict(Kind.NO_PAPER, s))
            if not any(p.role == ParticipationRole.CO_CHAIR for p in s.participations):
                found.append(Conflict(Kind.NO_CO_CHAIRS, s))
    return found


def by_session(conflicts: list[Conflict]) -> dict[int, list[Conflict]]:
    result: dict[int, list[Conflict]] = defaultdict(list)
    for c in conflicts:
        result[c.session.id].append(c)
    return result


def errors(conflicts: list[Conflict]) -> list[Conflict]:
    return [c for c in conflicts if c.is_error]

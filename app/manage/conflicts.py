"""Conflicts in an event's agenda, found by sorting sessions by start and sweeping.

Errors block publishing: two sessions in one room at once, one person with two duties at once,
a session outside the event's dates. Warnings do not: a roundtable without a background paper
(a file or a link), without co-chairs, with co-chairs not two or both of one category, without
one of the five categories of participants (app/manage/balance.py); a session whose speakers are
all men; a statement on a list of speakers while the speaker's other session runs beside it.

A person's duties: a session they take part in (the whole session); a statement on a list of
speakers (only its expected slot, app.speakers.expected_times). Two duties at once are an
error; a statement whose slot misses the other duty but whose debate runs beside it is a warning.

Every conflict but a room clash can be acknowledged by an organizer with a reason
(app.models.Acknowledgement): it then no longer blocks publishing. An acknowledgement names the
conflict by its fingerprint (`Conflict.key`: its kind, sessions, person and the times it was
found from), so a conflict that changes is a new one and is seen again.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.i18n import current_language, format_time
from app.manage import balance
from app.models import (
    NOT_ACKNOWLEDGEABLE,
    Acknowledgement,
    ConflictKind,
    Event,
    PaperKind,
    ParticipationRole,
    Person,
    Session,
    SessionFormat,
    SpeakerEntry,
)
from app.speakers import expected_times
from app.text import join_text

Kind = ConflictKind


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY = {
    Kind.ROOM_CLASH: Severity.ERROR,
    Kind.PERSON_CLASH: Severity.ERROR,
    Kind.OUTSIDE_DATES: Severity.ERROR,
    Kind.NO_PAPER: Severity.WARNING,
    Kind.NO_CO_CHAIRS: Severity.WARNING,
    Kind.STATEMENT_BESIDE_DUTY: Severity.WARNING,
    Kind.MISSING_STAKEHOLDERS: Severity.WARNING,
    Kind.CO_CHAIRS_NOT_TWO: Severity.WARNING,
    Kind.CO_CHAIRS_SAME_CATEGORY: Severity.WARNING,
    Kind.ALL_MALE_PANEL: Severity.WARNING,
}

#: A conflict's kind in a few words: for an acknowledgement whose conflict is gone.
KIND_LABELS = {
    Kind.ROOM_CLASH: _l("Room booked twice"),
    Kind.PERSON_CLASH: _l("Person in two places at once"),
    Kind.OUTSIDE_DATES: _l("Outside the event's dates"),
    Kind.NO_PAPER: _l("No background paper"),
    Kind.NO_CO_CHAIRS: _l("No co-chairs"),
    Kind.STATEMENT_BESIDE_DUTY: _l("Statement beside another duty"),
    Kind.MISSING_STAKEHOLDERS: _l("Stakeholder categories missing"),
    Kind.CO_CHAIRS_NOT_TWO: _l("Not two co-chairs"),
    Kind.CO_CHAIRS_SAME_CATEGORY: _l("Co-chairs from one category"),
    Kind.ALL_MALE_PANEL: _l("All-male panel"),
}


@dataclass(frozen=True)
class Statement:
    """A statement on a list of speakers: its session and expected time."""

    session: Session
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Conflict:
    kind: Kind
    session: Session
    other: Session | None = None
    detail: str = ""  # the room's or the person's name
    person_id: int | None = None
    #: What the conflict was found from (ids, times, categories): its identity, see `key`.
    facts: tuple[str, ...] = ()
    #: The statement involved, for the two kinds that concern a list of speakers.
    statement: Statement | None = None
    #: The categories a roundtable lacks, or the one its co-chairs share.
    categories: tuple[balance.Category, ...] = ()
    #: How many co-chairs, for CO_CHAIRS_NOT_TWO.
    count: int = 0
    acknowledgement: Acknowledgement | None = field(default=None, compare=False)

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.kind]

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    @property
    def acknowledgeable(self) -> bool:
        return self.kind not in NOT_ACKNOWLEDGEABLE

    @property
    def blocks(self) -> bool:
        """An error no one has acknowledged: publishing waits for it."""
        return self.is_error and self.acknowledgement is None

    @property
    def key(self) -> str:
        """The conflict's fingerprint: the same on both sessions of a clash, different once any fact changes."""
        return hashlib.sha256("|".join((self.kind.value, *self.facts)).encode()).hexdigest()

    def _debate_and_other(self) -> tuple[str, str]:
        assert self.statement is not None
        debate = self.statement.session
        other = self.other if self.session is debate else self.session
        return debate.title, other.title if other is not None else ""

    def message(self) -> str:
        other = self.other.title if self.other is not None else ""
        if self.kind == Kind.ROOM_CLASH:
            return _("%(room)s is also booked for “%(other)s” at the same time.", room=self.detail, other=other)
        if self.kind == Kind.PERSON_CLASH and self.statement is not None:
            debate, other = self._debate_and_other()
            return _("%(person)s is expected to speak in “%(debate)s” at %(time)s, during “%(other)s”.",
                     person=self.detail, debate=debate, other=other, time=self._slot())
        if self.kind == Kind.PERSON_CLASH:
            return _("%(person)s is also in “%(other)s” at the same time.", person=self.detail, other=other)
        if self.kind == Kind.STATEMENT_BESIDE_DUTY:
            debate, other = self._debate_and_other()
            return _("%(person)s is expected to speak in “%(debate)s” at %(time)s, not during “%(other)s”, "
                     "which runs beside it: the list may run early or late.",
                     person=self.detail, debate=debate, other=other, time=self._slot())
        if self.kind == Kind.OUTSIDE_DATES:
            return _("This session is outside the event's dates.")
        if self.kind == Kind.NO_PAPER:
            return _("This roundtable has no background paper yet (a file or a link).")
        if self.kind == Kind.NO_CO_CHAIRS:
            return _("This roundtable has no co-chairs yet.")
        if self.kind == Kind.MISSING_STAKEHOLDERS:
            names = join_text((str(balance.CATEGORY_LABELS[c]) for c in self.categories), current_language())
            return _("No participant of this roundtable is from: %(categories)s.", categories=names)
        if self.kind == Kind.CO_CHAIRS_NOT_TWO:
            return ngettext("This roundtable has %(num)d co-chair; a roundtable has two.",
                            "This roundtable has %(num)d co-chairs; a roundtable has two.", self.count)
        if self.kind == Kind.CO_CHAIRS_SAME_CATEGORY:
            return _("Both co-chairs are from one category (%(category)s); a roundtable's co-chairs are from two.",
                     category=str(balance.CATEGORY_LABELS[self.categories[0]]))
        return _("Everyone who speaks in this session is a man.")

    def _slot(self) -> str:
        assert self.statement is not None
        return f"{format_time(self.statement.starts_at)}–{format_time(self.statement.ends_at)}"


@dataclass(frozen=True)
class Duty:
    """A person busy from `starts_at` to `ends_at` in `session`; `reach` is when the session runs."""

    session: Session
    starts_at: datetime
    ends_at: datetime
    statement: Statement | None = None

    @property
    def reach(self) -> tuple[datetime, datetime]:
        return self.session.starts_at, self.session.ends_at

    def fact(self) -> str:
        return f"{self.session.id}@{self.starts_at.isoformat()}/{self.ends_at.isoformat()}"


def _overlaps(sessions: list[Session]) -> Iterator[tuple[Session, Session]]:
    """Pairs of overlapping sessions: sort by start, keep those still running, compare only with them."""
    running: list[Session] = []
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.id or 0)):
        running = [r for r in running if r.ends_at > session.starts_at]
        for earlier in running:
            yield earlier, session
        running.append(session)


def _reaching(duties: list[Duty]) -> Iterator[tuple[Duty, Duty]]:
    """Pairs of duties in different sessions whose sessions overlap (the same sweep, by session times)."""
    running: list[Duty] = []
    for duty in sorted(duties, key=lambda d: (d.reach[0], d.session.id or 0, d.starts_at)):
        running = [r for r in running if r.reach[1] > duty.reach[0]]
        for earlier in running:
            if earlier.session is not duty.session:
                yield earlier, duty
        running.append(duty)


def _outside(event: Event, session: Session) -> bool:
    """A session belongs to the day it starts on: one that starts on the last evening and runs past
    midnight (22:00–01:00) is within the event."""
    start = session.starts_at.astimezone(event.tz).date()
    return start < event.start_date or start > event.end_date


def _has_paper(session: Session) -> bool:
    return any(
        p.kind == PaperKind.BACKGROUND_PAPER and (p.external_url or p.files) for p in session.papers
    )


def _duties(event: Event, sessions: list[Session], entries: Iterable[SpeakerEntry]
            ) -> tuple[dict[int, list[Duty]], dict[int, str]]:
    """Each person's duties: whole sessions they take part in, and their statements' slots."""
    by_person: dict[int, list[Duty]] = defaultdict(list)
    names: dict[int, str] = {}
    for s in sessions:
        for part in s.participations:
            if not any(d.session is s and d.statement is None for d in by_person[part.person_id]):
                by_person[part.person_id].append(Duty(s, s.starts_at, s.ends_at))
                names[part.person_id] = part.person.name
    lists: dict[int, list[SpeakerEntry]] = defaultdict(list)
    for entry in entries:
        lists[entry.session_id].append(entry)
    for s in sessions:
        if s.id not in lists:
            continue
        for slot in expected_times(s, lists[s.id], event.statement_minutes):
            person: Person | None = slot.entry.person
            # Someone who takes part in the whole session (its chair) is busy all of it anyway.
            if person is not None and not any(d.session is s and d.statement is None for d in by_person[person.id]):
                statement = Statement(s, slot.starts_at, slot.ends_at)
                by_person[person.id].append(Duty(s, slot.starts_at, slot.ends_at, statement))
                names[person.id] = person.name
    return by_person, names


def _both_ways(kind: Kind, a: Session, b: Session, **fields) -> list[Conflict]:
    return [Conflict(kind, a, b, **fields), Conflict(kind, b, a, **fields)]


def _person_conflicts(by_person: dict[int, list[Duty]], names: dict[int, str]) -> list[Conflict]:
    found: list[Conflict] = []
    for person_id, duties in by_person.items():
        for a, b in _reaching(duties):
            at_once = a.starts_at < b.ends_at and b.starts_at < a.ends_at
            statement = a.statement or b.statement
            if not at_once and statement is None:  # whole sessions that overlap are always at once
                continue
            kind = Kind.PERSON_CLASH if at_once else Kind.STATEMENT_BESIDE_DUTY
            facts = (str(person_id), *sorted((a.fact(), b.fact())))
            found += _both_ways(kind, a.session, b.session, detail=names[person_id], person_id=person_id,
                                facts=facts, statement=statement)
    return found


def _stakeholder_conflicts(s: Session) -> list[Conflict]:
    """The multi-stakeholder rule, for one session (app/manage/balance.py says what is lacking)."""
    found: list[Conflict] = []
    sid = str(s.id)
    if balance.is_roundtable(s):
        chairs = balance.co_chairs(s)
        chair_ids = tuple(sorted(str(p.id) for p in chairs))
        if not any(p.role == ParticipationRole.CO_CHAIR for p in s.participations):
            found.append(Conflict(Kind.NO_CO_CHAIRS, s, facts=(sid,)))
        elif len(chairs) != 2:
            found.append(Conflict(Kind.CO_CHAIRS_NOT_TWO, s, facts=(sid, *chair_ids), count=len(chairs)))
        else:
            shared = balance.shared_category(chairs)
            if shared is not None:
                found.append(Conflict(Kind.CO_CHAIRS_SAME_CATEGORY, s, facts=(sid, shared.value, *chair_ids),
                                      categories=(shared,)))
        missing = balance.missing_categories(s)
        if missing:
            found.append(Conflict(Kind.MISSING_STAKEHOLDERS, s, facts=(sid, *(c.value for c in missing)),
                                  categories=tuple(missing)))
    if balance.is_all_male_panel(s):
        found.append(Conflict(Kind.ALL_MALE_PANEL, s,
                              facts=(sid, *sorted(str(p.id) for p in balance.speakers(s)))))
    return found


def detect(event: Event, sessions: list[Session], entries: Iterable[SpeakerEntry] = ()) -> list[Conflict]:
    """Every conflict of these sessions, each reported on the session(s) where it is; no queries
    beyond what the sessions' loaded relations hold. `entries`: the sessions' lists of speakers."""
    found: list[Conflict] = []
    by_room: dict[int, list[Session]] = defaultdict(list)
    for s in sessions:
        if s.room_id is not None:
            by_room[s.room_id].append(s)
    for room_sessions in by_room.values():
        for a, b in _overlaps(room_sessions):
            room = a.room.name if a.room else ""
            facts = tuple(sorted(Duty(x, x.starts_at, x.ends_at).fact() for x in (a, b)))
            found += _both_ways(Kind.ROOM_CLASH, a, b, detail=room, facts=facts)
    found += _person_conflicts(*_duties(event, sessions, entries))
    for s in sessions:
        if _outside(event, s):
            found.append(Conflict(Kind.OUTSIDE_DATES, s, facts=(
                str(s.id), s.starts_at.isoformat(), event.start_date.isoformat(), event.end_date.isoformat())))
        if s.format == SessionFormat.ROUNDTABLE and not _has_paper(s):
            found.append(Conflict(Kind.NO_PAPER, s, facts=(str(s.id),)))
        found += _stakeholder_conflicts(s)
    return found


@dataclass
class Report:
    """An event's conflicts with their acknowledgements, and the acknowledgements whose conflict is gone."""

    conflicts: list[Conflict]
    #: Acknowledgements that match no conflict now: the conflict was resolved or changed.
    stale: list[Acknowledgement]


def speaker_entries(event: Event) -> list[SpeakerEntry]:
    """The event's lists of speakers with their people (one query)."""
    return list(db.session.scalars(
        sa.select(SpeakerEntry).join(Session, SpeakerEntry.session_id == Session.id)
        .where(Session.event_id == event.id).options(joinedload(SpeakerEntry.person))
    ).unique().all())


def acknowledgements(event: Event) -> list[Acknowledgement]:
    """The event's acknowledgements, oldest first, with what they name (one query)."""
    return list(db.session.scalars(
        sa.select(Acknowledgement).where(Acknowledgement.event_id == event.id)
        .options(joinedload(Acknowledgement.session), joinedload(Acknowledgement.other_session),
                 joinedload(Acknowledgement.person))
        .order_by(Acknowledgement.created_at, Acknowledgement.id)
    ).unique().all())


def with_acknowledgements(conflicts: list[Conflict], acks: list[Acknowledgement]) -> Report:
    by_key = {a.key: a for a in acks}
    marked = [replace(c, acknowledgement=by_key[c.key]) if c.acknowledgeable and c.key in by_key else c
              for c in conflicts]
    found = {c.key for c in marked if c.acknowledgement is not None}
    return Report(marked, [a for a in acks if a.key not in found])


def describe_acknowledged(ack: Acknowledgement) -> str:
    """What an acknowledgement was about, in words: its kind, sessions and person ("Person in two places at
    once: Roundtable 1, General debate (Arta Krasniqi)")."""
    sessions = [s.title for s in (ack.session, ack.other_session) if s is not None]
    names = join_text(sessions, current_language())
    text = _("%(kind)s: %(sessions)s", kind=str(KIND_LABELS[ack.kind]), sessions=names)
    return f"{text} ({ack.person.name})" if ack.person is not None else text


def check_agenda(event: Event, sessions: list[Session] | None = None) -> Report:
    """The event's conflicts, acknowledged where an organizer did, in a fixed number of queries."""
    sessions = list(event.sessions if sessions is None else sessions)
    entries = speaker_entries(event)
    within = {s.id for s in sessions}
    found = detect(event, sessions, [e for e in entries if e.session_id in within])
    return with_acknowledgements(found, acknowledgements(event))


def find_conflicts(event: Event, sessions: list[Session] | None = None) -> list[Conflict]:
    """Every conflict of the event, each reported on the session(s) where it is, with its acknowledgement."""
    return check_agenda(event, sessions).conflicts


def by_session(conflicts: list[Conflict]) -> dict[int, list[Conflict]]:
    result: dict[int, list[Conflict]] = defaultdict(list)
    for c in conflicts:
        result[c.session.id].append(c)
    return result


def errors(conflicts: list[Conflict]) -> list[Conflict]:
    return [c for c in conflicts if c.is_error]


def blocking(conflicts: list[Conflict]) -> list[Conflict]:
    """The errors that keep the event from being published: those not acknowledged."""
    return [c for c in conflicts if c.blocks]


def one_each(conflicts: list[Conflict]) -> list[Conflict]:
    """Each conflict once (a clash is reported on both its sessions), in the order found."""
    seen: set[str] = set()
    result = []
    for c in conflicts:
        if c.key not in seen:
            seen.add(c.key)
            result.append(c)
    return result

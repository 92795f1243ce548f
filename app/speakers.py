"""The list of speakers, computed: order of precedence and expected times.

Pure functions of plain attributes, so they serve the models (app.models.speakers) and the
released read-only objects of public pages (app.public.agenda) alike. An entry needs `id`,
`position`, `level`, `minutes`, `status` and `inscribed_at`; a session needs `starts_at`
(and `ends_at` for `Slot.overruns`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from app.models.speakers import EntryStatus, RepresentationLevel

#: The levels of representation as organizers and readers see them, in order of precedence.
LEVEL_LABELS = {
    RepresentationLevel.HEAD_OF_STATE: _l("Head of State"),
    RepresentationLevel.HEAD_OF_GOVERNMENT: _l("Head of Government"),
    RepresentationLevel.VICE_PRESIDENT: _l("Vice-President or deputy head"),
    RepresentationLevel.MINISTER: _l("Minister"),
    RepresentationLevel.VICE_MINISTER: _l("Vice-Minister"),
    RepresentationLevel.HEAD_OF_DELEGATION: _l("Head of delegation"),
    RepresentationLevel.OTHER: _l("Other"),
}

ENTRY_STATUS_LABELS = {
    EntryStatus.INSCRIBED: _l("Inscribed"),
    EntryStatus.SPOKEN: _l("Spoken"),
    EntryStatus.WITHDRAWN: _l("Withdrawn"),
    EntryStatus.MOVED: _l("Moved to another meeting"),
}

#: Rank of each level of representation: the lower, the earlier on the list.
PRECEDENCE: dict[RepresentationLevel, int] = {level: rank for rank, level in enumerate(RepresentationLevel)}
#: Entries that take no time in the meeting: they are noted on the list but not timed.
UNTIMED: frozenset[EntryStatus] = frozenset({EntryStatus.WITHDRAWN, EntryStatus.MOVED})


def precedence_key(entry: Any) -> tuple[int, datetime, int]:
    """Level of representation, then order of request (time of inscription), then the id."""
    return (PRECEDENCE[RepresentationLevel(entry.level)], entry.inscribed_at, entry.id or 0)


def ordered_by_precedence(entries: Iterable[Any]) -> list[Any]:
    """The entries in UN order: level of representation, then order of request."""
    return sorted(entries, key=precedence_key)


def in_list_order(entries: Iterable[Any]) -> list[Any]:
    """The entries in the organizer's order (position, then id)."""
    return sorted(entries, key=lambda entry: (entry.position, entry.id or 0))


def is_timed(entry: Any) -> bool:
    return EntryStatus(entry.status) not in UNTIMED


def allotment(entry: Any, default_minutes: int) -> int:
    """The entry's minutes: its own, else the event's default."""
    return entry.minutes or default_minutes


@dataclass(frozen=True)
class Slot:
    """When an entry is expected to speak, in UTC."""

    entry: Any
    starts_at: datetime
    ends_at: datetime
    #: The statement would end after the session does.
    overruns: bool = False

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def expected_times(session: Any, entries: Sequence[Any], default_minutes: int) -> list[Slot]:
    """Expected start and end of each timed entry: from the session's start, one allotment after
    another in the list's order; withdrawn and moved entries are skipped (they take no time)."""
    slots: list[Slot] = []
    cursor: datetime = session.starts_at
    ends = getattr(session, "ends_at", None)
    for entry in in_list_order(entries):
        if not is_timed(entry):
            continue
        end = cursor + timedelta(minutes=allotment(entry, default_minutes))
        slots.append(Slot(entry, cursor, end, overruns=ends is not None and end > ends))
        cursor = end
    return slots


def listed(session: Any, default_minutes: int) -> list[tuple[Any, Slot | None]]:
    """The session's list in order, each entry with its expected slot (None: withdrawn or moved)."""
    entries = in_list_order(session.speaker_entries)
    slots = {id(slot.entry): slot for slot in expected_times(session, entries, default_minutes)}
    return [(entry, slots.get(id(entry))) for entry in entries]

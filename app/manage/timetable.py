"""The organizer's timetable: for each day, a row per start time and a column per room."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time

from app.models import Event, Room, Session

#: The stylesheet has grid classes for up to this many columns; more wrap.
MAX_COLUMNS = 8


@dataclass
class Row:
    start: time
    cells: list[list[Session]]


@dataclass
class Day:
    day: date
    columns: list[Room | None]  # None: sessions without a room
    rows: list[Row]

    @property
    def column_class(self) -> str:
        return f"tt-cols-{min(len(self.columns), MAX_COLUMNS)}"


def build_timetable(event: Event, sessions: list[Session]) -> list[Day]:
    """The event's days (and any day a session strays onto), each as rows of parallel sessions."""
    tz = event.tz
    by_day: dict[date, list[Session]] = defaultdict(list)
    for s in sessions:
        by_day[s.starts_at.astimezone(tz).date()].append(s)
    days = []
    for day in sorted(set(event.days) | set(by_day)):
        todays = by_day.get(day, [])
        columns: list[Room | None] = list(event.rooms)
        if any(s.room_id is None for s in todays):
            columns.append(None)
        index = {(r.id if r is not None else None): n for n, r in enumerate(columns)}
        rows: dict[time, list[list[Session]]] = {}
        for s in sorted(todays, key=lambda s: (s.starts_at, s.id)):
            start = s.starts_at.astimezone(tz).time()
            cells = rows.setdefault(start, [[] for _ in columns])
            cells[index[s.room_id]].append(s)
        days.append(Day(day, columns, [Row(start, cells) for start, cells in sorted(rows.items())]))
    return days

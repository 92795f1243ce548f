"""A list of speakers on the day: where it has come, computed from the RELEASED list and the day's turns,
and the chair's steps (start, next, back, pause, resume).

The list the chair follows is the one the public sees (the last release, app/public/agenda.py):
entries withdrawn or moved to another meeting are skipped, and so are those the released list
already marks as spoken. The progress itself (app/models/live.py) is stored outside the release
and shown at once. Steps flush; the chair's view commits.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app import speakers
from app.extensions import db
from app.models import EntryStatus, SpeakerProgress, SpeakerTurn, utcnow

#: Public pages that show a running list are kept by browsers and proxies this long at most (seconds).
LIVE_MAX_AGE = 10
#: A list whose last step is older than this is no longer running for caching purposes.
LIVE_WINDOW = timedelta(hours=12)


@dataclass(frozen=True)
class SpokenTurn:
    entry: Any
    turn: SpeakerTurn | None  # None: marked spoken on the released list, not live
    seconds: int | None


@dataclass(frozen=True)
class LiveState:
    """Where a session's list of speakers stands at a moment."""

    session_id: int
    current: Any | None = None
    turn: SpeakerTurn | None = None
    paused: bool = False
    #: Seconds the current speaker has spoken, and the allotment, in seconds.
    elapsed: int = 0
    allotted: int = 0
    spoken: list[SpokenTurn] = field(default_factory=list)
    upcoming: list[Any] = field(default_factory=list)
    #: The progress's step counter: a step sent for another step is refused.
    step: int = 0
    started: bool = False

    @property
    def running(self) -> bool:
        return self.current is not None

    @property
    def finished(self) -> bool:
        return self.started and self.current is None and not self.upcoming

    @property
    def overrun(self) -> int:
        """Seconds over the allotment (0 when within it)."""
        return max(0, self.elapsed - self.allotted) if self.current is not None else 0

    @property
    def remaining(self) -> int:
        return max(0, self.allotted - self.elapsed)


def on_the_list(entries: Iterable[Any]) -> list[Any]:
    """The entries that speak, in the list's order: withdrawn and moved ones take no time."""
    return [e for e in speakers.in_list_order(entries) if speakers.is_timed(e)]


def state_of(entries: Sequence[Any], session_id: int, progress: SpeakerProgress | None, default_minutes: int,
             now: datetime) -> LiveState:
    """The state of a list of (released) entries given the day's progress, at `now`."""
    ordered = on_the_list(entries)
    by_id = {e.id: e for e in ordered}
    turns = progress.turns if progress is not None else []
    open_turn = next((t for t in reversed(turns) if t.ended_at is None), None)
    current = by_id.get(open_turn.entry_id) if open_turn is not None else None
    paused_at = progress.paused_at if progress is not None else None
    done = {t.entry_id for t in turns if t.ended_at is not None}
    spoken = [SpokenTurn(by_id[t.entry_id], t, t.elapsed(now)) for t in turns
              if t.ended_at is not None and t.entry_id in by_id]
    # Marked spoken on the released list (by the organizer, before or after the day): not timed here.
    spoken_ids = done | {s.entry.id for s in spoken}
    for entry in ordered:
        if EntryStatus(entry.status) == EntryStatus.SPOKEN and entry.id not in spoken_ids:
            spoken.append(SpokenTurn(entry, None, None))
    spoken_ids |= {s.entry.id for s in spoken}
    current_id = current.id if current is not None else None
    upcoming = [e for e in ordered if e.id not in spoken_ids and e.id != current_id]
    if current is None:
        open_turn = None
    return LiveState(
        session_id=session_id, current=current, turn=open_turn, paused=current is not None and paused_at is not None,
        elapsed=open_turn.elapsed(now, paused_at) if open_turn is not None else 0,
        allotted=speakers.allotment(current, default_minutes) * 60 if current is not None else 0,
        spoken=spoken, upcoming=upcoming, step=(progress.step or 0) if progress is not None else 0,
        started=bool(turns),
    )


_PROGRESS = sa.select(SpeakerProgress).options(selectinload(SpeakerProgress.turns))


def progress_of(session_ids: Iterable[int]) -> dict[int, SpeakerProgress]:
    """The day's progress of these sessions' lists, with their turns: two queries however many."""
    wanted = sorted(set(session_ids))
    if not wanted:
        return {}
    rows = db.session.scalars(_PROGRESS.where(SpeakerProgress.session_id.in_(wanted)))
    return {p.session_id: p for p in rows}


def live_states(sessions: Iterable[Any], default_minutes: int, now: datetime | None = None) -> dict[int, LiveState]:
    """The live state of each of these (released) sessions that has a list which has started."""
    with_lists = [s for s in sessions if getattr(s, "speaker_entries", None)]
    progress = progress_of(s.id for s in with_lists)
    now = now or utcnow()
    states = {}
    for session in with_lists:
        found = progress.get(session.id)
        if found is not None and found.turns:
            states[session.id] = state_of(session.speaker_entries, session.id, found, default_minutes, now)
    return states


def recently_live(live_at: datetime | None, now: datetime | None = None) -> bool:
    """Whether an event's lists moved recently enough that its live pages should be kept only briefly."""
    return live_at is not None and (now or utcnow()) - live_at < LIVE_WINDOW


# The chair's steps. Each takes the progress row (made on the first step), the state it was shown,
# and the moment; it changes the turns and marks the progress as changed. False: nothing to do.

def progress_for(session_id: int, event_id: int) -> SpeakerProgress:
    """The progress row of a session's list, with its turns; a new (unsaved) one before the first step."""
    found = db.session.scalars(_PROGRESS.where(SpeakerProgress.session_id == session_id)).first()
    if found is None:
        found = SpeakerProgress(session_id=session_id, event_id=event_id, turns=[])
        db.session.add(found)
    return found


def _touch(progress: SpeakerProgress, now: datetime) -> None:
    previous = progress.updated_at
    # Strictly later than the last step: the public pages' validators must change with every step.
    progress.updated_at = max(now, previous + timedelta(microseconds=1)) if previous is not None else now


def _resume(progress: SpeakerProgress, state: LiveState, now: datetime) -> None:
    if progress.paused_at is not None:
        if state.turn is not None:
            state.turn.paused_seconds += max(0, int((now - progress.paused_at).total_seconds()))
        progress.paused_at = None


def _close_strays(progress: SpeakerProgress, state: LiveState, now: datetime) -> None:
    """End open turns of entries a later release took off the list: nobody on the list has the floor."""
    for turn in progress.turns:
        if turn.ended_at is None and turn is not state.turn:
            turn.ended_at = max(now, turn.started_at)


def start(progress: SpeakerProgress, state: LiveState, now: datetime) -> bool:
    """Give the floor to the first speaker still to speak, when nobody has it."""
    if state.current is not None or not state.upcoming:
        return False
    _close_strays(progress, state, now)
    progress.turns.append(SpeakerTurn(entry_id=state.upcoming[0].id, started_at=now))
    progress.paused_at = None
    _touch(progress, now)
    return True


def next_speaker(progress: SpeakerProgress, state: LiveState, now: datetime) -> bool:
    """The current speaker has spoken; the next one has the floor, the clock starts again."""
    if state.current is None:
        return start(progress, state, now)
    _resume(progress, state, now)
    assert state.turn is not None
    state.turn.ended_at = max(now, state.turn.started_at)
    if state.upcoming:
        progress.turns.append(SpeakerTurn(entry_id=state.upcoming[0].id, started_at=now))
    _touch(progress, now)
    return True


def back(progress: SpeakerProgress, state: LiveState, now: datetime) -> bool:
    """Undo the last step: the current speaker goes back to the list, the one before has the floor
    again, their clock running on from where it was (the time in between counted)."""
    if state.turn is None and not any(s.turn is not None for s in state.spoken):
        return False
    if state.turn is not None:
        progress.turns.remove(state.turn)
    progress.paused_at = None
    last = max((t for t in progress.turns if t.ended_at is not None),
               key=lambda t: (t.ended_at, t.started_at, t.id or 0), default=None)
    if last is not None:
        last.ended_at = None
    _touch(progress, now)
    return True


def pause(progress: SpeakerProgress, state: LiveState, now: datetime) -> bool:
    """Stop the current speaker's clock (a point of order, a technical problem)."""
    if state.current is None or progress.paused_at is not None:
        return False
    progress.paused_at = now
    _touch(progress, now)
    return True


def resume(progress: SpeakerProgress, state: LiveState, now: datetime) -> bool:
    """Run the current speaker's clock again."""
    if state.current is None or progress.paused_at is None:
        return False
    _resume(progress, state, now)
    _touch(progress, now)
    return True


STEPS = {"start": start, "next": next_speaker, "back": back, "pause": pause, "resume": resume}

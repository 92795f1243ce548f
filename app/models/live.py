"""Live progress of a list of speakers on the day: who is speaking now, since when, who has spoken.

The list itself (who is inscribed, in which order, for how long) is agenda: it reaches the public
through a publish, like every other part of it. Its progress on the day is the exception: the
chair's view (app/manage/chair.py) moves it on with one tap, and public pages show it at once,
marked as live. It is the state of the day, not of the agenda, so an event archive or a copy to
next year leaves it out (app/records.NOT_IN_ARCHIVES); an instance backup keeps it, as the record
of who spoke.

A turn names its entry by the id the RELEASED list gives it (the working copy's id at the time of
publishing), without a foreign key: the chair follows what the public sees, and an entry deleted
from the working copy after a publish is still on the released list until the next one.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, utcnow


class SpeakerProgress(Model):
    """How far a session's list of speakers has come: one row per session whose list was started.

    `updated_at` changes with every step (public pages' validators follow it, per event); `paused_at`
    is set while the current speaker's clock is stopped."""

    __tablename__ = "speaker_progress"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("session.id", ondelete="CASCADE"), primary_key=True)
    #: The session's event, so that a public page's validator finds the newest step in one index seek.
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Counts the steps: a tap sent for a state that has moved on meanwhile is refused, not applied twice.
    step: Mapped[int] = mapped_column(default=0)

    turns: Mapped[list[SpeakerTurn]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="(SpeakerTurn.started_at, SpeakerTurn.id)",
    )

    __mapper_args__ = {"version_id_col": step}
    __table_args__ = (
        sa.Index("ix_speaker_progress_event_updated", "event_id", "updated_at"),
        sa.CheckConstraint("step >= 0", name="step_positive"),
    )

    def __repr__(self) -> str:
        return f"<SpeakerProgress session {self.session_id} step {self.step}>"


class SpeakerTurn(Model):
    """One statement given live, or being given (`ended_at` None): whose, from when to when."""

    __tablename__ = "speaker_turn"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("speaker_progress.session_id", ondelete="CASCADE"))
    #: The entry's id on the released list of speakers (no foreign key: see the module's note).
    entry_id: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Seconds the clock stood still during the turn (pauses), left out of its duration.
    paused_seconds: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        # An entry speaks once in a debate: Back reopens its turn rather than adding another.
        sa.UniqueConstraint("session_id", "entry_id"),
        sa.CheckConstraint("paused_seconds >= 0", name="paused_seconds_positive"),
        sa.CheckConstraint("ended_at IS NULL OR ended_at >= started_at", name="ends_after_start"),
    )

    def elapsed(self, now: datetime, paused_at: datetime | None = None) -> int:
        """Whole seconds spoken by `now` (or by the end of the turn), pauses left out."""
        until = self.ended_at or paused_at or now
        return max(0, int((until - self.started_at).total_seconds()) - self.paused_seconds)

    def __repr__(self) -> str:
        return f"<SpeakerTurn session {self.session_id} entry {self.entry_id}>"

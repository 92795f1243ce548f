"""Each publish of an event, with what changed since the one before."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.event import Event
    from app.models.user import User


class Release(Model):
    __tablename__ = "release"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: What changed since the previous release: a list of {"kind": ..., ...} records.
    changes: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    #: The released agenda: every public column of the event's rooms, sessions, people, papers…
    #: as rows by table (see app/records.py). Public pages and exports read this, never the
    #: working copy. Releases made before format 2 hold only a summary of their sessions.
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    #: The released event row and its languages: what the list of events reads without the agenda.
    listing: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    event: Mapped[Event] = relationship(back_populates="releases")
    published_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("event_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

"""The list of speakers of a general debate (or any plenary): who speaks, in which order, for how long.

UN General Assembly practice (A/RES/70/290; the modalities of the 2006 and 2013 High-level
Dialogues): speakers are inscribed in order of level of representation, then in order of
request, each with a time limit. The organizer's order is `position`; app.speakers computes the
order of precedence and the expected times from these rows (and from the released copies).
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, enum_type, utcnow

if TYPE_CHECKING:
    from app.models.person import Person
    from app.models.session import Session


class RepresentationLevel(StrEnum):
    """Level of representation; the order of the members is the order of precedence."""

    HEAD_OF_STATE = "head_of_state"
    HEAD_OF_GOVERNMENT = "head_of_government"
    VICE_PRESIDENT = "vice_president"  # deputy heads of State or Government
    MINISTER = "minister"
    VICE_MINISTER = "vice_minister"
    HEAD_OF_DELEGATION = "head_of_delegation"
    OTHER = "other"


class EntryStatus(StrEnum):
    INSCRIBED = "inscribed"
    SPOKEN = "spoken"
    WITHDRAWN = "withdrawn"
    MOVED = "moved"  # to another meeting; noted on the list, takes no time in this one


class SpeakerEntry(Model):
    """One speaker inscribed on a session's list: a person of the event, a delegation, or both."""

    __tablename__ = "speaker_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("session.id", ondelete="CASCADE"), index=True)
    #: The organizer's order on the list.
    position: Mapped[int] = mapped_column(default=0)
    #: Deleting a person deletes their entries, as it deletes their participations: an entry left
    #: without its speaker would name nobody when it has no delegation (the CHECK below).
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: The State, observer, organization or group spoken for; translatable content.
    on_behalf_of: Mapped[str] = mapped_column(sa.String(300), default="")
    level: Mapped[RepresentationLevel] = mapped_column(
        enum_type(RepresentationLevel, "representation_level"), default=RepresentationLevel.OTHER
    )
    #: The statement's allotment; None: the event's default (event.statement_minutes).
    minutes: Mapped[int | None]
    status: Mapped[EntryStatus] = mapped_column(
        enum_type(EntryStatus, "entry_status"), default=EntryStatus.INSCRIBED
    )
    #: When the speaker asked to be inscribed: the order of request among equal levels.
    inscribed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    session: Mapped[Session] = relationship(back_populates="speaker_entries")
    person: Mapped[Person | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("person_id IS NOT NULL OR on_behalf_of <> ''", name="speaker_named"),
        sa.CheckConstraint("minutes IS NULL OR (minutes >= 1 AND minutes <= 60)", name="minutes_range"),
    )

    def __repr__(self) -> str:
        return f"<SpeakerEntry {self.session_id}#{self.position}>"

"""An organizer's acknowledgement of one conflict of the agenda, with their reason.

The conflict is named by its kind, its session (and the other session, and the person, where
there are) and a fingerprint of the facts it was found from (app/manage/conflicts.py): when the
facts change — a session moves, the person's other duty is another session — the fingerprint
differs, the acknowledgement no longer applies and the organizer sees the conflict again.
Two sessions in one room at once cannot be acknowledged: the database refuses it too.
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
    from app.models.user import User


class ConflictKind(StrEnum):
    """What the agenda checks find; which are errors and which warnings is app/manage/conflicts.py's."""

    ROOM_CLASH = "room_clash"
    PERSON_CLASH = "person_clash"
    OUTSIDE_DATES = "outside_dates"
    NO_PAPER = "no_paper"
    NO_CO_CHAIRS = "no_co_chairs"
    #: A statement in a list of speakers while the speaker's other duty runs, not at the same time.
    STATEMENT_BESIDE_DUTY = "statement_beside_duty"
    MISSING_STAKEHOLDERS = "missing_stakeholders"
    CO_CHAIRS_NOT_TWO = "co_chairs_not_two"
    CO_CHAIRS_SAME_CATEGORY = "co_chairs_same_category"
    ALL_MALE_PANEL = "all_male_panel"


#: Kinds no reason can excuse: one room cannot hold two sessions.
NOT_ACKNOWLEDGEABLE = frozenset({ConflictKind.ROOM_CLASH})


class Acknowledgement(Model):
    __tablename__ = "conflict_acknowledgement"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ConflictKind] = mapped_column(enum_type(ConflictKind, "conflict_kind"))
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("session.id", ondelete="CASCADE"), index=True)
    other_session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: The fingerprint of the conflict as it was found (Conflict.key).
    key: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: Who acknowledged, as named then: the record outlives the account.
    created_by_name: Mapped[str] = mapped_column(sa.String(254), default="")

    session: Mapped[Session] = relationship(foreign_keys=[session_id])
    other_session: Mapped[Session | None] = relationship(foreign_keys=[other_session_id])
    person: Mapped[Person | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("event_id", "key"),
        sa.CheckConstraint("kind <> 'room_clash'", name="room_clash_not_acknowledged"),
        sa.CheckConstraint("length(reason) > 0", name="reason_given"),
    )

    def __repr__(self) -> str:
        return f"<Acknowledgement {self.kind} {self.session_id}>"

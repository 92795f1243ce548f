"""Sessions of an event's agenda and the people taking part in them."""
from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, enum_type, language_column, ordered_languages, sync_language_rows

if TYPE_CHECKING:
    from app.models.event import Event, Room
    from app.models.paper import Paper
    from app.models.person import Person
    from app.models.speakers import SpeakerEntry


class SessionFormat(StrEnum):
    """The meeting formats of the UN High-level Dialogues, plus what Migrants Day adds."""

    PLENARY = "plenary"
    GENERAL_DEBATE = "general_debate"
    ROUNDTABLE = "roundtable"
    INTERACTIVE_PANEL = "interactive_panel"
    HEARING = "hearing"
    SIDE_EVENT = "side_event"
    CULTURAL = "cultural"
    BREAK = "break"


class ParticipationRole(StrEnum):
    CHAIR = "chair"
    CO_CHAIR = "co_chair"
    MODERATOR = "moderator"
    KEYNOTE = "keynote"
    PANELIST = "panelist"
    LEAD_DISCUSSANT = "lead_discussant"
    SPEAKER = "speaker"
    RAPPORTEUR = "rapporteur"


class LanguageChannel(StrEnum):
    FLOOR = "floor"  # the session is held in this language
    INTERPRETATION = "interpretation"  # an interpretation channel is offered


def new_public_id() -> str:
    """A short, stable, unguessable id for URLs and calendar UIDs."""
    return secrets.token_hex(5)


class Session(Model):
    __tablename__ = "session"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    public_id: Mapped[str] = mapped_column(sa.String(16), unique=True, default=new_public_id)
    format: Mapped[SessionFormat] = mapped_column(enum_type(SessionFormat, "session_format"))
    number: Mapped[int | None]
    title: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("room.id", ondelete="SET NULL"), index=True)
    #: Where the session reports back: the (closing) plenary at which its summary is presented,
    #: and who presents it, one of its co-chairs or its rapporteur (app/manage/report_back.py).
    report_back_session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("session.id", ondelete="SET NULL"), index=True)
    report_back_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship(back_populates="sessions")
    room: Mapped[Room | None] = relationship()
    report_back_session: Mapped[Session | None] = relationship(remote_side=[id], foreign_keys=[report_back_session_id])
    report_back_person: Mapped[Person | None] = relationship(foreign_keys=[report_back_person_id])
    language_rows: Mapped[list[SessionLanguage]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True
    )
    participations: Mapped[list[Participation]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(Participation.position, Participation.id)",
    )
    papers: Mapped[list[Paper]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(Paper.position, Paper.id)",
    )
    speaker_entries: Mapped[list[SpeakerEntry]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(SpeakerEntry.position, SpeakerEntry.id)",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("number IS NULL OR (number >= 1 AND number <= 99)", name="number_range"),
        sa.UniqueConstraint("event_id", "format", "number"),
    )

    def __repr__(self) -> str:
        return f"<Session {self.public_id} {self.format}>"

    def _languages(self, channel: LanguageChannel) -> list[str]:
        return ordered_languages(r.lang for r in self.language_rows if r.channel == channel)

    def _set_languages(self, channel: LanguageChannel, codes) -> None:
        others = [r for r in self.language_rows if r.channel != channel]
        mine = [r for r in self.language_rows if r.channel == channel]
        self.language_rows = others + sync_language_rows(
            mine, codes, lambda lang: SessionLanguage(lang=lang, channel=channel)
        )

    @property
    def languages(self) -> list[str]:
        """The languages the session is held in."""
        return self._languages(LanguageChannel.FLOOR)

    @languages.setter
    def languages(self, codes) -> None:
        self._set_languages(LanguageChannel.FLOOR, codes)

    @property
    def interpretation(self) -> list[str]:
        """The languages of interpretation offered."""
        return self._languages(LanguageChannel.INTERPRETATION)

    @interpretation.setter
    def interpretation(self, codes) -> None:
        self._set_languages(LanguageChannel.INTERPRETATION, codes)


class SessionLanguage(Model):
    __tablename__ = "session_language"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("session.id", ondelete="CASCADE"), primary_key=True)
    lang: Mapped[str] = language_column(primary_key=True)
    channel: Mapped[LanguageChannel] = mapped_column(
        enum_type(LanguageChannel, "language_channel"), primary_key=True
    )
    session: Mapped[Session] = relationship(back_populates="language_rows")


class Participation(Model):
    """A person in a session with a role, in order."""

    __tablename__ = "participation"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[ParticipationRole] = mapped_column(enum_type(ParticipationRole, "participation_role"))
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    session: Mapped[Session] = relationship(back_populates="participations")
    person: Mapped[Person] = relationship(back_populates="participations")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("session_id", "person_id", "role"),)

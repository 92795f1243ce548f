"""An event of 18 December: its languages, members and rooms."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, enum_type, language_column, ordered_languages, sync_language_rows, utcnow

if TYPE_CHECKING:
    from app.models.organization import Organization, OrganizationRole
    from app.models.person import Person
    from app.models.release import Release
    from app.models.session import Session
    from app.models.user import User


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class MemberRole(StrEnum):
    OWNER = "owner"
    EDITOR = "editor"
    TRANSLATOR = "translator"


def migrants_day(year: int) -> date:
    return date(year, 12, 18)


def weekend_migrants_day(year: int) -> bool:
    """Whether 18 December of the year is a Saturday or a Sunday."""
    return migrants_day(year).weekday() >= 5


class EventCalendar:
    """What an event's zone and dates give; shared by the model and the public read-only agenda."""

    __slots__ = ()

    if TYPE_CHECKING:  # what both give it
        timezone: str
        status: EventStatus
        start_date: date
        end_date: date
        source_language: str
        fallback_languages: str
        offered_languages: list[str]
        observed_date: date | None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def days(self) -> list[date]:
        return [self.start_date + timedelta(days=n) for n in range((self.end_date - self.start_date).days + 1)]

    @property
    def observed_day(self) -> date | None:
        """The day International Migrants Day is observed on, when the event gives one that means something:
        18 December of its year falls on a Saturday or Sunday and the day is another, within the event's
        dates. An event copied to a year where 18 December is a weekday shows none."""
        observed = self.observed_date
        if observed is None or not weekend_migrants_day(observed.year):
            return None
        if observed == migrants_day(observed.year) or not self.start_date <= observed <= self.end_date:
            return None
        return observed

    @property
    def fallback_order(self) -> list[str]:
        """Where a reader's language has no current translation: these languages, then the source."""
        offered = set(self.offered_languages)
        chosen = [c for c in self.fallback_languages.split(",") if c in offered] if self.fallback_languages else (
            ["en"] if "en" in offered else [])
        return [*dict.fromkeys([*chosen, self.source_language])]


class Event(EventCalendar, Model):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    start_date: Mapped[date]
    end_date: Mapped[date]
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Belgrade")
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    source_language: Mapped[str] = language_column(default="en")
    #: Whose date and number formats the event's pages use in a language without its own (Romani).
    dates_language: Mapped[str] = language_column(default="sq", server_default="sq")
    #: Languages shown, in order, where a text has no current translation into the reader's:
    #: comma-separated codes; empty means English (when offered), then the source language.
    fallback_languages: Mapped[str] = mapped_column(sa.String(60), default="")
    #: Which published footnote on the designation of Kosovo the event's pages carry ("Kosovo*"):
    #: "" none, or one of DESIGNATION_FOOTNOTES (app/labels.py).
    designation_footnote: Mapped[str] = mapped_column(sa.String(8), default="", server_default="")
    #: The day the event keeps International Migrants Day on when 18 December falls on a weekend (a
    #: day within the event's dates); None: the day itself. See EventCalendar.observed_day.
    observed_date: Mapped[date | None] = mapped_column(default=None)
    #: Minutes allotted to a statement on a list of speakers, unless its entry says otherwise.
    statement_minutes: Mapped[int] = mapped_column(default=5, server_default="5")
    status: Mapped[EventStatus] = mapped_column(enum_type(EventStatus, "event_status"), default=EventStatus.DRAFT)
    published_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    language_rows: Mapped[list[EventLanguage]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )
    members: Mapped[list[EventMember]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )
    rooms: Mapped[list[Room]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(Room.position, Room.id)",
    )
    sessions: Mapped[list[Session]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(Session.starts_at, Session.id)",
    )
    people: Mapped[list[Person]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(Person.name, Person.id)",
    )
    organizations: Mapped[list[Organization]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(Organization.name, Organization.id)",
    )
    #: Organizations as convenors, partners, sponsors of the event (session_id NULL) and of its sessions.
    organization_roles: Mapped[list[OrganizationRole]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True,
        order_by="(OrganizationRole.role, OrganizationRole.position, OrganizationRole.id)",
    )
    releases: Mapped[list[Release]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Release.number.desc()",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("end_date >= start_date", name="dates_in_order"),
        sa.CheckConstraint("published_version >= 0", name="published_version_positive"),
        sa.CheckConstraint("observed_date IS NULL OR (observed_date >= start_date AND observed_date <= end_date)",
                           name="observed_date_in_dates"),
        sa.CheckConstraint("length(slug) >= 3", name="slug_length"),
        sa.CheckConstraint("statement_minutes >= 1 AND statement_minutes <= 60", name="statement_minutes_range"),
        sa.CheckConstraint("designation_footnote IN ('', 'un', 'eu', 'coe')", name="designation_footnote_valid"),
        # The list of events' validator: how many are published and the newest change among them.
        sa.Index("ix_event_status_updated", "status", "updated_at"),
    )

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"

    @property
    def offered_languages(self) -> list[str]:
        """The source language first, then the others in display order."""
        others = [c for c in ordered_languages(r.lang for r in self.language_rows) if c != self.source_language]
        return [self.source_language, *others]

    @offered_languages.setter
    def offered_languages(self, codes) -> None:
        wanted = set(codes) | {self.source_language}
        self.language_rows = sync_language_rows(self.language_rows, wanted, lambda lang: EventLanguage(lang=lang))


class EventLanguage(Model):
    """A language an event is offered in."""

    __tablename__ = "event_language"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    lang: Mapped[str] = language_column(primary_key=True)
    event: Mapped[Event] = relationship(back_populates="language_rows")


class EventMember(Model):
    """A user's part in one event: owner, editor, or translator into one language."""

    __tablename__ = "event_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_type(MemberRole, "member_role"))
    language: Mapped[str | None] = language_column(nullable=True)

    event: Mapped[Event] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", "role", "language"),
        sa.CheckConstraint(
            "(role = 'translator' AND language IS NOT NULL) OR (role <> 'translator' AND language IS NULL)",
            name="translator_has_language",
        ),
    )


class Room(Model):
    __tablename__ = "room"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    capacity: Mapped[int | None]
    accessibility: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship(back_populates="rooms")

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        sa.UniqueConstraint("event_id", "name"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    def __repr__(self) -> str:
        return f"<Room {self.name}>"

"""People of an event: speakers, co-chairs, moderators. Each person once per event."""
from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import enum_type

if TYPE_CHECKING:
    from app.models.event import Event
    from app.models.session import Participation


class StakeholderGroup(StrEnum):
    GOVERNMENT = "government"
    UN_SYSTEM = "un_system"
    CIVIL_SOCIETY = "civil_society"
    PRIVATE_SECTOR = "private_sector"
    ACADEMIA = "academia"
    MIGRANT_COMMUNITY = "migrant_community"
    OTHER = "other"


class PersonName:
    """How a person is named in lists; shared by the model and the public read-only agenda."""

    __slots__ = ()

    if TYPE_CHECKING:  # what both give it
        honorific: str
        name: str

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()


class Person(PersonName, Model):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    honorific: Mapped[str] = mapped_column(sa.String(40), default="")
    function: Mapped[str] = mapped_column(sa.String(300), default="")
    organization: Mapped[str] = mapped_column(sa.String(300), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    stakeholder_group: Mapped[StakeholderGroup] = mapped_column(
        enum_type(StakeholderGroup, "stakeholder_group"), default=StakeholderGroup.OTHER
    )
    gender: Mapped[str] = mapped_column(sa.String(60), default="")  # self-described, optional
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    #: How the organizers reach the person: seen by the event's members only, never released.
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    #: The language the person's mails are written in (one of the interface's); none: the event's source.
    language: Mapped[str | None] = mapped_column(sa.String(8))
    version: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship(back_populates="people")
    participations: Mapped[list[Participation]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("event_id", "name", "organization"),)

    def __repr__(self) -> str:
        return f"<Person {self.name}>"


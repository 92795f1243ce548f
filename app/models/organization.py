"""Organizations of an event: the State, agency, network or association a person belongs to, and
the event's and sessions' convenors, co-convenors, partners and sponsors.

A person's affiliation is `person.organization_id` (the record) beside `person.organization`
(free text, from before organizations were records, or for a one-off affiliation). The public
reads the linked record's name and acronym, translated like any content, and the free text only
when no record is linked (the `affiliation` macro of templates/public/_organizations.html).
"""
from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import enum_type

if TYPE_CHECKING:
    from app.models.event import Event
    from app.models.person import Person
    from app.models.session import Session


class OrganizationType(StrEnum):
    STATE = "state"
    OBSERVER = "observer"
    UN_SYSTEM = "un_system"
    INTERGOVERNMENTAL = "intergovernmental"
    CIVIL_SOCIETY = "civil_society"
    PRIVATE_SECTOR = "private_sector"
    ACADEMIA = "academia"
    MIGRANT_ASSOCIATION = "migrant_association"
    LOCAL_GOVERNMENT = "local_government"


class OrganizationRoleKind(StrEnum):
    """What an organization is to the event or to one session; in this order on public pages."""

    CONVENOR = "convenor"
    CO_CONVENOR = "co_convenor"
    PARTNER = "partner"
    SPONSOR = "sponsor"


class LogoFormat(StrEnum):
    """The image formats a logo may have: raster only, checked by content (app/logos.py); never SVG."""

    PNG = "png"
    JPEG = "jpeg"


LOGO_MIMETYPES = {LogoFormat.PNG: "image/png", LogoFormat.JPEG: "image/jpeg"}


class OrganizationName:
    """How an organization is named in lists; shared by the model and the public read-only agenda."""

    __slots__ = ()

    if TYPE_CHECKING:  # what both give it
        name: str
        acronym: str
        logo_key: str | None
        logo_format: LogoFormat | None

    @property
    def logo_mimetype(self) -> str | None:
        return LOGO_MIMETYPES[self.logo_format] if self.logo_key and self.logo_format else None


class Organization(OrganizationName, Model):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    acronym: Mapped[str] = mapped_column(sa.String(40), default="")
    type: Mapped[OrganizationType] = mapped_column(enum_type(OrganizationType, "organization_type"),
                                                   default=OrganizationType.CIVIL_SOCIETY)
    website: Mapped[str | None] = mapped_column(sa.String(1000))
    #: The logo's file in the storage (app/storage.py), like a paper file's; none without a logo.
    logo_key: Mapped[str | None] = mapped_column(sa.String(100), unique=True)
    logo_format: Mapped[LogoFormat | None] = mapped_column(enum_type(LogoFormat, "logo_format"))
    logo_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    logo_width: Mapped[int | None]
    logo_height: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship(back_populates="organizations")
    people: Mapped[list[Person]] = relationship(back_populates="affiliation", passive_deletes=True)
    roles: Mapped[list[OrganizationRole]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(OrganizationRole.session_id, OrganizationRole.position, OrganizationRole.id)",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("event_id", "name"),
        sa.CheckConstraint("website IS NULL OR website LIKE 'https://%' OR website LIKE 'http://%'",
                           name="website_http"),
        sa.CheckConstraint(
            "(logo_key IS NULL AND logo_format IS NULL AND logo_sha256 IS NULL) "
            "OR (logo_key IS NOT NULL AND logo_format IS NOT NULL AND logo_sha256 IS NOT NULL)",
            name="logo_whole",
        ),
    )

    def __repr__(self) -> str:
        return f"<Organization {self.name}>"


class OrganizationRole(Model):
    """An organization as convenor, co-convenor, partner or sponsor of the event (no session) or
    of one session; ordered by `position` within its role."""

    __tablename__ = "organization_role"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("session.id", ondelete="CASCADE"), index=True)
    role: Mapped[OrganizationRoleKind] = mapped_column(enum_type(OrganizationRoleKind, "organization_role_kind"))
    position: Mapped[int] = mapped_column(default=0)

    #: Loaded with the roles in one more query however many there are (the settings and session forms list them).
    organization: Mapped[Organization] = relationship(back_populates="roles", lazy="selectin")
    session: Mapped[Session | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("organization_id", "session_id", "role"),)


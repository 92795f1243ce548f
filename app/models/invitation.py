"""Invitations to join an event as editor or translator; the link's token is stored hashed."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.event import MemberRole
from app.models.types import UTCDateTime, enum_type, language_column, utcnow

if TYPE_CHECKING:
    from app.models.event import Event
    from app.models.user import User

INVITATION_LIFETIME = timedelta(days=30)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(Model):
    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    role: Mapped[MemberRole] = mapped_column(enum_type(MemberRole, "invitation_role"))
    language: Mapped[str | None] = language_column(nullable=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    __table_args__ = (
        sa.CheckConstraint("role <> 'owner'", name="not_owner"),
        sa.CheckConstraint(
            "(role = 'translator' AND language IS NOT NULL) OR (role <> 'translator' AND language IS NULL)",
            name="translator_has_language",
        ),
        # One open invitation per address and event: inviting again replaces it (app.manage.invitations).
        sa.Index("uq_invitation_open_address", "event_id", "email", unique=True,
                 sqlite_where=sa.text("accepted_at IS NULL"), postgresql_where=sa.text("accepted_at IS NULL")),
    )

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > utcnow()

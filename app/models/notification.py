"""Who was told about a release: one row per mail the organizer had sent to a person of the event."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.release import Release
    from app.models.user import User


class ReleaseNotification(Model):
    __tablename__ = "release_notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(sa.ForeignKey("release.id", ondelete="CASCADE"), index=True)
    #: The person told; kept as name and address too, so the record outlives the person.
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    #: The language the mail was written in.
    language: Mapped[str] = mapped_column(sa.String(8))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: Whether the SMTP server took the mail; a failed one can be sent again.
    delivered: Mapped[bool] = mapped_column(default=False)

    release: Mapped[Release] = relationship()
    sent_by: Mapped[User | None] = relationship()

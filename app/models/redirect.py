"""The addresses an event had before: an old slug keeps leading to the event (301) after it changes."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import UTCDateTime, utcnow


class SlugRedirect(Model):
    """A slug an event was known by. Each old slug leads straight to its event (not to the next
    slug), so a chain of renames a → b → c sends a and b to c in one step.

    An old slug stays the event's: no other event can take it while it redirects (the event
    itself may take it back, which removes the row). Deleting the event frees its old slugs.
    """

    __tablename__ = "slug_redirect"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<SlugRedirect {self.slug} → event {self.event_id}>"

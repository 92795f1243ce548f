"""What the public search of events reads: each published event's searchable texts, folded (app/search.py)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model


class EventSearch(Model):
    """One published event's title, venue, city and country in every language it has them, folded
    (lower case, Latin letters, no diacritics). Derived data: rewritten on every flush that changes
    the event's release or the translations of those fields."""

    __tablename__ = "event_search"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(sa.Text, default="")

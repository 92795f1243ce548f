"""Programmes: an event and the events around it — a civil-society hearing weeks before, side events
the day before, municipal events across Kosovo — shown together on the event's programme page.

A programme is one event (the "main" event, whose address the programme page has) and its links to
related events, not a record of its own: an organizer builds it from the event they already run, it
needs no slug, title or owner beside the event's, and its title is the event's (translated with it).
An event may be linked from several main events (a municipal event belonging to two programmes).

Links are between two events of this site, so they travel in no event archive (app/records.py,
NOT_IN_ARCHIVES); the site's backup keeps them. They are read live, like an event's status: the
programme page shows only related events that are published, each as its last release lists it.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.event import Event
from app.models.types import UTCDateTime, enum_type, utcnow


class ProgrammeRelation(StrEnum):
    HEARING = "hearing"  # a civil-society or stakeholder hearing before the event
    SIDE_EVENT = "side_event"  # around the event, often the day before
    MUNICIPAL = "municipal"  # a municipality's own event of the day
    RELATED = "related"


class EventLink(Model):
    """A related event in an event's programme, at a place in the organizer's order (the page lists
    events by date; the position orders events of the same day)."""

    __tablename__ = "event_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    related_event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    relation: Mapped[ProgrammeRelation] = mapped_column(enum_type(ProgrammeRelation, "programme_relation"),
                                                        default=ProgrammeRelation.RELATED)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    related_event: Mapped[Event] = relationship(foreign_keys=[related_event_id])

    __table_args__ = (
        sa.UniqueConstraint("event_id", "related_event_id"),
        sa.CheckConstraint("event_id <> related_event_id", name="not_itself"),
    )

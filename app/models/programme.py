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
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship

from app.extensions import Model, db
from app.models.event import Event, EventStatus
from app.models.release import Release
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


def published_programme(slug: str) -> list[tuple] | None:
    """The rows of a published event's programme page in two queries, whatever its size: the event itself
    (relation None) and its related events that are published, each as (listing, status, version, published
    at, relation, position). None when the event is not published."""
    current = sa.and_(Release.event_id == Event.id, Release.number == Event.published_version)
    columns = (Release.listing, Event.status, Event.published_version, Release.published_at)
    own = db.session.execute(
        sa.select(Event.id, *columns).join(Release, current)
        .where(Event.slug == slug, Event.status == EventStatus.PUBLISHED)
    ).first()
    if own is None:
        return None
    related = db.session.execute(
        sa.select(*columns, EventLink.relation, EventLink.position)
        .join(EventLink, EventLink.related_event_id == Event.id).join(Release, current)
        .where(EventLink.event_id == own[0], Event.status == EventStatus.PUBLISHED)
    ).all()
    return [(*own[1:], None, 0), *(tuple(row) for row in related)]


def programmes_of(slug: str) -> list[str]:
    """The addresses of the published programme pages the event with this address appears on, in one
    query: its own, when a related event of it is published, and those of the published events that
    list it. Pages that link to them add the list to their validator, so a new link shows at once."""
    this, hub, related = aliased(Event), aliased(Event), aliased(Event)
    rows = db.session.execute(
        sa.select(hub.slug, EventLink.event_id == this.id)
        .join(hub, hub.id == EventLink.event_id).join(related, related.id == EventLink.related_event_id)
        .join(this, sa.or_(this.id == EventLink.event_id, this.id == EventLink.related_event_id))
        .where(this.slug == slug, hub.status == EventStatus.PUBLISHED, related.status == EventStatus.PUBLISHED)
        .order_by(sa.desc(EventLink.event_id == this.id), hub.start_date, hub.id)
    ).all()
    return list(dict.fromkeys(hub_slug for hub_slug, _own in rows))

"""Loading what public pages show, in a fixed number of queries whatever the event's size."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort

from app.extensions import db
from app.models import Event, Release
from app.public.agenda import AgendaEvent, load_listings, load_published

#: Texts that pages listing many sessions do not show; their translations are not loaded.
LISTING = frozenset({("person", "bio"), ("session", "description")})
#: Texts that the overviews of an event (by day, by room, my agenda, now, changes) do not show either:
#: a large event has hundreds of people, and these pages name them only.
OUTLINE = LISTING | {("person", "function"), ("person", "organization"), ("paper", "title"), ("room", "accessibility")}
#: Texts that a session's page and the exports do not show.
DETAIL = frozenset({("person", "bio")})


def published_event_or_404(slug: str, bios: bool = False) -> AgendaEvent:
    """A published event with its whole agenda, read-only, in a fixed number of queries; drafts are 404."""
    event = load_published(slug, bios=bios)
    if event is None:
        abort(404)
    return event


def published_events(today: date | None = None) -> list[AgendaEvent]:
    """Published events as their last releases list them, upcoming first, then past years, most recent first."""
    today = today or date.today()
    events = load_listings()
    upcoming = sorted((e for e in events if e.end_date >= today), key=lambda e: (e.start_date, e.title))
    past = sorted((e for e in events if e.end_date < today), key=lambda e: (e.start_date, e.title), reverse=True)
    return upcoming + past


def releases_of(event: Event | AgendaEvent) -> list[Release]:
    """An event's releases, newest first, in one query."""
    return list(db.session.scalars(
        sa.select(Release).where(Release.event_id == event.id).order_by(Release.number.desc())
    ))

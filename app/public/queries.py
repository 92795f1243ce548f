"""Loading what public pages show, in a fixed number of queries whatever the event's size."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Event, EventStatus, Paper, Participation, Release, Session


def published_event_or_404(slug: str) -> Event:
    """A published event with its whole agenda eagerly loaded; drafts are 404 to the public."""
    stmt = (
        sa.select(Event)
        .where(Event.slug == slug, Event.status == EventStatus.PUBLISHED)
        .options(
            selectinload(Event.language_rows),
            selectinload(Event.rooms),
            selectinload(Event.sessions).options(
                selectinload(Session.language_rows),
                selectinload(Session.participations).selectinload(Participation.person),
                selectinload(Session.papers).selectinload(Paper.files),
            ),
        )
    )
    event = db.session.scalar(stmt)
    if event is None:
        abort(404)
    return event


def published_events(today: date | None = None) -> list[Event]:
    """Published events, upcoming first, then past years, most recent first."""
    today = today or date.today()
    events = db.session.scalars(
        sa.select(Event).where(Event.status == EventStatus.PUBLISHED).options(selectinload(Event.language_rows))
    ).all()
    upcoming = sorted((e for e in events if e.end_date >= today), key=lambda e: (e.start_date, e.title))
    past = sorted((e for e in events if e.end_date < today), key=lambda e: (e.start_date, e.title), reverse=True)
    return upcoming + past


def releases_of(event: Event) -> list[Release]:
    """An event's releases, newest first, in one query."""
    return list(db.session.scalars(
        sa.select(Release).where(Release.event_id == event.id).order_by(Release.number.desc())
    ))

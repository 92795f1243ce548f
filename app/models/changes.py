"""Keep `Event.updated_at` the time of the last change to anything the public sees of the event.

Caches and HTTP validators (ETag, Last-Modified) read that column (and, per language, the
newest translation), so an edit to a session, a room, a person or a paper of a published event
reaches attendees at once. The column is set with a plain UPDATE after the flush: it does not touch the event's
`version`, so organizers editing the event itself are not told of a conflict that is none.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession

from app.models.event import Event, EventLanguage, Room
from app.models.paper import Paper, PaperFile
from app.models.person import Person
from app.models.session import Participation, Session, SessionLanguage
from app.models.translation import Translation
from app.models.types import utcnow

_BY_EVENT = (Room, Session, Person, EventLanguage)
_BY_SESSION = (Participation, SessionLanguage, Paper)


def _touched_events(session: OrmSession) -> set[int]:
    event_ids: set[int] = set()
    session_ids: set[int] = set()
    paper_ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Translation):
            # New and edited translations are seen by the validator of their own language
            # (the newest Translation.updated_at); a deleted one can only be seen here.
            if obj in session.deleted:
                event_ids.add(obj.event_id)
        elif isinstance(obj, _BY_EVENT):
            event_ids.add(obj.event_id)
        elif isinstance(obj, _BY_SESSION):
            session_ids.add(obj.session_id)
        elif isinstance(obj, PaperFile):
            paper_ids.add(obj.paper_id)
    if paper_ids:
        session_ids |= set(session.scalars(sa.select(Paper.session_id).where(Paper.id.in_(paper_ids))))
    session_ids.discard(None)
    if session_ids:
        event_ids |= set(session.scalars(sa.select(Session.event_id).where(Session.id.in_(session_ids))))
    event_ids.discard(None)
    return event_ids


def _record_change(session: OrmSession, flush_context) -> None:
    event_ids = _touched_events(session)
    if event_ids:
        session.execute(
            sa.update(Event).where(Event.id.in_(event_ids)).values(updated_at=utcnow()),
            execution_options={"synchronize_session": False},
        )


def register_change_tracking() -> None:
    if not sa_event.contains(OrmSession, "after_flush", _record_change):
        sa_event.listen(OrmSession, "after_flush", _record_change)

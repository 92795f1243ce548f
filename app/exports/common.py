"""What every export says about a session, in the requested language."""
from __future__ import annotations

from app.labels import ROLE_NAMES, session_label
from app.models import Event, Session
from app.public.services import people_by_role


def person_line(part, tr) -> str:
    """ "Name, function, organization" for one participation."""
    person = part.person
    details = [str(tr(person, "function")), person.organization]
    return ", ".join([person.display_name, *(d for d in details if d)])


def people_text(session: Session, tr) -> str:
    """A session's people by role, one line per role: "Co-chair: A, B"."""
    return "\n".join(
        f"{ROLE_NAMES[role]}: {'; '.join(person_line(p, tr) for p in parts)}"
        for role, parts in people_by_role(session)
    )


def location(event: Event, session: Session, tr) -> str:
    """Room, venue and city, as far as they are known."""
    parts = [str(tr(session.room, "name")) if session.room else "", str(tr(event, "venue")), event.city]
    return ", ".join(p for p in parts if p)


def label(session: Session) -> str:
    return session_label(session)

"""Who may do what, in one place. Views call these; they abort with 404/403.

- admins may do everything;
- an event's owner and editors manage it (agenda, publishing) and may translate it;
- only the owner (or an admin) manages its members and deletes it;
- a translator translates an event into a language when invited for that language, or
  when their account lists that language and the event offers it. Translators never
  change the agenda itself.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from app.extensions import db
from app.models import Event, EventMember, MemberRole, User


def _roles(user: User, event: Event) -> set[tuple[MemberRole, str | None]]:
    return {(m.role, m.language) for m in event.members if m.user_id == user.id}


def can_manage(user: User | None, event: Event) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    return any(role in (MemberRole.OWNER, MemberRole.EDITOR) for role, _ in _roles(user, event))


def is_owner(user: User | None, event: Event) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or any(role == MemberRole.OWNER for role, _ in _roles(user, event))


def can_translate(user: User | None, event: Event, lang: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if lang not in event.offered_languages or lang == event.source_language:
        return False
    if can_manage(user, event):
        return True
    if (MemberRole.TRANSLATOR, lang) in _roles(user, event):
        return True
    return user.is_translator and lang in user.translator_languages


def translatable_languages(user: User | None, event: Event) -> list[str]:
    """The languages of an event this user may translate into."""
    return [lang for lang in event.offered_languages if can_translate(user, event, lang)]


def can_create_events(user: User) -> bool:
    """Organizers and administrators create events (and import them from archives)."""
    return bool(user.is_authenticated and (user.is_organizer or user.is_admin))


def events_for_manager(user: User) -> sa.Select:
    """The events a user manages: all for admins, else those they own or edit."""
    stmt = sa.select(Event)
    if not user.is_admin:
        stmt = stmt.where(
            Event.id.in_(
                sa.select(EventMember.event_id).where(
                    EventMember.user_id == user.id, EventMember.role.in_([MemberRole.OWNER, MemberRole.EDITOR])
                )
            )
        )
    return stmt


def event_or_404(slug: str) -> Event:
    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        abort(404)
    return event


def translatable_event_or_403(slug: str, lang: str) -> Event:
    event = event_or_404(slug)
    if not can_translate(current_user, event, lang):
        abort(403)
    return event

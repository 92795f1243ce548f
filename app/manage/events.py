"""Creating, changing and deleting events: slugs, templates, the creator as owner."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from slugify import slugify as _slugify

from app.addresses import reserved_like, slug_reserved
from app.extensions import db
from app.manage.agenda_templates import AgendaTemplate, apply_template
from app.models import Event, EventMember, MemberRole, Organization, Paper, PaperFile, Session, User

SLUG_MAX = 60


def slugify(text: str) -> str:
    """ASCII words joined by hyphens, other scripts transliterated: "18 December — Prizren" →
    "18-december-prizren", "Међународни дан миграната" → "medjunarodni-dan-migranata", "国际移民日" →
    "guo-ji-yi-min-ri". Cut at a word's end, at most SLUG_MAX characters."""
    return _slugify(text or "", max_length=SLUG_MAX, word_boundary=True, save_order=True)


def slug_taken(slug: str, exclude_id: int | None = None) -> bool:
    """True when another event has the slug, or had it and its links still lead there (app.addresses)."""
    stmt = sa.select(Event.id).where(Event.slug == slug)
    if exclude_id is not None:
        stmt = stmt.where(Event.id != exclude_id)
    return db.session.scalar(stmt) is not None or slug_reserved(slug, exclude_id)


def unique_slug(wanted: str, fallback: str = "event") -> str:
    """The wanted slug, or it with -2, -3 … appended until no event has it."""
    base = slugify(wanted) or fallback
    if len(base) < 3:
        base = f"{base}-{fallback}"
    taken = set(db.session.scalars(sa.select(Event.slug).where(Event.slug.like(f"{base}%")))) | reserved_like(base)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def create_event(*, owner: User, title: str, start_date: date, end_date: date | None, timezone: str,
                 source_language: str, languages, template: AgendaTemplate | None = None, slug: str = "",
                 **fields) -> Event:
    """A new draft event owned by `owner`, filled from a template. The caller commits."""
    if end_date is None:
        end_date = start_date + timedelta(days=(template.days if template else 1) - 1)
    event = Event(
        slug=unique_slug(slug or title), title=title, start_date=start_date, end_date=end_date,
        timezone=timezone, source_language=source_language, **fields,
    )
    event.offered_languages = languages
    event.members.append(EventMember(user=owner, role=MemberRole.OWNER))
    db.session.add(event)
    db.session.flush()
    if template is not None:
        apply_template(event, template)
    return event


def event_storage_keys(event: Event) -> list[str]:
    """The storage keys of every file of an event: its papers' files and its organizations' logos."""
    papers = sa.select(PaperFile.storage_key).join(Paper).join(Session).where(Session.event_id == event.id)
    logos = sa.select(Organization.logo_key).where(Organization.event_id == event.id,
                                                   Organization.logo_key.is_not(None))
    keys: list[str | None] = list(db.session.scalars(sa.union_all(papers, logos)))
    return [key for key in keys if key]

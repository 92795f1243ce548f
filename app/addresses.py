"""Safe addresses: an event's old slugs keep leading to it after its slug changes.

When an organizer changes a slug, the old one is kept (app.models.SlugRedirect) pointing at the
event itself, so a chain of renames a → b → c leads a and b straight to c. Public pages and
feeds under an old slug answer 301 to the same path and query under the current slug (the
error handler of app/errors asks `current_slug` when a public or export URL's slug names no
event: the lookup costs nothing on the pages that are found). The organizer's pages under an
old slug lead to the event the same way (302: they are not for caches).

An old slug stays reserved for its event while it redirects: another event cannot take it
(`slug_reserved`, used by the slug checks of app/manage/events.py), so a shared link or a
subscribed calendar never silently starts showing someone else's agenda. The event itself
may take an old slug back (the redirect row goes); deleting the event frees its old slugs.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Event, EventStatus, SlugRedirect, utcnow


def record_slug_change(event: Event, old_slug: str) -> None:
    """After `event.slug` changed from `old_slug`: keep the old slug leading to the event, and
    drop the redirect of the new slug if it was one of the event's own old slugs."""
    if not old_slug or old_slug == event.slug:
        return
    db.session.execute(sa.delete(SlugRedirect).where(SlugRedirect.slug == event.slug,
                                                     SlugRedirect.event_id == event.id))
    kept = db.session.scalar(sa.select(SlugRedirect).where(SlugRedirect.slug == old_slug))
    if kept is None:
        db.session.add(SlugRedirect(slug=old_slug, event_id=event.id, created_at=utcnow()))
    else:  # the same event's slug, taken back earlier and given up again
        kept.event_id, kept.created_at = event.id, utcnow()


def slug_reserved(slug: str, exclude_id: int | None = None) -> bool:
    """True when the slug is an old address of another event (than `exclude_id`)."""
    stmt = sa.select(SlugRedirect.id).where(SlugRedirect.slug == slug)
    if exclude_id is not None:
        stmt = stmt.where(SlugRedirect.event_id != exclude_id)
    return db.session.scalar(stmt) is not None


def reserved_like(prefix: str) -> set[str]:
    """Old slugs that start with `prefix` (for choosing a free slug)."""
    return set(db.session.scalars(sa.select(SlugRedirect.slug).where(SlugRedirect.slug.like(f"{prefix}%"))))


def moved_event(slug: str) -> Event | None:
    """The event an old slug leads to, when no event has that slug now; else None (one query)."""
    live = aliased(Event)
    return db.session.scalar(
        sa.select(Event).join(SlugRedirect, SlugRedirect.event_id == Event.id)
        .where(SlugRedirect.slug == slug, ~sa.select(live.id).where(live.slug == slug).exists())
    )


def current_slug(slug: str) -> str | None:
    """For public pages and feeds: the published event's slug now, when `slug` is an old one of it."""
    event = moved_event(slug)
    if event is None or event.status != EventStatus.PUBLISHED:
        return None  # a draft's new address is not shown to the public
    return event.slug

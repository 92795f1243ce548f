"""Publishing with checks: errors block, translation gaps only warn; what a republish would change."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.content.progress import Progress, translation_progress
from app.manage.conflicts import Conflict, errors, find_conflicts
from app.manage.queries import load_agenda
from app.models import Event, Release
from app.publishing import diff_snapshots, publish, release_record


@dataclass
class PublishCheck:
    errors: list[Conflict]
    gaps: dict[str, Progress]  # languages with missing or stale translations
    #: The release the public sees now, if the event is published.
    current: Release | None = None
    #: The working copy differs from the current release (always true before a first publish).
    changed: bool = True
    #: What a republish would add to the change log (sessions added, removed, moved, renamed…).
    pending: list[dict[str, Any]] = field(default_factory=list)
    #: The working copy as a release would record it, once it was read for the comparison.
    record: tuple[dict[str, Any], dict[str, Any]] | None = None

    @property
    def blocked(self) -> bool:
        return bool(self.errors)

    @property
    def unchanged(self) -> bool:
        """Republishing would publish the same agenda again: there is nothing to do."""
        return self.current is not None and not self.changed


def current_release(event: Event) -> Release | None:
    """The release the public sees, while the event is published."""
    if not event.is_published:
        return None
    return next((r for r in event.releases if r.number == event.published_version), None)


def has_unpublished_edits(event: Event) -> bool:
    """The event is published and its working copy differs from what the public sees."""
    current = current_release(event)
    return current is not None and release_record(event) != (current.listing, current.snapshot)


def check_publishable(event: Event) -> PublishCheck:
    sessions = load_agenda(event)
    progress = translation_progress(event)
    gaps = {lang: p for lang, p in progress.items() if p.missing or p.stale}
    check = PublishCheck(errors=errors(find_conflicts(event, sessions)), gaps=gaps, current=current_release(event))
    if check.current is not None:
        check.record = listing, snapshot = release_record(event)
        check.changed = (listing, snapshot) != (check.current.listing, check.current.snapshot)
        check.pending = diff_snapshots(check.current.snapshot, snapshot)
    return check


def publish_checked(event: Event, user=None) -> tuple[Release | None, PublishCheck]:
    """Publish unless the agenda has errors or nothing changed since the current release; the caller commits."""
    check = check_publishable(event)
    if check.blocked or check.unchanged:
        return None, check
    return publish(event, user, check.record), check

"""Publishing with checks: errors block unless an organizer acknowledged them, warnings and translation
gaps only warn; what a republish would change."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.content.progress import Progress, translation_progress
from app.manage.conflicts import Conflict, blocking, check_agenda, describe_acknowledged, one_each
from app.manage.queries import load_agenda
from app.models import Acknowledgement, Event, Release
from app.publishing import diff_snapshots, publish, release_record


@dataclass
class PublishCheck:
    #: Errors no one acknowledged: they block publishing.
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
    #: Conflicts an organizer acknowledged (errors first), each once: published as they are.
    acknowledged: list[Conflict] = field(default_factory=list)
    #: Warnings no one acknowledged yet, each once.
    warnings: list[Conflict] = field(default_factory=list)
    #: (acknowledgement, what it was about) for those whose conflict changed or was resolved: they excuse nothing now.
    stale: list[tuple[Acknowledgement, str]] = field(default_factory=list)

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
    report = check_agenda(event, sessions)
    found = one_each(report.conflicts)
    acknowledged = sorted((c for c in found if c.acknowledgement is not None), key=lambda c: not c.is_error)
    check = PublishCheck(errors=blocking(found), gaps=gaps, current=current_release(event), acknowledged=acknowledged,
                         warnings=[c for c in found if not c.is_error and c.acknowledgement is None],
                         stale=[(ack, describe_acknowledged(ack)) for ack in report.stale])
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

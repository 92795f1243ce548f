"""Publishing with checks: errors block, translation gaps only warn."""
from __future__ import annotations

from dataclasses import dataclass

from app.content.progress import Progress, translation_progress
from app.manage.conflicts import Conflict, errors, find_conflicts
from app.manage.queries import load_agenda
from app.models import Event, Release
from app.publishing import publish


@dataclass
class PublishCheck:
    errors: list[Conflict]
    gaps: dict[str, Progress]  # languages with missing or stale translations

    @property
    def blocked(self) -> bool:
        return bool(self.errors)


def check_publishable(event: Event) -> PublishCheck:
    sessions = load_agenda(event)
    progress = translation_progress(event)
    gaps = {lang: p for lang, p in progress.items() if p.missing or p.stale}
    return PublishCheck(errors=errors(find_conflicts(event, sessions)), gaps=gaps)


def publish_checked(event: Event, user=None) -> tuple[Release | None, PublishCheck]:
    """Publish unless the agenda has errors; the caller commits."""
    check = check_publishable(event)
    if check.blocked:
        return None, check
    return publish(event, user), check

"""The change log in sentences: each release's change records, translated, times in the event's zone."""
from __future__ import annotations

from datetime import datetime

from flask_babel import format_date, format_time
from flask_babel import gettext as _

from app.models import Event


def _when(value: str | None) -> str:
    """A recorded UTC time as the event's day and time (the request's zone is the event's)."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    return _("%(day)s, %(time)s", day=format_date(moment, "full"), time=format_time(moment, "short"))


def describe(change: dict) -> str:
    """One change record as a sentence in the interface language."""
    kind = change.get("kind")
    title = change.get("title", "")
    if kind == "session_added":
        return _("New session: “%(title)s”, %(when)s.", title=title, when=_when(change.get("starts_at")))
    if kind == "session_removed":
        return _("Cancelled: “%(title)s”, which was planned for %(when)s.", title=title,
                 when=_when(change.get("starts_at")))
    if kind == "session_retitled":
        return _("“%(old)s” is now called “%(title)s”.", old=change.get("old_title", ""), title=title)
    if kind == "session_moved":
        return _("“%(title)s” moved from %(old)s to %(new)s.", title=title,
                 old=_when(change.get("old_starts_at")), new=_when(change.get("starts_at")))
    if kind == "session_room_changed":
        return _("“%(title)s” moved from room %(old)s to room %(new)s.", title=title,
                 old=change.get("old_room") or _("no room"), new=change.get("room") or _("no room"))
    if kind == "speaker_added":
        return _("%(person)s joins “%(title)s”.", person=change.get("person", ""), title=title)
    if kind == "speaker_removed":
        return _("%(person)s no longer takes part in “%(title)s”.", person=change.get("person", ""), title=title)
    return _("“%(title)s” changed.", title=title)


def _same_times(change: dict) -> bool:
    """A move recorded only because the times were written with different UTC offsets."""
    try:
        return all(
            datetime.fromisoformat(change[old]) == datetime.fromisoformat(change[new])
            for old, new in (("old_starts_at", "starts_at"), ("old_ends_at", "ends_at"))
        )
    except (KeyError, TypeError, ValueError):
        return False


def describe_changes(event: Event, changes: list[dict], tr) -> list[str]:
    """The sentences of one release, in the order the changes were recorded.

    A title or room name still current is shown in the reader's language; an old one as recorded.
    """
    current = {s.public_id: s for s in event.sessions}
    rooms = {r.name: r for r in event.rooms}
    sentences = []
    for change in changes or []:
        if change.get("kind") == "session_moved" and _same_times(change):
            continue
        session = current.get(change.get("session"))
        if session is not None and session.title == change.get("title"):
            change = {**change, "title": tr(session, "title").text}
        for key in ("room", "old_room"):
            if change.get(key) in rooms:
                change = {**change, key: tr(rooms[change[key]], "name").text}
        sentences.append(describe(change))
    return sentences

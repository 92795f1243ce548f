"""The change log in sentences: each release's change records, translated, times in the event's zone."""
from __future__ import annotations

from app.models import Event
from app.publishing import describe_change


def describe_changes(event: Event, changes: list[dict], tr) -> list[str]:
    """The sentences of one release, in the order the changes were recorded.

    A title or room name still current is shown in the reader's language; an old one as recorded.
    """
    current = {s.public_id: s for s in event.sessions}
    rooms = {r.name: r for r in event.rooms}
    sentences = []
    for change in changes or []:
        session = current.get(change.get("session"))
        if session is not None and session.title == change.get("title"):
            change = {**change, "title": tr(session, "title").text}
        for key in ("room", "old_room"):
            if change.get(key) in rooms:
                change = {**change, key: tr(rooms[change[key]], "name").text}
        sentences.append(describe_change(change))
    return sentences

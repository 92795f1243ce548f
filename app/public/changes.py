"""The change log in sentences: each release's change records, translated, times in the event's zone."""
from __future__ import annotations

from app.publishing import describe_change

#: The texts a change record quotes, and the translatable field each was recorded from.
_QUOTED = {"title": ("session", "title"), "old_title": ("session", "title"),
           "room": ("room", "name"), "old_room": ("room", "name")}


def describe_changes(changes: list[dict], tr) -> list[str]:
    """The sentences of one release, in the order the changes were recorded.

    Each title and room name is shown as it was recorded, in the reader's language where a
    reviewed translation of exactly that text exists: an old title keeps its old translation,
    a new one is never shown in the words of the old.
    """
    sentences = []
    for change in changes or []:
        quoted = {key: tr.text_of(*_QUOTED[key], change[key]) for key in _QUOTED if change.get(key)}
        sentences.append(describe_change({**change, **quoted}))
    return sentences

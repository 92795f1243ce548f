"""Search that forgives diacritics and scripts: "prishtine", "Pristina" and "Приштина" find one event.

Each published event has one row in `event_search` holding its searchable texts *folded*: lower
case, Cyrillic written in Latin letters, diacritics removed, punctuation turned into spaces. The
texts are what its last release shows (title, venue, city), the reviewed translations of those
fields made from the released text, the city's names in other languages (Kosovo's municipalities)
and the country's name in every interface language. A search folds its words the same way and asks
for rows holding every word (LIKE): one query, whatever the number of events.

The rows are kept up to date after every flush that touches an event, its releases or the
translations of its fields (`after_flush`), and migration 0009 fills them for existing events.
Functions that read rows take the tables as arguments, so the migration can pass reflected ones.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from babel import Locale
from sqlalchemy import orm

from app.languages import INTERFACE_LANGUAGES, babel_locale

#: The event's fields a search reads.
SEARCHED_FIELDS = ("title", "venue", "city")
#: Longest search text kept per event (titles in a dozen languages fit many times over).
MAX_TEXT = 20_000
#: At most this many words of a search are used.
MAX_WORDS = 8

#: Cyrillic letters in Latin (Serbian Latin, as Serbian readers write them; Russian letters
#: without a Serbian equivalent as they are commonly romanized). Diacritics go afterwards.
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ж": "z", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "dz", "ш": "s",
    "й": "j", "ё": "e", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "щ": "sc", "ъ": "", "ь": "",
    "і": "i", "ї": "ji", "є": "je", "ґ": "g", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}
#: Latin letters that Unicode does not decompose into a base letter and a mark.
LATIN = {"đ": "dj", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i", "þ": "th", "ð": "d", "ħ": "h"}
_FOLD = str.maketrans({**CYRILLIC, **LATIN})
_NOT_WORD = re.compile(r"[^\w]+|_+")

MUNICIPALITIES = Path(__file__).parent / "data" / "kosovo_municipalities.json"


def fold(text: str) -> str:
    """Text as searches compare it: "Dita Ndërkombëtare — Prishtinë" → "dita nderkombetare prishtine",
    "Приштина" → "pristina", "Đakovica" → "djakovica". Scripts without case or marks (Arabic,
    Chinese) stay as they are, so a search in them finds their own words."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(_FOLD)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def search_words(query: str) -> list[str]:
    """The folded words of a search, longest first (the most selective), without repeats."""
    words = list(dict.fromkeys(fold(query).split()))
    return sorted(words, key=len, reverse=True)[:MAX_WORDS]


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def matching_event_ids(connection: sa.Connection, table: sa.Table, query: str) -> set[int] | None:
    """Ids of the events whose search text holds every word of the query, in one query; None for
    no search (everything matches). A search of only punctuation or symbols finds nothing."""
    if not query.strip():
        return None
    words = search_words(query)
    if not words:
        return set()
    statement = sa.select(table.c.event_id).where(*(table.c.text.like(_like(w), escape="\\") for w in words))
    return set(connection.scalars(statement))


# -- What an event's search text holds -------------------------------------------------------------

@cache
def _municipality_names() -> tuple[tuple[str, ...], ...]:
    """Every municipality's names (all languages and forms), from the data file when there is one."""
    try:
        data = json.loads(MUNICIPALITIES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    if isinstance(data, dict):
        data = data.get("municipalities", list(data.values()))
    return tuple(tuple(dict.fromkeys(_strings(entry))) for entry in data if isinstance(entry, (dict, list)))


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"id", "code", "slug", "key"}:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def city_names(city: str) -> list[str]:
    """A city's names in other languages, when it is one of Kosovo's municipalities."""
    wanted = fold(city)
    if not wanted:
        return []
    for names in _municipality_names():
        if any(fold(name) == wanted for name in names):
            return list(names)
    return []


@cache
def country_names(code: str) -> tuple[str, ...]:
    """A country's name in every interface language ("Kosovo", "Kosova", "Косово", "科索沃"…)."""
    if not code:
        return ()
    names = [code]
    for lang in INTERFACE_LANGUAGES:
        try:
            locale: Locale = babel_locale(lang)
        except (ValueError, LookupError):
            continue
        names.append(locale.territories.get(code.upper(), ""))
    return tuple(dict.fromkeys(n for n in names if n))


def compose(event: Mapping[str, Any], translations: Iterable[str]) -> str:
    """The folded search text of an event's released row and its current translations."""
    texts = [str(event.get(name) or "") for name in SEARCHED_FIELDS]
    texts += translations
    texts += city_names(str(event.get("city") or ""))
    texts += country_names(str(event.get("country") or ""))
    folded = dict.fromkeys(f for f in map(fold, texts) if f)
    return " | ".join(folded)[:MAX_TEXT]


def released_rows(connection: sa.Connection, tables: Mapping[str, sa.Table],
                  event_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The event rows of the published events' last releases, by event id (one query)."""
    event, release = tables["event"], tables["release"]
    ids = list(event_ids)
    if not ids:
        return {}
    statement = (
        sa.select(event.c.id, release.c.listing)
        .join(release, sa.and_(release.c.event_id == event.c.id, release.c.number == event.c.published_version))
        .where(event.c.id.in_(ids), event.c.status == "published")
    )
    found = {}
    for event_id, listing in connection.execute(statement):
        if isinstance(listing, str):  # a reflected JSON column in a migration may give text
            listing = json.loads(listing)
        rows = (listing or {}).get("event") or []
        if rows:
            found[event_id] = rows[0]
    return found


def refresh(connection: sa.Connection, tables: Mapping[str, sa.Table], event_ids: Iterable[int]) -> None:
    """Rewrite the search rows of these events from their last releases and translations
    (three statements and the inserts, whatever the number of events). Unpublished events get none."""
    from app.models.translation import fingerprint

    ids = sorted(set(event_ids))
    if not ids:
        return
    search, translation = tables["event_search"], tables["translation"]
    released = released_rows(connection, tables, ids)
    found: dict[int, list[str]] = {event_id: [] for event_id in released}
    if released:
        statement = (
            sa.select(translation.c.event_id, translation.c.field, translation.c.text,
                      translation.c.source_fingerprint)
            .where(translation.c.event_id.in_(list(released)), translation.c.object_type == "event",
                   translation.c.field.in_(SEARCHED_FIELDS), translation.c.status == "reviewed")
        )
        for event_id, field, text, made_from in connection.execute(statement):
            # Only translations of the text the public sees: a stale one names an old title.
            if made_from == fingerprint(str(released[event_id].get(field) or "")):
                found[event_id].append(text)
    connection.execute(search.delete().where(search.c.event_id.in_(ids)))
    rows = [{"event_id": event_id, "text": compose(released[event_id], texts)} for event_id, texts in found.items()]
    if rows:
        connection.execute(search.insert(), rows)


# -- Keeping the rows up to date -------------------------------------------------------------------

def _touched_events(session: orm.Session) -> set[int]:
    from app.models import Event, Release, Translation

    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Event):
            # The working copy's texts are not searched (the public sees the release): only
            # publishing, unpublishing and republishing change what a search finds.
            state = sa.inspect(obj)
            if obj.id is not None and not state.deleted and any(
                    state.attrs[name].history.has_changes() for name in ("status", "published_version")):
                ids.add(obj.id)
        elif isinstance(obj, Release) or (isinstance(obj, Translation) and obj.object_type == "event"
                                          and obj.field in SEARCHED_FIELDS):
            ids.add(obj.event_id)
    ids.discard(None)
    return ids


def _after_flush(session: orm.Session, _context) -> None:
    ids = _touched_events(session)
    if ids:
        from app.extensions import db

        refresh(session.connection(), db.metadata.tables, ids)


def init_app(_app) -> None:
    """Keep every event's search row current on each flush (registered once per process)."""
    if not sa.event.contains(orm.Session, "after_flush", _after_flush):
        sa.event.listen(orm.Session, "after_flush", _after_flush)

"""Kosovo's 38 municipalities by name in the languages Kosovo and its neighbours read them in.

An organizer who types a city is offered these names (a <datalist> on the event form); and an
event held in one of them shows the city's name in the reader's language on its public pages and
exports, unless a translator has translated the city (app.content.ContentTranslator asks here).
The names are data (kosovo_municipalities.json beside the app's other data), read once.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "kosovo_municipalities.json"

#: Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"đ": "dj", "ı": "i", "ł": "l", "ß": "ss"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,]+")


def name_key(text: str) -> str:
    """A name as compared with the list: case, diacritics, hyphens and spaces do not count.

    "Fushe-Kosove", "fushë kosovë" and "FUSHË KOSOVË" are one key; Cyrillic keeps its letters."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", bare).strip()


@dataclass(frozen=True)
class Municipality:
    key: str
    names: dict[str, str]  # language code -> name (Albanian in its indefinite form)
    sq_definite: str
    also: tuple[str, ...]

    def name(self, lang: str) -> str | None:
        return self.names.get(lang)

    @property
    def spellings(self) -> list[str]:
        """Every form that names it: each language's, the Albanian definite form, other spellings."""
        forms = [*self.names.values(), *([self.sq_definite] if self.sq_definite else []), *self.also]
        return list(dict.fromkeys(forms))


@cache
def _load() -> tuple[tuple[str, ...], tuple[Municipality, ...]]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    languages = tuple(data["languages"])
    found = tuple(
        Municipality(entry["key"], {code: entry[code] for code in languages}, entry.get("sq_definite", ""),
                     tuple(entry.get("also", ())))
        for entry in data["municipalities"]
    )
    return languages, found


def languages() -> tuple[str, ...]:
    """The languages every municipality has a name in."""
    return _load()[0]


def municipalities() -> tuple[Municipality, ...]:
    return _load()[1]


@cache
def _by_key() -> dict[str, Municipality]:
    index: dict[str, Municipality] = {}
    for municipality in municipalities():
        for spelling in municipality.spellings:
            index.setdefault(name_key(spelling), municipality)
    return index


def find(city: str) -> Municipality | None:
    """The municipality a city's name (in any of its forms) names, or None."""
    return _by_key().get(name_key(city)) if city else None


def place_name(city: str, lang: str) -> str | None:
    """The city's name in `lang` when it is one of Kosovo's municipalities and the list has that language."""
    municipality = find(city)
    return municipality.name(lang) if municipality is not None else None


def suggestions(lang: str) -> list[str]:
    """The names offered to an organizer typing a city: in the page's language where the list has it,
    with the Albanian and Serbian names too (an event's source language need not be the page's)."""
    shown = [code for code in (lang, "sq", "sr") if code in languages()]
    names = [m.name(code) or "" for code in shown for m in municipalities()]
    return sorted(dict.fromkeys(n for n in names if n), key=str.casefold)

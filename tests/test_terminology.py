"""One term per language for the UN meeting format (app/data/terminology.json): wherever an English
message holds "session", "roundtable", "co-chair"… its translation in each catalog uses that
language's term, in any inflected form the data's pattern allows. Lists every violation."""
from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "app" / "data" / "terminology.json"
CATALOGS = ROOT / "translations"
#: Catalog directory by language; sr-Cyrl's catalog is made from the Latin one at build time.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
LANGUAGES = {"sq": "sq", "sr": "sr", "ar": "ar", "zh": "zh", "fr": "fr", "es": "es", "ru": "ru", "tr": "tr", "bs": "bs"}


def _terminology() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _strings(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [text for _, text in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def violations(lang: str) -> list[str]:
    """Entries of a catalog whose English holds a term and whose translation does not use the language's."""
    data = _terminology()
    path = CATALOGS / LANGUAGES[lang] / "LC_MESSAGES" / "messages.po"
    found = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        # Placeholders ("%(session)s") are not words of the message.
        english = PLACEHOLDER.sub(" ", " ".join(filter(None, [entry.msgid, entry.msgid_plural])))
        for key, term in data["terms"].items():
            if not re.search(term["en"], english, re.IGNORECASE):
                continue
            if entry.msgid in data["exceptions"].get(lang, {}).get(key, []):
                continue
            wanted = term[lang]
            for text in _strings(entry):
                if text and not re.search(wanted["pattern"], text, re.IGNORECASE):
                    found.append(f"{lang} {key!r} → {wanted['term']!r}: {entry.msgid!r} = {text!r}")
    return found


def test_every_language_has_every_term():
    data = _terminology()
    for key, term in data["terms"].items():
        re.compile(term["en"])
        for lang in LANGUAGES:
            assert term[lang]["term"], (key, lang)
            pattern = re.compile(term[lang]["pattern"], re.IGNORECASE)
            assert pattern.search(term[lang]["term"]), f"{key} {lang}: the pattern does not match the term itself"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_catalogs_use_the_languages_terms(lang):
    if not (CATALOGS / LANGUAGES[lang] / "LC_MESSAGES" / "messages.po").exists():
        pytest.skip(f"no {lang} catalog yet")
    found = violations(lang)
    assert not found, f"{len(found)} messages use another word:\n" + "\n".join(found)


def test_the_check_finds_a_wrong_word():
    """The guard itself: Albanian "seancë" for "session" or "Emigrantëve" for "Migrants" is caught."""
    data = _terminology()["terms"]
    assert not re.search(data["session"]["sq"]["pattern"], "Seancat zhvillohen në shqip", re.IGNORECASE)
    assert not re.search(data["migrant"]["sq"]["pattern"], "Dita Ndërkombëtare e Emigrantëve", re.IGNORECASE)
    assert re.search(data["migrant"]["sq"]["pattern"], "Dita Ndërkombëtare e Migrantëve", re.IGNORECASE)
    assert re.search(data["roundtable"]["sq"]["pattern"], "Tryezat e rrumbullakëta", re.IGNORECASE)

"""The interface catalogs: complete in all eight languages, and holding every string of the code."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.languages import LANGUAGES
from config import BASE_DIR

TRANSLATIONS = BASE_DIR / "translations"


def _catalog(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang.replace("sr", "sr_Latn") if lang == "sr" else lang)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The strings in the code now, extracted as `make i18n-extract` does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=BASE_DIR, check=True,
    )
    with open(pot, "rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_complete(lang):
    catalog = _catalog(lang)
    gaps = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s and s.strip() for s in strings):
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not gaps, f"{lang}: {len(gaps)} untranslated or fuzzy, e.g. {gaps[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_holds_every_string_of_the_code(lang, extracted):
    catalog = _catalog(lang)
    missing = [m.id for m in extracted if m.id and catalog.get(m.id, context=m.context) is None]
    assert not missing, f"{lang}: not in the catalog (run `make i18n`): {missing[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_kept(lang):
    import re

    pattern = re.compile(r"%\((\w+)\)s")
    catalog = _catalog(lang)
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(pattern.findall(ids[-1])) | set(pattern.findall(ids[0]))
        for s in strings:
            assert set(pattern.findall(s)) <= wanted, f"{lang}: {ids[0]!r} → {s!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_header(lang):
    catalog = _catalog(lang)
    expected = {"en": 2, "sq": 2, "sr": 3, "ar": 6, "zh": 1, "fr": 2, "es": 2, "ru": 3}[lang]
    assert catalog.num_plurals == expected

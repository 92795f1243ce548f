"""Interface catalogs from the language list: the Makefile's list of catalogs, and the catalogs
generated from another script's (Serbian Cyrillic from Serbian Latin).

    python -m app.catalogs written      # the catalogs translators write: make i18n-update's list
    python -m app.catalogs all          # every interface catalog directory
    python -m app.catalogs generate     # write the generated catalogs' .po files (make i18n-compile)

A generated catalog is translations/<catalog>/LC_MESSAGES/messages.po, rebuilt from its source
language's catalog on every `make i18n-compile`; a message whose transliteration is wrong gets
its right text in translations/<catalog>-overrides.po, which wins.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

from app.languages import BY_CODE, LANGUAGE_LIST, WRITTEN_CATALOGS, Language
from app.translit import into

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def catalog_path(catalog: str, base: Path = TRANSLATIONS) -> Path:
    return base / catalog / "LC_MESSAGES" / "messages.po"


def overrides_path(catalog: str, base: Path = TRANSLATIONS) -> Path:
    return base / f"{catalog}-overrides.po"


def read_catalog(path: Path, locale: str) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def generate(language: Language, base: Path = TRANSLATIONS) -> Path:
    """Write `language`'s catalog from its source language's, transliterated, overrides applied."""
    assert language.transliterated_from and language.catalog and language.locale
    source_language = BY_CODE[language.transliterated_from]
    assert source_language.catalog and source_language.locale

    def convert(text: str) -> str:
        return into(language.code, text)

    source = read_catalog(catalog_path(source_language.catalog, base), source_language.locale)
    overrides_file = overrides_path(language.catalog, base)
    overrides = read_catalog(overrides_file, language.locale) if overrides_file.exists() else Catalog()

    locale = Locale.parse(language.locale)
    catalog = Catalog(locale=locale, project=source.project, version=source.version,
                      creation_date=source.creation_date, revision_date=source.revision_date,
                      language_team=f"{language.catalog} (generated from {source_language.catalog})",
                      fuzzy=False)
    plural = get_plural(locale)
    for message in source:
        if not message.id:
            continue
        override = overrides.get(message.id, context=message.context)
        string: str | tuple[str, ...]
        if override is not None and override.string and _filled(override.string):
            string = override.string if isinstance(override.string, str) else tuple(override.string)
        elif isinstance(message.string, (tuple, list)):
            string = tuple(convert(text) for text in message.string)
        else:
            string = convert(message.string or "")
        catalog.add(message.id, string, locations=message.locations, flags=message.flags,
                    auto_comments=message.auto_comments, context=message.context)
    assert catalog.num_plurals == plural.num_plurals
    target = catalog_path(language.catalog, base)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        write_po(handle, catalog, width=0, sort_output=False)
    return target


def _filled(string) -> bool:
    return all(string) if isinstance(string, (tuple, list)) else bool(string)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "written":
        print(" ".join(WRITTEN_CATALOGS))
    elif command == "all":
        print(" ".join(language.catalog for language in LANGUAGE_LIST if language.catalog))
    elif command == "generate":
        for language in LANGUAGE_LIST:
            if language.catalog and language.transliterated_from:
                generate(language)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

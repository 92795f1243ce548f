"""A language is added in one place, app/languages.py, and everything else agrees with it: the
catalog directories, the Makefile's list, Babel's locales and plural rules, the generated
Serbian Cyrillic catalog. A language added in only one of these places fails here."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from app import catalogs
from app.languages import (
    BY_CODE,
    INTERFACE_LANGUAGES,
    LANGUAGE_LIST,
    LANGUAGES,
    NATIVE_NAMES,
    WRITTEN_CATALOGS,
    babel_locale,
    html_lang,
)
from app.translit import to_cyrillic
from config import BASE_DIR

TRANSLATIONS = BASE_DIR / "translations"
GENERATED = [language for language in LANGUAGE_LIST if language.transliterated_from]


def _po(path: Path, locale: str):
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def test_each_language_once_with_a_name_direction_script_and_tag():
    assert len(set(LANGUAGES)) == len(LANGUAGES) == len(NATIVE_NAMES)
    for language in LANGUAGE_LIST:
        assert language.direction in {"ltr", "rtl"} and re.fullmatch(r"[A-Z][a-z]{3}", language.script)
        assert re.fullmatch(r"[a-z]{2,3}(-[A-Z][a-z]{3})?", language.code), language.code
        assert re.fullmatch(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?", html_lang(language.code))


@pytest.mark.parametrize("language", LANGUAGE_LIST, ids=lambda language: language.code)
def test_babel_knows_each_locale_and_catalog(language):
    locale = babel_locale(language.code)
    if language.locale is None:  # no CLDR locale (Romani): formats of the event's choice
        with pytest.raises(UnknownLocaleError):
            Locale.parse(language.code)
        assert language.catalog is None, "a language without a CLDR locale has no interface catalog"
        return
    assert str(locale) == language.locale
    assert locale.character_order == ("right-to-left" if language.direction == "rtl" else "left-to-right")
    if language.catalog:
        catalog_locale = Locale.parse(language.catalog)
        assert catalog_locale.language == locale.language
        # The catalog's script, where it names one, is the language's (sr_Cyrl for sr-Cyrl).
        assert catalog_locale.script in (None, language.script) or language.script == "Hans"
        assert get_plural(catalog_locale).num_plurals >= 1


def test_every_written_catalog_exists_and_every_catalog_directory_is_listed():
    directories = {path.name for path in TRANSLATIONS.iterdir() if (path / "LC_MESSAGES").is_dir()}
    listed = {language.catalog for language in LANGUAGE_LIST if language.catalog}
    missing = [name for name in WRITTEN_CATALOGS if not (TRANSLATIONS / name / "LC_MESSAGES" / "messages.po").is_file()]
    assert not missing, f"in app/languages.py but no catalog: run `make i18n-init LANG=…` for {missing}"
    assert directories <= listed, f"catalogs that app/languages.py does not list: {directories - listed}"


def test_the_makefile_updates_exactly_the_written_catalogs():
    out = subprocess.run(["make", "-s", "--no-print-directory", "i18n-langs"], cwd=BASE_DIR, check=True,
                         capture_output=True, text=True).stdout
    assert out.split() == list(WRITTEN_CATALOGS)
    assert not re.search(r"^LANGS\s*:?=\s*[a-z]", (BASE_DIR / "Makefile").read_text(), re.M), "LANGS is derived"


@pytest.mark.parametrize("catalog", WRITTEN_CATALOGS)
def test_each_catalogs_plural_messages_have_as_many_forms_as_its_header_says(catalog):
    """tests/test_catalogs.py compares the header with Babel's rule; here, the catalog agrees with itself."""
    path = TRANSLATIONS / catalog / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        pytest.skip("the catalog is missing; test_every_written_catalog_exists says so")
    po = _po(path, catalog)
    wrong = [m.id[0] for m in po if m.id and m.pluralizable and len(m.string) != po.num_plurals]
    assert not wrong, f"{catalog}: {len(wrong)} plural messages without {po.num_plurals} forms, e.g. {wrong[:3]}"


def test_no_plural_table_is_written_by_hand():
    """Plural rules come from babel.messages.plurals.get_plural: no file lists them per language."""
    table = re.compile(r"""["'](?:ar|ru|sr|zh)["']\s*:\s*(?:\d\b|\(\d|["']n""" + r"""plurals)""")
    rules = re.compile(r"n" r"plurals\s*=\s*\d")
    sources = [*BASE_DIR.glob("app/**/*.py"), *BASE_DIR.glob("tests/**/*.py"), BASE_DIR / "Makefile"]
    offenders = [str(path.relative_to(BASE_DIR)) for path in sources
                 if table.search(text := path.read_text("utf-8")) or len(rules.findall(text)) > 1]
    assert not offenders, "plural rules come from babel.messages.plurals.get_plural"


@pytest.mark.parametrize("language", GENERATED, ids=lambda language: language.code)
def test_a_generated_catalog_is_its_source_transliterated_with_overrides(language, tmp_path):
    source = BY_CODE[language.transliterated_from]
    (tmp_path / source.catalog / "LC_MESSAGES").mkdir(parents=True)
    written = TRANSLATIONS / source.catalog / "LC_MESSAGES" / "messages.po"
    (tmp_path / source.catalog / "LC_MESSAGES" / "messages.po").write_bytes(written.read_bytes())
    overrides = tmp_path / f"{language.catalog}-overrides.po"
    overrides.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                         'msgid "Speakers"\nmsgstr "Говорнице и говорници"\n', "utf-8")
    path = catalogs.generate(language, base=tmp_path)
    generated, original = _po(path, language.locale), _po(written, source.locale)
    assert generated.num_plurals == original.num_plurals == get_plural(Locale.parse(language.locale)).num_plurals
    assert dict(generated.mime_headers)["Language"] == language.catalog
    ids = [m.id for m in original if m.id]
    assert [m.id for m in generated if m.id] == ids
    for message in original:
        if not message.id or message.id == "Speakers":
            continue
        made = generated.get(message.id, context=message.context)
        if isinstance(message.string, tuple):
            assert made.string == tuple(to_cyrillic(s) for s in message.string)
        else:
            assert made.string == to_cyrillic(message.string)
        assert made.fuzzy == message.fuzzy
    assert generated.get("Speakers").string == "Говорнице и говорници"


def test_make_compile_writes_the_generated_catalogs():
    """`make i18n-compile` (and so `make test` and `make run`) generates them: the suite runs after it."""
    for language in GENERATED:
        assert (TRANSLATIONS / language.catalog / "LC_MESSAGES" / "messages.mo").is_file()
    makefile = (BASE_DIR / "Makefile").read_text()
    compile_rule = makefile.split("\ni18n-compile:", 1)[1].split("\n\n", 1)[0]
    assert "generate" in compile_rule
    assert re.search(r"^test: .*i18n-compile", makefile, re.M) and re.search(r"^setup: .*i18n-compile", makefile, re.M)


def test_interface_languages_are_those_with_a_catalog():
    assert tuple(language.code for language in LANGUAGE_LIST if language.catalog) == INTERFACE_LANGUAGES

"""The languages Dita speaks, interface and content: the one list.

Adding a language is one `Language(...)` line in `LANGUAGE_LIST`. Everything else follows from it:
the URL converter, the switcher, the `language` table the language columns reference (synced on
every `flask db upgrade`), the Makefile's catalog list, the negotiation of Accept-Language.
tests/test_languages_guard.py fails when the other places (catalogs, Babel) disagree with the list.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale


@dataclass(frozen=True)
class Language:
    #: In URLs, the database and forms ("sr-Cyrl").
    code: str
    #: The language named in itself, for the switcher.
    native_name: str
    #: The Babel (CLDR) locale for dates and numbers; None when CLDR has none (Romani), and an
    #: event then chooses which language's formats its pages use.
    locale: str | None
    #: "ltr" or "rtl".
    direction: str = "ltr"
    #: ISO 15924 script of the text.
    script: str = "Latn"
    #: The interface catalog's directory under translations/ (a Babel locale name), or None for a
    #: content-only language: its pages show the interface in the reader's next language.
    catalog: str | None = None
    #: The BCP 47 tag for `lang` and `hreflang` attributes, when it is not the code ("sr-Latn").
    tag: str | None = None
    #: The language this one is the same language of in another script: its interface catalog is
    #: generated from that one's (app/catalogs.py), and content without a translation of its own is
    #: shown transliterated from that one's (app/translit.py).
    transliterated_from: str | None = None

    @property
    def html_lang(self) -> str:
        return self.tag or self.code

    @property
    def has_interface(self) -> bool:
        return self.catalog is not None


#: Kosovo's official languages and scripts, then the six UN languages, in the order shown to users.
LANGUAGE_LIST: tuple[Language, ...] = (
    # Albanian as in Kosovo (24-hour clock).
    Language("sq", "Shqip", "sq_XK", catalog="sq"),
    Language("sr", "Srpski", "sr_Latn", catalog="sr", tag="sr-Latn"),
    # Generated at build time from the Latin catalog (make i18n-compile, app/translit.py).
    Language("sr-Cyrl", "Српски", "sr_Cyrl", script="Cyrl", catalog="sr_Cyrl", transliterated_from="sr"),
    # English as the UN writes it ("Friday, 18 December 2026, 09:00").
    Language("en", "English", "en_GB", catalog="en"),
    Language("tr", "Türkçe", "tr", catalog="tr"),
    Language("bs", "Bosanski", "bs_Latn", catalog="bs"),
    Language("rom", "Romani chib", None),
    Language("ar", "العربية", "ar", direction="rtl", script="Arab", catalog="ar"),
    Language("zh", "中文", "zh_Hans", script="Hans", catalog="zh"),
    Language("fr", "Français", "fr", catalog="fr"),
    Language("es", "Español", "es", catalog="es"),
    Language("ru", "Русский", "ru", script="Cyrl", catalog="ru"),
)

BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGE_LIST}

#: Every language code, in display order: content can be in any of them.
LANGUAGES: tuple[str, ...] = tuple(BY_CODE)
#: The languages with an interface catalog.
INTERFACE_LANGUAGES: tuple[str, ...] = tuple(language.code for language in LANGUAGE_LIST if language.has_interface)
#: The catalogs translators write (the others are generated from them), by directory name.
WRITTEN_CATALOGS: tuple[str, ...] = tuple(language.catalog for language in LANGUAGE_LIST
                                          if language.catalog and not language.transliterated_from)
#: The languages whose date and number formats an event may choose for a language without its own.
DATES_LANGUAGES: tuple[str, ...] = tuple(language.code for language in LANGUAGE_LIST if language.locale)
RTL_LANGUAGES = frozenset(language.code for language in LANGUAGE_LIST if language.direction == "rtl")
NATIVE_NAMES: dict[str, str] = {language.code: language.native_name for language in LANGUAGE_LIST}
#: The language-code column width (String(LANGUAGE_CODE_LENGTH)): BCP 47 tags such as "sr-Cyrl".
LANGUAGE_CODE_LENGTH = 12
#: Whose dates and numbers a language without a CLDR locale uses unless its event says otherwise.
DEFAULT_DATES_LANGUAGE = "sq"
#: The interface language when nothing else fits.
DEFAULT_LANGUAGE = "en"


def babel_locale(lang: str, dates_language: str | None = None) -> Locale:
    """The Babel locale for a language's dates and numbers. A language without its own (Romani)
    uses `dates_language`'s (an event's setting), else Albanian's."""
    return _locale(lang, dates_language)


@lru_cache(maxsize=64)
def _locale(lang: str, dates_language: str | None) -> Locale:
    language = BY_CODE.get(lang)
    if language is None:
        return Locale.parse(lang.replace("-", "_"))
    if language.locale is None:
        fallback = dates_language if dates_language in BY_CODE and BY_CODE[dates_language].locale else None
        return _locale(fallback or DEFAULT_DATES_LANGUAGE, None)
    return Locale.parse(language.locale)


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def html_lang(lang: str) -> str:
    """The BCP 47 tag for a `lang` or `hreflang` attribute: "sr-Latn" for Dita's "sr"."""
    language = BY_CODE.get(lang)
    return language.html_lang if language else lang


def written_from(lang: str) -> str | None:
    """The language `lang` is the same language of in another script ("sr" for "sr-Cyrl"), if any."""
    language = BY_CODE.get(lang)
    return language.transliterated_from if language else None


def readers_of(code: str) -> tuple[str, ...]:
    """The languages whose readers may be shown text in `code`'s own: itself, and the languages
    written from it in another script ("sr" → "sr", "sr-Cyrl")."""
    return (code, *(language.code for language in LANGUAGE_LIST if language.transliterated_from == code))


def two_letter_language(codes: Iterable[str]) -> str:
    """The first ISO 639-1 code among Dita codes ("sr-Cyrl" → "sr"; "rom" has none), for formats
    that take only those; English when none has one."""
    for code in codes:
        primary = code.split("-")[0]
        if len(primary) == 2:
            return primary
    return DEFAULT_LANGUAGE


def catalog_of(lang: str) -> str | None:
    language = BY_CODE.get(lang)
    return language.catalog if language else None


# Accept-Language tags that are not Dita codes but whose readers read one of them, by primary
# subtag. Serbo-Croatian, Croatian and Montenegrin readers read Serbian in Latin script; Gheg
# Albanian readers read Albanian; ISO 639-2/3 codes name the same languages.
_RELATIVES: dict[str, str] = {
    "hr": "sr", "sh": "sr", "cnr": "sr", "hbs": "sr", "srp": "sr", "scc": "sr",
    "bos": "bs", "tur": "tr", "sqi": "sq", "alb": "sq", "aln": "sq", "als": "sq",
    "rmy": "rom", "rmn": "rom", "rml": "rom", "rmc": "rom", "rmf": "rom", "rmo": "rom", "rmw": "rom",
    "ara": "ar", "zho": "zh", "chi": "zh", "cmn": "zh", "fra": "fr", "fre": "fr", "spa": "es",
    "rus": "ru", "eng": "en",
}


def language_for_tag(tag: str) -> str | None:
    """The Dita language for one Accept-Language tag, or None when none fits.

    "sr-Cyrl", "sr-Cyrl-RS" → "sr-Cyrl"; "sr", "sr-RS", "sr-Latn", "sr-ME", "hr", "sh", "cnr" → "sr";
    "bs-BA" → "bs"; "tr-CY" → "tr"; any other tag by its primary subtag ("fr-CA" → "fr").
    """
    subtags = tag.strip().replace("_", "-").lower().split("-")
    if not subtags or not subtags[0] or subtags[0] == "*":
        return None
    exact = _LOWER_CODES.get("-".join(subtags))
    if exact:
        return exact
    primary = _RELATIVES.get(subtags[0], subtags[0])
    if primary == "sr":
        return "sr-Cyrl" if "cyrl" in subtags[1:] else "sr"
    return primary if primary in BY_CODE else None


_LOWER_CODES = {code.lower(): code for code in LANGUAGES}


def match_language(accept_languages, among: Iterable[str] | None = None) -> str | None:
    """The first of an Accept-Language header's languages (werkzeug's LanguageAccept, best first)
    that Dita has, or a close relative of it; `among` limits the choice (e.g. INTERFACE_LANGUAGES)."""
    allowed = set(LANGUAGES if among is None else among)
    for tag, quality in accept_languages:
        if quality <= 0:
            continue
        lang = language_for_tag(tag)
        if lang in allowed:
            return lang
    return None


def best_language(accept_languages, among: Iterable[str] | None = None) -> str:
    """Pick from an Accept-Language header: the reader's first language Dita has, else English."""
    return match_language(accept_languages, among) or DEFAULT_LANGUAGE

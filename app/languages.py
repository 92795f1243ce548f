"""The languages Dita speaks: interface and content."""
from __future__ import annotations

from babel import Locale

#: Kosovo's languages and the six UN languages, in the order shown to users.
LANGUAGES: tuple[str, ...] = ("sq", "sr", "en", "ar", "zh", "fr", "es", "ru")
RTL_LANGUAGES = frozenset({"ar"})

#: Each language named in itself, for the switcher.
NATIVE_NAMES: dict[str, str] = {
    "sq": "Shqip",
    "sr": "Srpski",
    "en": "English",
    "ar": "العربية",
    "zh": "中文",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
}

#: The Babel locale used for dates and numbers: Albanian as in Kosovo (24-hour clock),
#: Serbian in Latin script, English as the UN writes it ("Friday, 18 December 2026, 09:00").
_BABEL_LOCALES = {"sq": "sq_XK", "sr": "sr_Latn", "en": "en_GB", "zh": "zh_Hans"}


def babel_locale(lang: str) -> Locale:
    return Locale.parse(_BABEL_LOCALES.get(lang, lang))


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def best_language(accept_languages) -> str:
    """Pick from an Accept-Language header (werkzeug's LanguageAccept)."""
    return accept_languages.best_match(LANGUAGES, default="en") or "en"

"""Countries and territories a person or an event can be from: CLDR's territories that are real
places with an ISO 3166-1 code, Kosovo (XK) included, named and sorted in the interface language."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.i18n import current_language
from app.languages import babel_locale

#: CLDR codes that are not a place one comes from: pseudo-locales (XA, XB), groupings (EU, EZ,
#: UN, QO), "unknown" (ZZ), and the "exceptionally reserved" codes of places that are parts of a
#: country listed on its own (Ascension, Clipperton, Sark, Diego Garcia, Ceuta and Melilla, the
#: Canary Islands, Tristan da Cunha). Numeric codes (regions such as 150, Europe) have no letters.
NOT_COUNTRIES = frozenset({"XA", "XB", "EU", "EZ", "UN", "QO", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"})

INVALID_COUNTRY = _l("Choose a country or territory from the list.")


def sort_key(name: str) -> tuple[str, str]:
    """A collation key good enough without ICU: letters without their accents and case first
    ("Åland" beside "Aland", "Česko" among the C's), then the exact spelling to break ties."""
    base = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return base.casefold(), name.casefold()


@lru_cache(maxsize=32)
def _countries(lang: str) -> tuple[tuple[str, str], ...]:
    territories: dict[str, str] = {str(k): str(v) for k, v in babel_locale(lang).territories.items()}
    english: dict[str, str] = {str(k): str(v) for k, v in babel_locale("en").territories.items()}
    codes = {code for code in english if len(code) == 2 and code.isalpha() and code.isupper()} - NOT_COUNTRIES
    codes.add("XK")
    named = [(code, territories.get(code) or english.get(code) or ("Kosovo" if code == "XK" else code))
             for code in codes]
    return tuple(sorted(named, key=lambda item: sort_key(item[1])))


def countries(lang: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of every country and territory, sorted by name in the language."""
    return list(_countries(lang or current_language()))


def country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in _countries("en"))


def country_choices() -> list[SelectChoice]:
    """The choices of a country select: "no country" first, then every country by name."""
    return [SelectChoice("", "—")] + [SelectChoice(code, name) for code, name in countries()]


def valid_country(form, field) -> None:
    """A WTForms validator: empty, or one of the countries (never a pseudo-region or grouping)."""
    if field.data and field.data not in country_codes():
        raise ValidationError(INVALID_COUNTRY)

"""Locale-correct text around the content: lists, date ranges, time zones, month names.

Lists are joined with the language's own list pattern from CLDR (Babel): "A, B and C",
"A، وB، وC", "A、B和C". A time zone reads as its local name and its offset ("CET, UTC+1",
"توقيت وسط أوروبا الرسمي، UTC+1"), not as an IANA name. Arabic months are written as the United
Nations writes them ("كانون الأول/ديسمبر"), the same in dates as in the interface's sentences.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import get_timezone_name
from babel.lists import format_list
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.languages import babel_locale, text_direction

#: List patterns (CLDR's shape) where CLDR's standard one is not how the language lists names.
#: CLDR's standard Arabic list repeats "و" ("A وB وC"), and its "unit" list repeats the last item
#: of two ("A، وB، وB"); Arabic texts of the United Nations separate the items with the Arabic
#: comma and join the last with "و": "A، B وC".
LIST_PATTERNS: dict[str, dict[str, str]] = {
    "ar": {"2": "{0} و{1}", "start": "{0}، {1}", "middle": "{0}، {1}", "end": "{0} و{1}"},
}

#: The months as United Nations Arabic documents write them: the Levantine and the Egyptian name.
UN_ARABIC_MONTHS = (
    "كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيه",
    "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر",
)

#: Zones that are Coordinated Universal Time itself: named so everywhere.
UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu"})

#: Left-to-right text (an offset, a Latin name) isolated inside a right-to-left line: LRI … PDI.
LTR_ISOLATE = "\u2066{0}\u2069"


def _list_locale(lang: str) -> Locale:
    return babel_locale(lang)


def join_list(items: Iterable, lang: str) -> Markup:
    """Items joined with the language's list pattern; items may be markup (links), the rest is escaped."""
    parts = [str(escape(item)) for item in items if item]
    return Markup(_join(tuple(parts), lang)) if parts else Markup("")


def join_text(items: Iterable[str], lang: str) -> str:
    """Plain texts joined with the language's list pattern (for text that is escaped later)."""
    return _join(tuple(str(item) for item in items if item), lang)


@lru_cache(maxsize=4096)
def _join(parts: tuple[str, ...], lang: str) -> str:
    if not parts:
        return ""
    patterns = LIST_PATTERNS.get(lang.split("-")[0])
    if patterns is None:
        return format_list(list(parts), locale=_list_locale(lang))
    # CLDR's algorithm (as babel.lists.format_list) with the patterns above.
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return patterns["2"].format(*parts)
    text = patterns["start"].format(parts[0], parts[1])
    for part in parts[2:-1]:
        text = patterns["middle"].format(text, part)
    return patterns["end"].format(text, parts[-1])


def un_arabic_months(text: str, locale: Locale) -> str:
    """A date formatted by Babel in Arabic, with its month named as the UN writes it."""
    if locale.language != "ar":
        return text
    return _arabic_month_pattern(str(locale)).sub(lambda m: UN_ARABIC_MONTHS[_arabic_months(str(locale))[m[0]]], text)


@lru_cache(maxsize=8)
def _arabic_months(name: str) -> dict[str, int]:
    locale = Locale.parse(name)
    months: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, month in locale.months[context]["wide"].items():
            months.setdefault(month, number - 1)
    return months


@lru_cache(maxsize=8)
def _arabic_month_pattern(name: str) -> re.Pattern:
    names = sorted(_arabic_months(name), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def utc_offset(moment: datetime) -> str:
    """"UTC+1", "UTC+5:30", "UTC−5", "UTC"."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(moment: datetime, locale: Locale) -> str:
    """The zone's name at that moment in the language: CLDR's abbreviation where the language has
    one ("CET"), else its localized name ("Ora standarde e Evropës Qendrore"), else the zone's own
    abbreviation ("IST"); "" when there is only an offset."""
    short = get_timezone_name(moment, "short", locale=locale)
    if short.isalpha() and len(short) <= 6:
        return short
    long = get_timezone_name(moment, "long", locale=locale)
    if long and not any(ch.isdigit() for ch in long):
        return long
    abbreviation = moment.tzname() or ""
    return abbreviation if abbreviation.isalpha() else ""


def zone_label(zone: str, day: date, lang: str) -> str:
    """The time zone as attendees read it at noon of the event's day: "CET, UTC+1"."""
    return _zone_label(zone, day, lang, _("%(zone)s, %(offset)s"))


@lru_cache(maxsize=1024)
def _zone_label(zone: str, day: date, lang: str, pattern: str) -> str:
    try:
        moment = datetime.combine(day, time(12), tzinfo=ZoneInfo(zone))
    except (KeyError, ValueError, OSError):
        return zone
    if zone in UTC_ZONES:
        return "UTC"
    name = zone_name(moment, babel_locale(lang))
    offset = utc_offset(moment)
    if text_direction(lang) == "rtl":
        offset = LTR_ISOLATE.format(offset)
        if name and name.isascii():
            name = LTR_ISOLATE.format(name)
    if not name or name == "UTC":
        return offset
    return pattern.replace("%(zone)s", name).replace("%(offset)s", offset)

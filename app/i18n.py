"""Interface language and time zone: the language is in the URL, else a cookie, else Accept-Language."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import flask_babel
from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from flask import Flask, g, has_request_context, request, url_for
from markupsafe import Markup
from werkzeug.routing import BaseConverter, IntegerConverter, ValidationError

from app import designation, labels
from app.extensions import babel
from app.languages import (
    DEFAULT_LANGUAGE,
    INTERFACE_LANGUAGES,
    LANGUAGES,
    NATIVE_NAMES,
    babel_locale,
    best_language,
    catalog_of,
    html_lang,
    match_language,
    text_direction,
)
from app.text import join_list, join_text, un_arabic_months, zone_label

LANG_COOKIE = "dita_lang"
URL_LANGUAGE_BLUEPRINTS = frozenset({"public", "exports"})

#: The largest id a URL may name: PostgreSQL's (and the schema's) INTEGER.
MAX_ID = 2**31 - 1

#: Languages whose short time format uses a 12-hour clock get the 24-hour one instead.
TIME_PATTERNS = {"ar": "HH:mm", "es": "HH:mm"}


class LanguageConverter(BaseConverter):
    """`<lang:lang>` in a URL: one of Dita's language codes, nothing else."""

    def to_python(self, value: str) -> str:
        if value not in LANGUAGES:
            raise ValidationError()
        return value


def current_language() -> str:
    """The language of this request's interface."""
    lang = getattr(g, "lang", None)
    if lang:
        return lang
    if request:
        view_args = request.view_args or {}
        # Public pages and exports are in the language their URL names; elsewhere a `lang`
        # in the URL is the language being worked on (a translator's target), not the interface's.
        if request.blueprint in URL_LANGUAGE_BLUEPRINTS and view_args.get("lang") in LANGUAGES:
            return view_args["lang"]
        cookie = request.cookies.get(LANG_COOKIE)
        if cookie in LANGUAGES:
            return cookie
        return best_language(request.accept_languages)
    return "en"


def interface_language() -> str:
    """The language of this request's interface text: the page's language when it has a catalog;
    on a page in a content-only language (Romani), the reader's next Accept-Language choice that
    has one, else the event's source language, else English."""
    lang = current_language()
    if lang in INTERFACE_LANGUAGES:
        return lang
    if has_request_context():
        chosen = match_language(request.accept_languages, among=INTERFACE_LANGUAGES)
        if chosen:
            return chosen
    source = getattr(g, "event_source_language", None)
    return source if source in INTERFACE_LANGUAGES else DEFAULT_LANGUAGE


def negotiated_interface() -> str | None:
    """None when the page's language has its own interface; on a page in a content-only language,
    the interface language the reader's Accept-Language picks ("" when none does): what, besides
    the URL, the page's text depends on (so its cache key and Vary: Accept-Language)."""
    if current_language() in INTERFACE_LANGUAGES:
        return None
    return match_language(request.accept_languages, among=INTERFACE_LANGUAGES) or ""


class InterfaceLocale(Locale):
    """Dates and numbers in one locale, interface text from another language's catalog: a page
    in a language without a catalog (Romani) formats dates as its event chose (Albanian by
    default) and speaks to the reader in the reader's next language."""

    interface_catalog: str

    @classmethod
    def of(cls, dates: Locale, catalog: str) -> InterfaceLocale:
        locale = cls(dates.language, dates.territory, dates.script, dates.variant)
        locale.interface_catalog = catalog
        return locale


class InterfaceDomain(flask_babel.Domain):
    """Flask-Babel's message domain, reading an InterfaceLocale's catalog for its messages."""

    def get_translations(self):
        catalog = getattr(flask_babel.get_locale(), "interface_catalog", None)
        if catalog is None:
            return super().get_translations()
        with flask_babel.force_locale(catalog):
            return super().get_translations()


def select_locale():
    lang = current_language()
    if lang in INTERFACE_LANGUAGES or lang not in LANGUAGES:
        return babel_locale(lang)
    dates = babel_locale(lang, getattr(g, "dates_language", None))
    return InterfaceLocale.of(dates, catalog_of(interface_language()) or DEFAULT_LANGUAGE)


def select_timezone():
    return getattr(g, "timezone", None)


def use_timezone(name: str, event=None) -> None:
    """Format this request's dates and times in an event's zone; with the event (or its read
    model), pages in a language without its own date formats use the event's choice, and the
    interface falls back to the event's source language."""
    g.timezone = name
    if event is not None:
        g.dates_language = event.dates_language
        g.event_source_language = event.source_language
    _clock_holder().dita_clock = None
    flask_babel.refresh()


def _clock_holder():
    # The request, where there is one: an application context (and its `g`) can outlive a
    # request, and the clock belongs to the request's language.
    return request if has_request_context() else g


def _clock() -> tuple:
    """This request's time pattern, locale and zone, looked up once: a large agenda formats
    hundreds of times, and each lookup walks Flask-Babel's contexts."""
    holder = _clock_holder()
    clock = getattr(holder, "dita_clock", None)
    if clock is None:
        clock = holder.dita_clock = (TIME_PATTERNS.get(current_language(), "short"), flask_babel.get_locale(),
                                     flask_babel.get_timezone())
    return clock


def switch_language_url(lang: str) -> str:
    """The same page in another language (falls back to that language's home)."""
    if request.endpoint and request.view_args is not None and "lang" in request.view_args:
        query = {k: v for k, v in request.args.to_dict().items() if not k.startswith("_")}
        return url_for(request.endpoint, **{**query, **request.view_args, "lang": lang})
    return url_for("public.set_language", lang=lang, next=request.full_path.rstrip("?"))


def format_day(value: date) -> str:
    """A day in full ("e premte, 18 dhjetor 2026"). A date-time names the day it falls on in this
    request's zone (the event's): it is turned into that day here, so the cached text is keyed by
    the day itself and two events in different zones never share one."""
    if isinstance(value, datetime):
        zone = flask_babel.get_timezone()
        value = (value.astimezone(zone) if value.tzinfo is not None else value).date()
    return _day_text(value, flask_babel.get_locale())


def format_time(value: datetime) -> str:
    """A time of day in the language's short form, on the 24-hour clock as UN programmes print it."""
    pattern = TIME_PATTERNS.get(current_language(), "short")
    return _time_text(value, pattern, flask_babel.get_locale(), flask_babel.get_timezone())


def time_range(session) -> Markup:
    """A session's start and end as two <time> elements, "09:00–10:30"."""
    return _time_range(session.starts_at, session.ends_at, *_clock())


# A large agenda prints the same few dates and times hundreds of times; Babel takes tens of
# microseconds for each. The text depends only on the arguments (the locale and zone are passed
# so that they are part of the key, and are the ones Flask-Babel uses inside).
@lru_cache(maxsize=8192)
def _day_text(value: date, locale) -> str:
    # Only plain dates reach here: a date-time would be shown in a zone that is not in the key.
    # Arabic months as the UN writes them, as the interface's own sentences do ("كانون الأول/ديسمبر").
    return un_arabic_months(flask_babel.format_date(value, "full"), locale)


def format_day_short(value: date) -> str:
    """A day in short, for a row of day links on a phone ("Fri, Dec 18", "pre, 18 dhj")."""
    return _day_short_text(value, flask_babel.get_locale())


@lru_cache(maxsize=1024)
def _day_short_text(value: date, locale) -> str:
    return format_skeleton("MMMEd", value, locale=locale)


@lru_cache(maxsize=8192)
def _time_range(starts_at: datetime, ends_at: datetime, pattern: str, locale, zone) -> Markup:
    shown = Markup('<time datetime="{0}">{1}</time>–<time datetime="{2}">{3}</time>').format(
        starts_at.isoformat(), _time_text(starts_at, pattern, locale, zone),
        ends_at.isoformat(), _time_text(ends_at, pattern, locale, zone))
    # A session that ends after midnight (a cultural evening) says on which day it ends.
    later = (ends_at.astimezone(zone).date() - starts_at.astimezone(zone).date()).days
    if later > 0:
        shown += Markup(' <small class="next-day">{0}</small>').format(
            flask_babel.ngettext("(+%(num)s day)", "(+%(num)s days)", later))
    return shown


@lru_cache(maxsize=8192)
def _time_text(value: datetime, pattern: str, locale, zone) -> str:
    return flask_babel.format_time(value, pattern)


def html_datetime(value: datetime) -> str:
    """A moment for a `<time datetime>` attribute: whole seconds, as HTML allows only up to
    milliseconds and readers disagree about fractions (e.g. "2026-12-01T10:00:00+00:00")."""
    return value.replace(microsecond=0).isoformat()


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in every URL: a whole number from 1 to 2**31 - 1, the range of the database's
    integer keys. Anything else is no page (404), not an overflow inside the database driver."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def format_datetime(value: datetime) -> str:
    """The full day and the time, e.g. "e premte, 18 dhjetor 2026, 09:00"."""
    return flask_babel.gettext("%(day)s, %(time)s", day=format_day(value), time=format_time(value))


def day_range(start: date, end: date) -> str:
    """An event's days: one day, or the first and the last ("18 … – 19 … 2026")."""
    if start == end:
        return format_day(start)
    return flask_babel.gettext("%(start)s – %(end)s", start=format_day(start), end=format_day(end))


def list_of(items, labels=None) -> Markup:
    """Names, languages or links joined with the interface language's list pattern ("A, B and C",
    "A، وB، وC", "A、B和C"); with `labels`, the items are looked up in it first (roles, formats)."""
    return join_list([labels[item] for item in items] if labels is not None else items, current_language())


#: "Label: value" patterns by locale, translated once (a large agenda has hundreds of such lines).
_LABELLED: dict[str, str] = {}


def labelled(label, value) -> Markup:
    """A label and its value with the language's punctuation: "Co-chair: A", French "Coprésident : A",
    Chinese "联合主席：A". Both may be markup; other text is escaped."""
    # Keyed by the catalog the pattern comes from: a Romani page's is the reader's next language's.
    locale = flask_babel.get_locale()
    locale = getattr(locale, "interface_catalog", None) or str(locale)
    pattern = _LABELLED.get(locale)
    if pattern is None:
        pattern = _LABELLED[locale] = flask_babel.gettext("%(label)s: %(value)s")
    return Markup(pattern) % {"label": label, "value": value}


def people_by_role(session):
    """A session's people grouped by role, in the roles' order of precedence (app.public.services)."""
    from app.public.services import people_by_role as grouped

    return grouped(session)


def event_zone(event) -> str:
    """The event's time zone as attendees read it: "CET, UTC+1" (at the event's first day)."""
    return zone_label(event.timezone, event.start_date, current_language())


def language_name(code: str) -> str:
    """A language's name in the interface language ("albanais" on a French page)."""
    return _language_name(code, interface_language())


def language_names(codes) -> str:
    """Languages' names in the interface language, in a comma-separated list."""
    return _language_names(tuple(codes), interface_language())


@lru_cache(maxsize=2048)
def _language_names(codes: tuple[str, ...], display: str) -> str:
    return join_text([_language_name(code, display) for code in codes], display)


@lru_cache(maxsize=512)
def _language_name(code: str, display: str) -> str:
    shown = babel_locale(display)
    try:
        # By its code: Serbian is "Serbian" (Dita's is Latin; a spoken language has no script), the
        # other script says so: "Serbian (Cyrillic)".
        return Locale.parse(code.replace("-", "_")).get_display_name(shown) or code
    except (ValueError, UnknownLocaleError):
        # No CLDR locale (Romani): CLDR still names the language.
        return shown.languages.get(code, code)


def country_name(code: str) -> str:
    if not code:
        return ""
    return babel_locale(current_language()).territories.get(code.upper(), code)


def init_app(app: Flask) -> None:
    app.url_map.converters["lang"] = LanguageConverter
    app.url_map.converters["int"] = BoundedIntConverter
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    babel.domain_instance = InterfaceDomain()
    app.jinja_env.filters.update(day=format_day, day_short=format_day_short, time=format_time, datetime=format_datetime,
                                 html_datetime=html_datetime)
    app.jinja_env.globals.update(
        FORMAT_LABELS=labels.FORMAT_NAMES,
        ROLE_LABELS=labels.ROLE_NAMES,
        STAKEHOLDER_LABELS=labels.InLanguage(labels.STAKEHOLDER_LABELS),
        STATUS_LABELS=labels.InLanguage(labels.STATUS_LABELS),
        session_label=labels.session_label,
        language_name=language_name,
        language_names=language_names,
        time_range=time_range,
        country_name=country_name,
        day_range=day_range,
        list_of=list_of,
        labelled=labelled,
        people_by_role=people_by_role,
        event_zone=event_zone,
        designation_footnote=designation.footnote,
        marks_country=designation.marks_country,
        marks_city=designation.marks_city,
        kosovo_mark=designation.kosovo_mark,
    )

    @app.context_processor
    def language_context():
        lang = current_language()
        return {
            "lang": lang,
            "lang_tag": html_lang(lang),
            "html_lang": html_lang,
            "text_dir": text_direction(lang),
            "LANGUAGES": LANGUAGES,
            "NATIVE_NAMES": NATIVE_NAMES,
            "switch_language_url": switch_language_url,
        }

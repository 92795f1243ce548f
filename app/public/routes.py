"""Public pages, in the language named by the URL: events, agenda, grid, my agenda, now, changes."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, Response, abort, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from app import search
from app.auth.permissions import can_manage, can_translate
from app.auth.routes import safe_next
from app.content import ContentTranslator
from app.extensions import db
from app.i18n import LANG_COOKIE, current_language, use_timezone
from app.models import Event, EventSearch
from app.public import services
from app.public.agenda import draft_agenda
from app.public.caching import cached, event_freshness, listing_freshness
from app.public.changes import describe_changes
from app.public.links import DRAFT, EventLinks
from app.public.queries import OUTLINE, published_event_or_404, published_events, releases_of

bp = Blueprint("public", __name__)

ONE_YEAR = 365 * 24 * 3600
#: The screen by the door reloads itself this often (seconds).
NOW_REFRESH = 60


@bp.url_value_preprocessor
def pull_language(endpoint, values):
    if values and "lang" in values:
        g.lang = values["lang"]


@bp.after_request
def remember_language(response):
    """A visit to a page in one language makes it the default for the next first visit."""
    lang = g.get("lang")
    if lang and response.status_code == 200 and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


@bp.route("/")
def home_redirect():
    """Send a first visit to the home page in the best language for the browser."""
    return redirect(url_for("public.home", lang=current_language()))


@bp.route("/language/<lang:lang>")
def set_language(lang: str):
    """Switch the interface language and go back to where the visitor was."""
    response = redirect(safe_next(request.args.get("next")) or url_for("public.home", lang=lang))
    response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


@bp.route("/<lang:lang>/")
def home(lang: str):
    """The 18 December events, upcoming first; filtered by country and city, searched by title."""
    today = date.today()

    def render():
        events = published_events(today)
        tr = ContentTranslator(events, lang)
        country, city, query = (request.args.get(k, "").strip() for k in ("country", "city", "q"))
        countries, cities = services.places(events)
        shown = services.filter_events(events, tr, country, city)
        # Titles, venues and cities in every language, diacritics and script forgiven (app/search.py).
        found = search.matching_event_ids(db.session.connection(), EventSearch.__table__, query)
        if found is not None:
            shown = [event for event in shown if event.id in found]
        return render_template(
            "public/home.html", events=shown, tr=tr, today=today, countries=countries, cities=cities,
            country=country, city=city, query=query, filtered=bool(country or city or query),
        )

    return cached(listing_freshness(lang), render, today.isoformat())


def event_page(lang: str, slug: str, template: str, build, extra: tuple = (), skip=OUTLINE, bios: bool = False):
    """Render one page of a published event, with caching, in the event's time zone.

    `skip` names the texts the page does not show (their translations are not loaded); `bios`
    loads people's biographies.
    """

    if request.args.get("preview") == DRAFT:
        return draft_page(lang, slug, lambda event, tr: render_template(
            template, event=event, tr=tr, links=EventLinks(slug, lang, draft=True), draft=True, **build(event, tr)),
            skip=skip)

    def render():
        event = published_event_or_404(slug, bios=bios)
        use_timezone(event.timezone, event)
        tr = ContentTranslator(event, lang, skip=skip)
        return render_template(template, event=event, tr=tr, links=EventLinks(slug, lang), **build(event, tr))

    return cached(event_freshness(slug, lang), render, *extra)


def draft_page(lang: str, slug: str, render, skip=frozenset()) -> Response:
    """A public page as the next publish would make it, for the event's organizers and its translators
    into this language; never cached. Anyone else gets the 404 of an unknown event."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None or not (can_manage(current_user, event) or can_translate(current_user, event, lang)):
        abort(404)
    agenda = draft_agenda(event)
    use_timezone(agenda.timezone, agenda)
    response = make_response(render(agenda, ContentTranslator(agenda, lang, skip=skip)))
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _format_filter(event) -> dict:
    formats = services.parse_formats(request.args.getlist("format"))
    sessions = services.filter_by_format(event.sessions, formats)
    return {"formats": formats, "formats_present": services.formats_present(event), "sessions": sessions}


@bp.route("/<lang:lang>/e/<slug>/")
def agenda(lang: str, slug: str):
    """An event's agenda, day by day, in the event's time zone; filtered by format."""

    def build(event, tr):
        chosen = _format_filter(event)
        return {**chosen, "days": services.sessions_by_day(event, chosen["sessions"]),
                "usual": services.usual_languages(event.sessions)}

    return event_page(lang, slug, "public/agenda.html", build)


@bp.route("/<lang:lang>/e/<slug>/grid")
def grid(lang: str, slug: str):
    """The agenda by room and time: rooms as columns, parallel sessions side by side."""

    def build(event, tr):
        chosen = _format_filter(event)
        days = services.sessions_by_day(event, chosen["sessions"])
        return {**chosen, "grid_days": [services.grid_day(event, day, sessions) for day, sessions in days]}

    return event_page(lang, slug, "public/grid.html", build)


@bp.route("/<lang:lang>/e/<slug>/my")
def my_agenda(lang: str, slug: str):
    """The starred sessions (`?s=id1,id2`, kept in the browser), clashes marked, with an iCal link."""

    def build(event, tr):
        ids = services.parse_ids(request.args.get("s"))
        sessions = services.sessions_with_ids(event, ids)
        return {
            "days": services.sessions_by_day(event, sessions),
            "clashing": services.clashes(sessions),
            "ids": ",".join(s.public_id for s in sessions),
        }

    return event_page(lang, slug, "public/my.html", build)


@bp.route("/<lang:lang>/e/<slug>/now")
def now(lang: str, slug: str):
    """Now and next in each room, in large type for a screen by the door; `?at=ISO` previews a moment."""
    at_arg = request.args.get("at")
    minute = services.now_utc().replace(second=0, microsecond=0)

    def build(event, tr):
        at = services.parse_moment(at_arg, event) or minute
        return {"at": at, "rooms": services.now_and_next(event, at), "refresh": NOW_REFRESH}

    return event_page(lang, slug, "public/now.html", build, extra=(minute.isoformat(),))


@bp.route("/<lang:lang>/e/<slug>/changes")
def changes(lang: str, slug: str):
    """The change log: what each release changed, in sentences, times in the event's zone."""

    def build(event, tr):
        return {"releases": [(r, describe_changes(r.changes, tr)) for r in releases_of(event)]}

    return event_page(lang, slug, "public/changes.html", build)

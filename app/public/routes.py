"""Public pages, in the language named by the URL: events, agenda, grid, my agenda, now, changes."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import Blueprint, Response, abort, g, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user

from app import labels, search
from app.auth.permissions import can_manage, can_translate
from app.auth.routes import safe_next
from app.content import ContentTranslator
from app.extensions import db
from app.i18n import LANG_COOKIE, current_language, negotiated_interface, use_timezone
from app.live import LIVE_MAX_AGE, live_states, recently_live
from app.models import Event, EventSearch
from app.models.programme import programmes_of, published_programme
from app.public import documents, services
from app.public.agenda import draft_agenda, event_from_listing
from app.public.caching import cached, event_freshness, listing_freshness
from app.public.changes import describe_changes
from app.public.links import DRAFT, EventLinks
from app.public.offline import share_of, starred_ids
from app.public.queries import LISTING, OUTLINE, published_event_or_404, published_events, releases_of

bp = Blueprint("public", __name__)
# Papers by kind, the summaries a plenary hears and the link to the outcomes (app/public/documents.py).
bp.add_app_template_global(documents.papers_by_kind, "papers_by_kind")
bp.add_app_template_global(documents.reports_to, "reports_to")
bp.add_app_template_global(documents.has_outcomes, "has_outcomes")
bp.record_once(lambda state: state.app.jinja_env.globals.update(PAPER_KIND_LABELS=labels.PAPER_KIND_NAMES))

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


def event_page(lang: str, slug: str, template: str, build, extra: tuple = (), skip=OUTLINE, bios: bool = False,
               live: bool = False):
    """Render one page of a published event, with caching, in the event's time zone.

    `skip` names the texts the page does not show (their translations are not loaded); `bios`
    loads people's biographies. `build` may give an "http_status" (a page that explains a bad
    argument with a 404); such a page is never kept in the render cache. With `live`, the page
    shows the state of the day too (app/models/live.py), and its validator follows it.
    """

    def page(event, tr, links: EventLinks, **more):
        values = build(event, tr)
        status = values.pop("http_status", 200)
        return render_template(template, event=event, tr=tr, links=links, **more, **values), status

    if request.args.get("preview") == DRAFT:
        return draft_page(lang, slug, lambda event, tr: page(event, tr, EventLinks(slug, lang, draft=True), draft=True),
                          skip=skip)

    def render():
        event = published_event_or_404(slug, bios=bios)
        use_timezone(event.timezone, event)
        return page(event, ContentTranslator(event, lang, skip=skip), EventLinks(slug, lang))

    freshness = event_freshness(slug, lang)
    if not live:
        return cached(freshness, render, *extra)
    response = cached(freshness.with_live(), render, *extra)
    if response.cache_control.public and recently_live(freshness.live_at):
        response.cache_control.max_age = min(response.cache_control.max_age or LIVE_MAX_AGE, LIVE_MAX_AGE)
    return response


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


def _format_filter(event, lang: str) -> dict:
    """The agenda's filters from the query string: formats, one room, and "sessions I can follow in
    my language" (held in or interpreted into the page's language); unknown values are ignored."""
    formats = services.parse_formats(request.args.getlist("format"))
    room = services.parse_room(request.args.get("room"), event)
    follow = request.args.get("follow") == "1"
    sessions = services.filter_by_room(services.filter_by_format(event.sessions, formats), room)
    if follow:
        sessions = services.filter_followable(sessions, lang)
    return {"formats": formats, "formats_present": services.formats_present(event), "sessions": sessions,
            "room": room, "rooms_used": services.rooms_used(event), "follow": follow,
            "filtered": bool(formats or room or follow)}


@bp.route("/<lang:lang>/e/<slug>/")
def agenda(lang: str, slug: str):
    """An event's agenda, day by day, in the event's time zone; filtered by format."""

    def build(event, tr):
        chosen = _format_filter(event, lang)
        days = services.sessions_by_day(event, chosen["sessions"])
        if days and not chosen["filtered"]:
            # A day of the event without sessions (between a hearing and the plenary) is shown as such.
            held = dict(days)
            days = [(day, held.get(day, [])) for day in sorted({*event.days, *held})]
        return {**chosen, "filters": chosen, "days": days, "usual": services.usual_languages(event.sessions),
                "programmes": programmes_of(slug)}

    # Links between events are read live (app/models/programme.py): what they depend on is part of every
    # event page's validator (caching.event_freshness), so the warm page costs that one query still.
    return event_page(lang, slug, "public/agenda.html", build)


@bp.route("/<lang:lang>/e/<slug>/programme")
def programme(lang: str, slug: str):
    """The event and its published related events (app/models/programme.py) in date order, each with its
    dates, place and a link to its agenda. Links between events are read live, not from a release, so
    the page is kept by browsers and caches for a minute rather than by the render cache."""
    rows = published_programme(slug)
    if rows is None:
        abort(404)
    entries = [(event_from_listing(listing, status, version, released_at), relation, position)
               for listing, status, version, released_at, relation, position in rows]
    entries.sort(key=lambda e: (e[0].start_date, e[0].end_date, e[1] is not None, e[2], e[0].id))
    main = next(event for event, relation, _position in entries if relation is None)
    use_timezone(main.timezone, main)
    tr = ContentTranslator([event for event, _relation, _position in entries], lang, skip=LISTING)
    response = make_response(render_template("public/programme.html", event=main, entries=entries, tr=tr))
    # As app/public/caching.py does: a signed-in visitor's page, or one with a message, is theirs alone.
    private = current_user.is_authenticated or session.get("_flashes")
    response.headers["Cache-Control"] = "private, no-store" if private else "public, max-age=60"
    if not private and negotiated_interface() is not None:
        response.vary.add("Accept-Language")
    return response


@bp.route("/<lang:lang>/e/<slug>/grid")
def grid(lang: str, slug: str):
    """The agenda by room and time: rooms as columns, parallel sessions side by side."""

    def build(event, tr):
        chosen = _format_filter(event, lang)
        days = services.sessions_by_day(event, chosen["sessions"])
        return {**chosen, "filters": chosen,
                "grid_days": [services.grid_day(event, day, sessions) for day, sessions in days]}

    return event_page(lang, slug, "public/grid.html", build)


@bp.route("/<lang:lang>/e/<slug>/my")
def my_agenda(lang: str, slug: str):
    """The starred sessions, clashes marked, with an iCal link, a link and a QR code to share them.

    Without `?s=`, the visitor's own stars, from their cookie (app/public/offline.py): the page is
    then `private, no-cache` and varies with the cookie, so no shared cache hands it to another
    visitor. With `?s=id1,id2` (a shared link, or one from before the cookie), the sessions the
    address names, a page like any other, with the offer to take them as one's own stars.
    """
    shared = "s" in request.args
    mine = () if shared else tuple(starred_ids(slug))

    def build(event, tr):
        ids = services.parse_ids(request.args.get("s")) if shared else list(mine)
        sessions = services.sessions_with_ids(event, ids)
        return {
            "days": services.sessions_by_day(event, sessions),
            "clashing": services.clashes(sessions),
            "ids": ",".join(s.public_id for s in sessions),
            "shared": shared,
            **share_of(sessions, lang, slug),
        }

    response = event_page(lang, slug, "public/my.html", build, extra=() if shared else ("stars", *mine))
    if not shared and "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Cookie")
    return response


@bp.route("/<lang:lang>/e/<slug>/now")
def now(lang: str, slug: str):
    """Now and next in each room, in large type for a screen by the door; `?at=ISO` previews a moment,
    `?room=<id or name>` shows one room only (the screen by its door).

    The page is rendered once a minute: it says until when it holds (max-age, Expires: the next minute
    boundary), and the screen's script fetches it again just after that moment."""
    clock = services.now_utc()
    minute = clock.replace(second=0, microsecond=0)

    def build(event, tr):
        at = services.parse_moment(request.args.get("at"), event) or minute
        wanted = request.args.get("room", "")
        room = services.find_room(event, wanted, lambda r: (r.name, tr(r, "name").text)) if wanted else None
        if wanted and room is None:
            # A mistyped address on a door screen: say so, and offer the rooms there are.
            return {"at": at, "rooms": [], "door": None, "first": [], "live": {}, "refresh": NOW_REFRESH,
                    "unknown_room": wanted, "http_status": 404}
        rooms = services.now_and_next(event, at, room)
        # The state of the day, not of a moment: a preview of another moment shows no live progress.
        live = {} if request.args.get("at") else live_states(
            [r.current for r in rooms if r.current], event.statement_minutes, clock)
        return {"at": at, "rooms": rooms, "door": room, "live": live,
                "first": services.first_sessions(event, at, room), "refresh": NOW_REFRESH}

    response = event_page(lang, slug, "public/now.html", build, extra=(minute.isoformat(),), live=True)
    if response.cache_control.public and response.status_code in (200, 304):
        ahead = services.seconds_to_next_minute(clock)
        response.cache_control.max_age = min(ahead, response.cache_control.max_age or ahead)
        response.expires = minute + timedelta(minutes=1)
    return response


@bp.route("/<lang:lang>/e/<slug>/changes")
def changes(lang: str, slug: str):
    """The change log: what each release changed, in sentences, times in the event's zone."""

    def build(event, tr):
        return {"releases": [(r, describe_changes(r.changes, tr)) for r in releases_of(event)]}

    return event_page(lang, slug, "public/changes.html", build)


@bp.route("/<lang:lang>/e/<slug>/outcomes")
def outcomes(lang: str, slug: str):
    """The event's declarations or outcome documents and its chair's and rapporteur's summaries, each with
    the session it comes from, in the reader's language where there is a file in it."""
    return event_page(lang, slug, "public/outcomes.html",
                      lambda event, tr: {"outcomes": documents.outcomes(event, lang)}, skip=LISTING)


@bp.route("/<lang:lang>/e/<slug>/organizations/<int:organization_id>/logo.<any(png, jpeg):kind>")
def organization_logo(lang: str, slug: str, organization_id: int, kind: str):
    """An organization's logo as the current release has it (PNG or JPEG, checked when uploaded); the
    address ends with its format, so a static copy of the site (app/exports/site.py) keeps it as an image."""
    from flask import send_file

    from app.storage import get_storage

    def render():
        event = published_event_or_404(slug)
        found = next((o for o in event.organizations if o.id == organization_id), None)
        storage = get_storage()
        if (found is None or not found.logo_key or not found.logo_mimetype or found.logo_format != kind
                or not storage.exists(found.logo_key)):
            abort(404)
        return send_file(storage.path(found.logo_key), mimetype=found.logo_mimetype, conditional=False)

    return cached(event_freshness(slug, lang), render)

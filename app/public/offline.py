"""Reading an agenda at a venue with a poor network, starring without scripts, and being found.

- `/sw.js`, the service worker (app/static/js/sw.js): pages of events are fetched from the network
  first and kept, so the agenda, my agenda, the sessions and the papers already opened read offline.
- `/<lang>/e/<slug>/manifest.webmanifest`: the event's agenda can be added to a phone's home screen.
- `POST /<lang>/e/<slug>/star`: stars and unstars sessions without JavaScript (see `star`).
- `/favicon.ico`, `/robots.txt`, `/sitemap.xml`.

Stars and caching. Public pages are cached and shared (app/public/caching.py), so none of them
carries a visitor's stars or a token of theirs. A star is a small form that every visitor gets
alike, labelled "Star / unstar" until dita.js paints it from the visitor's own set. The set lives
in a cookie per event (`dita_stars_<slug>`, no account); with scripts on, dita.js keeps the
browser's local store and that cookie the same. Only "My agenda" without `?s=` reads the cookie:
it is sent `private, no-cache`, so no shared cache keeps one visitor's page for another.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

import segno
from flask import Blueprint, Response, abort, current_app, g, redirect, request, url_for
from flask_babel import gettext as _
from lxml import etree
from markupsafe import Markup, escape

from app.auth.routes import safe_next
from app.content import ContentTranslator
from app.errors import render_error
from app.extensions import csrf
from app.languages import BY_CODE, html_lang, readers_of, text_direction
from app.public import services
from app.public.agenda import AgendaEvent, load_published
from app.public.caching import cached, event_freshness, listing_freshness
from app.public.queries import OUTLINE, published_event_or_404, published_events

bp = Blueprint("offline", __name__)

STATIC = "static"
#: A year: the stars of an event are worth keeping until it is over, and some time after.
STAR_COOKIE_AGE = 365 * 24 * 3600
#: At most this many stars per event: the cookie stays well below the 4 KB browsers keep.
MAX_STARS = 200
#: Separates public ids in the cookie (a comma would make the value a quoted string).
STAR_SEPARATOR = "."
#: What the star form may ask: toggle each id, add them to the set, or make them the set.
STAR_ACTIONS = ("toggle", "add", "replace")
#: The service worker and the icons change with a deployment: browsers check them often.
SHORT_MAX_AGE = 300
DAY = 24 * 3600
#: Event pages in the sitemap, by endpoint (a session's and a speaker's pages are linked from them).
SITEMAP_PAGES = ("public.agenda", "public.grid", "public.speakers", "public.changes")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
#: A sitemap holds at most 50,000 addresses (sitemaps.org); beyond, events are left out.
SITEMAP_LIMIT = 50_000


@bp.url_value_preprocessor
def pull_language(endpoint, values):
    if values and "lang" in values:
        g.lang = values["lang"]


# --- stars ---------------------------------------------------------------------------------------

def star_cookie_name(slug: str) -> str:
    return f"dita_stars_{slug}"


def starred_ids(slug: str) -> list[str]:
    """The visitor's stars for one event, from the cookie: public ids in order, junk dropped."""
    value = request.cookies.get(star_cookie_name(slug), "")
    return services.parse_ids(value.replace(STAR_SEPARATOR, ","))[:MAX_STARS]


def _own_origin() -> str:
    return f"{request.scheme}://{request.host}".lower()


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def same_origin_request() -> bool:
    """Whether the browser says this request comes from one of our own pages.

    Browsers send `Sec-Fetch-Site` with every request (Chromium, Firefox, Safari since 2023); older
    ones send `Origin` with every POST, and some only a `Referer`. A request that names none of
    them is refused: a page elsewhere must never change a visitor's stars.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin.lower() == _own_origin()
    referrer = request.headers.get("Referer")
    return referrer is not None and _origin_of(referrer) == _own_origin()


@bp.route("/<lang:lang>/e/<slug>/star", methods=["POST"])
@csrf.exempt
def star(lang: str, slug: str):
    """Star, unstar, or take a shared set of sessions, without JavaScript; then back (303) to `next`.

    Exempt from Flask-WTF's CSRF token, since the pages that carry the form are cached and shared
    and cannot carry a token per visitor. It is safe otherwise: POST only; cross-site requests are
    refused (`same_origin_request`), answered 400 as a missing token would be; the cookie is
    SameSite=Lax; and all it changes is this visitor's own cookie of this event's stars. Ids that
    are not sessions of the event's released agenda are ignored; an unknown action does nothing.
    """
    if not same_origin_request():
        return render_error(400, _("This form can only be sent from this site's own pages."))
    event = load_published(slug)
    if event is None:
        abort(404)
    known = {s.public_id for s in event.sessions}
    mine = [i for i in starred_ids(slug) if i in known]
    asked = [i for i in services.parse_ids(request.form.get("s", ""))[:MAX_STARS] if i in known]
    action = request.form.get("do", "toggle")
    if action == "toggle":
        for public_id in asked:
            if public_id in mine:
                mine.remove(public_id)
            else:
                mine.append(public_id)
    elif action == "add":
        mine += [i for i in asked if i not in mine]
    elif action == "replace":
        mine = asked
    back = safe_next(request.form.get("next")) or url_for("public.my_agenda", lang=lang, slug=slug)
    if action == "toggle" and len(asked) == 1 and "#" not in back:
        back += f"#s-{asked[0]}"  # back to the session's row, not to the top of a long agenda
    response = redirect(back, code=303)
    response.set_cookie(star_cookie_name(slug), STAR_SEPARATOR.join(mine[:MAX_STARS]), max_age=STAR_COOKIE_AGE,
                        path="/", samesite="Lax", secure=request.is_secure, httponly=False)
    response.headers["Cache-Control"] = "no-store"
    return response


def share_of(sessions, lang: str, slug: str) -> dict:
    """The address that shows these sessions on another phone, and its QR code (inline SVG)."""
    if not sessions:
        return {"share_url": None, "share_qr": None}
    url = url_for("public.my_agenda", lang=lang, slug=slug, s=",".join(s.public_id for s in sessions),
                  _external=True)
    svg = segno.make(url, error="m").svg_inline(scale=1, border=4, omitsize=True, light="#fff",
                                                   svgclass="qr-code", title=_("QR code of this link"))
    return {"share_url": url, "share_qr": Markup(svg.replace("<svg ", '<svg role="img" aria-label="'
                                                             + str(escape(_("QR code of this link"))) + '" ', 1))}


# --- offline reading -----------------------------------------------------------------------------

@bp.route("/sw.js")
def service_worker():
    """The service worker, from the site's root so that its scope covers every public page."""
    response = current_app.send_static_file("js/sw.js")
    response.mimetype = "text/javascript"
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


def _short_name(event: AgendaEvent, tr: ContentTranslator) -> str:
    """The name under the icon: the city when the event has a short one, else Dita."""
    city = tr(event, "city").text if event.city else ""
    return city if city and len(city) <= 12 else "Dita"


@bp.route("/<lang:lang>/e/<slug>/manifest.webmanifest")
def manifest(lang: str, slug: str):
    """The web app manifest of an event's agenda in one language, for "Add to home screen"."""

    def render():
        event = published_event_or_404(slug)
        tr = ContentTranslator(event, lang, skip=OUTLINE)
        start = url_for("public.agenda", lang=lang, slug=slug)
        icons = [
            {"src": url_for(STATIC, filename="icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": url_for(STATIC, filename="icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": url_for(STATIC, filename="icons/maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
            {"src": url_for(STATIC, filename="icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ]
        data = {
            "id": start, "name": tr(event, "title").text, "short_name": _short_name(event, tr),
            "description": _("Agenda of %(event)s", event=tr(event, "title").text),
            "lang": html_lang(lang), "dir": text_direction(lang),
            "start_url": start, "scope": start, "display": "standalone",
            "background_color": "#ffffff", "theme_color": "#005a9c", "icons": icons,
        }
        return Response(json.dumps(data, ensure_ascii=False, indent=1), mimetype="application/manifest+json")

    return cached(event_freshness(slug, lang), render)


# --- being found ---------------------------------------------------------------------------------

@bp.route("/favicon.ico")
def favicon():
    response = current_app.send_static_file("icons/favicon.ico")
    response.mimetype = "image/vnd.microsoft.icon"
    response.headers["Cache-Control"] = f"public, max-age={DAY}"
    return response


def _origin() -> str:
    return current_app.config.get("PUBLIC_URL") or request.host_url.rstrip("/")


#: Addresses no search engine should read: work pages, and previews of working copies.
ROBOTS_DISALLOWED = ("/manage/", "/auth/", "/translate/", "/admin/", "/*?preview=", "/*&preview=")


@bp.route("/robots.txt")
def robots():
    """Public pages may be read; work pages and draft previews may not; where the sitemap is."""
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED), "",
             f"Sitemap: {_origin()}{url_for('offline.sitemap')}", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.headers["Cache-Control"] = f"public, max-age={DAY}"
    return response


def sitemap_languages(event: AgendaEvent) -> list[str]:
    """The languages an event's pages are offered in: its own, and their other scripts (sr-Cyrl)."""
    codes: list[str] = []
    for code in event.offered_languages:
        for reader in (code, *readers_of(code)):
            if reader in BY_CODE and reader not in codes:
                codes.append(reader)
    return codes


@bp.route("/sitemap.xml")
def sitemap():
    """Every published event's pages in every language it is offered in, each with its alternates
    (hreflang). One query for all events (their releases' listings); sessions and speakers are
    reached through the agenda's links."""

    def render():
        origin = _origin()
        root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
        count = 0
        for event in published_events():
            languages = sitemap_languages(event)
            for endpoint in SITEMAP_PAGES:
                if count + len(languages) > SITEMAP_LIMIT:
                    break
                urls = {code: origin + url_for(endpoint, lang=code, slug=event.slug) for code in languages}
                for code in languages:
                    entry = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
                    etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls[code]
                    if event.released_at:
                        etree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = (
                            event.released_at.astimezone(UTC).date().isoformat())
                    for other in languages:
                        etree.SubElement(entry, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=html_lang(other),
                                         href=urls[other])
                    count += 1
        body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        return Response(body, mimetype="application/xml")

    # The page lists events, whatever the language: the listing's freshness, in no language.
    return cached(listing_freshness(""), render, datetime.now(UTC).date().isoformat())

"""The embeddable agenda: a compact list of an event's sessions for an iframe on another site.

`/<lang>/e/<slug>/embed`, optionally one day (`day=2026-12-18`) and one room (`room=<id>`). It is
the only page other sites may frame (app/security.py widens `frame-ancestors` for it alone, to
EMBED_FRAME_ANCESTORS); its links open the full pages in a new tab. It reads well with no script
in a frame of fixed height (the page scrolls); with scripts, app/static/js/embed.js tells the host
page its height, for the snippet the organizer copies from the event page (`snippet()`).
"""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape

from app.content import ContentTranslator
from app.i18n import use_timezone
from app.languages import catalog_of
from app.media import SessionLinks, links_for
from app.public import services
from app.public.agenda import AgendaEvent, AgendaRoom
from app.public.caching import cached, event_freshness
from app.public.links import EventLinks
from app.public.queries import OUTLINE, published_event_or_404
from app.public.routes import bp

#: The frame's height where no script resizes it (CSS pixels).
DEFAULT_HEIGHT = 600
#: What the embed's script sends its host page (app/static/js/embed.js).
MESSAGE_TYPE = "dita-embed-height"


@bp.app_template_global()
def session_links(session, lang: str, at=None) -> SessionLinks:
    """The links a released session has at `at` (default: now) for a reader of `lang` (app/media.py)."""
    return links_for(session, lang, at or services.now_utc())


def _day(event: AgendaEvent, value: str) -> tuple[date | None, str | None]:
    """The day named by `day=`, or a message saying why it names none of the event's days."""
    if not value:
        return None, None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None, _("“%(value)s” is not a date; give one like %(example)s.", value=value,
                       example=event.start_date.isoformat())
    if day not in event.days:
        return None, _("The event has no sessions on %(day)s.", day=day.isoformat())
    return day, None


def _room(event: AgendaEvent, value: str) -> tuple[AgendaRoom | None, str | None]:
    """The room named by `room=` (its id), or a message saying there is no such room."""
    if not value:
        return None, None
    room = next((r for r in event.rooms if value.strip().isdigit() and r.id == int(value)), None)
    if room is None:
        return None, _("The event has no such room.")
    return room, None


@bp.route("/<lang:lang>/e/<slug>/embed")
def embed(lang: str, slug: str):
    """The compact agenda for another site's iframe, in one language, by day and room if asked."""

    def render():
        event = published_event_or_404(slug)
        use_timezone(event.timezone, event)
        tr = ContentTranslator(event, lang, skip=OUTLINE)
        day, day_problem = _day(event, request.args.get("day", ""))
        room, room_problem = _room(event, request.args.get("room", ""))
        problems = [p for p in (day_problem, room_problem) if p]
        sessions = [s for s in event.sessions
                    if (day is None or services.local_day(event, s.starts_at) == day)
                    and (room is None or s.room_id == room.id)]
        body = render_template(
            "public/embed.html", event=event, tr=tr, links=EventLinks(slug, lang, external=True),
            days=[] if problems else services.sessions_by_day(event, sessions), problems=problems, day=day,
            room=room, full_url=url_for("public.agenda", lang=lang, slug=slug, _external=True),
        )
        return body, 400 if problems else 200

    return cached(event_freshness(slug, lang), render)


@bp.app_template_global()
def embed_url(slug: str, lang: str, **args) -> str:
    """The address of the embeddable agenda, with `day` and `room` when given."""
    return url_for("public.embed", lang=lang, slug=slug, _external=True, **{k: v for k, v in args.items() if v})


@bp.app_template_global("embed_snippet")
def snippet(event, lang: str) -> str:
    """What an organizer pastes into another site: the iframe, and the optional script that fits its
    height to the agenda (it trusts only messages from this site's frames)."""
    url = embed_url(event.slug, lang)
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    with force_locale(catalog_of(lang) or "en"):
        title = _("Agenda: %(title)s", title=event.title)
    frame = (f'<iframe src="{escape(url)}" title="{escape(title)}" loading="lazy" width="100%" '
             f'height="{DEFAULT_HEIGHT}" style="border:0;max-width:100%" data-dita-embed></iframe>')
    script = (
        "<script>\n"
        "addEventListener(\"message\", function (e) {\n"
        f"  if (e.origin !== \"{origin}\" || !e.data || e.data.type !== \"{MESSAGE_TYPE}\") return;\n"
        "  document.querySelectorAll(\"iframe[data-dita-embed]\").forEach(function (f) {\n"
        "    if (f.contentWindow === e.source) f.style.height = Math.min(e.data.height, 20000) + \"px\";\n"
        "  });\n"
        "});\n"
        "</script>"
    )
    return f"{frame}\n{script}"

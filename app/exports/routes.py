"""Export views: iCal, frab XML, schedule JSON and PDF of a published event, cached like its pages."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, request

from app.content import ContentTranslator
from app.exports import frab, ics, pdf, poster, schedule_json
from app.i18n import use_timezone
from app.models.types import utcnow
from app.public import services
from app.public.caching import Freshness, cached, event_freshness
from app.public.links import DRAFT
from app.public.queries import DETAIL, LISTING, OUTLINE, published_event_or_404
from app.public.routes import draft_page

bp = Blueprint("exports", __name__)


def _export(lang: str, slug: str, make, mimetype: str, filename: str | None = None, disposition="attachment",
            skip=DETAIL, args=None, extra=()):
    """Load the event, build the export in `lang`, and serve it with caching headers. With
    `?preview=draft`, the event's members get the export of the working copy, never cached."""

    def respond(body) -> Response:
        response = Response(body, mimetype=mimetype)
        if filename:
            response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response

    if request.args.get("preview") == DRAFT:
        return draft_page(lang, slug, lambda event, tr: respond(make(event, tr, Freshness((), utcnow()))), skip=skip)

    freshness = event_freshness(slug, lang)

    def render():
        event = published_event_or_404(slug)
        use_timezone(event.timezone, event)
        return respond(make(event, ContentTranslator(event, lang, skip=skip), freshness))

    return cached(freshness, render, *extra, args=args)


@bp.route("/<lang:lang>/e/<slug>/schedule.ics")
def schedule_ics(lang: str, slug: str):
    """The whole event as a calendar, or only the sessions named by `?s=id1,id2`."""
    ids = services.parse_ids(request.args.get("s")) if "s" in request.args else None

    def make(event, tr, freshness):
        sessions = event.sessions if ids is None else services.sessions_with_ids(event, ids)
        return ics.build_calendar(event, sessions, tr, lang, freshness.last_modified)

    return _export(lang, slug, make, "text/calendar", f"{slug}-{lang}.ics", "inline")


@bp.route("/<lang:lang>/e/<slug>/s/<public_id>.ics")
def session_ics(lang: str, slug: str, public_id: str):
    """One session as a calendar entry."""

    def make(event, tr, freshness):
        session = services.session_or_none(event, public_id)
        if session is None:
            abort(404)
        return ics.build_calendar(event, [session], tr, lang, freshness.last_modified)

    return _export(lang, slug, make, "text/calendar", f"{slug}-{public_id}.ics", "inline")


@bp.route("/<lang:lang>/e/<slug>/schedule.json", endpoint="schedule_json")
def schedule_json_view(lang: str, slug: str):
    """The schedule in the c3voc JSON format."""

    def make(event, tr, freshness):
        # Compact: the standard library encodes in C only without indentation (ten times faster).
        return json.dumps(schedule_json.build_schedule(event, tr, lang), ensure_ascii=False, separators=(",", ":"))

    return _export(lang, slug, make, "application/json")


@bp.route("/<lang:lang>/e/<slug>/schedule.xml")
def schedule_xml(lang: str, slug: str):
    """The schedule in the frab XML format."""

    def make(event, tr, freshness):
        return frab.build_xml(schedule_json.build_schedule(event, tr, lang))

    return _export(lang, slug, make, "application/xml")


@bp.route("/<lang:lang>/e/<slug>/agenda.pdf")
def agenda_pdf(lang: str, slug: str):
    """The printable agenda in one language."""

    def make(event, tr, freshness):
        return pdf.render_pdf(event, tr, lang)

    return _export(lang, slug, make, "application/pdf", f"{slug}-{lang}.pdf", skip=LISTING)


@bp.route("/<lang:lang>/e/<slug>/s/<public_id>/speakers.pdf")
def speakers_pdf(lang: str, slug: str, public_id: str):
    """A session's list of speakers, printable, in one language (laid out once per release and language)."""

    def make(event, tr, freshness):
        session = services.session_or_none(event, public_id)
        if session is None or not session.speaker_entries:
            abort(404)
        return pdf.render_pdf(event, tr, lang, html=lambda: pdf.speakers_html(event, session, tr, lang),
                              stylesheet=pdf.SPEAKERS_STYLESHEET)

    return _export(lang, slug, make, "application/pdf", f"{slug}-{public_id}-speakers-{lang}.pdf", "inline",
                   skip=LISTING)


@bp.route("/<lang:lang>/e/<slug>/poster.pdf")
def poster_pdf(lang: str, slug: str):
    """A poster for the venue (A4, `?size=a3`): title, days, place, languages, a QR code to the agenda."""
    size = poster.poster_size(request.args.get("size"))

    def make(event, tr, freshness):
        return poster.render_poster(event, tr, lang, size)

    return _export(lang, slug, make, "application/pdf", f"{slug}-poster-{lang}.pdf", "inline", skip=OUTLINE,
                   args=("size",))


@bp.route("/<lang:lang>/e/<slug>/signs.pdf")
def signs_pdf(lang: str, slug: str):
    """A sign for each room's door (`?day=YYYY-MM-DD`): its sessions that day, a QR code to its "now"."""
    wanted, now = request.args.get("day"), services.now_utc()

    def make(event, tr, freshness):
        return poster.render_signs(event, tr, lang, poster.sign_day(wanted, event, now))

    # The default day is today while the event runs; every zone's midnight falls on a quarter hour.
    quarter = "" if wanted else now.replace(minute=now.minute // 15 * 15, second=0, microsecond=0).isoformat()
    return _export(lang, slug, make, "application/pdf", f"{slug}-signs-{lang}.pdf", "inline", skip=OUTLINE,
                   args=("day",), extra=(quarter,))

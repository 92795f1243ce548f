"""Printed pieces for the venue: a poster with a QR code to the agenda, and a sign for each room's door.

Both are laid out by the agenda PDF's machinery (app.exports.pdf: the render cache per release and
language, the layout slots, the anonymous rate limit, the Noto fonts) from HTML of their own. The QR
codes are made by segno as SVG data URIs inside that HTML and name absolute addresses built from the
configured public origin (PUBLIC_URL; app.extensions.CanonicalOrigin), never from a request's Host:
the poster leads to the agenda in its language, each door sign to the "now and next" screen filtered
to its room. They read the released agenda, like every public export.
"""
from __future__ import annotations

from datetime import date, datetime

import segno
from flask import abort, make_response, render_template, url_for
from flask_babel import gettext as _

from app.errors import render_error
from app.exports import pdf
from app.languages import text_direction
from app.public.agenda import AgendaEvent, AgendaRoom, AgendaSession
from app.public.services import local_day
from config import BASE_DIR

STYLESHEET = BASE_DIR / "templates" / "exports" / "poster.css"
#: `?size=`: the poster's paper (the door signs are A4 landscape).
SIZES = {"a4": "A4", "a3": "A3"}


def refuse(message: str):
    """Stop with the 400 page saying what was wrong with the address."""
    abort(make_response(*render_error(400, message)))


def poster_size(value: str | None) -> str:
    """The CSS page size named by `?size=` (A4 when absent); anything else is refused."""
    size = SIZES.get((value or "a4").strip().lower())
    if size is None:
        refuse(_("The paper size must be A4 or A3."))
    return size  # type: ignore[return-value]  # refuse() does not return


def sign_day(value: str | None, event: AgendaEvent, now: datetime) -> date:
    """The day named by `?day=YYYY-MM-DD`, one of the event's; by default today while the event runs,
    else its first day. Any other value is refused."""
    if not value:
        today = local_day(event, now)
        return today if event.start_date <= today <= event.end_date else event.start_date
    try:
        day = date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
    except ValueError:
        day = None
    if day is None or not event.start_date <= day <= event.end_date:
        refuse(_("The day must be one of the event’s days, written as YYYY-MM-DD."))
    return day  # type: ignore[return-value]


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI (medium error correction: it survives a crease)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(border=4)


def _isolate(lang: str):
    return pdf.isolate if text_direction(lang) == "rtl" else pdf.as_is


def poster_html(event: AgendaEvent, tr, lang: str, size: str) -> str:
    url = url_for("public.agenda", lang=lang, slug=event.slug, _external=True)
    return render_template("exports/poster.html", event=event, tr=tr, size=size, url=url, qr=qr_data_uri(url),
                           isolate=_isolate(lang))


def room_sessions(event: AgendaEvent, day: date) -> list[tuple[AgendaRoom, list[AgendaSession]]]:
    """Every room of the event, in the event's order, with its sessions that start on `day`."""
    found: dict[int, list[AgendaSession]] = {room.id: [] for room in event.rooms}
    for session in event.sessions:
        if session.room_id in found and local_day(event, session.starts_at) == day:
            found[session.room_id].append(session)
    return [(room, found[room.id]) for room in event.rooms]


def signs_html(event: AgendaEvent, tr, lang: str, day: date) -> str:
    signs = []
    for room, sessions in room_sessions(event, day):
        url = url_for("public.now", lang=lang, slug=event.slug, room=room.id, _external=True)
        signs.append((room, sessions, url, qr_data_uri(url)))
    return render_template("exports/signs.html", event=event, tr=tr, day=day, signs=signs, isolate=_isolate(lang))


def render_poster(event: AgendaEvent, tr, lang: str, size: str) -> bytes:
    return pdf.render_pdf(event, tr, lang, html=lambda: poster_html(event, tr, lang, size), stylesheet=STYLESHEET)


def render_signs(event: AgendaEvent, tr, lang: str, day: date) -> bytes:
    return pdf.render_pdf(event, tr, lang, html=lambda: signs_html(event, tr, lang, day), stylesheet=STYLESHEET)

"""The run-of-show: a printable sheet for the staff in the rooms and the chairs, per day and room.

Each session with its time, format and title, its people by role (chair, co-chairs, moderator,
rapporteur… with function and organization), the languages it is held in and interpreted into,
its papers, and its notes (the session's description and the room's accessibility notes). It is
made from the working copy, so it is current before and between publishes, in the organizer's
interface language (content translated where a reviewed translation exists), as a PDF laid out
by WeasyPrint in a forked child, like the public agenda's (app/exports/pdf.py).
"""
from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, render_template
from flask_babel import gettext as _

from app.content import ContentTranslator
from app.content.markdown import render_markdown
from app.exports import pdf
from app.forked import ChildFailed, run_forked
from app.i18n import current_language, language_names, use_timezone
from app.languages import text_direction
from app.manage.blueprint import bp, current_event
from app.public.agenda import AgendaEvent, AgendaPaper, AgendaParticipation, AgendaRoom, AgendaSession, draft_agenda
from app.public.services import local_day, people_by_role
from config import BASE_DIR

STYLESHEET = BASE_DIR / "templates" / "manage" / "runofshow_pdf.css"


def by_day_and_room(agenda: AgendaEvent) -> list[tuple[date, list[tuple[AgendaRoom | None, list[AgendaSession]]]]]:
    """Days in order; in each, the rooms in the event's order (sessions without a room last), each
    with its sessions by start time."""
    order = {room.id: index for index, room in enumerate(agenda.rooms)}
    days: dict[date, dict[int | None, list[AgendaSession]]] = {}
    for session in sorted(agenda.sessions, key=lambda s: (s.starts_at, s.ends_at, s.id)):
        days.setdefault(local_day(agenda, session.starts_at), {}).setdefault(session.room_id, []).append(session)
    rooms = {room.id: room for room in agenda.rooms}

    def room_order(room_id: int | None) -> tuple[bool, int]:
        return (room_id is None, order.get(room_id, 0) if room_id is not None else 0)

    return [
        (day, [(rooms.get(room_id) if room_id is not None else None, in_rooms[room_id])
               for room_id in sorted(in_rooms, key=room_order)])
        for day, in_rooms in sorted(days.items())
    ]


def runofshow_html(agenda: AgendaEvent, lang: str) -> str:
    tr = ContentTranslator(agenda, lang)
    isolate = pdf.isolate if text_direction(lang) == "rtl" else pdf.as_is

    def person_lines(parts: list[AgendaParticipation]) -> list[str]:
        """ "Name (function, organization)" for each person, in the sheet's language."""
        lines = []
        for part in parts:
            person = part.person
            name = f"{tr(person, 'honorific')} {person.name}" if person.honorific else person.name
            details = [str(tr(person, field)) for field in ("function", "organization") if getattr(person, field)]
            lines.append(isolate(name) + (f" ({isolate(', '.join(details))})" if details else ""))
        return lines

    def paper_lines(papers: list[AgendaPaper]) -> list[str]:
        """Each paper's title with the languages of its files (or "link")."""
        lines = []
        for paper in papers:
            kept = language_names([f.lang for f in paper.files]) if paper.files else (
                _("link") if paper.external_url else _("no file yet"))
            lines.append(f"{isolate(tr(paper, 'title'))} ({kept})")
        return lines

    return render_template(
        "manage/runofshow_pdf.html", event=agenda, tr=tr, days=by_day_and_room(agenda),
        people_by_role=people_by_role, markdown=render_markdown, isolate=isolate,
        person_lines=person_lines, paper_lines=paper_lines,
    )


def write_pdf(html: str, base_url: str) -> bytes:
    return pdf.HTML(string=html, base_url=base_url).write_pdf(stylesheets=[pdf.CSS(filename=str(STYLESHEET))])


@bp.route("/<slug>/run-of-show.pdf")
def run_of_show():
    """The run-of-show of the event's working copy as a PDF, in the organizer's language."""
    event = current_event()
    if pdf.UNAVAILABLE:
        current_app.logger.warning("run-of-show unavailable: %s", pdf.UNAVAILABLE)
        abort(503)
    use_timezone(event.timezone)
    lang = current_language()
    html = runofshow_html(draft_agenda(event, bios=False), lang)
    slots = pdf._layout_slots()  # the same bound on concurrent layouts as the public PDF
    if not slots.acquire(timeout=current_app.config["PDF_QUEUE_WAIT"]):
        raise pdf._busy()
    try:
        body = run_forked(write_pdf, html, pdf.BASE_URL, timeout=current_app.config["PDF_TIMEOUT"])
    except ChildFailed as failure:
        current_app.logger.error("run-of-show of %s failed: %s", event.slug, failure)
        abort(503)
    finally:
        slots.release()
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{event.slug}-run-of-show-{lang}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response

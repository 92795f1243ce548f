"""Public pages of one session, its papers, and the people who speak."""
from __future__ import annotations

from flask import abort, send_file

from app.live import live_states
from app.papers import safe_filename
from app.public import services
from app.public.agenda import AgendaPaper, AgendaPaperFile, AgendaSession
from app.public.caching import cached, event_freshness
from app.public.queries import DETAIL, LISTING, published_event_or_404
from app.public.routes import bp, event_page
from app.storage import get_storage


def papers_for_reader(session: AgendaSession, lang: str) -> list[tuple[AgendaPaper, list[AgendaPaperFile]]]:
    """Each paper with its files, the reader's language first, the others after in their order."""
    return [(paper, sorted(paper.files, key=lambda f: (f.lang != lang, f.lang))) for paper in session.papers]


@bp.route("/<lang:lang>/e/<slug>/s/<public_id>")
def session(lang: str, slug: str, public_id: str):
    """One session: time, room, format, description, people by role, papers, languages, previous and next."""

    def build(event, tr):
        found = services.session_or_none(event, public_id)
        if found is None:
            abort(404)
        previous, following = services.neighbours(event, found)
        return {
            "session": found, "previous": previous, "following": following,
            "roles": services.people_by_role(found), "papers": papers_for_reader(found, lang),
            # The list of speakers' progress on the day, outside the release (app/live.py).
            "live": live_states([found], event.statement_minutes, services.now_utc()).get(found.id),
        }

    return event_page(lang, slug, "public/session.html", build, skip=DETAIL, live=True)


@bp.route("/<lang:lang>/e/<slug>/papers/<int:file_id>")
def paper_file(lang: str, slug: str, file_id: int):
    """Download one language's file of a paper, under a safe name, with its type."""

    def render():
        event = published_event_or_404(slug)
        row = next((f for s in event.sessions for p in s.papers for f in p.files if f.id == file_id), None)
        storage = get_storage()
        if row is None or not storage.exists(row.storage_key):
            abort(404)
        return send_file(
            storage.path(row.storage_key), mimetype=row.mimetype, as_attachment=True,
            download_name=safe_filename(row.filename, row.format), conditional=False,
        )

    return cached(event_freshness(slug, lang), render)


@bp.route("/<lang:lang>/e/<slug>/speakers/")
def speakers(lang: str, slug: str):
    """Everyone who takes part in the event's sessions."""
    return event_page(lang, slug, "public/speakers.html", lambda event, tr: {"people": services.speakers(event)},
                      skip=LISTING)


@bp.route("/<lang:lang>/e/<slug>/speakers/<int:person_id>")
def speaker(lang: str, slug: str, person_id: int):
    """One person, with the sessions they take part in and their roles."""

    def build(event, tr):
        sessions = services.sessions_of(event, person_id)
        if not sessions:
            abort(404)
        person = next(p.person for p in sessions[0][0].participations if p.person_id == person_id)
        return {"person": person, "sessions": sessions}

    return event_page(lang, slug, "public/speaker.html", build, skip=frozenset(), bios=True)

"""The agenda templates: data files in app/agenda_templates/, applied to an organizer's dates."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from flask_babel import force_locale
from flask_babel import gettext as _

from app.content import set_translation
from app.dates import local_datetime, parse_hhmm
from app.extensions import db
from app.languages import babel_locale
from app.models import Event, Paper, PaperKind, RepresentationLevel, Room, Session, SessionFormat, SpeakerEntry

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "agenda_templates"
#: The order templates are offered in.
TEMPLATE_ORDER = ("hld-2013", "hld-2013-afternoon", "migrants-day", "blank")


@dataclass(frozen=True)
class AgendaTemplate:
    key: str
    names: dict[str, str]
    descriptions: dict[str, str]
    days: int
    rooms: list[dict]
    sessions: list[dict]

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["en"]

    def description(self, lang: str) -> str:
        return self.descriptions.get(lang) or self.descriptions["en"]


@cache
def agenda_templates() -> dict[str, AgendaTemplate]:
    """Every template by key, in the order offered."""
    found = {}
    for path in sorted(TEMPLATE_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["key"]] = AgendaTemplate(
            key=data["key"], names=data["name"], descriptions=data["description"], days=data["days"],
            rooms=data["rooms"], sessions=data["sessions"],
        )
    ordered = [k for k in TEMPLATE_ORDER if k in found] + sorted(k for k in found if k not in TEMPLATE_ORDER)
    return {key: found[key] for key in ordered}


def paper_title(session_title: str, lang: str) -> str:
    """The title of a roundtable's background-paper slot in a language: "Roundtable 1 background paper"."""
    head = session_title.split(":", 1)[0].split("：", 1)[0].strip()
    with force_locale(babel_locale(lang)):
        return _("%(session)s background paper", session=head)


def apply_template(event: Event, template: AgendaTemplate) -> None:
    """Create the template's rooms and sessions in the event, on its dates and in its zone.

    Titles are taken in the event's source language; the template's texts in the other
    offered languages become translations. Roundtables get an empty background-paper slot.
    A session may also give (all optional, see migrants-day.json): a "key" other sessions name it
    by; "report_back_to", the key of the plenary it reports back to; "papers", slots of other
    kinds ({"kind", "title"}) with no file yet; "speakers", its list of speakers ({"on_behalf_of",
    "level", "minutes"}), inscribed in the template's order. The caller commits.
    """
    source = event.source_language
    pending: list[tuple[object, str, dict[str, str]]] = []

    def localized(obj, field: str, texts: dict[str, str]) -> None:
        setattr(obj, field, texts.get(source) or texts["en"])
        pending.append((obj, field, texts))

    rooms: dict[str | None, Room] = {}
    for position, r in enumerate(template.rooms):
        room = Room(event=event, position=position)
        db.session.add(room)
        localized(room, "name", r["name"])
        rooms[r["key"]] = room
    keyed: dict[str, Session] = {}
    reporting: list[tuple[Session, str]] = []
    for s in template.sessions:
        day: date = event.start_date + timedelta(days=s["day"])
        session = Session(
            event=event, format=SessionFormat(s["format"]), number=s.get("number"),
            starts_at=local_datetime(day, parse_hhmm(s["start"]), event.timezone),
            ends_at=local_datetime(day, parse_hhmm(s["end"]), event.timezone),
            room=rooms.get(s.get("room")),
        )
        localized(session, "title", s["title"])
        if s.get("paper_slot"):
            paper = Paper(session=session, kind=PaperKind.BACKGROUND_PAPER)
            localized(paper, "title", {lang: paper_title(text, lang) for lang, text in s["title"].items()})
        for position, p in enumerate(s.get("papers", ()), start=1):
            paper = Paper(session=session, kind=PaperKind(p["kind"]), position=position)
            localized(paper, "title", p["title"])
        for position, entry in enumerate(s.get("speakers", ()), start=1):
            speaker = SpeakerEntry(session=session, position=position, level=RepresentationLevel(entry["level"]),
                                   minutes=entry.get("minutes"))
            localized(speaker, "on_behalf_of", entry["on_behalf_of"])
        db.session.add(session)
        if s.get("key"):
            keyed[s["key"]] = session
        if s.get("report_back_to"):
            reporting.append((session, s["report_back_to"]))
    for session, key in reporting:
        session.report_back_session = keyed[key]
    db.session.flush()
    offered = set(event.offered_languages) - {source}
    for obj, field, texts in pending:
        for lang, text in texts.items():
            if lang in offered and text:
                set_translation(event.id, obj, field, lang, text)

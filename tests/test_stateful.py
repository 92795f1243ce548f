"""A model-based test: random organizer and translator histories through the real HTTP app.

A Hypothesis `RuleBasedStateMachine` creates an event from the one-day Migrants Day template
through the organizer's forms, then adds, edits and removes rooms, sessions, people and
participations, translates fields (reviewed or draft, in the editor or as a PO file with a
fuzzy entry), changes source texts, publishes, edits after publishing, republishes,
unpublishes, copies the event to next year, exports and imports it, and backs the instance up
and restores it. It keeps its own simple model of what it did: the working copy, the agenda
of each release, and every translation with the source text it was made from. After every
step it checks what an attendee sees against that model:

- no response is a server error (status >= 500);
- the public schedule.json in the source language is the LAST RELEASE (event title, session
  titles, descriptions, times, rooms, people), not the working copy, and no text that only the
  working copy has appears on the agenda, the grid, schedule.ics or schedule.xml; a draft event
  (never published, or unpublished) is a 404 and is not listed;
- in the other languages a text is shown only if it is the released source text or a
  reviewed translation made from that released source; a draft translation, a fuzzy PO entry
  or a translation of an older source never passes for current (on a session's page it
  must come with the current source marked with the source's `lang`);
- the change log agrees with the difference of the two last releases (a retitled session
  appears with its old and its new title; in another language never "X is now called X");
- no translation outlives its object in the database;
- export → import reproduces every row of the event (rooms, sessions, people, including
  people in no session, participations, papers and their files, translations), by values;
- copy to next year equals the original moved by the year;
- backup → restore gives back every row of every table.

Each 500 is raised as its own exception class per kind of URL, so that Hypothesis reports
different server errors as different failures.

The number of examples comes from DITA_STATEFUL_EXAMPLES (default 15); `make stateful-long`
runs more. Each example starts on emptied tables and an emptied render cache (one app per run).
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import polib
import sqlalchemy as sa
from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from werkzeug.security import generate_password_hash

from app import create_app
from app.extensions import cache as render_cache
from app.extensions import db
from app.models import Event, MemberRole, Participation, Person, Room, Session, Translation, User
from app.storage import get_storage
from tests import factories
from tests.conftest import AuthActions, FreshContextClient, _config, _empty_tables, csrf_token
from tests.forms import form_values

EXAMPLES = int(os.environ.get("DITA_STATEFUL_EXAMPLES", "15"))
STEPS = int(os.environ.get("DITA_STATEFUL_STEPS", "15"))

SOURCE = "sq"
LANGUAGES = ["sq", "en", "sr"]
TARGETS = ["sr", "en"]  # the languages translated in the machine; English is also the fallback
TZ = ZoneInfo("Europe/Belgrade")
DAY = date(2026, 12, 18)
NEXT_YEAR = date(2027, 12, 18)
OWNER = "organizer@example.org"
TRANSLATOR = "translator@example.org"
ROLES = ["chair", "co_chair", "moderator", "panelist", "speaker"]
START_SLOTS = [time(h, m) for h in range(8, 19) for m in (0, 30)]


# ---------------------------------------------------------------------------------------------
# The model


@dataclass
class SessionM:
    id: int
    public_id: str
    title: str
    start: time
    end: time
    room: int | None
    format: str
    number: int | None
    description: str
    languages: list[str]
    interpretation: list[str]
    parts: list[tuple[int, int, str, int]] = field(default_factory=list)  # (part id, person id, role, position)

    def people_ids(self) -> list[int]:
        ordered = [person for _, person, _, _ in sorted(self.parts, key=lambda p: (p[3], p[0]))]
        return list(dict.fromkeys(ordered))


@dataclass
class TranslationM:
    text: str
    status: str  # "draft" or "reviewed"
    made_from: str  # the source text it was made from


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _overlap(a: SessionM, b: SessionM) -> bool:
    return a.start < b.end and b.start < a.end


# ---------------------------------------------------------------------------------------------
# Reading pages


def form_of(page: str, context: str) -> dict[str, str]:
    """The hidden and visible values of one field's form on the translation editor."""
    start = page.index(f'name="context" value="{context}"')
    form = page[page.rindex("<form", 0, start):page.index("</form>", start)]
    values = dict(re.findall(r'name="(csrf_token|context|version|fingerprint|show)" value="([^"]*)"', form))
    return {k: html.unescape(v) for k, v in values.items()}


#: The list of speakers a session's description carries in the feeds (its heading, then numbered
#: lines); the machine does not change lists, tests/test_speakers_exports.py checks them.
_LIST_OF_SPEAKERS = re.compile(r"(?:\A|\n\n)[^\n]+(?:\n\d+\. [^\n]*)+\Z")


def _without_list(description: str) -> str:
    return _LIST_OF_SPEAKERS.sub("", description)


def hidden_version(page: str) -> str:
    match = re.search(r'name="version" type="hidden" value="([^"]*)"', page) or re.search(
        r'name="version" value="([^"]*)"', page)
    return match.group(1) if match else ""


def changes_section(page: str, number: int) -> str:
    start = page.index(f'id="release-{number}"')
    end = page.find("</section>", start)
    return page[start:end]


SQ_RETITLED = re.compile(r"“(.*?)” tani quhet “(.*?)”\.")
SR_RETITLED = re.compile(r"„(.*?)“ sada nosi naziv „(.*?)“\.")
EN_RETITLED = re.compile(r"“(.*?)” is now called “(.*?)”\.")


def items(section: str) -> list[str]:
    """The sentences of a release on the change log, as text."""
    return [_text(item).strip() for item in re.findall(r"<li>(.*?)</li>", section, re.S)]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# ---------------------------------------------------------------------------------------------
# Rows of an event, compared by values (archive and copy)

#: Columns that are not part of an event's content: identities, bookkeeping, the publishing state.
_NOT_CONTENT = {"id", "version", "created_at", "updated_at", "uploaded_at", "published_at", "storage_key",
                "public_id", "updated_by_id", "event_id"}
_EVENT_NOT_CONTENT = {"slug", "status", "published_version"}


def event_rows(event_id: int, shift_days: int = 0) -> dict[str, list[str]]:
    """Every content row of an event, table by table, as sorted JSON; references by natural keys,
    times as wall-clock times in the event's zone moved back by `shift_days`."""
    md = db.metadata.tables
    conn = db.session.connection()
    shift = timedelta(days=shift_days)
    ev = conn.execute(sa.select(md["event"]).where(md["event"].c.id == event_id)).mappings().one()
    tz = ZoneInfo(ev["timezone"])

    def value(v):
        if isinstance(v, datetime):
            return (v.astimezone(tz).replace(tzinfo=None) - shift).isoformat()
        if isinstance(v, date):
            return (v - shift).isoformat()
        if hasattr(v, "value"):
            return v.value
        return v

    def select(name, where):
        return [dict(r) for r in conn.execute(sa.select(md[name]).where(where)).mappings()]

    rooms = select("room", md["room"].c.event_id == event_id)
    people = select("person", md["person"].c.event_id == event_id)
    sessions = select("session", md["session"].c.event_id == event_id)
    session_ids = [s["id"] for s in sessions]
    parts = select("participation", md["participation"].c.session_id.in_(session_ids))
    papers = select("paper", md["paper"].c.session_id.in_(session_ids))
    files = select("paper_file", md["paper_file"].c.paper_id.in_([p["id"] for p in papers]))
    keys: dict[str, dict[int, object]] = {
        "event": {event_id: "event"},
        "room": {r["id"]: r["name"] for r in rooms},
        "person": {p["id"]: [p["name"], p["organization"]] for p in people},
        "session": {s["id"]: [value(s["format"]), s["number"], s["title"], value(s["starts_at"])] for s in sessions},
    }
    keys["paper"] = {p["id"]: [keys["session"][p["session_id"]], p["title"], p["position"]] for p in papers}
    entries = select("speaker_entry", md["speaker_entry"].c.session_id.in_(session_ids))
    keys["speaker_entry"] = {e["id"]: [keys["session"][e["session_id"]], e["position"], e["on_behalf_of"]]
                             for e in entries}
    translations = select("translation", md["translation"].c.event_id == event_id)
    tables = {"event": [dict(ev)], "room": rooms, "person": people, "session": sessions, "participation": parts,
              "paper": papers, "paper_file": files, "translation": translations, "speaker_entry": entries}
    for name in ("event_language",):
        if name in md:
            tables[name] = select(name, md[name].c.event_id == event_id)
    for name in ("session_language",):
        if name in md:
            tables[name] = select(name, md[name].c.session_id.in_(session_ids))

    storage = get_storage()
    for f in files:
        f["content"] = hashlib.sha256(storage.read(f["storage_key"])).hexdigest()
    out: dict[str, list[str]] = {}
    for name, rows in tables.items():
        table = md[name]
        fks = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        skip = _NOT_CONTENT | (_EVENT_NOT_CONTENT if name == "event" else set())
        dumped = []
        for row in rows:
            item = {}
            for column, v in row.items():
                if column in skip:
                    continue
                if name == "translation" and column == "object_id":
                    item[column] = keys[row["object_type"]].get(v, f"dangling {v}")
                elif column in fks and fks[column] in keys:
                    item[column] = keys[fks[column]].get(v, f"dangling {v}") if v is not None else None
                elif column in fks:
                    continue  # users
                else:
                    item[column] = value(v)
            dumped.append(json.dumps(item, sort_keys=True, ensure_ascii=False, default=str))
        out[name] = sorted(dumped)
    return out


def all_rows() -> dict[str, list]:
    """Every row of every table, for backup → restore."""
    conn = db.session.connection()
    out = {}
    for table in db.metadata.sorted_tables:
        rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings().all()
        out[table.name] = [{k: (v.isoformat() if isinstance(v, (datetime, date)) else v) for k, v in r.items()}
                           for r in rows]
    return out


_SERVER_ERRORS: dict[str, type] = {}


def server_error(path: str) -> type:
    """An AssertionError class per kind of URL, so that Hypothesis reports each 500 as its own failure."""
    route = re.sub(r"/\d+", "/<id>", path)
    route = re.sub(r"^/manage/[^/]+", "/manage/<slug>", route)
    route = re.sub(r"^/translate/[^/]+", "/translate/<slug>", route)
    route = re.sub(r"/e/[^/]+", "/e/<slug>", route)
    route = re.sub(r"/s/[^/]+", "/s/<public_id>", route)
    if route not in _SERVER_ERRORS:
        _SERVER_ERRORS[route] = type(f"ServerError {route}", (AssertionError,), {})
    return _SERVER_ERRORS[route]


# ---------------------------------------------------------------------------------------------
# The machine


@cache
def _password_hash() -> str:
    """A cheap hash of the test password: the machine signs in twice per example."""
    return generate_password_hash(factories.PASSWORD, method="pbkdf2:sha256:1")


def _user(email: str, **fields) -> User:
    user = User(email=email, password_hash=_password_hash(), **fields)
    db.session.add(user)
    return user


class DitaMachine(RuleBasedStateMachine):
    """One app for the whole run; each example starts on emptied tables and an emptied render cache."""

    app: Flask
    upload_dir: str = ""

    def __init__(self):
        super().__init__()
        _empty_tables(self.app.config["SQLALCHEMY_DATABASE_URI"])
        self.ctx = self.app.app_context()
        self.ctx.push()
        render_cache.clear()
        self.counter = 0
        self.page_turn = 0
        self.tokens: dict[int, str] = {}
        # the working copy
        self.slug = ""
        self.event_id = 0
        self.rooms: dict[int, str] = {}
        self.people: dict[int, tuple[str, str]] = {}  # id → (name, function)
        self.sessions: dict[int, SessionM] = {}
        self.event_title = ""
        self.translations: dict[tuple[str, str], TranslationM] = {}  # (context, lang) → translation
        self.every_translation: set[tuple[str, str, str]] = set()  # (context, lang, text) ever saved
        self.reviewed: set[tuple[str, str, str, str]] = set()  # (context, lang, text, made from), reviewed
        # the releases
        self.releases: list[dict] = []
        self.published = False
        # Since the last release: an organizer changed the content (a republish must make a release),
        # or only something that may or may not count (a translation, an edit that changed nothing).
        self.dirty = False
        self.touched = False

    def teardown(self):
        db.session.remove()
        self.ctx.pop()

    # -- helpers ------------------------------------------------------------------------------

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix} {self.counter:04d}"  # fixed width: no text is a part of another

    def check(self, response, *allowed: int):
        if response.status_code >= 500:
            raise server_error(response.request.path)(response.status_code, response.request.path,
                                                       response.get_data(as_text=True)[:2000])
        if allowed:
            assert response.status_code in allowed, (response.status_code, response.request.path,
                                                      response.get_data(as_text=True)[:2000])
        return response

    def get(self, client, url, *allowed):
        return self.check(client.get(url), *allowed)

    def post(self, client, url, data, *allowed, **kwargs):
        data = {"csrf_token": self.tokens[id(client)], **data}
        return self.check(client.post(url, data=data, **kwargs), *allowed)

    def login(self, email: str):
        client = self.app.test_client()
        self.check(AuthActions(client).login(email), 302)
        self.tokens[id(client)] = csrf_token(client, "/manage/" if email == OWNER else "/translate/")
        return client

    def query(self, stmt):
        db.session.remove()
        return db.session.execute(stmt)

    def session_ctx(self, s: SessionM) -> str:
        return f"session:{s.public_id}:title"

    def source_of(self, context: str) -> str:
        kind, key, fieldname = context.split(":")
        if kind == "session":
            return next(getattr(s, fieldname) for s in self.sessions.values() if s.public_id == key)
        if kind == "room":
            return self.rooms[int(key)]
        if kind == "person":
            return self.people[int(key)][1]
        return self.event_title

    def contexts(self) -> list[str]:
        """The translatable fields the machine translates, in a stable order."""
        out = [f"event:{self.slug}:title"]
        out += [f"room:{rid}:name" for rid in sorted(self.rooms)]
        out += [self.session_ctx(self.sessions[sid]) for sid in sorted(self.sessions)]
        out += [f"session:{self.sessions[sid].public_id}:description" for sid in sorted(self.sessions)
                if self.sessions[sid].description]
        out += [f"person:{pid}:function" for pid in sorted(self.people) if self.people[pid][1]]
        return out

    def record_translation(self, context: str, lang: str, text: str, status: str, made_from: str):
        self.touched = True
        self.translations[(context, lang)] = TranslationM(text, status, _norm(made_from))
        self.every_translation.add((context, lang, text))
        if status == "reviewed":
            self.reviewed.add((context, lang, text, _norm(made_from)))

    def forget_translations(self, prefix: str):
        for key in [k for k in self.translations if k[0].startswith(prefix)]:
            del self.translations[key]

    def conflicts(self) -> bool:
        """Whether the working copy has an error that blocks publishing (room or person double-booked)."""
        items = sorted(self.sessions.values(), key=lambda s: s.id)
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if not _overlap(a, b):
                    continue
                if a.room is not None and a.room == b.room:
                    return True
                if set(a.people_ids()) & set(b.people_ids()):
                    return True
        return False

    def snapshot(self) -> dict:
        sessions = {}
        for s in self.sessions.values():
            sessions[s.public_id] = {
                "title": s.title, "description": s.description,
                "start": f"{DAY.isoformat()}T{s.start.strftime('%H:%M')}",
                "duration": _duration(s.start, s.end), "room": self.rooms.get(s.room, "") if s.room else "",
                "room_ctx": f"room:{s.room}:name" if s.room else None,
                "people": [self.people[p][0] for p in s.people_ids()],
            }
        return {"sessions": sessions, "title": self.event_title}

    def allowed(self, context: str | None, released_source: str, lang: str) -> set[str]:
        """The texts a reader in `lang` may see for a field whose released source is given."""
        ok = {_norm(released_source)}
        if context is None or lang == SOURCE:
            return ok
        for ctx, tr_lang, text, made_from in self.reviewed:
            if ctx == context and tr_lang in (lang, "en") and made_from == _norm(released_source):
                ok.add(_norm(text))
        return ok

    def forbidden(self, context: str | None, released_source: str, lang: str) -> set[str]:
        if context is None:
            return set()
        ok = self.allowed(context, released_source, lang)
        return {_norm(text) for ctx, tr_lang, text in self.every_translation
                if ctx == context and tr_lang in (lang, "en") and _norm(text) not in ok}

    # -- setup --------------------------------------------------------------------------------

    @initialize(publish_now=st.booleans())
    def create_event_from_template(self, publish_now):
        _user(OWNER, name="Organizer", is_organizer=True)
        translator = _user(TRANSLATOR, is_organizer=False, is_translator=True)
        translator.translator_languages = ["sr"]
        db.session.commit()
        translator_id = translator.id
        self.owner = self.login(OWNER)
        self.event_title = "Dita e Emigrantëve në Prizren"
        response = self.post(self.owner, "/manage/new", {
            "template": "migrants-day", "title": self.event_title, "slug": "", "start_date": DAY.isoformat(),
            "number_of_days": "", "end_date": "", "timezone": "Europe/Belgrade", "venue": "", "city": "Prizren",
            "country": "XK", "source_language": SOURCE, "languages": LANGUAGES,
        }, 302)
        self.slug = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
        self.event_id = self.query(sa.select(Event.id).where(Event.slug == self.slug)).scalar_one()
        factories.add_member(db.session.get(Event, self.event_id), db.session.get(User, translator_id),
                             MemberRole.TRANSLATOR, "sr")
        db.session.commit()
        self.translator = self.login(TRANSLATOR)
        self.public = self.app.test_client()
        # What the template made (read once; from here on the model follows the machine's own actions).
        event = db.session.get(Event, self.event_id)
        self.rooms = {r.id: r.name for r in event.rooms}
        for s in event.sessions:
            start, end = s.starts_at.astimezone(TZ), s.ends_at.astimezone(TZ)
            assert start.date() == DAY and end.date() == DAY
            self.sessions[s.id] = SessionM(
                s.id, s.public_id, s.title, start.time(), end.time(), s.room_id, s.format.value, s.number,
                s.description, list(s.languages), list(s.interpretation))
        # The template's texts in the other languages are drafts: never shown to readers as they are.
        for t in db.session.scalars(sa.select(Translation).where(Translation.event_id == self.event_id)):
            if t.object_type == "session":
                context = f"session:{self.sessions[t.object_id].public_id}:{t.field}"
            elif t.object_type == "event":
                context = f"event:{self.slug}:{t.field}"
            else:
                context = f"{t.object_type}:{t.object_id}:{t.field}"
            if t.object_type in ("session", "room") and t.field in ("title", "name"):
                self.record_translation(context, t.lang, t.text, "draft", t.source_text)
            else:
                self.every_translation.add((context, t.lang, t.text))
        db.session.remove()
        if publish_now:
            self.publish()

    # -- organizer: rooms ---------------------------------------------------------------------

    @rule()
    def add_room(self):
        self.dirty = True
        name = self.fresh("Salla")
        self.post(self.owner, f"/manage/{self.slug}/rooms/new", {"name": name, "capacity": "", "accessibility": ""},
                  302)
        rid = self.query(sa.select(sa.func.max(Room.id)).where(Room.event_id == self.event_id)).scalar_one()
        self.rooms[rid] = name

    @precondition(lambda self: self.rooms)
    @rule(i=st.integers(0, 20))
    def rename_room(self, i):
        self.dirty = True
        rid = sorted(self.rooms)[i % len(self.rooms)]
        url = f"/manage/{self.slug}/rooms/{rid}"
        version = hidden_version(self.get(self.owner, url, 200).get_data(as_text=True))
        name = self.fresh("Salla e re")
        self.post(self.owner, url, {"name": name, "capacity": "", "accessibility": "", "version": version}, 302)
        self.rooms[rid] = name

    @precondition(lambda self: self.rooms)
    @rule(i=st.integers(0, 20))
    def delete_room(self, i):
        self.dirty = True
        rid = sorted(self.rooms)[i % len(self.rooms)]
        self.post(self.owner, f"/manage/{self.slug}/rooms/{rid}/delete", {}, 302)
        del self.rooms[rid]
        for s in self.sessions.values():
            if s.room == rid:
                s.room = None
        self.forget_translations(f"room:{rid}:")

    # -- organizer: sessions ------------------------------------------------------------------

    def _session_form(self, s: SessionM, version: str) -> dict:
        return {"format": s.format, "number": "" if s.number is None else str(s.number), "title": s.title,
                "description": s.description, "day": DAY.isoformat(), "start": s.start.strftime("%H:%M"),
                "end": s.end.strftime("%H:%M"), "room": str(s.room or 0), "languages": s.languages,
                "interpretation": s.interpretation, "version": version}

    @rule(slot=st.integers(0, len(START_SLOTS) - 1), minutes=st.sampled_from([30, 60, 90]), room=st.integers(0, 20))
    def add_session(self, slot, minutes, room):
        self.dirty = True
        start = START_SLOTS[slot]
        end = (datetime.combine(DAY, start) + timedelta(minutes=minutes)).time()
        rooms = [None, *sorted(self.rooms)]
        s = SessionM(0, "", self.fresh("Seanca"), start, end, rooms[room % len(rooms)], "side_event", None, "",
                     [SOURCE], [])
        self.post(self.owner, f"/manage/{self.slug}/sessions/new", self._session_form(s, ""), 302)
        row = self.query(sa.select(Session.id, Session.public_id).where(Session.event_id == self.event_id)
                         .order_by(Session.id.desc()).limit(1)).one()
        s.id, s.public_id = row.id, row.public_id
        self.sessions[s.id] = s

    @precondition(lambda self: self.sessions)
    @rule(i=st.integers(0, 30), retitle=st.booleans(), describe=st.booleans(),
          slot=st.none() | st.integers(0, len(START_SLOTS) - 1), room=st.none() | st.integers(0, 20))
    def edit_session(self, i, retitle, describe, slot, room):
        s = self.sessions[sorted(self.sessions)[i % len(self.sessions)]]
        url = f"/manage/{self.slug}/sessions/{s.id}/edit"
        version = hidden_version(self.get(self.owner, url, 200).get_data(as_text=True))
        changed = SessionM(**{**s.__dict__, "parts": s.parts})
        if retitle:
            changed.title = self.fresh("Seanca e riemëruar")
        if describe:
            changed.description = self.fresh("Fillimi u zhvendos. Përshkrimi")
        if slot is not None:
            length = datetime.combine(DAY, s.end) - datetime.combine(DAY, s.start)
            changed.start = START_SLOTS[slot]
            changed.end = (datetime.combine(DAY, changed.start) + length).time()
        if room is not None:
            rooms = [None, *sorted(self.rooms)]
            changed.room = rooms[room % len(rooms)]
        self.post(self.owner, url, self._session_form(changed, version), 302)
        if changed == s:
            self.touched = True
        else:
            self.dirty = True
        self.sessions[s.id] = changed

    @precondition(lambda self: self.sessions)
    @rule(i=st.integers(0, 30))
    def delete_session(self, i):
        self.dirty = True
        sid = sorted(self.sessions)[i % len(self.sessions)]
        s = self.sessions.pop(sid)
        self.post(self.owner, f"/manage/{self.slug}/sessions/{sid}/delete", {}, 302)
        self.forget_translations(f"session:{s.public_id}:")

    # -- organizer: people and participations ------------------------------------------------

    def _person_form(self, name: str, function: str, version: str) -> dict:
        return {"name": name, "honorific": "", "function": function, "organization": "", "country": "",
                "stakeholder_group": "civil_society", "gender": "", "bio": "", "version": version}

    @rule()
    def add_person(self):
        self.dirty = True
        name, function = self.fresh("Person"), self.fresh("Funksioni")
        self.post(self.owner, f"/manage/{self.slug}/people/new", self._person_form(name, function, ""), 302)
        pid = self.query(sa.select(sa.func.max(Person.id)).where(Person.event_id == self.event_id)).scalar_one()
        self.people[pid] = (name, function)

    @precondition(lambda self: self.people)
    @rule(i=st.integers(0, 20))
    def change_person_function(self, i):
        self.dirty = True
        pid = sorted(self.people)[i % len(self.people)]
        url = f"/manage/{self.slug}/people/{pid}"
        version = hidden_version(self.get(self.owner, url, 200).get_data(as_text=True))
        function = self.fresh("Funksioni i ri")
        self.post(self.owner, url, self._person_form(self.people[pid][0], function, version), 302)
        self.people[pid] = (self.people[pid][0], function)

    @precondition(lambda self: self.people)
    @rule(i=st.integers(0, 20))
    def delete_person(self, i):
        self.dirty = True
        pid = sorted(self.people)[i % len(self.people)]
        self.post(self.owner, f"/manage/{self.slug}/people/{pid}/delete", {}, 302)
        del self.people[pid]
        for s in self.sessions.values():
            s.parts = [p for p in s.parts if p[1] != pid]
        self.forget_translations(f"person:{pid}:")

    @precondition(lambda self: self.people and self.sessions)
    @rule(i=st.integers(0, 30), j=st.integers(0, 20), role=st.sampled_from(ROLES))
    def add_participation(self, i, j, role):
        s = self.sessions[sorted(self.sessions)[i % len(self.sessions)]]
        pid = sorted(self.people)[j % len(self.people)]
        self.post(self.owner, f"/manage/{self.slug}/sessions/{s.id}/people", {"person": str(pid), "role": role}, 302)
        if any(p[1] == pid and p[2] == role for p in s.parts):
            return  # refused: this person has this role in the session already
        self.dirty = True
        part_id = self.query(sa.select(sa.func.max(Participation.id)).where(
            Participation.session_id == s.id)).scalar_one()
        s.parts.append((part_id, pid, role, len(s.parts)))

    @precondition(lambda self: any(s.parts for s in self.sessions.values()))
    @rule(i=st.integers(0, 30), j=st.integers(0, 10))
    def remove_participation(self, i, j):
        self.dirty = True
        with_people = [sid for sid in sorted(self.sessions) if self.sessions[sid].parts]
        s = self.sessions[with_people[i % len(with_people)]]
        part = sorted(s.parts)[j % len(s.parts)]
        self.post(self.owner, f"/manage/{self.slug}/sessions/{s.id}/people/{part[0]}/remove", {}, 302)
        s.parts.remove(part)

    @precondition(lambda self: self.sessions)
    @rule(i=st.integers(0, 30), file_lang=st.sampled_from([None, "sq", "en"]))
    def add_paper(self, i, file_lang):
        self.dirty = True
        s = self.sessions[sorted(self.sessions)[i % len(self.sessions)]]
        title = self.fresh("Dokumenti")
        link = "" if file_lang else "https://www.un.org/en/observances/migrants-day"
        response = self.post(self.owner, f"/manage/{self.slug}/sessions/{s.id}/papers/new",
                             {"title": title, "kind": "background_paper", "external_url": link, "version": ""}, 302)
        paper_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
        if file_lang:
            content = factories.pdf_bytes(title)
            url = f"/manage/{self.slug}/sessions/{s.id}/papers/{paper_id}/files"
            self.post(self.owner, url, {"lang": file_lang, "file": (io.BytesIO(content), "paper.pdf")}, 302,
                      content_type="multipart/form-data")
            stored = self.query(sa.select(sa.func.count()).select_from(db.metadata.tables["paper_file"]).where(
                db.metadata.tables["paper_file"].c.paper_id == paper_id)).scalar_one()
            assert stored == 1, "the uploaded paper file was not kept"

    # -- translator ---------------------------------------------------------------------------

    @rule(i=st.integers(0, 40), lang=st.sampled_from(TARGETS), status=st.sampled_from(["reviewed", "draft"]))
    def translate_field(self, i, lang, status):
        contexts = self.contexts()
        context = contexts[i % len(contexts)]
        client = self.translator if lang == "sr" else self.owner
        url = f"/translate/{self.slug}/{lang}/"
        values = form_of(self.get(client, url, 200).get_data(as_text=True), context)
        text = self.fresh(f"{lang.upper()}-{status}")
        self.check(client.post(url, data={**values, "text": text, "status": status}), 302)
        self.record_translation(context, lang, text, status, self.source_of(context))

    @precondition(lambda self: self.releases and self.sessions)
    @rule(i=st.integers(0, 30), lang=st.sampled_from(TARGETS), status=st.sampled_from(["reviewed", "draft"]))
    def translate_session_title(self, i, lang, status):
        """A session title, the text readers see most."""
        s = self.sessions[sorted(self.sessions)[i % len(self.sessions)]]
        self.translate_field(self.contexts().index(self.session_ctx(s)), lang, status)

    @rule()
    def retitle_event(self):
        self.dirty = True
        url = f"/manage/{self.slug}/settings"
        # The settings form as the page gives it (every field it has, with its values), the title and
        # city changed, sessions moved with the dates.
        fields = form_values(self.get(self.owner, url, 200).get_data(as_text=True))
        fields.pop("csrf_token", None)
        title = self.fresh("Dita e Emigrantëve")
        fields |= {"title": title, "city": "Prizren", "move_sessions": "y"}
        self.post(self.owner, url, fields, 302)
        self.event_title = title

    @rule(i=st.integers(0, 40), fuzzy=st.booleans())
    def import_po(self, i, fuzzy):
        contexts = self.contexts()
        context = contexts[i % len(contexts)]
        exported = polib.pofile(self.get(self.translator, f"/translate/{self.slug}/sr.po", 200).get_data(as_text=True))
        entry = next(e for e in exported if e.msgctxt == context)
        assert entry.msgid == self.source_of(context)
        text = self.fresh("SR-fuzzy" if fuzzy else "SR-po")
        po = polib.POFile()
        po.metadata = exported.metadata
        po.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=text, comment=entry.comment,
                                flags=["fuzzy"] if fuzzy else []))
        url = f"/translate/{self.slug}/sr/import"
        data = {"file": (io.BytesIO(str(po).encode("utf-8")), "sr.po")}
        if not fuzzy:
            data["as_reviewed"] = "y"
        self.post(self.translator, url, data, 200, content_type="multipart/form-data")
        self.record_translation(context, "sr", text, "draft" if fuzzy else "reviewed", entry.msgid)

    # -- publishing ---------------------------------------------------------------------------

    def release_count(self) -> int:
        table = db.metadata.tables["release"]
        count = sa.select(sa.func.count()).select_from(table).where(table.c.event_id == self.event_id)
        return self.query(count).scalar_one()

    @rule()
    def publish(self):
        blocked = self.conflicts()
        before = self.release_count()
        response = self.post(self.owner, f"/manage/{self.slug}/publish", {}, 200 if blocked else 302)
        made = self.release_count() - before
        if blocked:
            assert "not published" in response.get_data(as_text=True) and made == 0
            return
        if not self.published or self.dirty:
            assert made == 1, "publishing a changed agenda made no release"
        elif not self.touched:
            assert made == 0, "republishing an unchanged agenda made a release"
        self.published = True
        if made:
            self.releases.append(self.snapshot())
            self.dirty = self.touched = False

    @precondition(lambda self: self.sessions)
    @rule(i=st.integers(0, 30), lang=st.sampled_from(TARGETS), translate_first=st.booleans())
    def rename_a_published_session_and_republish(self, i, lang, translate_first):
        """The organizer's common path in one step: publish, (a translator approves the title,) the
        organizer renames the session, republishes: the change log names both titles, the translation
        of the old title is out of date."""
        if not self.published:
            self.publish()
        if translate_first:
            self.translate_session_title(i, lang, "reviewed")
        self.edit_session(i, retitle=True, describe=False, slot=None, room=None)
        self.publish()

    @precondition(lambda self: self.releases)
    @rule()
    def republish(self):
        """Publishing again (or after unpublishing): the same action, offered as often as the others."""
        self.publish()

    @precondition(lambda self: self.published)
    @rule()
    def unpublish(self):
        self.post(self.owner, f"/manage/{self.slug}/unpublish", {}, 302)
        self.published = False

    # -- copy, archive, backup ----------------------------------------------------------------

    @rule()
    def copy_to_next_year(self):
        response = self.post(self.owner, f"/manage/{self.slug}/copy", {}, 302)
        copy_slug = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
        assert copy_slug != self.slug
        db.session.remove()
        copy = db.session.scalar(sa.select(Event).where(Event.slug == copy_slug))
        assert (copy.start_date, copy.end_date) == (NEXT_YEAR, NEXT_YEAR)
        shift = (NEXT_YEAR - DAY).days
        assert event_rows(copy.id, shift) == event_rows(self.event_id), "the copy is not the original moved by a year"
        self.get(self.public, f"/{SOURCE}/e/{copy_slug}/", 404)
        self.post(self.owner, f"/manage/{copy_slug}/delete", {}, 302)

    @rule()
    def export_then_import(self):
        archive = self.get(self.owner, f"/manage/{self.slug}/export.zip", 200).get_data()
        response = self.post(self.owner, "/manage/import", {"archive": (io.BytesIO(archive), "event.zip")}, 302,
                             content_type="multipart/form-data")
        imported_slug = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
        assert imported_slug != self.slug
        db.session.remove()
        imported = db.session.scalar(sa.select(Event.id).where(Event.slug == imported_slug))
        assert event_rows(imported) == event_rows(self.event_id), "export → import lost or changed rows"
        self.get(self.public, f"/{SOURCE}/e/{imported_slug}/", 404)
        self.post(self.owner, f"/manage/{imported_slug}/delete", {}, 302)

    @rule()
    def backup_then_restore(self):
        db.session.remove()
        before = all_rows()
        db.session.remove()
        path = os.path.join(self.upload_dir, f"backup-{self.counter}.zip")
        runner = self.app.test_cli_runner()
        result = runner.invoke(args=["backup", "-o", path])
        assert result.exit_code == 0, result.output
        result = runner.invoke(args=["restore", path, "--replace"])
        assert result.exit_code == 0, result.output
        os.remove(path)
        db.session.remove()
        assert all_rows() == before, "backup → restore did not give back every row"
        db.session.remove()

    # -- invariants ---------------------------------------------------------------------------

    def public_schedule(self, lang: str) -> dict[str, dict]:
        response = self.get(self.public, f"/{lang}/e/{self.slug}/schedule.json", 200)
        data = json.loads(response.get_data(as_text=True))
        out = {"": {"title": data["schedule"]["conference"]["title"]}}
        for day in data["schedule"]["conference"]["days"]:
            for room, events in day["rooms"].items():
                for e in events:
                    public_id = e["slug"][len(self.slug) + 1:]
                    assert public_id not in out, f"session {public_id} twice in schedule.json"
                    out[public_id] = {"title": e["title"], "start": e["date"][:16], "duration": e["duration"],
                                      "room": room if e["room"] else "", "description": _without_list(e["description"]),
                                      "people": [p["public_name"] for p in e["persons"]]}
                    assert e["room"] == room
        return out

    @invariant()
    def public_shows_the_last_release(self):
        if not getattr(self, "slug", ""):
            return
        if not self.published:
            self.get(self.public, f"/{SOURCE}/e/{self.slug}/", 404)
            self.get(self.public, f"/{SOURCE}/e/{self.slug}/schedule.json", 404)
            home = self.get(self.public, f"/{SOURCE}/", 200).get_data(as_text=True)
            assert f"/e/{self.slug}/" not in home, "an unpublished event is listed"
            return
        release = self.releases[-1]["sessions"]
        shown = self.public_schedule(SOURCE)
        expected = {pid: {k: v for k, v in s.items() if k != "room_ctx"} for pid, s in release.items()}
        expected[""] = {"title": self.releases[-1]["title"]}
        assert shown == expected, "schedule.json is not the last release"
        # What the working copy has and the release has not is nowhere in public.
        released_texts = {t for s in release.values() for t in (s["title"], s["room"], s["description"])}
        released_texts.add(self.releases[-1]["title"])
        draft_texts = {s.title for s in self.sessions.values()} | {s.description for s in self.sessions.values()}
        draft_texts |= set(self.rooms.values()) | {self.event_title}
        unpublished = {t for t in draft_texts - released_texts if t and not any(t in r for r in released_texts)}
        for page in ("", "schedule.ics", "schedule.xml", "grid"):
            body = self.get(self.public, f"/{SOURCE}/e/{self.slug}/{page}", 200).get_data(as_text=True)
            body = html.unescape(body)
            leaked = [t for t in unpublished if t in body]
            assert not leaked, f"/{SOURCE}/e/{self.slug}/{page} shows what is not released: {leaked}"

    @invariant()
    def no_draft_fuzzy_or_stale_text_passes_for_current(self):
        if not getattr(self, "slug", "") or not self.published:
            return
        release = self.releases[-1]["sessions"]
        ctx_of = {pid: f"session:{pid}:title" for pid in release}  # deleted since the release too
        for lang in TARGETS:
            shown = self.public_schedule(lang)
            event_title = shown.pop("")["title"]
            released_title = self.releases[-1]["title"]
            assert _norm(event_title) in self.allowed(f"event:{self.slug}:title", released_title, lang), (
                f"schedule.json in {lang} shows the event title {event_title!r} for {released_title!r}")
            assert set(shown) == set(release), f"schedule.json in {lang} has other sessions than the release"
            for pid, s in shown.items():
                released = release[pid]
                context = ctx_of.get(pid)
                assert _norm(s["title"]) in self.allowed(context, released["title"], lang), (
                    f"schedule.json in {lang} shows {s['title']!r} for the released title {released['title']!r}",
                    [t for t in self.translations.items() if t[0][0] == context])
                if released["room"]:
                    assert _norm(s["room"]) in self.allowed(released["room_ctx"], released["room"], lang), (
                        f"schedule.json in {lang} shows room {s['room']!r} for {released['room']!r}")
                assert (s["start"], s["duration"]) == (released["start"], released["duration"])
                if released["description"]:
                    assert _norm(s["description"]) in self.allowed(
                        f"session:{pid}:description", released["description"], lang), (
                        f"schedule.json in {lang} shows the description {s['description']!r} "
                        f"for {released['description']!r}")
            # A session's page (two per step, in turn, among those with translations): the title in its heading.
            candidates = [pid for pid in sorted(release) if self.forbidden(ctx_of.get(pid), release[pid]["title"], lang)
                          or len(self.allowed(ctx_of.get(pid), release[pid]["title"], lang)) > 1]
            self.page_turn += 1
            for pid in candidates[self.page_turn % max(len(candidates), 1):][:1]:
                released = release[pid]
                context = ctx_of.get(pid)
                bad = self.forbidden(context, released["title"], lang)
                good = self.allowed(context, released["title"], lang)
                page = self.get(self.public, f"/{lang}/e/{self.slug}/s/{pid}", 200).get_data(as_text=True)
                heading = page[page.index("<h1"):page.index("</h1>")]
                text = _text(heading)
                assert any(t in text for t in good), (f"the {lang} page of {pid} shows no current title", heading)
                for t in bad:
                    if t in text:
                        assert re.search(rf'lang="{SOURCE}"[^>]*>\s*{re.escape(html.escape(released["title"]))}',
                                         heading), (f"the {lang} page of {pid} shows {t!r} as current", heading)
                source = _norm(released["title"])
                if source in text and not any(t in text for t in good - {source}):
                    assert re.search(rf'lang="{SOURCE}"', heading), (
                        f"the {lang} page of {pid} shows the source title without its lang", heading)

    @invariant()
    def translations_go_with_their_objects(self):
        """A deleted room, session, person or paper leaves no translation behind in the database."""
        if not getattr(self, "slug", ""):
            return
        md = db.metadata.tables
        rows = self.query(sa.select(md["translation"].c.object_type, md["translation"].c.object_id)).all()
        existing = {kind: set(self.query(sa.select(md[kind].c.id)).scalars()) for kind in {r[0] for r in rows}}
        dangling = sorted({(kind, oid) for kind, oid in rows if oid not in existing[kind]})
        assert not dangling, f"translations of deleted objects are left: {dangling}"
        db.session.remove()

    @invariant()
    def change_log_is_the_difference_of_the_last_two_releases(self):
        if not getattr(self, "slug", "") or not self.published:
            return
        page = self.get(self.public, f"/{SOURCE}/e/{self.slug}/changes", 200).get_data(as_text=True)
        assert page.count('class="release"') == len(self.releases), "the change log does not list every release"
        if len(self.releases) < 2:
            return
        old, new = self.releases[-2]["sessions"], self.releases[-1]["sessions"]
        section = changes_section(page, len(self.releases))
        retitled = {(old[p]["title"], new[p]["title"]) for p in new if p in old and old[p]["title"] != new[p]["title"]}
        shown = {(m[1], m[2]) for m in map(SQ_RETITLED.fullmatch, items(section)) if m}
        assert shown == retitled, ("the change log's renamed sessions are not the releases' difference", section)
        text = _text(section)
        for p in set(new) - set(old):
            assert new[p]["title"] in text, (f"the change log does not name the new session {new[p]['title']!r}",
                                             section)
        for p in set(old) - set(new):
            assert old[p]["title"] in text, (f"the change log does not name the cancelled {old[p]['title']!r}",
                                             section)
        for p in set(new) & set(old):
            if (old[p]["start"], old[p]["duration"]) != (new[p]["start"], new[p]["duration"]):
                assert new[p]["title"] in text, (f"the change log does not say {new[p]['title']!r} moved", section)
        if not old.keys() ^ new.keys() and not retitled and all(
                {k: v for k, v in old[p].items() if k != "room_ctx"} == {k: v for k, v in new[p].items()
                                                                         if k != "room_ctx"} for p in new):
            assert "<li>" not in section, ("the change log lists changes the releases do not have", section)
        # In another language a renamed session is never "X is now called X".
        for lang, pattern in (("sr", SR_RETITLED), ("en", EN_RETITLED)):
            other = self.get(self.public, f"/{lang}/e/{self.slug}/changes", 200).get_data(as_text=True)
            for m in map(pattern.fullmatch, items(changes_section(other, len(self.releases)))):
                if m:
                    assert m[1] != m[2], f"the {lang} change log says {m[0]!r}"


def _duration(start: time, end: time) -> str:
    minutes = (datetime.combine(DAY, end) - datetime.combine(DAY, start)).seconds // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def test_organizer_and_translator_histories(database_url, tmp_path):
    """Random histories of organizer and translator actions keep every invariant (see the module)."""
    app = create_app(_config(database_url, tmp_path / "papers"))
    app.test_client_class = FreshContextClient
    machine = type("Machine", (DitaMachine,), {"app": app, "upload_dir": str(tmp_path)})
    try:
        run_state_machine_as_test(machine, settings=settings(
            max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                                   HealthCheck.function_scoped_fixture],
        ))
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        _empty_tables(database_url)

"""A published event as the public reads it: plain objects, loaded in a fixed number of queries.

Public pages and exports only read an event, and for a large one (300 sessions, 600 people,
1,200 participations) building ORM objects costs more than rendering the page: identity map,
attribute instrumentation and relationship loading for thousands of objects. Here the same
rows come from a few Core selects into slotted dataclasses that carry the models' attribute
names (`session.title`, `session.room`, `part.person.display_name`, `__tablename__` for the
content translator), so templates, services and exports read either kind.

The objects are a snapshot for one request; nothing here writes to the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Event, EventLanguage, EventStatus, LanguageChannel, Paper, PaperFile, PaperFormat, PaperKind, Participation,
    ParticipationRole, Person, Room, Session, SessionFormat, SessionLanguage, StakeholderGroup,
)
from app.models.event import EventCalendar
from app.models.person import PersonName
from app.models.types import ordered_languages


@dataclass(slots=True, eq=False)
class AgendaRoom:
    __tablename__: ClassVar[str] = "room"
    id: int
    event_id: int
    name: str
    capacity: int | None
    accessibility: str
    position: int


@dataclass(slots=True, eq=False)
class AgendaPerson(PersonName):
    __tablename__: ClassVar[str] = "person"
    id: int
    event_id: int
    name: str
    honorific: str
    function: str
    organization: str
    country: str
    stakeholder_group: StakeholderGroup
    gender: str
    bio: str

    def __post_init__(self):
        self.stakeholder_group = _GROUPS[self.stakeholder_group]


@dataclass(slots=True, eq=False)
class AgendaParticipation:
    id: int
    session_id: int
    person_id: int
    role: ParticipationRole
    position: int
    person: AgendaPerson


@dataclass(slots=True, eq=False)
class AgendaPaperFile:
    id: int
    paper_id: int
    lang: str
    filename: str
    format: PaperFormat
    size: int

    def __post_init__(self):
        self.format = _PAPER_FORMATS[self.format]

    @property
    def mimetype(self) -> str:
        return PaperFile.MIMETYPES[self.format]


@dataclass(slots=True, eq=False)
class AgendaPaper:
    __tablename__: ClassVar[str] = "paper"
    id: int
    session_id: int
    event_id: int
    kind: PaperKind
    title: str
    external_url: str | None
    position: int
    files: list[AgendaPaperFile] = field(default_factory=list)

    def __post_init__(self):
        self.kind = _PAPER_KINDS[self.kind]

    def file_for(self, lang: str) -> AgendaPaperFile | None:
        return next((f for f in self.files if f.lang == lang), None)


@dataclass(slots=True, eq=False)
class AgendaSession:
    __tablename__: ClassVar[str] = "session"
    id: int
    event_id: int
    public_id: str
    format: SessionFormat
    number: int | None
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    room_id: int | None
    room: AgendaRoom | None = None
    participations: list[AgendaParticipation] = field(default_factory=list)
    papers: list[AgendaPaper] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    interpretation: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.format = _FORMATS[self.format]


@dataclass(slots=True, eq=False)
class AgendaEvent(EventCalendar):
    __tablename__: ClassVar[str] = "event"
    id: int
    slug: str
    title: str
    description: str
    start_date: date
    end_date: date
    timezone: str
    venue: str
    city: str
    country: str
    source_language: str
    status: EventStatus
    published_version: int
    updated_at: datetime
    offered_languages: list[str] = field(default_factory=list)
    rooms: list[AgendaRoom] = field(default_factory=list)
    sessions: list[AgendaSession] = field(default_factory=list)

    def __post_init__(self):
        self.status = EventStatus(self.status)


def _columns(model, *names: str) -> list:
    return [_plain(model.__table__.c[name]) for name in names]


def _plain(column):
    """Enum columns read as their strings: SQLAlchemy's enum conversion, row by row in Python, costs
    more than the rest of loading; the dataclasses turn the strings into members by a dict lookup."""
    return sa.type_coerce(column, sa.String).label(column.name) if isinstance(column.type, sa.Enum) else column


def _members(enum) -> dict:
    return {member.value: member for member in enum}


_FORMATS, _ROLES, _GROUPS = _members(SessionFormat), _members(ParticipationRole), _members(StakeholderGroup)
_PAPER_KINDS, _PAPER_FORMATS = _members(PaperKind), _members(PaperFormat)


_EVENT = _columns(Event, "id", "slug", "title", "description", "start_date", "end_date", "timezone", "venue", "city",
                  "country", "source_language", "status", "published_version", "updated_at")
_ROOM = _columns(Room, "id", "event_id", "name", "capacity", "accessibility", "position")
_PERSON = _columns(Person, "id", "event_id", "name", "honorific", "function", "organization", "country",
                   "stakeholder_group", "gender", "bio")
_SESSION = _columns(Session, "id", "event_id", "public_id", "format", "number", "title", "description", "starts_at",
                    "ends_at", "room_id")
_PAPER = _columns(Paper, "id", "session_id") + [Session.__table__.c.event_id] + _columns(
    Paper, "kind", "title", "external_url", "position")
_PAPER_FILE = _columns(PaperFile, "id", "paper_id", "lang", "filename", "format", "size")


# The statements are built once: building a select and its cache key costs more, each time, than
# SQLite takes to run the small ones. Each takes the event's id as :event_id.
_EVENT_ID = sa.bindparam("event_id", type_=sa.Integer)
_IN_EVENT = Session.event_id == _EVENT_ID
_EVENT_ROW = sa.select(
    *_EVENT,
    sa.select(sa.func.aggregate_strings(EventLanguage.lang, ","))
    .where(EventLanguage.event_id == Event.id).scalar_subquery(),
).where(Event.slug == sa.bindparam("slug"), Event.status == EventStatus.PUBLISHED)
_ROOMS = sa.select(*_ROOM).where(Room.event_id == _EVENT_ID).order_by(Room.position, Room.id)
_SESSIONS = sa.select(*_SESSION).where(_IN_EVENT).order_by(Session.starts_at, Session.id)
# One row per session and channel with its languages joined (300 rows, not 1,800).
_LANGUAGES = (
    sa.select(SessionLanguage.session_id, _plain(SessionLanguage.__table__.c.channel),
              sa.func.aggregate_strings(SessionLanguage.lang, ","))
    .join(Session, Session.id == SessionLanguage.session_id).where(_IN_EVENT)
    .group_by(SessionLanguage.session_id, SessionLanguage.channel)
)
# The people who take part in a session: nobody else appears on a public page.
_TAKING_PART = sa.select(Participation.person_id).join(Session, Session.id == Participation.session_id).where(_IN_EVENT)
_PEOPLE_WITH_BIOS = sa.select(*_PERSON).where(Person.id.in_(_TAKING_PART))
_PEOPLE = sa.select(*_PERSON[:-1]).where(Person.id.in_(_TAKING_PART))
_PARTICIPATIONS = (
    sa.select(Participation.id, Participation.session_id, Participation.person_id,
              _plain(Participation.__table__.c.role), Participation.position)
    .join(Session, Session.id == Participation.session_id).where(_IN_EVENT)
    .order_by(Participation.session_id, Participation.position, Participation.id)
)
_PAPERS = (sa.select(*_PAPER).join(Session, Session.id == Paper.session_id).where(_IN_EVENT)
           .order_by(Paper.session_id, Paper.position, Paper.id))
_PAPER_FILES = (sa.select(*_PAPER_FILE).join(Paper, Paper.id == PaperFile.paper_id)
                .join(Session, Session.id == Paper.session_id).where(_IN_EVENT).order_by(PaperFile.lang))


def load_published(slug: str, bios: bool = False) -> AgendaEvent | None:
    """The published event with this slug and its whole agenda, in eight queries; None if there is none.

    People's biographies, long and shown only on a speaker's own page, are read when `bios` is set.
    """
    conn = db.session.connection()
    row = conn.execute(_EVENT_ROW, {"slug": slug}).first()
    if row is None:
        return None
    event = AgendaEvent(*row[:-1])
    params = {"event_id": event.id}
    languages = (row[-1] or "").split(",")
    event.offered_languages = [event.source_language,
                               *(c for c in ordered_languages(languages) if c != event.source_language)]

    event.rooms = [AgendaRoom(*r) for r in conn.execute(_ROOMS, params).all()]
    rooms = {room.id: room for room in event.rooms}

    sessions = [AgendaSession(*r) for r in conn.execute(_SESSIONS, params).all()]
    by_id = {s.id: s for s in sessions}
    for s in sessions:
        s.room = rooms.get(s.room_id)

    for session_id, channel, codes in conn.execute(_LANGUAGES, params).all():
        languages = ordered_languages(codes.split(","))
        if channel == LanguageChannel.FLOOR.value:
            by_id[session_id].languages = languages
        else:
            by_id[session_id].interpretation = languages

    if bios:
        people = {p.id: p for p in (AgendaPerson(*r) for r in conn.execute(_PEOPLE_WITH_BIOS, params).all())}
    else:
        people = {p.id: p for p in (AgendaPerson(*r, bio="") for r in conn.execute(_PEOPLE, params).all())}
    for part_id, session_id, person_id, role, position in conn.execute(_PARTICIPATIONS, params).all():
        by_id[session_id].participations.append(
            AgendaParticipation(part_id, session_id, person_id, _ROLES[role], position, people[person_id]))

    papers = {}
    for r in conn.execute(_PAPERS, params).all():
        paper = papers[r.id] = AgendaPaper(*r)
        by_id[paper.session_id].papers.append(paper)
    if papers:
        for r in conn.execute(_PAPER_FILES, params).all():
            papers[r.paper_id].files.append(AgendaPaperFile(*r))

    event.sessions = sessions
    return event

"""A published event as the public reads it: its last release, as plain objects.

The public never sees the working copy: a publish stores the agenda's rows in the Release
(app/records.py says which columns), and public pages and exports build their objects from
that record — edits after it are a draft until the next publish. Only the event's status and
address are read live, so that unpublishing takes the event down at once.

The objects are slotted dataclasses that carry the models' attribute names (`session.title`,
`session.room`, `part.person.display_name`, `__tablename__` for the content translator), so
templates, services and exports read either kind. They are filled by column name from the
record; every column a release carries has a field here (tests/test_records.py checks it).
A release never changes, so its objects are kept per process (a bounded LRU) and a page
costs two small queries however large the event is.
"""
from __future__ import annotations

import dataclasses
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

import sqlalchemy as sa

from app import records
from app.extensions import db
from app.models import (
    Event,
    EventStatus,
    LanguageChannel,
    LinkKind,
    PaperFile,
    PaperFormat,
    PaperKind,
    ParticipationRole,
    Release,
    SessionFormat,
    StakeholderGroup,
)
from app.models.event import EventCalendar
from app.models.organization import LogoFormat, OrganizationName, OrganizationRoleKind, OrganizationType
from app.models.person import PersonName
from app.models.speakers import EntryStatus, RepresentationLevel
from app.models.types import ordered_languages


@dataclass(slots=True, eq=False)
class AgendaMediaLink:
    """A stream, recording, join or interpretation link of a room or a session (app/media.py)."""
    id: int
    event_id: int
    room_id: int | None
    session_id: int | None
    kind: LinkKind
    lang: str | None
    url: str
    position: int


@dataclass(slots=True, eq=False)
class AgendaRoom:
    __tablename__: ClassVar[str] = "room"
    id: int
    event_id: int
    name: str
    capacity: int | None
    accessibility: str
    position: int
    media_links: list[AgendaMediaLink] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class AgendaOrganization(OrganizationName):
    __tablename__: ClassVar[str] = "organization"
    id: int
    event_id: int
    name: str
    acronym: str
    type: OrganizationType
    website: str | None
    logo_key: str | None
    logo_format: LogoFormat | None
    logo_sha256: str | None
    logo_width: int | None
    logo_height: int | None


@dataclass(slots=True, eq=False)
class AgendaOrganizationRole:
    """An organization as convenor, co-convenor, partner or sponsor of the event or of a session."""
    id: int
    event_id: int
    organization_id: int
    session_id: int | None
    role: OrganizationRoleKind
    position: int
    organization: AgendaOrganization = None  # type: ignore[assignment]  # set right after, from the organizations


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
    bio: str
    #: The organization record the person belongs to (releases before organizations had none).
    organization_id: int | None = None
    affiliation: AgendaOrganization | None = None


@dataclass(slots=True, eq=False)
class AgendaParticipation:
    id: int
    session_id: int
    person_id: int
    role: ParticipationRole
    position: int
    person: AgendaPerson = None  # type: ignore[assignment]  # set right after, from the people


@dataclass(slots=True, eq=False)
class AgendaSpeakerEntry:
    """An entry of a session's list of speakers (app.models.speakers)."""

    __tablename__: ClassVar[str] = "speaker_entry"
    id: int
    session_id: int
    position: int
    person_id: int | None
    on_behalf_of: str
    level: RepresentationLevel
    minutes: int | None
    status: EntryStatus
    inscribed_at: datetime
    person: AgendaPerson | None = None
    event_id: int = 0


@dataclass(slots=True, eq=False)
class AgendaPaperFile:
    id: int
    paper_id: int
    lang: str
    storage_key: str
    filename: str
    format: PaperFormat
    size: int
    sha256: str
    uploaded_at: datetime

    @property
    def mimetype(self) -> str:
        return PaperFile.MIMETYPES[self.format]


@dataclass(slots=True, eq=False)
class AgendaPaper:
    __tablename__: ClassVar[str] = "paper"
    id: int
    session_id: int
    kind: PaperKind
    title: str
    external_url: str | None
    position: int
    #: A statement's entry on the list of speakers.
    speaker_entry_id: int | None = None
    event_id: int = 0
    files: list[AgendaPaperFile] = field(default_factory=list)
    speaker_entry: AgendaSpeakerEntry | None = None

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
    #: Where the session reports back (the plenary where its summary is presented) and who presents it.
    report_back_session_id: int | None = None
    report_back_person_id: int | None = None
    room: AgendaRoom | None = None
    report_back_session: AgendaSession | None = None
    report_back_person: AgendaPerson | None = None
    #: The sessions that report back to this one, in the agenda's order.
    reporting_sessions: list[AgendaSession] = field(default_factory=list)
    participations: list[AgendaParticipation] = field(default_factory=list)
    papers: list[AgendaPaper] = field(default_factory=list)
    speaker_entries: list[AgendaSpeakerEntry] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    interpretation: list[str] = field(default_factory=list)
    media_links: list[AgendaMediaLink] = field(default_factory=list)
    #: Its convenors, co-convenors, partners and sponsors, by role then position.
    organization_roles: list[AgendaOrganizationRole] = field(default_factory=list)


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
    fallback_languages: str
    #: Whose dates and numbers pages in a language without a CLDR locale (Romani) use; releases
    #: made before it existed read as Albanian's.
    dates_language: str = "sq"
    #: "", "un", "eu" or "coe": the footnote on the designation of Kosovo (app/labels.py).
    designation_footnote: str = ""
    #: The default minutes of a statement on a list of speakers; releases before it had 5.
    statement_minutes: int = 5
    #: The day International Migrants Day is observed on (EventCalendar.observed_day); releases before it had none.
    observed_date: date | None = None
    status: EventStatus = EventStatus.PUBLISHED
    published_version: int = 0
    #: When the release the objects come from was published.
    released_at: datetime | None = None
    offered_languages: list[str] = field(default_factory=list)
    rooms: list[AgendaRoom] = field(default_factory=list)
    sessions: list[AgendaSession] = field(default_factory=list)
    organizations: list[AgendaOrganization] = field(default_factory=list)
    #: The event's own convenors, partners and sponsors (those of sessions are on the sessions).
    organization_roles: list[AgendaOrganizationRole] = field(default_factory=list)


#: The read model's class for each table a release carries.
RECORD_CLASSES: dict[str, type] = {
    "event": AgendaEvent, "room": AgendaRoom, "person": AgendaPerson, "session": AgendaSession,
    "participation": AgendaParticipation, "paper": AgendaPaper, "paper_file": AgendaPaperFile,
    "media_link": AgendaMediaLink,
    "speaker_entry": AgendaSpeakerEntry,
    "organization": AgendaOrganization, "organization_role": AgendaOrganizationRole,
}


def _fields(cls: type, table: sa.Table) -> tuple[str, ...]:
    """The dataclass fields that are columns a release carries: filled by name from its rows."""
    released = {column.name for column in records.carried(table, records.NOT_RELEASED)}
    return tuple(f.name for f in dataclasses.fields(cls) if f.name in released)


_TABLES = db.metadata.tables
_FIELDS = {name: _fields(cls, _TABLES[name]) for name, cls in RECORD_CLASSES.items()}


def _build(name: str, row: dict, **extra):
    values = records.load_row(_TABLES[name], row, _FIELDS[name])
    return RECORD_CLASSES[name](**values, **extra)


def _languages(rows: list[dict], channel: str | None = None) -> list[str]:
    return ordered_languages(r["lang"] for r in rows if channel is None or r["channel"] == channel)


def event_from_listing(listing: dict, status: EventStatus, version: int, released_at: datetime | None
                       ) -> AgendaEvent:
    """The event as its release lists it (no agenda), with its live status."""
    event = _build("event", listing["event"][0], status=status, published_version=version, released_at=released_at)
    others = [c for c in _languages(listing["event_language"]) if c != event.source_language]
    event.offered_languages = [event.source_language, *others]
    return event


def agenda_from_record(listing: dict, snapshot: dict, status: EventStatus, version: int,
                       released_at: datetime | None, bios: bool = True) -> AgendaEvent:
    """The released event with its whole agenda, built from the release's rows."""
    event = event_from_listing(listing, status, version, released_at)
    tables = snapshot["tables"]
    event.rooms = sorted((_build("room", r) for r in tables["room"]), key=lambda r: (r.position, r.id))
    rooms = {room.id: room for room in event.rooms}
    people = {p.id: p for p in (_build("person", r) for r in tables["person"])}
    if not bios:
        for person in people.values():
            person.bio = ""
    sessions = sorted((_build("session", r) for r in tables["session"]), key=lambda s: (s.starts_at, s.id))
    by_id = {s.id: s for s in sessions}
    for s in sessions:
        s.room = rooms.get(s.room_id)
    for s in sessions:
        s.report_back_session = by_id.get(s.report_back_session_id) if s.report_back_session_id else None
        s.report_back_person = people.get(s.report_back_person_id) if s.report_back_person_id else None
        if s.report_back_session is not None:
            s.report_back_session.reporting_sessions.append(s)
    held: dict[int, list[dict]] = {}
    for row in tables["session_language"]:
        held.setdefault(row["session_id"], []).append(row)
    for session_id, rows in held.items():
        by_id[session_id].languages = _languages(rows, LanguageChannel.FLOOR.value)
        by_id[session_id].interpretation = _languages(rows, LanguageChannel.INTERPRETATION.value)
    parts = sorted((_build("participation", r) for r in tables["participation"]),
                   key=lambda p: (p.session_id, p.position, p.id))
    for part in parts:
        part.person = people[part.person_id]
        by_id[part.session_id].participations.append(part)
    # Releases made before lists of speakers existed have none.
    for entry in sorted((_build("speaker_entry", r) for r in tables.get("speaker_entry", [])),
                        key=lambda e: (e.session_id, e.position, e.id)):
        entry.event_id = event.id
        entry.person = people.get(entry.person_id) if entry.person_id is not None else None
        by_id[entry.session_id].speaker_entries.append(entry)
    papers = {}
    for paper in sorted((_build("paper", r) for r in tables["paper"]), key=lambda p: (p.session_id, p.position, p.id)):
        paper.event_id = event.id
        papers[paper.id] = paper
        by_id[paper.session_id].papers.append(paper)
    for f in sorted((_build("paper_file", r) for r in tables["paper_file"]), key=lambda f: f.lang):
        papers[f.paper_id].files.append(f)
    entries = {entry.id: entry for s in sessions for entry in s.speaker_entries}
    for paper in papers.values():  # a statement and the entry on the list of speakers it was made at
        paper.speaker_entry = entries.get(paper.speaker_entry_id) if paper.speaker_entry_id else None
    # Releases made before links existed have none.
    built = (_build("media_link", r) for r in tables.get("media_link", ()))
    for link in sorted(built, key=lambda x: (x.position, x.id)):
        owner = rooms.get(link.room_id) if link.room_id is not None else by_id.get(link.session_id or 0)
        if owner is not None:
            owner.media_links.append(link)
    event.sessions = sessions
    _link_organizations(event, people, by_id, tables)
    return event


_ROLE_ORDER = {kind: n for n, kind in enumerate(OrganizationRoleKind)}


def _link_organizations(event: AgendaEvent, people: dict[int, AgendaPerson], sessions: dict[int, AgendaSession],
                        tables: dict) -> None:
    """Organizations, people's affiliations and the event's and sessions' convenors, partners and
    sponsors (releases made before organizations existed have none)."""
    event.organizations = sorted((_build("organization", r) for r in tables.get("organization", ())),
                                 key=lambda o: (o.name, o.id))
    by_id = {o.id: o for o in event.organizations}
    for person in people.values():
        person.affiliation = by_id.get(person.organization_id) if person.organization_id is not None else None
    roles = sorted((_build("organization_role", r) for r in tables.get("organization_role", ())),
                   key=lambda r: (_ROLE_ORDER[r.role], r.position, r.id))
    for role in roles:
        role.organization = by_id[role.organization_id]
        owner = event if role.session_id is None else sessions.get(role.session_id)
        if owner is not None:
            owner.organization_roles.append(role)


#: The live part of a published event and its current release: one index lookup per request.
_CURRENT = (
    sa.select(Event.id, Event.status, Event.published_version, Release.id, Release.published_at)
    .join(Release, sa.and_(Release.event_id == Event.id, Release.number == Event.published_version))
    .where(Event.slug == sa.bindparam("slug"), Event.status == EventStatus.PUBLISHED)
)
_RECORD = sa.select(Release.listing, Release.snapshot).where(Release.id == sa.bindparam("release_id"))

#: The agendas of recent releases (with or without biographies), built once per process rather than
#: per page, since every page only reads them: a cold page of a 300-session event then costs its
#: queries and its template, not 10,000 objects. A release never changes; its id and time of
#: publishing together name it even across a restore of the database, which may give its id to another.
_BUILT: OrderedDict[tuple[int, datetime, bool], AgendaEvent] = OrderedDict()
#: A large event's objects take some megabytes.
BUILT_AGENDAS_KEPT = 8


def load_published(slug: str, bios: bool = False) -> AgendaEvent | None:
    """The published event with this slug as its last release shows it; None if there is none.

    People's biographies, long and shown only on a speaker's own page, are kept when `bios` is set.
    """
    row = db.session.connection().execute(_CURRENT, {"slug": slug}).first()
    if row is None:
        return None
    _event_id, status, version, release_id, released_at = row
    key = (release_id, released_at, bios)
    agenda = _BUILT.get(key)
    if agenda is None:
        listing, snapshot = db.session.connection().execute(_RECORD, {"release_id": release_id}).one()
        if snapshot.get("format") != records.RELEASE_FORMAT:
            return None  # a release from before releases carried their agenda: publish again
        agenda = _BUILT[key] = agenda_from_record(listing, snapshot, EventStatus.PUBLISHED, version, released_at,
                                                  bios=bios)
        while len(_BUILT) > BUILT_AGENDAS_KEPT:
            _BUILT.popitem(last=False)
    else:
        _BUILT.move_to_end(key)
    # The live part of the event on a shell of its own; the agenda's objects are shared, read-only.
    return dataclasses.replace(agenda, status=EventStatus(status), published_version=version)


def draft_agenda(event: Event, bios: bool = True) -> AgendaEvent:
    """The event's working copy as the next publish would release it (for its members' preview)."""
    db.session.flush()
    listing, snapshot = records.release_record(db.session.connection(), db.metadata.tables, event.id)
    return agenda_from_record(listing, snapshot, event.status, event.published_version, None, bios=bios)


_LISTINGS = (
    sa.select(Event.status, Event.published_version, Release.published_at, Release.listing)
    .join(Release, sa.and_(Release.event_id == Event.id, Release.number == Event.published_version))
    .where(Event.status == EventStatus.PUBLISHED)
)


def load_listings() -> list[AgendaEvent]:
    """Every published event as its last release lists it, without agendas, in one query."""
    return [
        event_from_listing(listing, EventStatus(status), version, released_at)
        for status, version, released_at, listing in db.session.connection().execute(_LISTINGS)
        if listing
    ]

"""Guards for one truth per record shape: every mapped column reaches the release, the read model
and the archive, or is named as left out on purpose (app/records.py). A column added to a model
either travels everywhere or fails here."""
from __future__ import annotations

import dataclasses
import hashlib

import pytest
import sqlalchemy as sa

from app import records
from app.extensions import db
from app.models import Event, PaperFile, PaperFormat, ParticipationRole, Release, TranslationStatus
from app.models.media import LinkKind, MediaLink
from app.models.organization import Organization, OrganizationRole, OrganizationRoleKind, OrganizationType
from app.models.speakers import RepresentationLevel, SpeakerEntry
from app.public.agenda import RECORD_CLASSES, load_published
from app.storage import get_storage
from tests import factories as f
from tests.describe import DIFFERS_BY_DESIGN

#: Tables the read model keeps as plain lists of languages, and the columns it reads of them.
LANGUAGE_TABLES = {"event_language": {"event_id", "lang"}, "session_language": {"session_id", "lang", "channel"}}


def test_every_table_is_archived_or_named_as_left_out():
    tables = set(db.metadata.tables)
    archived, left_out = set(records.ARCHIVE_TABLES), set(records.NOT_IN_ARCHIVES)
    assert not archived & left_out
    assert archived | left_out == tables, "a new table: archive it or say in NOT_IN_ARCHIVES why not"


def test_every_released_column_has_a_field_in_the_read_model():
    for name in (*records.EVENT_TABLES, *records.AGENDA_TABLES):
        table = db.metadata.tables[name]
        released = {column.name for column in records.carried(table, records.NOT_RELEASED)}
        if name in LANGUAGE_TABLES:
            assert released == LANGUAGE_TABLES[name], f"{name}: the read model reads {LANGUAGE_TABLES[name]}"
            continue
        fields = {field.name for field in dataclasses.fields(RECORD_CLASSES[name])}
        assert released <= fields, f"{name}: {released - fields} reach the release but not the read model"


def test_what_an_archive_leaves_out_is_what_a_copy_may_change():
    for name in records.ARCHIVE_TABLES:
        left_out = records.skipped(records.NOT_ARCHIVED, name)
        assert left_out <= DIFFERS_BY_DESIGN, f"{name}: {left_out - DIFFERS_BY_DESIGN}"


@pytest.fixture
def published(app):
    event = f.make_event("shape", source="sq", languages=("sq", "en", "sr"), description="*Dita*", venue="Salla",
                         city="Prizren", country="XK", fallback_languages="sr,en")
    room = f.make_room(event, "Salla e madhe", capacity=120, accessibility="Rampë")
    session = f.make_session(event, "09:00", "10:00", title="Hapja", description="Fjalimi", room=room, number=1)
    session.languages = ["sq"]
    session.interpretation = ["en", "sr"]
    person = f.make_person(event, "Arta Krasniqi", honorific="Dr.", function="Ministre", organization="MPB",
                           country="XK", gender="woman", gender_description="grua", bio="Ekonomiste")
    f.make_participation(session, person, ParticipationRole.CO_CHAIR, position=2)
    organization = Organization(event=event, name="Ministria e Punëve të Brendshme", acronym="MPB",
                                type=OrganizationType.STATE, website="https://mpb.rks-gov.net")
    person.affiliation = organization
    db.session.add_all([OrganizationRole(event_id=event.id, organization=organization,
                                         role=OrganizationRoleKind.CONVENOR),
                        OrganizationRole(event_id=event.id, organization=organization, session=session,
                                         role=OrganizationRoleKind.PARTNER, position=1)])
    paper = f.make_paper(session, "Dokumenti", external_url="https://example.org/d")
    content = f.pdf_bytes("shape")
    paper.files.append(PaperFile(lang="sq", storage_key=get_storage().save(content, "pdf"), filename="d.pdf",
                                 format=PaperFormat.PDF, size=len(content), sha256=hashlib.sha256(content).hexdigest()))
    f.make_translation(event, session, "title", "en", "Opening", TranslationStatus.REVIEWED)
    session.speaker_entries.append(SpeakerEntry(person=person, on_behalf_of="Kosova", minutes=3, position=1,
                                                level=RepresentationLevel.MINISTER))
    db.session.add_all([
        MediaLink(event_id=event.id, room_id=room.id, kind=LinkKind.STREAM, url="https://example.org/live"),
        MediaLink(event_id=event.id, session_id=session.id, kind=LinkKind.INTERPRETATION, lang="en",
                  url="https://example.org/en", position=1),
    ])
    f.release(event)
    return event


def _pairs(event, agenda):
    """Each ORM object with its read-model twin, by table."""
    yield "event", event, agenda
    organizations = {o.id: o for o in agenda.organizations}
    for organization in event.organizations:
        yield "organization", organization, organizations[organization.id]
    roles = {r.id: r for r in [*agenda.organization_roles, *(r for s in agenda.sessions for r in s.organization_roles)]}
    for role in event.organization_roles:
        yield "organization_role", role, roles[role.id]
    rooms = {r.id: r for r in agenda.rooms}
    for room in event.rooms:
        yield "room", room, rooms[room.id]
    sessions = {s.id: s for s in agenda.sessions}
    for session in event.sessions:
        twin = sessions[session.id]
        yield "session", session, twin
        parts = {p.id: p for p in twin.participations}
        for part in session.participations:
            yield "participation", part, parts[part.id]
            yield "person", part.person, parts[part.id].person
        papers = {p.id: p for p in twin.papers}
        for paper in session.papers:
            yield "paper", paper, papers[paper.id]
            files = {x.id: x for x in papers[paper.id].files}
            for file in paper.files:
                yield "paper_file", file, files[file.id]
        entries = {e.id: e for e in twin.speaker_entries}
        for entry in session.speaker_entries:
            yield "speaker_entry", entry, entries[entry.id]
    links = {x.id: x for owner in (*agenda.rooms, *agenda.sessions) for x in owner.media_links}
    for link in db.session.scalars(sa.select(MediaLink).where(MediaLink.event_id == event.id)):
        yield "media_link", link, links[link.id]


def test_the_read_model_holds_what_the_models_hold(published):
    """Two places: the mapped objects, and what the public read model builds from the release."""
    agenda = load_published("shape", bios=True)
    assert agenda is not None
    seen = set()
    for name, orm, twin in _pairs(published, agenda):
        for column in records.carried(db.metadata.tables[name], records.NOT_RELEASED):
            assert getattr(twin, column.name) == getattr(orm, column.name), f"{name}.{column.name}"
        seen.add(name)
    assert seen == set(RECORD_CLASSES)
    session = published.sessions[0]
    assert (agenda.sessions[0].languages, agenda.sessions[0].interpretation) == (session.languages,
                                                                              session.interpretation)
    assert agenda.offered_languages == published.offered_languages
    assert agenda.fallback_order == published.fallback_order == ["sr", "en", "sq"]


def test_what_is_left_out_of_a_release_is_not_in_it(published):
    release = db.session.scalar(sa.select(Release).where(Release.event_id == published.id))
    for name, rows in {**release.listing, **release.snapshot["tables"]}.items():
        left_out = records.skipped(records.NOT_RELEASED, name)
        for row in rows:
            assert not left_out & row.keys(), f"{name}: {left_out & row.keys()}"
    assert "grua" not in str(release.snapshot)  # a person's self-described gender stays private


def test_a_release_made_before_a_column_existed_still_reads(published):
    """Old releases lack new columns: the read model gives them the column's default."""
    release = db.session.scalar(sa.select(Release).where(Release.event_id == published.id))
    listing = {**release.listing, "event": [{k: v for k, v in release.listing["event"][0].items()
                                             if k != "fallback_languages"}]}
    release.listing = listing
    db.session.commit()
    db.session.expire_all()
    event = db.session.scalar(sa.select(Event).where(Event.slug == "shape"))
    event.published_version = release.number  # the same release, read again under a new key
    release.published_at = release.published_at.replace(microsecond=(release.published_at.microsecond + 1) % 10**6)
    db.session.commit()
    agenda = load_published("shape")
    assert agenda is not None and agenda.fallback_languages == ""

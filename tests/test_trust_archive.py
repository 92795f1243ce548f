"""Copy, export and import carry everything, old archives included; translations go with their
objects in the database itself. Issue 12, items 1 and 2, and the archive guarantees."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.manage.archive import export_zip, import_zip
from app.models import Event, Person, Room, Session, Translation, TranslationStatus
from tests import factories as f
from tests.conftest import csrf_token
from tests.describe import describe

V1_ARCHIVE = Path(__file__).parent / "data" / "archive-v1-migrants-day.zip"


@pytest.fixture
def event(app):
    owner = f.make_user("organizer@example.org")
    event = f.make_event("kept", owner=owner, source="sq", languages=("sq", "sr", "en"))
    session = f.make_session(event, "09:00", "10:00", title="Hapja")
    speaker = f.make_person(event, "Arta Krasniqi", function="Ministre")
    unscheduled = f.make_person(event, "Besa Gashi", function="Drejtoreshë", organization="Komuna")
    f.make_participation(session, speaker)
    f.make_translation(event, unscheduled, "function", "sr", "Direktorka", TranslationStatus.REVIEWED)
    f.make_translation(event, speaker, "function", "en", "Minister")
    db.session.commit()
    return event


def _people(event_id: int) -> list[str]:
    return sorted(db.session.scalars(sa.select(Person.name).where(Person.event_id == event_id)))


def test_copy_carries_people_in_no_session_and_their_translations(app, client, auth, event):
    """Copy answered 500 (translation.object_id NULL) and dropped people in no session."""
    auth.login()
    url = "/manage/kept/copy"
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    copy = db.session.scalar(sa.select(Event).where(Event.slug != "kept"))
    assert _people(copy.id) == ["Arta Krasniqi", "Besa Gashi"]
    assert describe(copy, times=False) == describe(event, times=False)


def test_archive_round_trip_in_the_ui_and_the_cli_keeps_every_person(app, client, auth, runner, event, tmp_path):
    auth.login()
    archive = client.get("/manage/kept/export.zip").data
    url = "/manage/import"
    response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                      "archive": (io.BytesIO(archive), "event.zip")})
    assert response.status_code == 302
    imported = db.session.scalar(sa.select(Event).where(Event.slug == "kept-2"))
    assert describe(imported) == describe(event)

    target = tmp_path / "kept.zip"
    assert runner.invoke(args=["events", "export", "kept", "-o", str(target)]).exit_code == 0
    result = runner.invoke(args=["events", "import", str(target), "--owner", "organizer@example.org"])
    assert result.exit_code == 0, result.output
    again = db.session.scalar(sa.select(Event).where(Event.slug == "kept-3"))
    assert describe(again) == describe(event)


def test_archives_of_format_version_1_still_import(app, event):
    """Archives are the organizers' data: the format written before this version reads as it did."""
    owner = event.members[0].user
    imported = import_zip(V1_ARCHIVE.read_bytes(), owner)
    counts = {model.__tablename__: db.session.scalar(
        sa.select(sa.func.count()).select_from(model).where(model.event_id == imported.id))
        for model in (Room, Person, Session, Translation)}
    assert counts == {"room": 3, "person": 15, "session": 10, "translation": 118}
    # Version 1 to version 2 and back in: nothing changes.
    again = import_zip(export_zip(imported), owner)
    assert describe(again) == describe(imported)
    # The times are the event's wall-clock times, as version 1 wrote them.
    opening = min(imported.sessions, key=lambda s: s.starts_at)
    assert opening.starts_at.astimezone(imported.tz).strftime("%H:%M") == "09:00"


def test_deleting_an_object_deletes_its_translations_in_the_database(app, event):
    """Translations hang on a foreign key with ON DELETE CASCADE: a plain SQL delete, with no
    ORM hook involved, takes them along."""
    person = db.session.scalar(sa.select(Person).where(Person.name == "Besa Gashi"))
    session = event.sessions[0]
    f.make_translation(event, session, "title", "sr", "Otvaranje")
    db.session.commit()
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Translation))
    db.session.execute(sa.delete(Person).where(Person.id == person.id))
    db.session.execute(sa.delete(Session).where(Session.id == session.id))
    db.session.commit()
    left = db.session.scalars(sa.select(Translation)).all()
    assert len(left) == before - 2
    assert {(t.object_type, t.field) for t in left} == {("person", "function")}  # the speaker's, kept


def test_a_translation_must_point_at_its_object(app, event):
    """The database refuses a translation whose foreign key disagrees with its object."""
    person = db.session.scalar(sa.select(Person).where(Person.name == "Besa Gashi"))
    row = Translation(event_id=event.id, object_type="person", object_id=person.id, field="bio", lang="en",
                      text="x", source_fingerprint="y")
    db.session.add(row)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()

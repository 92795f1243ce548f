"""Copy to next year, and export → import of an event archive."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.content import set_translation
from app.extensions import db
from app.manage.archive import ArchiveError, export_zip, import_zip, next_year_start
from app.models import (
    Event,
    EventMember,
    MemberRole,
    PaperFile,
    PaperFormat,
    ParticipationRole,
    SessionFormat,
    Translation,
)
from app.storage import get_storage
from tests.conftest import csrf_token
from tests.describe import describe
from tests.factories import (
    make_event,
    make_paper,
    make_participation,
    make_person,
    make_room,
    make_session,
    make_user,
    pdf_bytes,
)


@pytest.fixture
def full_event(app):
    """A two-day event with everything an event can hold."""
    owner = make_user("organizer@example.org")
    event = make_event("migrants-day-2026", owner=owner, days=2, source="sq", languages=["sq", "en", "sr"],
                       description="*Dita*", venue="Salla e Kuqe", city="Prizren", country="XK")
    room = make_room(event, "Salla plenare", capacity=200, accessibility="Rampë")
    rt = make_session(event, "10:00", "13:00", format=SessionFormat.ROUNDTABLE, number=1, room=room,
                      title="Tryeza 1", description="**Tema**")
    rt.languages = ["sq", "sr"]
    rt.interpretation = ["en"]
    closing = make_session(event, "17:30", "18:00", room=room, title="Mbyllja", day_offset=1)
    person = make_person(event, "Ana Krasniqi", honorific="Dr.", function="Profesoreshë", organization="UP",
                         country="XK", gender="woman", gender_description="grua", bio="Bio")
    make_participation(rt, person, ParticipationRole.CO_CHAIR)
    make_participation(closing, person, ParticipationRole.SPEAKER, position=1)
    paper = make_paper(rt, "Dokumenti i sfondit")
    content = pdf_bytes("rt1")
    paper.files.append(PaperFile(lang="en", storage_key=get_storage().save(content, "pdf"), filename="rt1.pdf",
                                 format=PaperFormat.PDF, size=len(content), sha256=hashlib.sha256(content).hexdigest()))
    make_paper(closing, "UN page", external_url="https://www.un.org/en/observances/migrants-day")
    db.session.flush()
    set_translation(event.id, rt, "title", "en", "Roundtable 1")
    set_translation(event.id, person, "function", "en", "Professor")
    set_translation(event.id, paper, "title", "sr", "Pozadinski dokument")
    db.session.commit()
    return event




def test_copy_to_next_year_keeps_offsets_and_wall_clock(app, client, auth, full_event):
    copier = make_user("copier@example.org")
    db.session.add(EventMember(event=full_event, user=copier, role=MemberRole.EDITOR))
    db.session.commit()
    assert next_year_start(full_event) == date(2027, 12, 18)
    auth.login("copier@example.org")
    url = "/manage/migrants-day-2026/copy"
    assert "18 December 2027" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    copy = db.session.scalar(sa.select(Event).where(Event.slug == "migrants-day-2027"))
    assert response.headers["Location"].endswith("/manage/migrants-day-2027/")
    assert (copy.start_date, copy.end_date) == (date(2027, 12, 18), date(2027, 12, 19))
    assert not copy.is_published and copy.releases == []
    assert [(m.user.email, m.role) for m in copy.members] == [("copier@example.org", MemberRole.OWNER)]
    tz = ZoneInfo("Europe/Belgrade")
    times = sorted((s.title, s.starts_at, s.ends_at) for s in copy.sessions)
    assert times == [
        ("Mbyllja", datetime(2027, 12, 19, 17, 30, tzinfo=tz), datetime(2027, 12, 19, 18, 0, tzinfo=tz)),
        ("Tryeza 1", datetime(2027, 12, 18, 10, 0, tzinfo=tz), datetime(2027, 12, 18, 13, 0, tzinfo=tz)),
    ]
    # Everything else is equal, files are copies under new keys, translations point at the new objects.
    assert describe(copy, times=False) == describe(full_event, times=False)
    old_keys = {f.storage_key for s in full_event.sessions for p in s.papers for f in p.files}
    new_files = [f for s in copy.sessions for p in s.papers for f in p.files]
    assert len(new_files) == 1 and new_files[0].storage_key not in old_keys
    assert get_storage().read(new_files[0].storage_key) == pdf_bytes("rt1")
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(Translation).where(Translation.event_id == copy.id)) == 3


def test_export_import_round_trip_loses_nothing(app, full_event):
    owner = full_event.members[0].user
    archive = export_zip(full_event)
    imported = import_zip(archive, owner)
    assert imported.slug == "migrants-day-2026-2" and not imported.is_published
    assert describe(imported) == describe(full_event)
    assert set(zipfile.ZipFile(io.BytesIO(archive)).namelist()) == {"event.json", "files/0001-en.pdf"}


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_broken_archives_change_nothing(app, full_event, tmp_path):
    owner = full_event.members[0].user
    good = export_zip(full_event)
    files_before = set((tmp_path / "papers").iterdir())
    events_before = _count(Event)

    def rewrite(change) -> bytes:
        source = zipfile.ZipFile(io.BytesIO(good))
        data = json.loads(source.read("event.json"))
        members = {n: source.read(n) for n in source.namelist() if n != "event.json"}
        change(data, members)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("event.json", json.dumps(data))
            for name, content in members.items():
                archive.writestr(name, content)
        return out.getvalue()

    broken = {
        "not a zip": b"hello",
        "no json": rewrite(lambda d, m: None).replace(b"event.json", b"other.json"),
        "bad format": rewrite(lambda d, m: d["tables"]["session"][0].update(format="party")),
        "bad zone": rewrite(lambda d, m: d["tables"]["event"][0].update(timezone="Mars/Olympus")),
        "missing file": rewrite(lambda d, m: m.clear()),
        "exe as pdf": rewrite(lambda d, m: m.update({"files/0001-en.pdf": b"MZ\x90\x00"})),
        "bad reference": rewrite(lambda d, m: d["tables"]["session"][0].update(room_id=7)),
        "bad language": rewrite(lambda d, m: d["tables"]["translation"][0].update(lang="xx")),
        "unknown version": rewrite(lambda d, m: d.update(version=99)),
        "two events": rewrite(lambda d, m: d["tables"]["event"].append(d["tables"]["event"][0])),
    }
    for name, archive in broken.items():
        try:
            import_zip(archive, owner)
        except ArchiveError as refused:
            assert str(refused), name
        else:
            raise AssertionError(f"{name} was imported")
        assert _count(Event) == events_before, name
        assert set((tmp_path / "papers").iterdir()) == files_before, name


def test_import_in_the_ui(app, client, auth, full_event):
    archive = export_zip(full_event)
    auth.login()
    url = "/manage/import"
    response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                      "archive": (io.BytesIO(archive), "event.zip")})
    assert response.status_code == 302
    response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                      "archive": (io.BytesIO(b"junk"), "event.zip")})
    assert response.status_code == 200
    assert "The file is not a readable ZIP container." in response.get_data(as_text=True)
    export = client.get("/manage/migrants-day-2026/export.zip")
    assert export.status_code == 200 and export.mimetype == "application/zip"


def test_cli_export_and_import(app, runner, full_event, tmp_path):
    target = tmp_path / "event.zip"
    result = runner.invoke(args=["events", "export", "migrants-day-2026", "-o", str(target)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["events", "import", str(target), "--owner", "organizer@example.org"])
    assert result.exit_code == 0, result.output
    assert "Imported migrants-day-2026-2 as a draft." in result.output
    (tmp_path / "bad.zip").write_bytes(b"nope")
    result = runner.invoke(args=["events", "import", str(tmp_path / "bad.zip"), "--owner", "organizer@example.org"])
    assert result.exit_code != 0 and "not a readable ZIP container" in result.output

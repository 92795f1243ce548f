"""Backups that restore: one consistent snapshot while organizers edit, checked before success is
reported, and restore refusing a broken or tampered archive before touching the database.
Issue 12, item 9."""
from __future__ import annotations

import io
import json
import threading
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.backup import BackupError, restore_backup, verify_backup, write_backup
from app.demo import load_demo
from app.extensions import db
from app.models import Event, Room, Session, SessionFormat
from tests import factories as f
from tests.test_backup import _fresh, _migrated_app

KINDS = ["sqlite"] + (["postgresql"] if __import__("tests.conftest").conftest.PG_ADMIN_URL else [])


def _edit_continuously(app, stop: threading.Event, event_id: int, counter: list[int]) -> None:
    """An organizer at work: rooms and sessions in them created and deleted, one commit each."""
    start = datetime(2026, 12, 18, 8, tzinfo=UTC)
    with app.app_context():
        n = 0
        while not stop.is_set():
            n += 1
            room = Room(event_id=event_id, name=f"Room {n}")
            db.session.add(room)
            db.session.flush()
            db.session.add(Session(event_id=event_id, format=SessionFormat.SIDE_EVENT, title=f"Side event {n}",
                                   starts_at=start + timedelta(minutes=n), ends_at=start + timedelta(minutes=n + 30),
                                   room_id=room.id))
            db.session.commit()
            if n % 3 == 0:
                old = db.session.scalar(sa.select(Room).where(Room.name == f"Room {n - 2}"))
                if old is not None:
                    db.session.delete(old)
                    db.session.commit()
            counter[0] = n
        db.session.remove()


@pytest.mark.parametrize("kind", KINDS)
def test_backups_taken_while_organizers_edit_all_restore(postgres, tmp_path, kind):
    source = _migrated_app(_fresh(kind, postgres, tmp_path, "busy"), tmp_path / "papers-a")
    with source.app_context():
        event, _ = load_demo(day=date(2026, 12, 18))
        db.session.commit()
        event_id = event.id
        stop, counter = threading.Event(), [0]
        editor = threading.Thread(target=_edit_continuously, args=(source, stop, event_id, counter))
        editor.start()
        archives = []
        try:
            while len(archives) < 4:
                buffer = io.BytesIO()
                write_backup(buffer)
                archives.append(buffer)
        finally:
            stop.set()
            editor.join()
        assert counter[0] > 0  # the edits really ran alongside
        db.session.remove()
        db.engine.dispose()

    for n, archive in enumerate(archives):
        target = _migrated_app(_fresh(kind, postgres, tmp_path, f"restored-{n}"), tmp_path / f"papers-{n}")
        with target.app_context():
            archive.seek(0)
            restore_backup(archive)
            restored = db.session.scalar(sa.select(Event))
            assert restored is not None and restored.slug == event.slug
            db.engine.dispose()


def _rewrite(archive: bytes, change) -> io.BytesIO:
    source = zipfile.ZipFile(io.BytesIO(archive))
    members = {name: source.read(name) for name in source.namelist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    out.seek(0)
    return out


def _with_checksums(members: dict[str, bytes]) -> None:
    """Make the manifest agree with the members, as someone covering their tracks would."""
    import hashlib
    manifest = json.loads(members["manifest.json"])
    manifest["sha256"] = {name: hashlib.sha256(data).hexdigest() for name, data in members.items()
                          if name != "manifest.json"}
    members["manifest.json"] = json.dumps(manifest).encode()


def test_restore_refuses_broken_or_tampered_archives_before_touching_the_database(tmp_path):
    source = _migrated_app(f"sqlite:///{tmp_path / 'good.sqlite'}", tmp_path / "papers-a")
    with source.app_context():
        load_demo(day=date(2026, 12, 18))
        f.make_user("admin@example.org", admin=True)
        db.session.commit()
        buffer = io.BytesIO()
        write_backup(buffer)
        good = buffer.getvalue()
        db.engine.dispose()

    def tampered_title(members):
        members["data/event.json"] = members["data/event.json"].replace(b"Prishtin", b"Pr1shtin")

    def orphan_session(members):
        rows = json.loads(members["data/room.json"])
        members["data/room.json"] = json.dumps(rows[1:]).encode()  # a room that sessions refer to
        _with_checksums(members)

    def lost_paper(members):
        name = next(n for n in members if n.startswith("papers/"))
        del members[name]
        _with_checksums(members)

    def swapped_paper(members):
        name = next(n for n in members if n.startswith("papers/"))
        members[name] = b"%PDF-1.4 something else"
        _with_checksums(members)

    target = _migrated_app(f"sqlite:///{tmp_path / 'target.sqlite'}", tmp_path / "papers-b")
    with target.app_context():
        for change in (tampered_title, orphan_session, lost_paper, swapped_paper):
            archive = _rewrite(good, change)
            with pytest.raises(BackupError, match="broken"):
                verify_backup(archive)
            archive.seek(0)
            with pytest.raises(BackupError):
                restore_backup(archive)
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0, change.__name__
            assert not any((tmp_path / "papers-b").glob("*")), change.__name__
        restore_backup(io.BytesIO(good))  # the untouched archive restores
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
        db.engine.dispose()


def test_cli_reports_a_checked_backup_and_refuses_a_broken_one(tmp_path):
    app = _migrated_app(f"sqlite:///{tmp_path / 'cli.sqlite'}", tmp_path / "papers")
    with app.app_context():
        load_demo(day=date(2026, 12, 18))
        db.session.commit()
        runner = app.test_cli_runner()
        result = runner.invoke(args=["backup", "-o", str(tmp_path / "dita.zip")])
        assert result.exit_code == 0 and "checked" in result.output, result.output
        broken = _rewrite((tmp_path / "dita.zip").read_bytes(), lambda m: m.pop("data/session.json"))
        (tmp_path / "broken.zip").write_bytes(broken.getvalue())
        result = runner.invoke(args=["restore", "--replace", str(tmp_path / "broken.zip")])
        assert result.exit_code != 0 and "broken" in result.output
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) > 0  # nothing was replaced
        db.engine.dispose()

"""Failures in the middle of multi-row work leave no partial rows and no orphan files:
a copy to next year, an archive import and an upload, each interrupted at its worst moment."""
from __future__ import annotations

import os
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from app.demo import load_demo
from app.extensions import db
from app.manage import archive
from app.models import Event, Paper, PaperFile, Person, Room, Session, Translation
from app.storage import get_storage
from tests import factories as f

TABLES = (Event, Room, Session, Person, Paper, PaperFile, Translation)


def _counts():
    return {m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in TABLES}


def _files(app) -> set[str]:
    root = app.config["UPLOAD_DIR"]
    return set(os.listdir(root)) if os.path.isdir(root) else set()


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    owner = f.make_user("owner@example.org")
    db.session.commit()
    return event, owner


def _fail_on_call(monkeypatch, target, name, call: int, error: Exception):
    original = getattr(target, name)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == call:
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)
    return calls


@pytest.mark.parametrize("error", [RuntimeError("disk went away"), OSError("no space left on device")])
def test_copy_interrupted_while_copying_files(app, demo, monkeypatch, error):
    event, owner = demo
    before, files = _counts(), _files(app)
    storage_class = type(get_storage())
    calls = _fail_on_call(monkeypatch, storage_class, "save", 3, error)
    with pytest.raises(Exception):  # noqa: B017 - any failure will do; the test checks the rollback
        archive.copy_to(event, date(2027, 12, 18), owner)
    assert calls["n"] >= 3
    db.session.rollback()
    assert _counts() == before
    assert _files(app) == files


def test_copy_interrupted_at_commit(app, demo, monkeypatch):
    event, owner = demo
    before, files = _counts(), _files(app)
    _fail_on_call(monkeypatch, db.session, "commit", 1, OperationalError("COMMIT", {}, Exception("connection lost")))
    with pytest.raises(Exception):  # noqa: B017 - any failure will do; the test checks the rollback
        archive.copy_to(event, date(2027, 12, 18), owner)
    monkeypatch.undo()
    db.session.rollback()
    assert _counts() == before
    assert _files(app) == files


def test_import_interrupted_halfway(app, demo, monkeypatch):
    event, owner = demo
    content = archive.export_zip(event)
    before, files = _counts(), _files(app)
    _fail_on_call(monkeypatch, archive, "_add_file", 2, RuntimeError("interrupted"))
    with pytest.raises(Exception):  # noqa: B017 - any failure will do; the test checks the rollback
        archive.import_zip(content, owner)
    db.session.rollback()
    assert _counts() == before
    assert _files(app) == files

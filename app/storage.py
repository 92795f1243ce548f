"""Where paper files live: on disk by default, behind an interface an S3-compatible store can implement."""
from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession

from app.extensions import db
from app.models import Event, Release


class Storage(Protocol):
    def save(self, data: bytes, suffix: str) -> str: ...
    def read(self, key: str) -> bytes: ...
    def path(self, key: str) -> Path: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


class LocalStorage:
    """Files under one directory, named by the app (never by the uploader), written atomically."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _resolve(self, key: str) -> Path:
        if not key or "/" in key or "\\" in key or key.startswith("."):
            raise ValueError("invalid storage key")
        return self.root / key

    def save(self, data: bytes, suffix: str) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(16) + "." + suffix.lstrip(".")
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self._resolve(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return key

    def read(self, key: str) -> bytes:
        return self._resolve(key).read_bytes()

    def path(self, key: str) -> Path:
        return self._resolve(key)

    def delete(self, key: str) -> None:
        self._resolve(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._resolve(key).is_file()


def get_storage() -> Storage:
    return LocalStorage(current_app.config["UPLOAD_DIR"])


_AFTER_COMMIT = "dita_files_after_commit"


def delete_after_commit(session: OrmSession, keys: Iterable[str]) -> None:
    """Delete these files once the session's transaction commits; forget them if it rolls back."""
    session.info.setdefault(_AFTER_COMMIT, []).extend(keys)


def _delete_committed(session: OrmSession) -> None:
    keys = session.info.pop(_AFTER_COMMIT, [])
    if keys:
        storage = get_storage()
        for key in keys:
            storage.delete(key)


def _forget(session: OrmSession, previous_transaction=None) -> None:
    session.info.pop(_AFTER_COMMIT, None)


def register_file_deletion() -> None:
    if not sa_event.contains(OrmSession, "after_commit", _delete_committed):
        sa_event.listen(OrmSession, "after_commit", _delete_committed)
        sa_event.listen(OrmSession, "after_soft_rollback", _forget)


def still_released(keys: list[str]) -> set[str]:
    """Which of these files the current release of an event still shows the public.

    They stay on disk when the working copy lets go of them; the publish that stops showing
    them deletes them (app.publishing). Keys are hex names, so a text search of the releases'
    records finds them exactly.
    """
    if not keys:
        return set()
    current = sa.and_(Release.event_id == Event.id, Release.number == Event.published_version)
    text = sa.cast(Release.snapshot, sa.Text)
    snapshots = db.session.scalars(
        sa.select(text).join(Event, current).where(sa.or_(*(text.contains(key) for key in keys)))
    ).all()
    return {key for key in keys if any(key in snapshot for snapshot in snapshots)}


class FileChanges:
    """Files written and removed alongside one database transaction.

    Files saved through it are deleted again when the transaction fails, so no file is
    left without its row; files marked for deletion go only once the commit succeeded,
    so no row is left without its file.
    """

    def __init__(self, storage: Storage):
        self.storage = storage
        self.saved: list[str] = []
        self.doomed: list[str] = []

    def save(self, data: bytes, suffix: str) -> str:
        key = self.storage.save(data, suffix)
        self.saved.append(key)
        return key

    def delete_after_commit(self, key: str) -> None:
        self.doomed.append(key)

    def commit(self, session) -> None:
        """Commit the session; on failure roll back and delete the new files, then re-raise."""
        try:
            session.commit()
        except BaseException:
            session.rollback()
            self.discard()
            raise
        kept = still_released(self.doomed) if self.doomed else set()
        for key in self.doomed:
            if key not in kept:
                self.storage.delete(key)
        self.doomed.clear()
        self.saved.clear()

    def discard(self) -> None:
        """Delete the files saved so far (the transaction they belonged to did not happen)."""
        for key in self.saved:
            self.storage.delete(key)
        self.saved.clear()
        self.doomed.clear()

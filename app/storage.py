"""Where paper files live: on disk by default, behind an interface an S3-compatible store can implement."""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app


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
        for key in self.doomed:
            self.storage.delete(key)
        self.doomed.clear()
        self.saved.clear()

    def discard(self) -> None:
        """Delete the files saved so far (the transaction they belonged to did not happen)."""
        for key in self.saved:
            self.storage.delete(key)
        self.saved.clear()
        self.doomed.clear()

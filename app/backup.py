"""Back up and restore a whole Dita instance: database content and paper files, in one archive.

The archive is database-neutral (JSON rows per table, files by storage key), so a backup
of SQLite restores into PostgreSQL and the other way round. Restore runs in one
transaction; files are written first and removed again if the database part fails.
"""
from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from alembic.migration import MigrationContext
from flask import Flask

from app.extensions import db
from app.models import PaperFile
from app.models.types import UTCDateTime
from app.storage import get_storage

FORMAT = "dita-backup"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why."""


def _tables() -> list[sa.Table]:
    return list(db.metadata.sorted_tables)


def _dump_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _load_value(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime) or isinstance(column.type, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, sa.Date):
        return date.fromisoformat(value)
    return value


def _revision(connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def write_backup(target) -> dict[str, int]:
    """Write the archive to a path or file object; returns rows per table."""
    counts: dict[str, int] = {}
    storage = get_storage()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        connection = db.session.connection()
        for table in _tables():
            rows = [
                {key: _dump_value(val) for key, val in row._mapping.items()}
                for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            counts[table.name] = len(rows)
            archive.writestr(f"data/{table.name}.json", json.dumps(rows, ensure_ascii=False))
        keys = db.session.scalars(sa.select(PaperFile.storage_key)).all()
        for key in keys:
            if storage.exists(key):
                archive.writestr(f"papers/{key}", storage.read(key))
        manifest = {
            "format": FORMAT, "version": FORMAT_VERSION, "revision": _revision(connection),
            "created_at": datetime.now().astimezone().isoformat(), "tables": counts, "papers": len(keys),
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return counts


def _read_archive(source) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    try:
        archive = zipfile.ZipFile(source)
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise BackupError(f"not a Dita backup archive ({exc})") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError("not a Dita backup archive of a known version")
    return archive, manifest


def _is_empty(connection) -> bool:
    return all(connection.execute(sa.select(sa.func.count()).select_from(t)).scalar() == 0 for t in _tables())


def restore_backup(source, *, replace: bool = False) -> dict[str, int]:
    """Restore an archive into this instance's database and storage, all or nothing."""
    archive, manifest = _read_archive(source)
    connection = db.session.connection()
    here = _revision(connection)
    if manifest.get("revision") != here:
        raise BackupError(
            f"the backup was made at schema revision {manifest.get('revision')}, this database is at {here}; "
            "run `flask db upgrade` on a database of the backup's version first"
        )
    if not replace and not _is_empty(connection):
        raise BackupError("this database holds data already; restore into an empty one, or pass --replace")

    storage = get_storage()
    written: list[str] = []
    counts: dict[str, int] = {}
    try:
        if replace:
            for table in reversed(_tables()):
                connection.execute(table.delete())
        for table in _tables():
            try:
                rows = json.loads(archive.read(f"data/{table.name}.json"))
            except KeyError:
                rows = []
            columns = {c.name: c for c in table.columns}
            values = [{k: _load_value(columns[k], v) for k, v in row.items() if k in columns} for row in rows]
            if values:
                connection.execute(table.insert(), values)
            counts[table.name] = len(values)
        for info in archive.infolist():
            if info.filename.startswith("papers/") and not info.is_dir():
                key = Path(info.filename).name
                path = storage.path(key)  # refuses keys with path separators
                if not path.exists():
                    _write_exact(storage, key, archive.read(info))
                    written.append(key)
        _reset_sequences(connection)
        db.session.commit()
    except Exception:
        db.session.rollback()
        for key in written:
            storage.delete(key)
        raise
    return counts


def _write_exact(storage, key: str, data: bytes) -> None:
    """Write a file under its original key, atomically (the key is part of the restored rows)."""
    target = storage.path(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)


def _reset_sequences(connection) -> None:
    """PostgreSQL: move each id sequence past the restored ids."""
    if connection.dialect.name != "postgresql":
        return
    for table in _tables():
        if "id" in table.c and table.c.id.primary_key and isinstance(table.c.id.type, sa.Integer):
            connection.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"
            ))


@click.command("backup")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True))
def backup_command(output: str) -> None:
    """Write the whole instance (database content and paper files) into one archive."""
    buffer = io.BytesIO()
    counts = write_backup(buffer)
    Path(output).write_bytes(buffer.getvalue())
    click.echo(f"Wrote {output}: {sum(counts.values())} rows in {len(counts)} tables.")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Delete what the database holds before restoring.")
def restore_command(archive: str, replace: bool) -> None:
    """Restore an archive made by `flask backup` (into an empty database unless --replace)."""
    try:
        counts = restore_backup(archive, replace=replace)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored {sum(counts.values())} rows in {len(counts)} tables.")


def register(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)

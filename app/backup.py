"""Back up and restore a whole Dita instance: database content and paper files, in one archive.

The archive is database-neutral (JSON rows per table, by column name, as app/records.py
encodes them; files by storage key), so a backup of SQLite restores into PostgreSQL and the
other way round.

A backup reads one consistent snapshot of the database, however busy the organizers are:
on PostgreSQL one REPEATABLE READ, read-only transaction; on SQLite a copy made with SQLite's
backup API. It then checks itself — every foreign key inside the archive resolves, every paper
file is there with its checksum, every member matches the checksum the manifest gives — and
only then reports success; a file deleted between the snapshot and its copying makes it take
a new snapshot. `flask restore` runs the same check before it touches the database, so a
broken or tampered archive changes nothing. Restore runs in one transaction; files are
written first and removed again if the database part fails.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import click
import sqlalchemy as sa
from alembic.migration import MigrationContext
from flask import Flask

from app import records
from app.extensions import db
from app.storage import get_storage

FORMAT = "dita-backup"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
#: Attempts at a snapshot whose files all still exist when they are copied.
SNAPSHOT_ATTEMPTS = 3


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


def _tables() -> list[sa.Table]:
    """The tables a backup carries: all but those derived from the code (records.DERIVED_TABLES),
    which the instance restored into has already."""
    return [table for table in db.metadata.sorted_tables if table.name not in records.DERIVED_TABLES]


def _revision(connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _snapshot() -> Iterator[sa.Connection]:
    """A connection that sees the whole database as it was at one moment, whatever commits meanwhile."""
    engine = db.engine
    if engine.dialect.name == "sqlite":
        source = engine.raw_connection()
        with tempfile.TemporaryDirectory(prefix="dita-backup-") as folder:
            copy_path = Path(folder) / "snapshot.sqlite"
            try:
                target = sqlite3.connect(copy_path)
                try:
                    cast(sqlite3.Connection, source.driver_connection).backup(target)  # a consistent copy, page by page
                finally:
                    target.close()
            finally:
                source.close()
            copy = sa.create_engine(f"sqlite:///{copy_path}", poolclass=sa.pool.NullPool)
            try:
                with copy.connect() as connection:
                    yield connection
            finally:
                copy.dispose()
    else:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ",
                                                postgresql_readonly=True) as connection, connection.begin():
            yield connection


class _MissingFile(Exception):
    pass


def _write(target, connection: sa.Connection) -> dict[str, int]:
    counts: dict[str, int] = {}
    checksums: dict[str, str] = {}
    storage = get_storage()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        paper_files: list[dict[str, Any]] = []
        for table in _tables():
            rows = [{key: records.dump_value(value) for key, value in row._mapping.items()}
                    for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))]
            counts[table.name] = len(rows)
            data = json.dumps(rows, ensure_ascii=False).encode("utf-8")
            checksums[f"data/{table.name}.json"] = _sha256(data)
            archive.writestr(f"data/{table.name}.json", data)
            if table.name in records.STORED_FILES:  # paper files, organizations' logos
                key_column, _checksum = records.STORED_FILES[table.name]
                paper_files += [{"storage_key": row[key_column]} for row in rows if row[key_column]]
        for row in paper_files:
            key = row["storage_key"]
            if not storage.exists(key):
                raise _MissingFile(key)
            data = storage.read(key)
            checksums[f"papers/{key}"] = _sha256(data)
            archive.writestr(f"papers/{key}", data)
        manifest = {
            "format": FORMAT, "version": FORMAT_VERSION, "revision": _revision(connection),
            "created_at": datetime.now().astimezone().isoformat(), "tables": counts, "papers": len(paper_files),
            "sha256": checksums,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return counts


def write_backup(target) -> dict[str, int]:
    """Write a checked archive of one consistent snapshot to a path or a seekable file object;
    returns rows per table. Raises BackupError when no snapshot could be written whole."""
    for _attempt in range(SNAPSHOT_ATTEMPTS):
        if hasattr(target, "seek"):
            target.seek(0)
            target.truncate()
        try:
            with _snapshot() as connection:
                counts = _write(target, connection)
        except _MissingFile:
            continue  # a file deleted after the snapshot was taken: a newer snapshot no longer has it
        if hasattr(target, "seek"):
            target.seek(0)
        verify_backup(target)
        if hasattr(target, "seek"):
            target.seek(0)
        return counts
    raise BackupError("paper files kept disappearing while the backup was written; try again")


def _read_archive(source) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    try:
        archive = zipfile.ZipFile(source)
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise BackupError(f"not a Dita backup archive ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
            or manifest.get("version") not in READABLE_VERSIONS:
        raise BackupError("not a Dita backup archive of a known version")
    return archive, manifest


def _rows(archive: zipfile.ZipFile, table: sa.Table) -> list[dict[str, Any]]:
    try:
        rows = json.loads(archive.read(f"data/{table.name}.json"))
    except KeyError:
        return []
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"data/{table.name}.json is damaged ({exc})") from exc
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise BackupError(f"data/{table.name}.json does not hold rows")
    return rows


def verify_backup(source) -> dict[str, int]:
    """Check an archive without touching the database: its checksums, that every foreign key
    inside it resolves and every paper file is there intact. Returns rows per table; raises
    BackupError naming the first problems found."""
    archive, manifest = _read_archive(source)
    problems: list[str] = []
    with archive:
        checksums = manifest.get("sha256")
        if manifest["version"] >= 2:
            if not isinstance(checksums, dict):
                raise BackupError("the manifest lists no checksums")
            names = {info.filename for info in archive.infolist() if not info.is_dir()} - {"manifest.json"}
            if names != set(checksums):
                problems.append("the archive's files are not the ones its manifest lists")
            for name in sorted(names & set(checksums)):
                if _sha256(archive.read(name)) != checksums[name]:
                    problems.append(f"{name} does not match its checksum")
        tables = {table.name: _rows(archive, table) for table in _tables()}
        ids = {name: {row.get("id") for row in rows} for name, rows in tables.items()}
        for table in _tables():
            rows = tables[table.name]
            for fk in table.foreign_keys:
                target = fk.column.table.name
                wanted = {row.get(fk.parent.name) for row in rows} - {None}
                known: set[Any]
                if target in records.DERIVED_TABLES:  # not in the archive: the code gives its rows
                    known = set(records.DERIVED_TABLES[target]())
                else:
                    known = ids[target] if fk.column.name == "id" else {r.get(fk.column.name) for r in tables[target]}
                missing = wanted - known
                if missing:
                    problems.append(f"{table.name}.{fk.parent.name} refers to {len(missing)} missing {target} row(s)")
        stored = [(row.get(key_column), row.get(checksum))
                  for name, (key_column, checksum) in records.STORED_FILES.items()
                  for row in tables[name] if name == "paper_file" or row.get(key_column)]
        for key, expected in stored:
            name = f"papers/{key}"
            try:
                data = archive.read(name)
            except KeyError:
                problems.append(f"{name} is missing")
                continue
            if _sha256(data) != expected:
                problems.append(f"{name} does not match the checksum of its row")
        counted = manifest.get("tables") or {}
        if any(len(tables[name]) != count for name, count in counted.items() if name in tables):
            problems.append("the row counts differ from the manifest's")
    if problems:
        raise BackupError("the archive is broken: " + "; ".join(problems[:5]))
    return {name: len(rows) for name, rows in tables.items()}


def _is_empty(connection) -> bool:
    return all(connection.execute(sa.select(sa.func.count()).select_from(t)).scalar() == 0 for t in _tables())


def restore_backup(source, *, replace: bool = False) -> dict[str, int]:
    """Restore an archive into this instance's database and storage, all or nothing.

    The archive is checked first; a broken or tampered one raises BackupError and changes nothing."""
    verify_backup(source)
    if hasattr(source, "seek"):
        source.seek(0)
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
            rows = _rows(archive, table)
            values = [records.load_row(table, row, [k for k in row if k in table.c]) for row in rows]
            if values:
                records.insert_rows(connection, table, values)
            counts[table.name] = len(values)
        for info in archive.infolist():
            if info.filename.startswith("papers/") and not info.is_dir():
                key = Path(info.filename).name
                path = storage.path(key)  # refuses keys with path separators
                if not path.exists():
                    _write_exact(storage, key, archive, info)
                    written.append(key)
        _reset_sequences(connection)
        db.session.commit()
    except Exception:
        db.session.rollback()
        for key in written:
            storage.delete(key)
        raise
    return counts


def _write_exact(storage, key: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Write a file under its original key, atomically (the key is part of the restored rows)."""
    target = storage.path(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
    with os.fdopen(fd, "wb") as handle, archive.open(info) as member:
        shutil.copyfileobj(member, handle)
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
    """Write the whole instance (database content and paper files) into one checked archive."""
    target = Path(output)
    fd, partial = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=".backup-", suffix=".zip")
    os.close(fd)
    try:
        with open(partial, "w+b") as handle:
            counts = write_backup(handle)
        os.replace(partial, target)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        Path(partial).unlink(missing_ok=True)
    click.echo(f"Wrote {output}: {sum(counts.values())} rows in {len(counts)} tables, checked.")


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

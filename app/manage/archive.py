"""An event as one archive (event.json plus paper files), and copying an event to another year.

Export, import and copy share one representation: `serialize()` reads the event's rows of
every archived table (app/records.py: the mapped tables' columns, by name), and
`materialize()` inserts them as a new draft event in one transaction, renumbering ids and
following the foreign keys the metadata declares, saving paper files under new keys and
deleting them again if the transaction fails. Nothing here lists a model's fields: a column
added to a model travels in archives and copies by itself.

A copy moved by whole days keeps every session's wall-clock time in the event's zone.
Archives of format version 1 (hand-written fields, local times) are read too: they are turned
into version 2's rows first.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from flask_babel import gettext as _

from app import records
from app.dates import next_migrants_day
from app.extensions import db
from app.logos import LogoRefused, check_logo
from app.manage.events import unique_slug
from app.models import TRANSLATABLE_FIELDS, Event, EventMember, EventStatus, Gender, MemberRole, User, fingerprint
from app.models.person import gender_from_text
from app.models.speakers import EntryStatus
from app.papers import MAX_PAPER_BYTES, UploadRefused, check_file, open_zip_safely, read_member_limited
from app.storage import FileChanges, get_storage

ARCHIVE_FORMAT = "dita-event"
ARCHIVE_VERSION = 2
READABLE_VERSIONS = (1, 2)
MAX_JSON_BYTES = 10 * 1024 * 1024
MAX_ARCHIVE_FILES = 500
#: All the archive's members together, unpacked: the JSON and 500 papers of 20 MB would be more.
MAX_ARCHIVE_UNPACKED = 1024 * 1024 * 1024
MAX_ARCHIVE_RATIO = 200

#: Recorded moments, not the agenda's times: a copy to another year does not move them.
NOT_SHIFTED = frozenset({("paper_file", "uploaded_at")})


class ArchiveError(Exception):
    """An archive that cannot be imported; the message says why."""


def _tables() -> dict[str, sa.Table]:
    return {name: db.metadata.tables[name] for name in records.ARCHIVE_TABLES}


def serialize(event: Event) -> tuple[dict, dict[str, str]]:
    """The event as plain data, and the archive path → storage key of each paper file."""
    db.session.flush()
    rows = records.event_rows(db.session.connection(), db.metadata.tables, records.ARCHIVE_TABLES, event.id,
                              records.NOT_ARCHIVED)
    files: dict[str, str] = {}
    for n, f in enumerate(rows["paper_file"], start=1):
        path = f"files/{n:04d}-{f['lang']}.{f['format']}"
        files[path] = f["storage_key"]
        f["storage_key"] = path  # in an archive, the key names the member holding the file
    for n, o in enumerate((o for o in rows["organization"] if o["logo_key"]), start=1):
        path = f"files/logo-{n:04d}.{o['logo_format']}"
        files[path] = o["logo_key"]
        o["logo_key"] = path
    return {"format": ARCHIVE_FORMAT, "version": ARCHIVE_VERSION, "tables": rows}, files


def export_zip(event: Event) -> bytes:
    """The archive: event.json and the paper files."""
    data, files = serialize(event)
    storage = get_storage()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("event.json", json.dumps(data, ensure_ascii=False, indent=1))
        for path, key in files.items():
            archive.writestr(path, storage.read(key))
    return buffer.getvalue()


def _referenced() -> set[str]:
    """The archived tables whose ids other rows refer to, so theirs must be known after insert."""
    found = {"event", *TRANSLATABLE_FIELDS}
    for table in _tables().values():
        found |= {fk.column.table.name for fk in table.foreign_keys}
    return found


def _shift(table: sa.Table, row: dict[str, Any], days: int, tz: ZoneInfo) -> None:
    """Move a row's dates and times by whole days, keeping wall-clock times in the event's zone."""
    if not days:
        return
    for column in table.columns:
        value = row.get(column.name)
        if value is None or (table.name, column.name) in NOT_SHIFTED:
            continue
        if isinstance(value, datetime):
            local = value.astimezone(tz).replace(tzinfo=None) + timedelta(days=days)
            row[column.name] = local.replace(tzinfo=tz)
        elif isinstance(value, date):
            row[column.name] = value + timedelta(days=days)


def materialize(data: dict, read_file: Callable[[str], bytes], owner: User, *, shift_days: int = 0,
                slug: str | None = None) -> Event:
    """Build and commit a new draft event from serialized data; nothing is kept if anything fails."""
    changes = FileChanges(get_storage())
    try:
        event_id = _insert(_tables_of(data), read_file, owner, shift_days, slug, changes)
        changes.commit(db.session)
    except ArchiveError:
        db.session.rollback()
        changes.discard()
        raise
    except (KeyError, IndexError, ValueError, TypeError, AttributeError, OSError, ZoneInfoNotFoundError,
            sa.exc.SQLAlchemyError) as exc:
        db.session.rollback()
        changes.discard()
        raise ArchiveError(_("The archive's event.json is incomplete or invalid: a record in it does not fit "
                             "this site's data.")) from exc
    except BaseException:
        # Anything else (an interrupted worker, a bug): still nothing kept, no file left behind.
        db.session.rollback()
        changes.discard()
        raise
    event = db.session.get(Event, event_id)
    assert event is not None
    return event


def _tables_of(data: dict) -> dict[str, list[dict]]:
    if (not isinstance(data, dict) or data.get("format") != ARCHIVE_FORMAT
            or data.get("version") not in READABLE_VERSIONS):
        raise ArchiveError(_("This is not a Dita event archive of a version this site reads."))
    tables = _from_version_1(data) if data["version"] == 1 else data["tables"]
    if not isinstance(tables, dict) or len(tables.get("event") or []) != 1:
        raise ArchiveError(_("This is not a Dita event archive of a version this site reads."))
    return tables


def _insert(rows_by_table: dict[str, list[dict]], read_file, owner: User, shift_days: int, slug: str | None,
            changes: FileChanges) -> int:
    """Insert the archive's rows, parents first, with new ids; returns the new event's id."""
    connection = db.session.connection()
    tables = _tables()
    referenced = _referenced()
    new_ids: dict[str, dict[int, int]] = {name: {} for name in tables}
    event_row = rows_by_table["event"][0]
    tz = ZoneInfo(event_row["timezone"])
    for name, table in tables.items():
        allowed = {c.name for c in records.carried(table, records.NOT_ARCHIVED)}
        batch = []
        later: list[tuple[int, dict[str, int]]] = []  # (new id, references to rows of the same table)
        for raw in rows_by_table.get(name) or []:
            if name == "person":
                raw = _person_gender(raw)
            # Columns the row lacks (an older archive) get the column's default on insert.
            row = records.load_row(table, raw, [k for k in raw if k in allowed])
            old_id = row.pop("id", None) if "id" in table.c and table.c.id.primary_key else None
            own = {column: row.pop(column) for column in records.self_references(table) if row.get(column) is not None}
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if row.get(fk.parent.name) is None:
                    continue
                if target in new_ids:
                    row[fk.parent.name] = new_ids[target][row[fk.parent.name]]
                elif target != "language":  # language codes are the same on every site: they stay
                    row[fk.parent.name] = None  # an account: not part of an archive
            if name == "translation":
                _check_translation(row)
                row["object_id"] = new_ids[row["object_type"]][row["object_id"]]
            if name == "paper_file":
                _add_file(row, read_file, changes)
            if name == "organization" and row.get("logo_key"):
                _add_logo(row, read_file, changes)
            if name == "event":
                row.update(slug=slug or unique_slug(row.get("slug") or row["title"]), status=EventStatus.DRAFT,
                           published_version=0)
            _shift(table, row, shift_days, tz)
            if name in referenced and old_id is not None:
                new_ids[name][old_id] = connection.execute(table.insert().values(**row)).inserted_primary_key[0]  # type: ignore[index]  # set: one row inserted
                if own:
                    later.append((new_ids[name][old_id], own))
            else:
                batch.append(row)
        if batch:
            # One statement for many rows takes its columns from the first: give every row all of them.
            names = {key for row in batch for key in row}
            for row in batch:
                for key in names - row.keys():
                    row[key] = None
            connection.execute(table.insert(), batch)
        for new_id, own in later:  # a row of this table that another one refers to is in now
            connection.execute(table.update().where(table.c.id == new_id)
                               .values({column: new_ids[name][old] for column, old in own.items()}))
    event_id = new_ids["event"][event_row["id"]]
    db.session.add(EventMember(event_id=event_id, user=owner, role=MemberRole.OWNER))
    db.session.flush()
    return event_id


def _person_gender(row: dict) -> dict:
    """A person's row with its gender as this site keeps it: older archives carry free text
    ("grua", "Female"), mapped as the migration maps stored text (app.models.person.gender_from_text)."""
    gender = row.get("gender")
    if gender is None or gender in {g.value for g in Gender}:
        return row
    if not isinstance(gender, str):
        raise ArchiveError(_("The archive's event.json is incomplete or invalid: a record in it does not fit "
                             "this site's data."))
    mapped, description = gender_from_text(gender)
    return row | {"gender": mapped.value if mapped else None,
                  "gender_description": row.get("gender_description") or description}


def _check_translation(row: dict) -> None:
    kind = row.get("object_type")
    if kind not in TRANSLATABLE_FIELDS or row.get("field") not in TRANSLATABLE_FIELDS[kind]:
        raise ArchiveError(_("The archive has a translation of an unknown field."))


def _add_file(row: dict, read_file, changes: FileChanges) -> None:
    """Check a paper file by content and store it under a new key."""
    content = read_file(row["storage_key"])
    checked = check_file(content, row["filename"])
    if checked is None or checked.sha256 != row["sha256"]:
        raise ArchiveError(_("The paper file %(name)s in the archive is damaged or not a PDF, DOCX or ODT file.",
                             name=row["filename"]))
    row.update(storage_key=changes.save(checked.data, checked.format.value), filename=checked.filename,
               format=checked.format, size=len(checked.data))


def _add_logo(row: dict, read_file, changes: FileChanges) -> None:
    """Check an organization's logo by content and store it under a new key."""
    try:
        checked = check_logo(read_file(row["logo_key"]))
    except LogoRefused as exc:
        raise ArchiveError(_("The logo of %(name)s in the archive is damaged or not a PNG or JPEG image.",
                             name=row.get("name", ""))) from exc
    if checked.sha256 != row.get("logo_sha256"):
        raise ArchiveError(_("The logo of %(name)s in the archive is damaged or not a PNG or JPEG image.",
                             name=row.get("name", "")))
    row.update(logo_key=changes.save(checked.data, checked.format.value), logo_format=checked.format,
               logo_width=checked.width, logo_height=checked.height)


def _from_version_1(data: dict) -> dict[str, list[dict]]:
    """A version 1 archive (fields by hand, references by position, local times) as version 2's rows."""
    e = data["event"]
    tz = ZoneInfo(e["timezone"])

    def utc(local: str) -> str:
        return datetime.fromisoformat(local).replace(tzinfo=tz).isoformat()

    event = {k: v for k, v in e.items() if k != "languages"} | {"id": 1}
    tables: dict[str, list[dict]] = {
        "event": [event],
        "event_language": [{"event_id": 1, "lang": lang} for lang in e.get("languages", [])],
        "room": [r | {"id": n + 1, "event_id": 1} for n, r in enumerate(data.get("rooms", []))],
        "person": [p | {"id": n + 1, "event_id": 1} for n, p in enumerate(data.get("people", []))],
        "session": [], "session_language": [], "participation": [], "paper": [], "paper_file": [], "translation": [],
    }
    paper_ids: dict[int, int] = {}
    for n, s in enumerate(data.get("sessions", [])):
        session_id = n + 1
        room = s.get("room")
        tables["session"].append({
            "id": session_id, "event_id": 1, "format": s["format"], "number": s.get("number"), "title": s["title"],
            "description": s.get("description", ""), "starts_at": utc(s["starts_at"]), "ends_at": utc(s["ends_at"]),
            "room_id": room + 1 if room is not None else None,
        })
        for channel, key in (("floor", "languages"), ("interpretation", "interpretation")):
            tables["session_language"] += [{"session_id": session_id, "lang": lang, "channel": channel}
                                           for lang in s.get(key, [])]
        for part in s.get("participations", []):
            tables["participation"].append({"id": len(tables["participation"]) + 1, "session_id": session_id,
                                            "person_id": part["person"] + 1, "role": part["role"],
                                            "position": part.get("position", 0)})
        for pa in s.get("papers", []):
            paper_id = paper_ids[pa["ref"]] = len(tables["paper"]) + 1
            tables["paper"].append({"id": paper_id, "session_id": session_id, "kind": pa["kind"],
                                    "title": pa["title"], "external_url": pa.get("external_url"),
                                    "position": pa.get("position", 0)})
            for f in pa.get("files", []):
                tables["paper_file"].append({"id": len(tables["paper_file"]) + 1, "paper_id": paper_id,
                                             "lang": f["lang"], "storage_key": f["path"], "filename": f["filename"],
                                             "format": f["format"], "size": f["size"], "sha256": f["sha256"]})
    for t in data.get("translations", []):
        kind = t["object_type"]
        object_id = 1 if kind == "event" else (paper_ids[t["ref"]] if kind == "paper" else t["ref"] + 1)
        row = {k: t[k] for k in ("object_type", "field", "lang", "text", "status", "source_fingerprint")}
        row |= {"id": len(tables["translation"]) + 1, "event_id": 1, "object_id": object_id,
                "source_text": t.get("source_text", "")}
        row |= {f"{linked}_id": object_id if linked == kind else None
                for linked in ("room", "session", "person", "paper")}
        tables["translation"].append(row)
    return tables


def import_zip(content: bytes, owner: User) -> Event:
    """A new draft event from an archive; a broken archive changes nothing and raises ArchiveError.

    The archive is inspected before anything is unpacked (entry count, unpacked size, ratio), and
    each member is read with a running count, so a small archive cannot fill memory or disk."""
    try:
        archive = open_zip_safely(content, max_total=MAX_ARCHIVE_UNPACKED, max_entries=MAX_ARCHIVE_FILES,
                                  max_ratio=MAX_ARCHIVE_RATIO)
    except UploadRefused as exc:
        raise ArchiveError(str(exc)) from exc
    with archive:
        members = {info.filename: info for info in archive.infolist()}
        if "event.json" not in members:
            raise ArchiveError(_("The archive has no event.json."))
        try:
            data = json.loads(read_member_limited(archive, members["event.json"], MAX_JSON_BYTES).decode("utf-8"))
        except UploadRefused as exc:
            raise ArchiveError(_("The archive is too large.")) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise ArchiveError(_("The archive's event.json is not valid JSON.")) from exc

        def read_file(path: str) -> bytes:
            member = members.get(path)
            if member is None:
                raise ArchiveError(_("The archive lacks the file %(path)s.", path=path))
            try:
                return read_member_limited(archive, member, MAX_PAPER_BYTES)
            except UploadRefused as exc:
                raise ArchiveError(_("The file %(path)s in the archive is larger than 20 MB or damaged.",
                                     path=path)) from exc

        return materialize(data, read_file, owner)


def next_year_start(event: Event) -> date:
    """The next 18 December after the event's first day."""
    return next_migrants_day(event.start_date + timedelta(days=1))


def next_year_title(title: str, year: int, new_year: int) -> str:
    """The title proposed for a copy: the event's year, where the title names it, as the new year
    ("Migrants Day 2026" → "Migrants Day 2027"); a title without the year stays as it is."""
    return re.sub(rf"(?<!\d){year}(?!\d)", str(new_year), title)


def _retitle(tables: dict[str, list[dict]], event: Event, title: str, year: int) -> None:
    """The copy's new title. When it is the proposed one (only the year changed), each current
    translation of the title changes its year too and stays current; otherwise they are stale."""
    proposed = next_year_title(event.title, event.start_date.year, year)
    old_print = fingerprint(event.title)
    tables["event"][0]["title"] = title
    if title != proposed:
        return
    for row in tables.get("translation", []):
        if row["object_type"] == "event" and row["field"] == "title" and row["source_fingerprint"] == old_print:
            row.update(text=next_year_title(row["text"], event.start_date.year, year),
                       source_fingerprint=fingerprint(title), source_text=title)


def copy_to(event: Event, start: date, owner: User, title: str | None = None) -> Event:
    """The whole event copied to a new first day, as a draft with a new slug, owned by `owner`;
    `title` (when given) is the copy's title."""
    data, files = serialize(event)
    if title and title != event.title:
        _retitle(data["tables"], event, title, start.year)
    # Next year nobody has spoken yet: lists of speakers start again as inscribed.
    for row in data["tables"].get("speaker_entry", []):
        if row.get("status") == EntryStatus.SPOKEN.value:
            row["status"] = EntryStatus.INSCRIBED.value
    storage = get_storage()
    return materialize(
        data, lambda path: storage.read(files[path]), owner, shift_days=(start - event.start_date).days,
        slug=unique_slug(f"{event.slug}-{start.year}" if str(event.start_date.year) not in event.slug
                         else event.slug.replace(str(event.start_date.year), str(start.year)), fallback="event"),
    )

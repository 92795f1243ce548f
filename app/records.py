"""One description of each record's shape: the mapped tables, read and written by column name.

The released agenda (what the public reads), the event archive (export, import, copy to next
year) and the instance backup carry rows as ``{column name: JSON value}`` for the columns of
the mapped tables, found here from SQLAlchemy's metadata. Nothing lists a model's fields by
hand: what a place leaves out is named below with its reason, so a column added to a model
reaches every place, or the guard test (tests/test_records.py) fails.

This module takes tables as arguments where it reads rows, so a migration can hand it the
tables it reflects from the database as they are at that revision.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa

#: The event itself and the languages it is offered in: what the list of events shows.
EVENT_TABLES = ("event", "event_language")
#: The agenda of an event, parents before children.
AGENDA_TABLES = ("room", "organization", "person", "session", "session_language", "participation", "speaker_entry",
                 "paper", "paper_file", "media_link", "organization_role")
#: What an event archive holds: the event, its agenda and its translations.
ARCHIVE_TABLES = (*EVENT_TABLES, *AGENDA_TABLES, "translation")

#: Columns that name a file in the storage (app/storage.py), by table: (the key's column, its SHA-256's).
#: Archives and backups carry the files with their rows and check them against the checksum.
STORED_FILES: dict[str, tuple[str, str]] = {"paper_file": ("storage_key", "sha256"),
                                            "organization": ("logo_key", "logo_sha256")}


def _language_codes() -> set[str]:
    from app.languages import LANGUAGES

    return set(LANGUAGES)


#: Tables whose rows come from the code, not from anyone's work: written by every `flask db upgrade`
#: and create_all (app/models/language.py). Backups neither carry nor restore nor empty them; the
#: keys the code gives them, by table, are what rows elsewhere may refer to.
DERIVED_TABLES: dict[str, Callable[[], set[str]]] = {"language": _language_codes}

#: Columns a release does not carry to the public, by table ("*": every table).
NOT_RELEASED: dict[str, frozenset[str]] = {
    # The organizers' edit counter: says nothing about the agenda.
    "*": frozenset({"version"}),
    # The live state of the event, read from the event row itself; the release has its own time.
    "event": frozenset({"status", "published_version", "created_at", "updated_at"}),
    # Self-described and optional; the organizer's balance page reads it, no public page does.
    "person": frozenset({"gender", "gender_description",
                         # Contacts, for the event's members only: never on public pages or in exports.
                         "email", "phone", "language"}),
}

#: Columns an event archive does not carry, by table. Ids are carried as references between
#: the archive's rows and renumbered on import; an imported event is a new draft.
NOT_ARCHIVED: dict[str, frozenset[str]] = {
    "*": frozenset({"version"}),
    "event": frozenset({"status", "published_version", "created_at", "updated_at"}),
    # Accounts are not part of an event; the importer is the owner of what it imports.
    "translation": frozenset({"updated_by_id", "updated_at"}),
    # Unique across the site: a copy or an import gets new ones.
    "session": frozenset({"public_id"}),
}

#: Tables that are not part of an event archive, and why.
NOT_IN_ARCHIVES: dict[str, str] = {
    "users": "accounts belong to the instance, not to an event",
    "translator_language": "part of an account",
    "event_member": "the importer becomes the owner; others are invited again",
    "invitation": "invitations are for the event they were sent for",
    "release": "an imported or copied event is a new draft with no releases",
    "slug_redirect": "an event's old addresses lead to it where it is published; a copy or import has its own",
    "form_token": "which forms were sent already: the state of this site's requests, not of an event",
    "event_search": "derived from an event's release and translations (app/search.py), rebuilt on every change",
    "release_notification": "who was mailed about a release: part of the release, which is not archived",
    "language_request": "translators' requests that this site's event offer a language: answered here, not moved",
    "language": "derived data: the codes of app.languages, written by every `flask db upgrade` and create_all",
    "conflict_acknowledgement": "an organizer's judgement on one conflict of this working copy, at its times and "
                                "by this site's account; a copy moves the times and an import renumbers the "
                                "sessions, so its conflicts are checked afresh (the site's backup keeps them)",
    # Backups keep them, as the record of who spoke; an archive or a copy is the agenda, not the day.
    "speaker_progress": "the state of the day (who is speaking, app/models/live.py), not of the agenda",
    "speaker_turn": "the state of the day: who spoke when on a list of speakers, not part of the agenda",
    "event_link": "a link between two events of this site (a programme, app/models/programme.py): an archive "
                  "holds one event, and a copy to next year is linked to next year's events afresh",
}


def skipped(rules: Mapping[str, frozenset[str]], table: str) -> frozenset[str]:
    return rules.get("*", frozenset()) | rules.get(table, frozenset())


def carried(table: sa.Table, rules: Mapping[str, frozenset[str]]) -> list[sa.Column]:
    """The columns of a table that a place carries under its rules."""
    left_out = skipped(rules, table.name)
    return [column for column in table.columns if column.name not in left_out]


def _is_datetime(column_type) -> bool:
    return isinstance(getattr(column_type, "impl", column_type), sa.DateTime)


def _is_date(column_type) -> bool:
    impl = getattr(column_type, "impl", column_type)
    return isinstance(impl, sa.Date) and not isinstance(impl, sa.DateTime)


def dump_value(value: Any) -> Any:
    """A column's value as JSON: enums by value, times in UTC ISO 8601, dates ISO 8601."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def load_value(column: sa.Column, value: Any) -> Any:
    """A JSON value back into what the column holds (enum members, aware datetimes, dates)."""
    if value is None:
        return None
    column_type = column.type
    if _is_datetime(column_type):
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if _is_date(column_type):
        return date.fromisoformat(value)
    enum_class = getattr(column_type, "enum_class", None)
    if enum_class is not None:
        return enum_class(value)
    return value


def self_references(table: sa.Table) -> list[str]:
    """The columns of a table that refer to rows of the same table (the plenary a roundtable reports back
    to): a row may refer to one stored after it, so rows are inserted without them and given them after."""
    return sorted(fk.parent.name for fk in table.foreign_keys if fk.column.table is table)


def insert_rows(connection: sa.Connection, table: sa.Table, values: list[dict[str, Any]]) -> None:
    """Insert rows keeping their ids, references between rows of the table set once all are in."""
    later = self_references(table)
    connection.execute(table.insert(), [{**row, **dict.fromkeys(later)} for row in values] if later else values)
    for name in later:
        pointing = [{"row_id": row["id"], "target": row[name]} for row in values if row.get(name) is not None]
        if pointing:
            connection.execute(table.update().where(table.c.id == sa.bindparam("row_id"))
                               .values({name: sa.bindparam("target")}), pointing)


def dump_row(columns: Iterable[sa.Column], row: Mapping[Any, Any]) -> dict[str, Any]:
    return {column.name: dump_value(row[column.name]) for column in columns}


def column_default(column: sa.Column) -> Any:
    """What a row made before a column existed holds in it: the column's scalar default, else None."""
    default: Any = column.default  # of whichever kind; only a scalar one has an `arg` to return
    if default is not None and getattr(default, "is_scalar", False):
        return default.arg
    return None


def load_row(table: sa.Table, row: Mapping[str, Any], names: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON row back into column values, by name; columns the row lacks get their default."""
    wanted = [table.c[name] for name in names] if names is not None else list(table.columns)
    return {
        column.name: load_value(column, row[column.name]) if column.name in row else column_default(column)
        for column in wanted
    }


def _belongs_to_event(tables: Mapping[str, sa.Table], table: sa.Table, event_id) -> sa.ColumnElement[bool]:
    """The condition that a row of `table` belongs to the event, following foreign keys to it."""
    if table.name == "event":
        return table.c.id == event_id
    keys = sorted(table.foreign_keys, key=lambda fk: (fk.column.table.name != "event", fk.parent.name))
    for fk in keys:
        parent = fk.column.table
        if parent.name == "event":
            return fk.parent == event_id
        if parent.name in tables and parent.name in ARCHIVE_TABLES and not fk.parent.nullable:
            within = sa.select(tables[parent.name].c.id).where(_belongs_to_event(tables, tables[parent.name], event_id))
            return fk.parent.in_(within)
    raise LookupError(f"{table.name} has no path to its event")


def event_rows(connection: sa.Connection, tables: Mapping[str, sa.Table], names: Iterable[str], event_id: int,
               rules: Mapping[str, frozenset[str]]) -> dict[str, list[dict[str, Any]]]:
    """An event's rows of the named tables as JSON rows, in primary key order, one query per table."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        table = tables[name]
        columns = carried(table, rules)
        statement = (sa.select(*columns).where(_belongs_to_event(tables, table, event_id))
                     .order_by(*table.primary_key.columns))
        found[name] = [dump_row(columns, row._mapping) for row in connection.execute(statement)]
    return found


RELEASE_FORMAT = 2


def release_record(connection: sa.Connection, tables: Mapping[str, sa.Table], event_id: int
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a release keeps of an event: (listing, snapshot) — the event row with its languages,
    and the agenda's rows by table."""
    rows = event_rows(connection, tables, (*EVENT_TABLES, *AGENDA_TABLES), event_id, NOT_RELEASED)
    listing = {name: rows[name] for name in EVENT_TABLES}
    snapshot = {"format": RELEASE_FORMAT, "tables": {name: rows[name] for name in AGENDA_TABLES}}
    return listing, snapshot

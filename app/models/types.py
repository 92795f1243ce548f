"""Column types and constraint helpers shared by the models."""
from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator

from app.languages import LANGUAGE_CODE_LENGTH, LANGUAGES


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A time-zone aware datetime, stored in UTC on every database.

    SQLite keeps no zone, so values come back naive and are marked UTC here;
    PostgreSQL uses `timestamp with time zone`. Naive values are refused on the way in.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; attach a time zone first")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_type(enum: type[StrEnum], name: str) -> sa.Enum:
    """A portable enum: VARCHAR plus a CHECK constraint, stored by value."""
    return sa.Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def language_column(*, primary_key: bool = False, nullable: bool = False, **kwargs) -> Any:
    """A column holding one of Dita's language codes: a reference to the `language` table
    (app/models/language.py), whose rows follow app.languages, so that a new language needs no
    change to any constraint."""
    return mapped_column(sa.String(LANGUAGE_CODE_LENGTH), sa.ForeignKey("language.code"),
                         primary_key=primary_key, nullable=nullable, **kwargs)


def ordered_languages(codes) -> list[str]:
    """Language codes in Dita's display order, unknown codes dropped."""
    held = set(codes)
    return [code for code in LANGUAGES if code in held]


def sync_language_rows(rows: list, wanted, make) -> list:
    """Rows for exactly the `wanted` languages: keep matching rows, add new ones via `make(lang)`."""
    wanted = set(ordered_languages(wanted))
    kept = [row for row in rows if row.lang in wanted]
    have = {row.lang for row in kept}
    return kept + [make(code) for code in ordered_languages(wanted - have)]

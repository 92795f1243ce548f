"""The `language` table: one row per code in app.languages, which the language columns reference.

The rows are derived data: `flask db upgrade` (migrations/env.py) and `create_all` write the codes
of app.languages.LANGUAGE_LIST that are missing, so a new language is one line in that list. A
code dropped from the list keeps its row while rows still name it (the foreign keys refuse to lose
it); nothing is deleted here.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.languages import LANGUAGE_CODE_LENGTH, LANGUAGES


class LanguageRecord(Model):
    __tablename__ = "language"

    code: Mapped[str] = mapped_column(sa.String(LANGUAGE_CODE_LENGTH), primary_key=True)


def sync_language_table(connection: sa.Connection, table: sa.Table | None = None) -> list[str]:
    """Insert the codes of app.languages the table lacks; returns them."""
    table = LanguageRecord.__table__ if table is None else table  # type: ignore[assignment]
    assert table is not None
    have = set(connection.execute(sa.select(table.c.code)).scalars())
    missing = [code for code in LANGUAGES if code not in have]
    if missing:
        connection.execute(table.insert(), [{"code": code} for code in missing])
    return missing


@sa.event.listens_for(LanguageRecord.__table__, "after_create")
def _fill_after_create(target: sa.Table, connection: sa.Connection, **kw) -> None:
    sync_language_table(connection, target)

"""The language list as data: the tables that name languages follow app.languages

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 13:40:00

- language: one row per code of app.languages (derived data, written here and by every
  `flask db upgrade`, migrations/env.py), so that a new language is one line in app/languages.py.
- Every column holding a language code (event.source_language, event_language.lang,
  event_member.language, translation.lang, translator_language.lang, session_language.lang,
  paper_file.lang, invitation.language) is widened from 5 to 12 characters ("sr-Cyrl") and
  references language.code instead of a CHECK that spelled the list out.
- event.dates_language: whose dates and numbers the event's pages use in a language without a
  CLDR locale of its own (Romani); Albanian by default.

Going down deletes what names a language the old CHECKs do not know (offered languages,
translations, files, invitations); an event whose source language is one of them stops it.
"""
import sqlalchemy as sa
from alembic import op

from app.models.language import sync_language_table

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: (table, column, nullable, the old CHECK's name)
COLUMNS = (
    ("event", "source_language", False, "source_language_valid"),
    ("event_language", "lang", False, "lang_valid"),
    ("event_member", "language", True, "language_valid"),
    ("translation", "lang", False, "lang_valid"),
    ("translator_language", "lang", False, "lang_valid"),
    ("session_language", "lang", False, "lang_valid"),
    ("paper_file", "lang", False, "lang_valid"),
    ("invitation", "language", True, "language_valid"),
)
#: The languages the CHECKs of revisions 0001–0004 allow.
OLD_LANGUAGES = ("sq", "sr", "en", "ar", "zh", "fr", "es", "ru")


def _old_check(column: str, nullable: bool) -> str:
    condition = f"{column} IN ({', '.join(repr(code) for code in OLD_LANGUAGES)})"
    return f"{column} IS NULL OR {condition}" if nullable else condition


def upgrade():
    language = op.create_table(
        "language",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_language")),
    )
    sync_language_table(op.get_bind(), language)
    for table, column, nullable, check in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_{check}"), type_="check")
            batch_op.alter_column(column, existing_type=sa.String(length=5), type_=sa.String(length=12),
                                  existing_nullable=nullable)
            batch_op.create_foreign_key(batch_op.f(f"fk_{table}_{column}_language"), "language", [column], ["code"])
            if table == "event":
                batch_op.add_column(sa.Column("dates_language", sa.String(length=12), nullable=False,
                                              server_default="sq"))
                batch_op.create_foreign_key(batch_op.f("fk_event_dates_language_language"), "language",
                                            ["dates_language"], ["code"])


def downgrade():
    conn = op.get_bind()
    old = ", ".join(repr(code) for code in OLD_LANGUAGES)
    newer = conn.execute(sa.text(f"SELECT slug FROM event WHERE source_language NOT IN ({old})")).scalars().all()
    if newer:
        raise RuntimeError(f"events written in a language revision 0004 does not know: {', '.join(newer)}; "
                           "change their source language first")
    for table, column, _nullable, _check in reversed(COLUMNS):
        if table != "event":
            conn.execute(sa.text(f"DELETE FROM {table} WHERE {column} NOT IN ({old})"))
    for table, column, nullable, check in reversed(COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "event":
                batch_op.drop_constraint(batch_op.f("fk_event_dates_language_language"), type_="foreignkey")
                batch_op.drop_column("dates_language")
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_{column}_language"), type_="foreignkey")
            batch_op.alter_column(column, existing_type=sa.String(length=12), type_=sa.String(length=5),
                                  existing_nullable=nullable)
            batch_op.create_check_constraint(batch_op.f(f"ck_{table}_{check}"), _old_check(column, nullable))
    op.drop_table("language")

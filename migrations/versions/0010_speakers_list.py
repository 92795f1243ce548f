"""The general debate's list of speakers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 17:20:00

- speaker_entry: a session's list of speakers, in the organizer's order: a person of the event
  and/or the delegation spoken for, level of representation, minutes (none: the event's
  default), status and the time of inscription.
- event.statement_minutes: the default allotment of a statement (5, from 1 to 60).
- translation: the delegation spoken for (`on_behalf_of`) is translatable; a speaker_entry_id
  foreign key like the other kinds'. Going down deletes those translations first.
"""
import sqlalchemy as sa
from alembic import op

from app.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

LEVELS = ("head_of_state", "head_of_government", "vice_president", "minister", "vice_minister",
          "head_of_delegation", "other")
STATUSES = ("inscribed", "spoken", "withdrawn", "moved")
OLD_KINDS = ("event", "paper", "person", "room", "session")
OLD_FIELDS = ("accessibility", "bio", "city", "description", "function", "honorific", "name", "organization",
              "title", "venue")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in sorted(values))})"


def _set_check(batch_op, name: str, condition: str) -> None:
    batch_op.drop_constraint(batch_op.f(name), type_="check")
    batch_op.create_check_constraint(batch_op.f(name), condition)


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("statement_minutes", sa.Integer(), nullable=False, server_default="5"))
        batch_op.create_check_constraint(batch_op.f("ck_event_statement_minutes_range"),
                                         "statement_minutes >= 1 AND statement_minutes <= 60")

    op.create_table(
        "speaker_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("on_behalf_of", sa.String(length=300), nullable=False),
        sa.Column("level", sa.Enum(*LEVELS, name="representation_level", native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("status", sa.Enum(*STATUSES, name="entry_status", native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column("inscribed_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("person_id IS NOT NULL OR on_behalf_of <> ''", name=op.f("ck_speaker_entry_speaker_named")),
        sa.CheckConstraint("minutes IS NULL OR (minutes >= 1 AND minutes <= 60)",
                           name=op.f("ck_speaker_entry_minutes_range")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_speaker_entry_person_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"], name=op.f("fk_speaker_entry_session_id_session"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_entry")),
    )
    with op.batch_alter_table("speaker_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speaker_entry_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_speaker_entry_session_id"), ["session_id"], unique=False)

    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("speaker_entry_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_translation_speaker_entry_id"), ["speaker_entry_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_translation_speaker_entry_id_speaker_entry"), "speaker_entry",
                                    ["speaker_entry_id"], ["id"], ondelete="CASCADE")
        _set_check(batch_op, "ck_translation_object_type_valid", _in("object_type", (*OLD_KINDS, "speaker_entry")))
        _set_check(batch_op, "ck_translation_field_valid", _in("field", (*OLD_FIELDS, "on_behalf_of")))
        batch_op.create_check_constraint(
            batch_op.f("ck_translation_speaker_entry_link"),
            "(object_type = 'speaker_entry' AND speaker_entry_id IS NOT NULL AND speaker_entry_id = object_id) "
            "OR (object_type <> 'speaker_entry' AND speaker_entry_id IS NULL)",
        )


def downgrade():
    op.execute("DELETE FROM translation WHERE object_type = 'speaker_entry' OR field = 'on_behalf_of'")
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_translation_speaker_entry_link"), type_="check")
        _set_check(batch_op, "ck_translation_field_valid", _in("field", OLD_FIELDS))
        _set_check(batch_op, "ck_translation_object_type_valid", _in("object_type", OLD_KINDS))
        batch_op.drop_constraint(batch_op.f("fk_translation_speaker_entry_id_speaker_entry"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_translation_speaker_entry_id"))
        batch_op.drop_column("speaker_entry_id")

    with op.batch_alter_table("speaker_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_entry_session_id"))
        batch_op.drop_index(batch_op.f("ix_speaker_entry_person_id"))
    op.drop_table("speaker_entry")

    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_event_statement_minutes_range"), type_="check")
        batch_op.drop_column("statement_minutes")

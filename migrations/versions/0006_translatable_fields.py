"""Every visible field translatable; translators' requests for a language

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 13:40:00

- translation.field: a city, a room's accessibility notes, a person's honorific and
  organization may be translated too (the CHECK on field names grows; going down deletes
  the translations of those fields first, since the older CHECK refuses them).
- language_request: a translator's request that an event offer a language; its organizers
  see it and add the language with one click.
"""
import sqlalchemy as sa
from alembic import op

from app.languages import LANGUAGE_CODE_LENGTH

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD_FIELDS = ("bio", "description", "function", "name", "title", "venue")
NEW_FIELDS = ("accessibility", "city", "honorific", "organization")


def _field_check(fields) -> str:
    return f"field IN ({', '.join(repr(f) for f in sorted(fields))})"


def upgrade():
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_translation_field_valid"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_translation_field_valid"),
                                         _field_check(OLD_FIELDS + NEW_FIELDS))

    op.create_table(
        "language_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=LANGUAGE_CODE_LENGTH), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["lang"], ["language.code"], name=op.f("fk_language_request_lang_language")),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_language_request_event_id_event"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_language_request_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_language_request")),
        sa.UniqueConstraint("event_id", "lang", "user_id", name=op.f("uq_language_request_event_id_lang_user_id")),
    )
    with op.batch_alter_table("language_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_language_request_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("language_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_language_request_user_id"))
    op.drop_table("language_request")

    fields = ", ".join(f"'{f}'" for f in NEW_FIELDS)
    op.execute(f"DELETE FROM translation WHERE field IN ({fields})")
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_translation_field_valid"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_translation_field_valid"), _field_check(OLD_FIELDS))

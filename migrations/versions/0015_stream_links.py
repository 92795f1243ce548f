"""Stream, recording and join links of rooms and sessions

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 17:20:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "media_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.Enum("stream", "recording", "join", "interpretation", name="link_kind",
                                  native_enum=False, create_constraint=True, length=14), nullable=False),
        sa.Column("lang", sa.String(length=12), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("(room_id IS NULL) <> (session_id IS NULL)", name=op.f("ck_media_link_room_or_session")),
        sa.CheckConstraint("kind <> 'interpretation' OR lang IS NOT NULL",
                           name=op.f("ck_media_link_interpretation_has_language")),
        sa.CheckConstraint("url LIKE 'http://%' OR url LIKE 'https://%'", name=op.f("ck_media_link_url_is_http")),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_media_link_event_id_event"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], name=op.f("fk_media_link_room_id_room"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"], name=op.f("fk_media_link_session_id_session"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["lang"], ["language.code"], name=op.f("fk_media_link_lang_language")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_link")),
    )
    with op.batch_alter_table("media_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_link_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_link_room_id"), ["room_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_link_session_id"), ["session_id"], unique=False)


def downgrade():
    with op.batch_alter_table("media_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_link_session_id"))
        batch_op.drop_index(batch_op.f("ix_media_link_room_id"))
        batch_op.drop_index(batch_op.f("ix_media_link_event_id"))

    op.drop_table("media_link")

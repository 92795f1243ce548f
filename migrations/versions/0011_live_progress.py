"""Live progress of a list of speakers on the day

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 17:20:00

- speaker_progress: how far a session's list has come (one row per started list; the step counter
  refuses a tap sent for a state that moved on; the event's newest step feeds public validators).
- speaker_turn: each statement given live, from when to when, pauses left out. It names its entry
  by the released list's id, without a foreign key (app/models/live.py says why).
"""
import sqlalchemy as sa
from alembic import op

from app.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "speaker_progress",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("paused_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.CheckConstraint("step >= 0", name=op.f("ck_speaker_progress_step_positive")),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_speaker_progress_event_id_event"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"], name=op.f("fk_speaker_progress_session_id_session"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_speaker_progress")),
    )
    with op.batch_alter_table("speaker_progress", schema=None) as batch_op:
        batch_op.create_index("ix_speaker_progress_event_updated", ["event_id", "updated_at"], unique=False)

    op.create_table(
        "speaker_turn",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("paused_seconds", sa.Integer(), nullable=False),
        sa.CheckConstraint("ended_at IS NULL OR ended_at >= started_at", name=op.f("ck_speaker_turn_ends_after_start")),
        sa.CheckConstraint("paused_seconds >= 0", name=op.f("ck_speaker_turn_paused_seconds_positive")),
        sa.ForeignKeyConstraint(["session_id"], ["speaker_progress.session_id"],
                                name=op.f("fk_speaker_turn_session_id_speaker_progress"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_turn")),
        sa.UniqueConstraint("session_id", "entry_id", name=op.f("uq_speaker_turn_session_id_entry_id")),
    )


def downgrade():
    op.drop_table("speaker_turn")
    with op.batch_alter_table("speaker_progress", schema=None) as batch_op:
        batch_op.drop_index("ix_speaker_progress_event_updated")
    op.drop_table("speaker_progress")

"""Programmes of related events and observed dates

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 17:20:00
"""
import sqlalchemy as sa
from alembic import op

from app.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("observed_date", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_event_observed_date_in_dates"),
            "observed_date IS NULL OR (observed_date >= start_date AND observed_date <= end_date)",
        )
    op.create_table(
        "event_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("related_event_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.Enum("hearing", "side_event", "municipal", "related", name="programme_relation",
                                      native_enum=False, create_constraint=True, length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("event_id <> related_event_id", name=op.f("ck_event_link_not_itself")),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_event_link_event_id_event"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["related_event_id"], ["event.id"], name=op.f("fk_event_link_related_event_id_event"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_link")),
        sa.UniqueConstraint("event_id", "related_event_id", name=op.f("uq_event_link_event_id_related_event_id")),
    )
    with op.batch_alter_table("event_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_link_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_link_related_event_id"), ["related_event_id"], unique=False)


def downgrade():
    with op.batch_alter_table("event_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_link_related_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_link_event_id"))
    op.drop_table("event_link")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_event_observed_date_in_dates"), type_="check")
        batch_op.drop_column("observed_date")

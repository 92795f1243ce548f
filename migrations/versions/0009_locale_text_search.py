"""Search that forgives diacritics, the designation footnote

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 13:40:00

- event_search: each published event's searchable texts, folded (app/search.py), filled here for
  the events published now; afterwards kept current on every flush.
- event.designation_footnote: "" (none, the default), "un", "eu" or "coe": which published footnote
  on the designation of Kosovo the event's pages carry.
"""
import sqlalchemy as sa
from alembic import op

from app import search

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("designation_footnote", sa.String(length=8), nullable=False, server_default=""))
        batch_op.create_check_constraint(batch_op.f("ck_event_designation_footnote_valid"),
                                         "designation_footnote IN ('', 'un', 'eu', 'coe')")
    op.create_table(
        "event_search",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_event_search_event_id_event"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_event_search")),
    )
    conn = op.get_bind()
    metadata = sa.MetaData()
    metadata.reflect(bind=conn)
    event = metadata.tables["event"]
    published = conn.scalars(sa.select(event.c.id).where(event.c.status == "published")).all()
    search.refresh(conn, metadata.tables, published)


def downgrade():
    op.drop_table("event_search")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_event_designation_footnote_valid"), type_="check")
        batch_op.drop_column("designation_footnote")

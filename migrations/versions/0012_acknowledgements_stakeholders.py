"""Acknowledged conflicts and the observer stakeholder group

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 17:20:00

- conflict_acknowledgement: an organizer's reason for letting one conflict of the agenda stand,
  named by its kind, sessions, person and the fingerprint of the facts it was found from; who
  and when. Room clashes cannot be acknowledged (a CHECK says so too).
- person.stakeholder_group: "observer" (observer States and intergovernmental organizations).
  Going down, observers become "other".
"""
import sqlalchemy as sa
from alembic import op

from app.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

OLD_GROUPS = ("government", "un_system", "civil_society", "private_sector", "academia", "migrant_community", "other")
NEW_GROUPS = ("government", "observer", "un_system", "civil_society", "private_sector", "academia",
              "migrant_community", "other")
KINDS = ("room_clash", "person_clash", "outside_dates", "no_paper", "no_co_chairs", "statement_beside_duty",
         "missing_stakeholders", "co_chairs_not_two", "co_chairs_same_category", "all_male_panel")


def _set_groups(groups) -> None:
    """The stakeholder group's CHECK for `groups` (its width, that of the longest, is unchanged)."""
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_person_stakeholder_group"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_person_stakeholder_group"),
                                         f"stakeholder_group IN ({', '.join(repr(g) for g in groups)})")


def upgrade():
    _set_groups(NEW_GROUPS)

    op.create_table(
        "conflict_acknowledgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="conflict_kind", native_enum=False, create_constraint=True,
                                  length=max(len(k) for k in KINDS)), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("other_session_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_name", sa.String(length=254), nullable=False),
        sa.CheckConstraint("kind <> 'room_clash'", name=op.f("ck_conflict_acknowledgement_room_clash_not_acknowledged")),
        sa.CheckConstraint("length(reason) > 0", name=op.f("ck_conflict_acknowledgement_reason_given")),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_conflict_acknowledgement_event_id_event"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"],
                                name=op.f("fk_conflict_acknowledgement_session_id_session"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_session_id"], ["session.id"],
                                name=op.f("fk_conflict_acknowledgement_other_session_id_session"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_conflict_acknowledgement_person_id_person"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_conflict_acknowledgement_created_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_acknowledgement")),
        sa.UniqueConstraint("event_id", "key", name=op.f("uq_conflict_acknowledgement_event_id_key")),
    )
    with op.batch_alter_table("conflict_acknowledgement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_acknowledgement_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_conflict_acknowledgement_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_conflict_acknowledgement_other_session_id"), ["other_session_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_conflict_acknowledgement_person_id"), ["person_id"], unique=False)


def downgrade():
    with op.batch_alter_table("conflict_acknowledgement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_acknowledgement_person_id"))
        batch_op.drop_index(batch_op.f("ix_conflict_acknowledgement_other_session_id"))
        batch_op.drop_index(batch_op.f("ix_conflict_acknowledgement_session_id"))
        batch_op.drop_index(batch_op.f("ix_conflict_acknowledgement_event_id"))
    op.drop_table("conflict_acknowledgement")

    person = sa.table("person", sa.column("stakeholder_group", sa.String))
    op.execute(person.update().where(person.c.stakeholder_group == "observer").values(stakeholder_group="other"))
    _set_groups(OLD_GROUPS)

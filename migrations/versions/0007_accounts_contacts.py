"""Accounts for invitees, password reset, people's contacts, notifications

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 13:40:00

- person: email, phone (the organizers' contacts, never released) and the language of their mails.
- release_notification: who was mailed about a release, when, by whom, in which language.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("phone", sa.String(length=40), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))

    op.create_table(
        "release_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_release_notification_person_id_person"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["release_id"], ["release.id"],
                                name=op.f("fk_release_notification_release_id_release"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sent_by_id"], ["users.id"], name=op.f("fk_release_notification_sent_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_notification")),
    )
    with op.batch_alter_table("release_notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_release_notification_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_release_notification_release_id"), ["release_id"], unique=False)


def downgrade():
    with op.batch_alter_table("release_notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_notification_release_id"))
        batch_op.drop_index(batch_op.f("ix_release_notification_person_id"))
    op.drop_table("release_notification")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("language")
        batch_op.drop_column("phone")
        batch_op.drop_column("email")

"""Accounts for invitees, password reset, people's contacts, notifications

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 13:40:00

- person: email, phone (the organizers' contacts, never released) and the language of their mails.
- release_notification: who was mailed about a release, when, by whom, in which language.
- invitation: one open invitation per address and event (a partial unique index); of several
  open ones already there, the newest stays.
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


    conn = op.get_bind()
    invitation = sa.table("invitation", sa.column("id", sa.Integer), sa.column("event_id", sa.Integer),
                          sa.column("email", sa.String), sa.column("accepted_at", sa.DateTime))
    newest = {}
    stale = []
    rows = conn.execute(sa.select(invitation.c.id, invitation.c.event_id, invitation.c.email)
                        .where(invitation.c.accepted_at.is_(None)).order_by(invitation.c.id.desc())).all()
    for row_id, event_id, email in rows:
        if (event_id, email) in newest:
            stale.append(row_id)
        else:
            newest[(event_id, email)] = row_id
    if stale:
        conn.execute(invitation.delete().where(invitation.c.id.in_(stale)))
    op.create_index("uq_invitation_open_address", "invitation", ["event_id", "email"], unique=True,
                    sqlite_where=sa.text("accepted_at IS NULL"), postgresql_where=sa.text("accepted_at IS NULL"))


def downgrade():
    op.drop_index("uq_invitation_open_address", table_name="invitation")
    with op.batch_alter_table("release_notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_notification_release_id"))
        batch_op.drop_index(batch_op.f("ix_release_notification_person_id"))
    op.drop_table("release_notification")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("language")
        batch_op.drop_column("phone")
        batch_op.drop_column("email")

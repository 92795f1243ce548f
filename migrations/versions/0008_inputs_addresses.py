"""Clean inputs and safe addresses

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 13:40:00

- person.gender: one of a closed list (woman, man, non_binary, prefer_not_to_say) or NULL when
  not given; person.gender_description: the person's own words. Free text already stored is
  mapped ("Woman", "female", "grua", "žena", "امرأة" → woman …); anything else becomes the
  self-description. Downgrade writes the description (or the list's word) back as free text.
- slug_redirect: the old slugs of events, each leading to its event.
- form_token: the one-time tokens of create forms already consumed.
"""
import sqlalchemy as sa
from alembic import op

from app.models.person import gender_from_text
from app.models.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

GENDERS = ("woman", "man", "non_binary", "prefer_not_to_say")
PEOPLE = sa.table("person", sa.column("id", sa.Integer), sa.column("gender", sa.String),
                  sa.column("gender_description", sa.String))


def upgrade():
    op.create_table(
        "slug_redirect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_slug_redirect_event_id_event"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slug_redirect")),
        sa.UniqueConstraint("slug", name=op.f("uq_slug_redirect_slug")),
    )
    with op.batch_alter_table("slug_redirect", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slug_redirect_event_id"), ["event_id"], unique=False)
    op.create_table(
        "form_token",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("result_url", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_token")),
    )
    with op.batch_alter_table("form_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_token_created_at"), ["created_at"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gender_description", sa.String(length=60), nullable=False, server_default=""))
        batch_op.alter_column("gender", existing_type=sa.String(length=60), nullable=True)
    conn = op.get_bind()
    for person_id, text in conn.execute(sa.select(PEOPLE.c.id, PEOPLE.c.gender)).all():
        gender, description = gender_from_text(text)
        conn.execute(PEOPLE.update().where(PEOPLE.c.id == person_id).values(
            gender=gender.value if gender else None, gender_description=description))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.alter_column("gender", existing_type=sa.String(length=60), nullable=True,
                              type_=sa.Enum(*GENDERS, name="gender", native_enum=False, create_constraint=True))
        batch_op.alter_column("gender_description", server_default=None, existing_type=sa.String(length=60),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.alter_column("gender", type_=sa.String(length=60), nullable=True,
                              existing_type=sa.Enum(*GENDERS, name="gender", native_enum=False,
                                                    create_constraint=True))
    conn = op.get_bind()
    rows = conn.execute(sa.select(PEOPLE.c.id, PEOPLE.c.gender, PEOPLE.c.gender_description)).all()
    for person_id, gender, description in rows:
        conn.execute(PEOPLE.update().where(PEOPLE.c.id == person_id).values(gender=description or gender or ""))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.alter_column("gender", existing_type=sa.String(length=60), nullable=False)
        batch_op.drop_column("gender_description")

    with op.batch_alter_table("form_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_token_created_at"))
    op.drop_table("form_token")
    with op.batch_alter_table("slug_redirect", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slug_redirect_event_id"))
    op.drop_table("slug_redirect")

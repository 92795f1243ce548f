"""Organizations and their links to people, sessions and events

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 17:20:00

- organization: an event's organizations (name and acronym translatable, type, website, an
  optional PNG or JPEG logo kept in the storage like paper files).
- organization_role: an organization as convenor, co-convenor, partner or sponsor of the event
  (no session) or of one of its sessions, in order.
- person.organization_id: the record a person belongs to (SET NULL when it is deleted); the
  free-text organization stays for people without one.
- translation: organizations' names and acronyms are translatable; an organization_id foreign
  key like the other kinds'. The CHECKs on object types and field names grow from what the
  database holds at this revision. Going down deletes those translations first.
"""
import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TYPES = ("state", "observer", "un_system", "intergovernmental", "civil_society", "private_sector", "academia",
         "migrant_association", "local_government")
ROLES = ("convenor", "co_convenor", "partner", "sponsor")
LOGO_FORMATS = ("png", "jpeg")
KIND = "organization"
FIELDS = ("name", "acronym")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in sorted(values))})"


def _listed(name: str) -> set[str]:
    """The values a CHECK of the translation table allows now (`x IN ('a', 'b')`), read from the database."""
    for check in sa.inspect(op.get_bind()).get_check_constraints("translation"):
        if check["name"] == name:
            return set(re.findall(r"'([^']*)'", check["sqltext"]))
    raise LookupError(f"translation has no CHECK named {name}")


def _set_check(batch_op, name: str, condition: str) -> None:
    batch_op.drop_constraint(batch_op.f(name), type_="check")
    batch_op.create_check_constraint(batch_op.f(name), condition)


def upgrade():
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("acronym", sa.String(length=40), nullable=False),
        sa.Column("type", sa.Enum(*TYPES, name="organization_type", native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column("website", sa.String(length=1000), nullable=True),
        sa.Column("logo_key", sa.String(length=100), nullable=True),
        sa.Column("logo_format", sa.Enum(*LOGO_FORMATS, name="logo_format", native_enum=False,
                                         create_constraint=True), nullable=True),
        sa.Column("logo_sha256", sa.String(length=64), nullable=True),
        sa.Column("logo_width", sa.Integer(), nullable=True),
        sa.Column("logo_height", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("website IS NULL OR website LIKE 'https://%' OR website LIKE 'http://%'",
                           name=op.f("ck_organization_website_http")),
        sa.CheckConstraint(
            "(logo_key IS NULL AND logo_format IS NULL AND logo_sha256 IS NULL) "
            "OR (logo_key IS NOT NULL AND logo_format IS NOT NULL AND logo_sha256 IS NOT NULL)",
            name=op.f("ck_organization_logo_whole"),
        ),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_organization_event_id_event"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
        sa.UniqueConstraint("event_id", "name", name=op.f("uq_organization_event_id_name")),
        sa.UniqueConstraint("logo_key", name=op.f("uq_organization_logo_key")),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_event_id"), ["event_id"], unique=False)

    op.create_table(
        "organization_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.Enum(*ROLES, name="organization_role_kind", native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_organization_role_event_id_event"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"],
                                name=op.f("fk_organization_role_organization_id_organization"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"], name=op.f("fk_organization_role_session_id_session"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_role")),
        sa.UniqueConstraint("organization_id", "session_id", "role",
                            name=op.f("uq_organization_role_organization_id_session_id_role")),
    )
    with op.batch_alter_table("organization_role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_role_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organization_role_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organization_role_session_id"), ["session_id"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organization_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_person_organization_id"), ["organization_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_person_organization_id_organization"), "organization",
                                    ["organization_id"], ["id"], ondelete="SET NULL")

    kinds = _listed("ck_translation_object_type_valid") | {KIND}
    fields = _listed("ck_translation_field_valid") | set(FIELDS)
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organization_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_translation_organization_id"), ["organization_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_translation_organization_id_organization"), "organization",
                                    ["organization_id"], ["id"], ondelete="CASCADE")
        _set_check(batch_op, "ck_translation_object_type_valid", _in("object_type", kinds))
        _set_check(batch_op, "ck_translation_field_valid", _in("field", fields))
        batch_op.create_check_constraint(
            batch_op.f("ck_translation_organization_link"),
            "(object_type = 'organization' AND organization_id IS NOT NULL AND organization_id = object_id) "
            "OR (object_type <> 'organization' AND organization_id IS NULL)",
        )


def downgrade():
    # "name" was a field of rooms before; "acronym" is the organizations' alone.
    op.execute("DELETE FROM translation WHERE object_type = 'organization' OR field = 'acronym'")
    kinds = _listed("ck_translation_object_type_valid") - {KIND}
    fields = _listed("ck_translation_field_valid") - {"acronym"}
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_translation_organization_link"), type_="check")
        _set_check(batch_op, "ck_translation_field_valid", _in("field", fields))
        _set_check(batch_op, "ck_translation_object_type_valid", _in("object_type", kinds))
        batch_op.drop_constraint(batch_op.f("fk_translation_organization_id_organization"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_translation_organization_id"))
        batch_op.drop_column("organization_id")

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_person_organization_id_organization"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_person_organization_id"))
        batch_op.drop_column("organization_id")

    with op.batch_alter_table("organization_role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_role_session_id"))
        batch_op.drop_index(batch_op.f("ix_organization_role_organization_id"))
        batch_op.drop_index(batch_op.f("ix_organization_role_event_id"))
    op.drop_table("organization_role")

    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_event_id"))
    op.drop_table("organization")

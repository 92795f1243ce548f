"""Paper kinds, outcomes and report-back

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 17:20:00

- paper.kind: concept notes, programmes, statements, outcome documents and chair's and
  rapporteur's summaries besides background papers; the old "document" becomes "other"
  (and "other" goes back to "document" going down, where the newer kinds become "document" too,
  the only other kind there was).
- paper.speaker_entry_id: a statement's entry on its session's list of speakers.
- session.report_back_session_id / report_back_person_id: the plenary at which a roundtable's
  summary is presented, and who presents it.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

OLD_KINDS = ("background_paper", "document")
NEW_KINDS = ("concept_note", "programme", "background_paper", "statement", "outcome_document", "chairs_summary",
             "rapporteurs_summary", "other")
WIDEST = max(len(kind) for kind in (*OLD_KINDS, *NEW_KINDS))


def _kind_check(kinds) -> str:
    return f"kind IN ({', '.join(repr(k) for k in kinds)})"


def _change_kinds(kinds, moves: dict[str, str]) -> None:
    """The kind column's width and CHECK for `kinds`; rows of other kinds are moved first as `moves` says."""
    with op.batch_alter_table("paper", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_paper_paper_kind"), type_="check")
        batch_op.alter_column("kind", type_=sa.String(length=WIDEST), existing_nullable=False)
    paper = sa.table("paper", sa.column("kind", sa.String))
    for old, new in moves.items():
        op.execute(paper.update().where(paper.c.kind == old).values(kind=new))
    with op.batch_alter_table("paper", schema=None) as batch_op:
        batch_op.alter_column("kind", type_=sa.String(length=max(len(k) for k in kinds)), existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f("ck_paper_paper_kind"), _kind_check(kinds))


def upgrade():
    _change_kinds(NEW_KINDS, {"document": "other"})

    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report_back_session_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("report_back_person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_session_report_back_session_id"), ["report_back_session_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_session_report_back_person_id"), ["report_back_person_id"],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_session_report_back_session_id_session"), "session",
                                    ["report_back_session_id"], ["id"], ondelete="SET NULL")
        batch_op.create_foreign_key(batch_op.f("fk_session_report_back_person_id_person"), "person",
                                    ["report_back_person_id"], ["id"], ondelete="SET NULL")

    with op.batch_alter_table("paper", schema=None) as batch_op:
        batch_op.add_column(sa.Column("speaker_entry_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_paper_speaker_entry_id"), ["speaker_entry_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_paper_speaker_entry_id_speaker_entry"), "speaker_entry",
                                    ["speaker_entry_id"], ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("paper", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_paper_speaker_entry_id_speaker_entry"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_paper_speaker_entry_id"))
        batch_op.drop_column("speaker_entry_id")

    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_session_report_back_person_id_person"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_session_report_back_session_id_session"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_session_report_back_person_id"))
        batch_op.drop_index(batch_op.f("ix_session_report_back_session_id"))
        batch_op.drop_column("report_back_person_id")
        batch_op.drop_column("report_back_session_id")

    moves = {kind: "document" for kind in NEW_KINDS if kind not in OLD_KINDS}
    _change_kinds(OLD_KINDS, moves)

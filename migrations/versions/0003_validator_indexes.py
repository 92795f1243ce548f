"""Indexes that answer the public pages' validators from the index alone

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 13:00:00

Every public request first asks for the newest translation of its event in its language (and
the list of events for the newest title translation and the newest published event). With
updated_at as the last column of an index on what is filtered, that is one index lookup
instead of a scan of thousands of rows.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.drop_index('ix_translation_event_lang')
        batch_op.create_index('ix_translation_event_lang_updated', ['event_id', 'lang', 'updated_at'], unique=False)
        batch_op.create_index('ix_translation_lang_kind_updated', ['lang', 'object_type', 'field', 'updated_at'], unique=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_status_updated', ['status', 'updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_status_updated')
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.drop_index('ix_translation_lang_kind_updated')
        batch_op.drop_index('ix_translation_event_lang_updated')
        batch_op.create_index('ix_translation_event_lang', ['event_id', 'lang'], unique=False)

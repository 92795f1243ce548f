"""Initial schema: events, rooms, sessions, people, papers, releases, translations, users

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 09:38:06.442811

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('source_language', sa.String(length=5), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='event_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('published_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("source_language IN ('sq', 'sr', 'en', 'ar', 'zh', 'fr', 'es', 'ru')", name=op.f('ck_event_source_language_valid')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_event_dates_in_order')),
    sa.CheckConstraint('length(slug) >= 3', name=op.f('ck_event_slug_length')),
    sa.CheckConstraint('published_version >= 0', name=op.f('ck_event_published_version_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event')),
    sa.UniqueConstraint('slug', name=op.f('uq_event_slug'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('is_organizer', sa.Boolean(), nullable=False),
    sa.Column('is_translator', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_users_email_lowercase')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('event_language',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.CheckConstraint("lang IN ('sq', 'sr', 'en', 'ar', 'zh', 'fr', 'es', 'ru')", name=op.f('ck_event_language_lang_valid')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_language_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'lang', name=op.f('pk_event_language'))
    )
    op.create_table('event_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('owner', 'editor', 'translator', name='member_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.CheckConstraint("(role = 'translator' AND language IS NOT NULL) OR (role <> 'translator' AND language IS NULL)", name=op.f('ck_event_member_translator_has_language')),
    sa.CheckConstraint("language IS NULL OR language IN ('sq', 'sr', 'en', 'ar', 'zh', 'fr', 'es', 'ru')", name=op.f('ck_event_member_language_valid')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_member_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_member_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_member')),
    sa.UniqueConstraint('event_id', 'user_id', 'role', 'language', name=op.f('uq_event_member_event_id_user_id_role_language'))
    )
    with op.batch_alter_table('event_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_member_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_member_user_id'), ['user_id'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('honorific', sa.String(length=40), nullable=False),
    sa.Column('function', sa.String(length=300), nullable=False),
    sa.Column('organization', sa.String(length=300), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('stakeholder_group', sa.Enum('government', 'un_system', 'civil_society', 'private_sector', 'academia', 'migrant_community', 'other', name='stakeholder_group', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('gender', sa.String(length=60), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_person_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('event_id', 'name', 'organization', name=op.f('uq_person_event_id_name_organization'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_event_id'), ['event_id'], unique=False)

    op.create_table('release',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.CheckConstraint('number >= 1', name=op.f('ck_release_number_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_release_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_release_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_release')),
    sa.UniqueConstraint('event_id', 'number', name=op.f('uq_release_event_id_number'))
    )
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_release_event_id'), ['event_id'], unique=False)

    op.create_table('room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('accessibility', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity > 0', name=op.f('ck_room_capacity_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_room_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room')),
    sa.UniqueConstraint('event_id', 'name', name=op.f('uq_room_event_id_name'))
    )
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_event_id'), ['event_id'], unique=False)

    op.create_table('translation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('object_type', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'reviewed', name='translation_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('source_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("field IN ('bio', 'description', 'function', 'name', 'title', 'venue')", name=op.f('ck_translation_field_valid')),
    sa.CheckConstraint("lang IN ('sq', 'sr', 'en', 'ar', 'zh', 'fr', 'es', 'ru')", name=op.f('ck_translation_lang_valid')),
    sa.CheckConstraint("object_type IN ('event', 'paper', 'person', 'room', 'session')", name=op.f('ck_translation_object_type_valid')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_translation_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_translation_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_translation')),
    sa.UniqueConstraint('object_type', 'object_id', 'field', 'lang', name=op.f('uq_translation_object_type_object_id_field_lang'))
    )
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.create_index('ix_translation_event_lang', ['event_id', 'lang'], unique=False)

    op.create_table('translator_language',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.CheckConstraint("lang IN ('sq', 'sr', 'en', 'ar', 'zh', 'fr', 'es', 'ru')", name=op.f('ck_translator_language_lang_valid')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_translator_language_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'lang', name=op.f('pk_translator_language'))
    )
    op.create_table('session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('format', sa.Enum('plenary', 'general_debate', 'roundtable', 'interactive_panel', 'hearing', 'side_event', 'cultural', 'break', name='session_format', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_session_ends_after_start')),
    sa.CheckConstraint('number IS NULL OR (number >= 1 AND number <= 99)', name=op.f('ck_session_number_range')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_session_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_session_room_id_room'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session')),
    sa.UniqueConstraint('event_id', 'format', 'number', name=op.f('uq_session_event_id_format_number')),
    sa.UniqueConstraint('public_id', name=op.f('uq_session_public_id'))
    )
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_room_id'), ['room_id'], unique=False)

    op.create_table('paper',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('background_paper', 'document', name='paper_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('external_url', sa.String(length=1000), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("external_url IS NULL OR external_url LIKE 'https://%' OR external_url LIKE 'http://%'", name=op.f('ck_paper_external_url_http')),
    sa.ForeignKeyConstraint(['session_id'], ['session.id'], name=op.f('fk_paper_session_id_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper'))
    )
    with op.batch_alter_table('paper', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_session_id'), ['session_id'], unique=False)

    op.create_table('participation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('chair', 'co_chair', 'moderator', 'keynote', 'panelist', 'lead_discussant', 'speaker', 'rapporteur', name='participation_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_participation_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['session.id'], name=op.f('fk_participation_session_id_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participation')),
    sa.UniqueConstraint('session_id', 'person_id', 'role', name=op.f('uq_participation_session_id_person_id_role'))
    )
    with op.batch_alter_table('participation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participation_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participation_session_id'), ['session_id'], unique=False)

    op.create_table('session_language',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('channel', sa.Enum('floor', 'interpretation', name='language_channel', native_enum=False, create_constraint=True), nullable=False),
    sa.CheckConstraint("lang IN ('sq', 'sr', 'en', 'ar', 'zh', 'fr', 'es', 'ru')", name=op.f('ck_session_language_lang_valid')),
    sa.ForeignKeyConstraint(['session_id'], ['session.id'], name=op.f('fk_session_language_session_id_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'lang', 'channel', name=op.f('pk_session_language'))
    )
    op.create_table('paper_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('storage_key', sa.String(length=100), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('format', sa.Enum('pdf', 'docx', 'odt', name='paper_format', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("lang IN ('sq', 'sr', 'en', 'ar', 'zh', 'fr', 'es', 'ru')", name=op.f('ck_paper_file_lang_valid')),
    sa.CheckConstraint('size > 0', name=op.f('ck_paper_file_size_positive')),
    sa.ForeignKeyConstraint(['paper_id'], ['paper.id'], name=op.f('fk_paper_file_paper_id_paper'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_file')),
    sa.UniqueConstraint('paper_id', 'lang', name=op.f('uq_paper_file_paper_id_lang')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_paper_file_storage_key'))
    )
    with op.batch_alter_table('paper_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_file_paper_id'), ['paper_id'], unique=False)




def downgrade():

    with op.batch_alter_table('paper_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_file_paper_id'))

    op.drop_table('paper_file')
    op.drop_table('session_language')
    with op.batch_alter_table('participation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participation_session_id'))
        batch_op.drop_index(batch_op.f('ix_participation_person_id'))

    op.drop_table('participation')
    with op.batch_alter_table('paper', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_session_id'))

    op.drop_table('paper')
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_room_id'))
        batch_op.drop_index(batch_op.f('ix_session_event_id'))

    op.drop_table('session')
    op.drop_table('translator_language')
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.drop_index('ix_translation_event_lang')

    op.drop_table('translation')
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_event_id'))

    op.drop_table('room')
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_release_event_id'))

    op.drop_table('release')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_event_id'))

    op.drop_table('person')
    with op.batch_alter_table('event_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_member_user_id'))
        batch_op.drop_index(batch_op.f('ix_event_member_event_id'))

    op.drop_table('event_member')
    op.drop_table('event_language')
    op.drop_table('users')
    op.drop_table('event')


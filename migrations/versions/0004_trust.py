"""Edit versions on every edited record, translations linked to their objects by foreign keys,
releases that carry their agenda, an event's fallback languages, a login token per account

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 10:13:43

- room, paper, participation: `version` for optimistic locking, as event, session and person.
- translation: one nullable foreign key per translated kind (room_id, session_id, person_id,
  paper_id) with ON DELETE CASCADE, kept equal to object_id by CHECK constraints. Translations
  whose object is gone are deleted first (the flush hook that used to delete them could miss).
- release: `listing` (the released event row); the current release of each published event
  gets its agenda's rows (format 2), read from the tables as they are now, so public pages keep
  showing it after the upgrade.
- event.fallback_languages (empty: English when offered, then the source).
- users.login_token: a new random token per account.
"""
import secrets

import sqlalchemy as sa
from alembic import op

from app import records

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

KINDS = ('room', 'session', 'person', 'paper')


def upgrade():
    conn = op.get_bind()
    for table in ('room', 'paper', 'participation'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fallback_languages', sa.String(length=60), nullable=False, server_default=''))
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listing', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login_token', sa.String(length=64), nullable=True))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('login_token', sa.String))
    for (user_id,) in conn.execute(sa.select(users.c.id)).all():
        conn.execute(users.update().where(users.c.id == user_id).values(login_token=secrets.token_urlsafe(24)))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('login_token', existing_type=sa.String(length=64), nullable=False)

    for kind in KINDS:
        conn.execute(sa.text(
            f"DELETE FROM translation WHERE object_type = '{kind}' "
            f"AND object_id NOT IN (SELECT id FROM {kind})"
        ))
    with op.batch_alter_table('translation', schema=None) as batch_op:
        for kind in KINDS:
            batch_op.add_column(sa.Column(f'{kind}_id', sa.Integer(), nullable=True))
    for kind in KINDS:
        conn.execute(sa.text(f"UPDATE translation SET {kind}_id = object_id WHERE object_type = '{kind}'"))
    with op.batch_alter_table('translation', schema=None) as batch_op:
        for kind in KINDS:
            batch_op.create_index(batch_op.f(f'ix_translation_{kind}_id'), [f'{kind}_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_translation_{kind}_id_{kind}'), kind, [f'{kind}_id'], ['id'],
                                        ondelete='CASCADE')
            batch_op.create_check_constraint(
                batch_op.f(f'ck_translation_{kind}_link'),
                f"(object_type = '{kind}' AND {kind}_id IS NOT NULL AND {kind}_id = object_id) OR (object_type <> '{kind}' AND {kind}_id IS NULL)",
            )
        batch_op.create_check_constraint(batch_op.f('ck_translation_event_link'),
                                         "object_type <> 'event' OR object_id = event_id")

    _record_current_releases(conn)


def _record_current_releases(conn):
    """The current release of each published event gets the agenda's rows, from the tables now."""
    metadata = sa.MetaData()
    metadata.reflect(bind=conn)
    tables = metadata.tables
    event, release = tables['event'], tables['release']
    current = (
        sa.select(release.c.id, event.c.id)
        .join(event, sa.and_(event.c.id == release.c.event_id, event.c.published_version == release.c.number))
        .where(event.c.status == 'published')
    )
    for release_id, event_id in conn.execute(current).all():
        listing, snapshot = records.release_record(conn, tables, event_id)
        conn.execute(
            release.update().where(release.c.id == release_id)
            .values(listing=listing, snapshot=snapshot)
        )


def downgrade():
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_translation_event_link'), type_='check')
        for kind in KINDS:
            batch_op.drop_constraint(batch_op.f(f'ck_translation_{kind}_link'), type_='check')
            batch_op.drop_constraint(batch_op.f(f'fk_translation_{kind}_id_{kind}'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_translation_{kind}_id'))
        for kind in KINDS:
            batch_op.drop_column(f'{kind}_id')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('login_token')
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.drop_column('listing')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('fallback_languages')
    for table in ('participation', 'paper', 'room'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')

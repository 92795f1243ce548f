"""The language list in the database: the `language` table follows app.languages on every
`flask db upgrade`, every language column accepts every listed language and nothing else, and
the migration keeps the rows it rebuilds tables under (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from app.languages import LANGUAGES
from app.models import Event, EventLanguage, Invitation, LanguageRecord, PaperFile, SessionLanguage, Translation
from app.models.user import TranslatorLanguage
from config import TestingConfig
from tests import factories as f


def _migrated_app(postgres, tmp_path, name="languages"):
    url = postgres.create() if postgres is not None else f"sqlite:///{tmp_path / f'{name}.sqlite'}"
    return create_app(type("C", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url,
                                                     "UPLOAD_DIR": str(tmp_path / "papers")}))


def _language_columns() -> list[sa.Column]:
    """Every column that references the language table, found from the models."""
    return [fk.parent for table in db.metadata.sorted_tables for fk in table.foreign_keys
            if fk.column.table.name == "language"]


def test_every_language_column_references_the_language_table():
    columns = {f"{c.table.name}.{c.name}" for c in _language_columns()}
    assert {"event.source_language", "event.dates_language", "event_language.lang", "translation.lang",
            "session_language.lang", "paper_file.lang", "translator_language.lang", "invitation.language",
            "event_member.language"} <= columns
    for column in _language_columns():
        assert column.type.length >= max(map(len, LANGUAGES)), column
    # No CHECK spells a language list out any more: a new language needs no constraint change.
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, sa.CheckConstraint):
                assert "'sr'" not in str(constraint.sqltext), (table.name, constraint.name)


def test_a_migrated_database_takes_an_event_in_every_language(postgres, tmp_path):
    app = _migrated_app(postgres, tmp_path)
    with app.app_context():
        upgrade()
        assert db.session.scalars(sa.select(LanguageRecord.code)).all() != []
        assert set(db.session.scalars(sa.select(LanguageRecord.code))) == set(LANGUAGES)
        for code in LANGUAGES:
            event = f.make_event(f"in-{code.lower()}", source=code, languages=LANGUAGES)
            session = f.make_session(event)
            session.languages = [code]
            session.interpretation = LANGUAGES
            f.make_translation(event, event, "title", code, f"Title in {code}")
            user = f.make_user(f"translator-{code.lower()}@example.org", translator=True, languages=[code])
            f.add_member(event, user, language=code)
        db.session.commit()
        stored = {e.slug: (e.source_language, e.offered_languages) for e in db.session.scalars(sa.select(Event))}
        assert {source for source, _ in stored.values()} == set(LANGUAGES)
        assert all(set(offered) == set(LANGUAGES) for _, offered in stored.values())
        assert set(db.session.scalars(sa.select(SessionLanguage.lang))) == set(LANGUAGES)
        assert set(db.session.scalars(sa.select(Translation.lang))) == set(LANGUAGES)
        assert set(db.session.scalars(sa.select(TranslatorLanguage.lang))) == set(LANGUAGES)
        db.session.remove()
        db.engine.dispose()


def test_the_database_refuses_a_code_that_is_not_listed(app):
    event = f.make_event("unlisted")
    db.session.commit()
    for row in (EventLanguage(event_id=event.id, lang="xx"),
                Invitation(event_id=event.id, email="a@example.org", role="translator", language="de",
                           token_hash="x" * 64, invited_by_id=None)):
        db.session.add(row)
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.update(Event).where(Event.slug == "unlisted").values(source_language="sr-Latn"))
        db.session.flush()
    db.session.rollback()


def test_a_new_language_is_one_line_in_the_list(postgres, tmp_path, monkeypatch):
    """Add a code to app.languages only: the next `flask db upgrade` writes its row, and the
    language columns take it, with no new migration."""
    app = _migrated_app(postgres, tmp_path, "one-line")
    with app.app_context():
        upgrade()
        monkeypatch.setattr("app.models.language.LANGUAGES", (*LANGUAGES, "de"))
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
            conn.execute(sa.insert(EventLanguage.__table__).values(event_id=1, lang="de"))
        upgrade()  # at head already: only the language table is brought up to date
        assert "de" in set(db.session.scalars(sa.select(LanguageRecord.code)))
        event = f.make_event("auf-deutsch", source="de", languages=("de", "sq"))
        db.session.commit()
        assert db.session.get(Event, event.id).offered_languages == ["de", "sq"]
        db.session.remove()
        db.engine.dispose()


def test_migration_keeps_the_rows_of_the_tables_it_rebuilds(postgres, tmp_path):
    """SQLite rebuilds a table to change a column; with foreign keys enforced, dropping `event`
    would delete (ON DELETE CASCADE) its languages, sessions and translations. Rows written at
    revision 0004 are all there at the head, and again after going down to 0004 and up."""
    app = _migrated_app(postgres, tmp_path, "keeps-rows")
    with app.app_context():
        upgrade(revision="0004")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO event (id, slug, title, description, start_date, end_date, timezone, venue, city, "
                "country, source_language, fallback_languages, status, published_version, created_at, updated_at, "
                "version) VALUES (1, 'kept', 'Dita', '', :day, :day, 'Europe/Belgrade', '', '', 'XK', 'sr', '', "
                "'draft', 0, :now, :now, 1)"), {"day": date(2026, 12, 18), "now": "2026-12-01 10:00:00"})
            conn.execute(sa.text("INSERT INTO event_language (event_id, lang) VALUES (1, 'sr'), (1, 'ar')"))
            conn.execute(sa.text(
                "INSERT INTO translation (event_id, object_type, object_id, field, lang, text, status, "
                "source_fingerprint, source_text, updated_at, version) VALUES (1, 'event', 1, 'title', 'ar', 'اليوم', "
                "'reviewed', 'x', 'Dita', :now, 1)"), {"now": "2026-12-01 10:00:00"})

        def counts():
            with db.engine.connect() as conn:
                return [conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                        for t in ("event", "event_language", "translation")]

        upgrade()
        assert counts() == [1, 2, 1]
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT dates_language FROM event")).scalar() == "sq"
        downgrade(revision="0004")
        assert counts() == [1, 2, 1]
        upgrade()
        assert counts() == [1, 2, 1]
        if db.engine.dialect.name == "sqlite":
            with db.engine.connect() as conn:  # the pool's connections enforce foreign keys again
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


def test_paper_files_in_a_new_language(app):
    event = f.make_event("files", languages=("sq", "sr-Cyrl", "rom"))
    paper = f.make_paper(f.make_session(event))
    content = f.pdf_bytes()
    from app.storage import get_storage
    paper.files.append(PaperFile(lang="sr-Cyrl", storage_key=get_storage().save(content, "pdf"), filename="p.pdf",
                                 format="pdf", size=len(content), sha256="0" * 64))
    db.session.commit()
    assert [file.lang for file in paper.files] == ["sr-Cyrl"]


def test_a_backup_restores_into_a_migrated_database_and_refuses_unknown_languages(postgres, tmp_path, monkeypatch):
    """The `language` table is derived from the code: a backup neither carries it nor finds a fresh,
    migrated database (which has its rows) "not empty"; rows naming a language this instance does
    not list are refused before anything is written."""
    import io

    from app.backup import BackupError, restore_backup, write_backup

    source = _migrated_app(postgres, tmp_path, "backup-source")
    with source.app_context():
        upgrade()
        f.make_event("in-cyrillic", source="sr-Cyrl", languages=("sr-Cyrl", "rom"))
        db.session.commit()
        buffer = io.BytesIO()
        write_backup(buffer)
        db.session.remove()
        db.engine.dispose()
    target = _migrated_app(postgres, tmp_path, "backup-target")
    with target.app_context():
        upgrade()
        monkeypatch.setattr("app.languages.LANGUAGES", tuple(c for c in LANGUAGES if c != "rom"))
        buffer.seek(0)
        with pytest.raises(BackupError, match="language"):
            restore_backup(buffer)
        assert db.session.scalars(sa.select(Event.slug)).all() == []
        monkeypatch.undo()
        buffer.seek(0)
        restore_backup(buffer)
        db.session.commit()
        assert db.session.scalars(sa.select(Event.slug)).all() == ["in-cyrillic"]
        assert set(db.session.scalars(sa.select(LanguageRecord.code))) == set(LANGUAGES)
        db.session.remove()
        db.engine.dispose()

"""`flask backup` / `flask restore`: the whole instance, database-neutral, nothing lost."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app, records
from app.backup import BackupError, restore_backup, write_backup
from app.demo import load_demo
from app.extensions import db
from app.models import PaperFile
from app.storage import get_storage
from config import TestingConfig
from tests import factories as f
from tests.conftest import PG_ADMIN_URL


def _migrated_app(url: str, upload_dir):
    app = create_app(type("C", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_DIR": str(upload_dir)}))
    with app.app_context():
        upgrade()
    return app


def _contents() -> dict[str, list]:
    out = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
        out[table.name] = [{k: records.dump_value(v) for k, v in r._mapping.items()} for r in rows]
    return out


def _sqlite(tmp_path, name):
    return f"sqlite:///{tmp_path / name}"


def _fresh(kind: str, postgres, tmp_path, name: str) -> str:
    return postgres.create() if kind == "postgresql" else _sqlite(tmp_path, f"{name}.sqlite")


#: Every direction between the databases this run has (PostgreSQL when TEST_DATABASE_URL names one).
PAIRS = [("sqlite", "sqlite")] + (
    [("sqlite", "postgresql"), ("postgresql", "sqlite"), ("postgresql", "postgresql")] if PG_ADMIN_URL else []
)


@pytest.mark.parametrize("source_kind, target_kind", PAIRS)
def test_round_trip_loses_nothing(postgres, tmp_path, source_kind, target_kind):
    source = _migrated_app(_fresh(source_kind, postgres, tmp_path, "source"), tmp_path / "papers-a")
    with source.app_context():
        load_demo(day=date(2026, 12, 18))
        f.make_user("admin@example.org", admin=True)
        db.session.commit()
        before = _contents()
        buffer = io.BytesIO()
        write_backup(buffer)
        source_files = {k: get_storage().read(k) for k in db.session.scalars(sa.select(PaperFile.storage_key))}
        db.engine.dispose()

    target = _migrated_app(_fresh(target_kind, postgres, tmp_path, "target"), tmp_path / "papers-b")
    with target.app_context():
        buffer.seek(0)
        restore_backup(buffer)
        assert _contents() == before
        assert {k: get_storage().read(k) for k in source_files} == source_files
        # Ids continue after the restored ones (PostgreSQL sequences moved on).
        user = f.make_user("new@example.org")
        db.session.commit()
        assert user.id > max(row["id"] for row in before["users"])
        db.engine.dispose()


def test_restore_refuses_a_database_with_data(postgres, tmp_path):
    app = _migrated_app(_sqlite(tmp_path, "one.sqlite"), tmp_path / "papers")
    with app.app_context():
        f.make_user("a@example.org")
        db.session.commit()
        buffer = io.BytesIO()
        write_backup(buffer)
        buffer.seek(0)
        with pytest.raises(BackupError, match="holds data already"):
            restore_backup(buffer)
        buffer.seek(0)
        restore_backup(buffer, replace=True)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(db.metadata.tables["users"])) == 1
        db.engine.dispose()


def test_broken_archives_change_nothing(tmp_path):
    app = _migrated_app(_sqlite(tmp_path, "two.sqlite"), tmp_path / "papers")
    with app.app_context():
        with pytest.raises(BackupError, match="not a Dita backup"):
            restore_backup(io.BytesIO(b"not a zip"))
        bad = io.BytesIO()
        with zipfile.ZipFile(bad, "w") as archive:
            archive.writestr("manifest.json", '{"format": "dita-backup", "version": 1, "revision": "0001"}')
            archive.writestr("data/users.json", '[{"id": 1, "email": "UPPER@x"}]')  # violates constraints
        bad.seek(0)
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do; the test checks nothing was restored
            restore_backup(bad)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(db.metadata.tables["users"])) == 0
        db.engine.dispose()


def test_cli_backup_and_restore(tmp_path):
    app = _migrated_app(_sqlite(tmp_path, "cli.sqlite"), tmp_path / "papers")
    with app.app_context():
        load_demo(day=date(2026, 12, 18))
        runner = app.test_cli_runner()
        result = runner.invoke(args=["backup", "-o", str(tmp_path / "dita.zip")])
        assert result.exit_code == 0, result.output
        again = runner.invoke(args=["restore", str(tmp_path / "dita.zip")])
        assert again.exit_code != 0 and "holds data already" in again.output
        db.engine.dispose()

"""The database goes away on 18 December: visitors get a polite 503, and the site comes back by itself.

This test runs its own PostgreSQL 15 (initdb + pg_ctl, as the `postgres` system user when
run as root, on a spare port), really stops it, and starts it again under the same app.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest

from app import create_app
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from config import TestingConfig

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivatePostgres:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="dita-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.dir, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"),
                  "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres?connect_timeout=3"

    def cleanup(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def private_postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN}")
    server = PrivatePostgres()
    server.init()
    server.start()
    yield server
    server.cleanup()


def test_database_outage_gives_503_and_recovers_without_restart(private_postgres, tmp_path):
    config = type("C", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": private_postgres.url, "UPLOAD_DIR": str(tmp_path / "papers"),
    })
    app = create_app(config)
    with app.app_context():
        db.create_all()
        load_demo(day=date(2026, 12, 18))
        db.session.remove()
    client = app.test_client()
    agenda = f"/sq/e/{DEMO_SLUG}/"
    assert client.get(agenda).status_code == 200
    assert client.get("/healthz").status_code == 200

    private_postgres.stop()
    down = client.get(agenda)
    assert down.status_code == 503
    body = down.get_data(as_text=True)
    assert "Traceback" not in body and "psycopg" not in body
    assert '<html lang="sq"' in body
    assert down.headers.get("Retry-After")
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json["database"] == "down"

    private_postgres.start()
    assert client.get("/healthz").status_code == 200
    back = client.get(agenda)
    assert back.status_code == 200
    assert "e premte, 18 dhjetor 2026" in back.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()

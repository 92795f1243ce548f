"""Two app processes over one database and one Redis: the failed-login limit and the render
cache hold across both.

App processes are stateless: sessions are signed cookies, data is in the database, and the
failed-login counters are in Redis (RATELIMIT_STORAGE_URI), so an attacker cannot multiply
their attempts by spreading them over processes or hosts.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from config import BASE_DIR

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD = "a long enough password"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_available() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect
        )

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(url, data=body, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def login(self, base: str, email: str, password: str) -> int:
        _, page = self.get(base + "/auth/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        status, _ = self.post(base + "/auth/login", {"email": email, "password": password, "csrf_token": token})
        return status


@pytest.fixture
def two_processes(postgres, tmp_path):
    if not _redis_available():
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    url = postgres.create() if postgres is not None else f"sqlite:///{tmp_path / 'shared.sqlite'}"
    env = {
        **os.environ, "DITA_CONFIG": "development", "DATABASE_URL": url, "SECRET_KEY": "shared-secret-" + "x" * 20,
        "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": f"dita-test-{uuid.uuid4().hex}",
        "LOGIN_FAIL_LIMIT": "3 per 15 minutes", "UPLOAD_DIR": str(tmp_path / "papers"),
        "CACHE_REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": f"dita-test-{uuid.uuid4().hex}:",
        "DITA_SQL_COUNT_HEADER": "1",
        # One public origin for both processes (behind one nginx), so they share what they render.
        "PUBLIC_URL": "http://dita.test",
    }
    bin_dir = Path(sys.executable).parent
    flask = [str(bin_dir / "flask"), "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "users", "create", "org@example.org", "--role", "organizer"], cwd=BASE_DIR, env=env,
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    subprocess.run([*flask, "demo"], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    servers, bases = [], []
    for _ in range(2):
        port = _free_port()
        # The production gunicorn settings (app/gunicorn_conf.py), one worker per process here.
        servers.append(subprocess.Popen(
            [str(bin_dir / "gunicorn"), "-c", "python:app.gunicorn_conf", "app:create_app()"],
            cwd=BASE_DIR, env={**env, "WEB_CONCURRENCY": "1", "DITA_BIND": f"127.0.0.1:{port}", "DITA_ACCESS_LOG": ""},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))
        bases.append(f"http://127.0.0.1:{port}")
    for base in bases:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
    yield bases, url, str(tmp_path / "papers")
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_failed_login_limit_is_shared_between_processes(two_processes):
    (first, second), _, _ = two_processes
    assert Browser().login(first, "org@example.org", "wrong") == 401
    assert Browser().login(second, "org@example.org", "wrong") == 401
    assert Browser().login(first, "org@example.org", "wrong") == 401
    # Three failures in all, spread over two processes: the fourth attempt is refused everywhere.
    assert Browser().login(second, "org@example.org", PASSWORD) == 429
    assert Browser().login(first, "org@example.org", PASSWORD) == 429


def test_a_session_from_one_process_is_valid_on_the_other(two_processes):
    (first, second), _, _ = two_processes
    browser = Browser()
    assert browser.login(first, "org@example.org", PASSWORD) == 302
    status, page = browser.get(second + "/manage/")
    assert status == 200


def _get(url: str) -> tuple[str, int]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode(), int(response.headers["X-SQL-Queries"])


def test_render_cache_shared_and_invalidated_across_processes(two_processes):
    from app import create_app
    from app.demo import DEMO_SLUG
    from app.extensions import db
    from app.models import Session
    from app.publishing import publish
    from config import TestingConfig

    (first, second), url, upload_dir = two_processes
    page = f"/en/e/{DEMO_SLUG}/"
    body, cold = _get(first + page)
    again, warm = _get(second + page)  # rendered by the other process, read from Redis
    assert again == body and warm == 1 < cold

    # An organizer's edit published from a third process: both app processes serve the new page at once.
    app = create_app(type("C", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_DIR": upload_dir}))
    with app.app_context():
        session = db.session.scalar(sa.select(Session).where(Session.number == 3))
        session.title = "Tryeza e rrumbullakët 3: partneritet i ri"
        publish(session.event)
        db.session.commit()
        db.engine.dispose()
    assert "partneritet i ri" in _get(second + f"/sq/e/{DEMO_SLUG}/")[0]
    assert "partneritet i ri" in _get(first + f"/sq/e/{DEMO_SLUG}/")[0]
    _, queries = _get(first + page)  # the English page is rendered anew too (its text is unchanged)
    assert queries > 1

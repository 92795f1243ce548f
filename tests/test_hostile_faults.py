"""Faults under attack: a database outage, a stopped or frozen Redis, a killed worker, slow clients.

Real servers throughout: a private PostgreSQL (as in test_outage), a private redis-server on a
spare port, gunicorn with the production settings (app/gunicorn_conf.py).
"""
from __future__ import annotations

import contextlib
from datetime import date

import pytest

from app import create_app
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from config import TestingConfig
from tests import factories
from tests.conftest import AuthActions
from tests.test_outage import private_postgres  # noqa: F401 - a fixture

PUBLIC_PAGES = ["/sq/e/{slug}/", "/en/", "/en/e/{slug}/schedule.json"]
#: Pages only a signed-in visitor gets to (anyone else is sent to sign in, which needs no database).
MEMBER_PAGES = ["/manage/", "/translate/", "/admin/users"]


def _security_headers_present(response) -> bool:
    return all(name in response.headers for name in
               ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"))


def test_database_outage_gives_every_visitor_the_503_page(private_postgres, tmp_path):  # noqa: F811
    config = type("C", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": private_postgres.url, "UPLOAD_DIR": str(tmp_path / "papers"),
    })
    app = create_app(config)
    with app.app_context():
        db.create_all()
        load_demo(day=date(2026, 12, 18))
        factories.make_user("organizer@example.org", organizer=True)
        db.session.commit()
        db.session.remove()
    anonymous, signed_in = app.test_client(), app.test_client()
    assert AuthActions(signed_in).login().status_code == 302
    manage = signed_in.get("/manage/")
    assert manage.status_code == 200
    assert manage.headers["Cache-Control"] == "private, no-store"
    assert signed_in.get(f"/sq/e/{DEMO_SLUG}/").headers["Cache-Control"] == "private, no-store"

    private_postgres.stop()
    try:
        for client, pages in ((anonymous, PUBLIC_PAGES), (signed_in, PUBLIC_PAGES + MEMBER_PAGES)):
            for page in pages:
                response = client.get(page.format(slug=DEMO_SLUG))
                body = response.get_data(as_text=True)
                assert response.status_code == 503, (page, response.status_code)
                assert _security_headers_present(response), page
                assert response.headers.get("Retry-After"), page
                assert "Traceback" not in body and "psycopg" not in body
                if response.mimetype == "text/html":
                    assert "<html" in body and "error-page" in body, page
        assert signed_in.get("/manage/").headers["Cache-Control"] == "private, no-store"
    finally:
        private_postgres.start()
    assert signed_in.get("/manage/").status_code == 200
    with app.app_context():
        db.engine.dispose()


# --- gunicorn with the production settings --------------------------------------------------------

import os  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

from config import BASE_DIR  # noqa: E402
from tests.test_multiprocess import _free_port  # noqa: E402

BIN = Path(sys.executable).parent
#: Where the slow layout below writes its process id (set for the gunicorn under test).
MARKER_ENV = "DITA_TEST_LAYOUT_MARKER"


def _slow_layout(html: str, base_url: str) -> bytes:
    with open(os.environ[MARKER_ENV], "w") as marker:
        marker.write(str(os.getpid()))
    time.sleep(120)
    return b"%PDF-1.4\n"


def slow_pdf_app():
    """The app as gunicorn loads it, with a PDF layout that takes two minutes (a worker is killed meanwhile)."""
    from app import create_app as build
    from app.exports import pdf

    pdf.UNAVAILABLE = ""
    pdf.write_pdf = _slow_layout
    return build()


def _wait_for(predicate, what: str, deadline: float = 60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


class Gunicorn:
    def __init__(self, env: dict, app: str = "app:create_app()"):
        self.env, self.app = env, app
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "python:app.gunicorn_conf", self.app], cwd=BASE_DIR,
            env={**self.env, "DITA_BIND": f"127.0.0.1:{self.port}", "DITA_ACCESS_LOG": ""},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        _wait_for(lambda: _answers(self.base) or self.process.poll() is not None, "gunicorn to answer")
        assert self.process.poll() is None, self.process.stderr.read().decode()[-2000:]
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def served(postgres, tmp_path):
    """A database with the demo day, and the environment gunicorn runs the app with."""
    url = postgres.create() if postgres is not None else f"sqlite:///{tmp_path / 'served.sqlite'}"
    env = {**os.environ, "DITA_CONFIG": "development", "DATABASE_URL": url, "SECRET_KEY": "s" * 40,
           "UPLOAD_DIR": str(tmp_path / "papers"), "WEB_CONCURRENCY": "1", "PYTHONPATH": str(BASE_DIR)}
    for name in ("CACHE_REDIS_URL", "RATELIMIT_STORAGE_URI", "PUBLIC_URL"):
        env.pop(name, None)
    flask = [str(BIN / "flask"), "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo"], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    servers: list[Gunicorn] = []

    def start(**extra) -> Gunicorn:
        app = extra.pop("app", "app:create_app()")
        server = Gunicorn({**env, **extra}, app)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


def _parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie has let go of everything
    except FileNotFoundError:
        return True


def _sockets_of(pid: int) -> list[str]:
    fds = Path(f"/proc/{pid}/fd")
    return [os.readlink(fd) for fd in fds.iterdir() if os.readlink(fd).startswith("socket:")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_killed_mid_render_leaves_no_child_and_the_port_free(served, tmp_path):
    marker = tmp_path / "layout.pid"
    server = served(app="tests.test_hostile_faults:slow_pdf_app()", **{MARKER_ENV: str(marker)})
    request = threading.Thread(target=lambda: _quietly(server.base + f"/en/e/{DEMO_SLUG}/agenda.pdf"), daemon=True)
    request.start()
    child = int(_wait_for(lambda: marker.exists() and marker.read_text(), "the layout to start"))
    worker = _parent_of(child)
    assert worker != server.process.pid
    assert _sockets_of(child) == []  # neither the listening socket nor any connection

    os.kill(worker, signal.SIGKILL)
    _wait_for(lambda: _gone(child), "the layout child to die with its worker", deadline=30)
    _wait_for(lambda: _answers(server.base), "a new worker")
    port = server.port
    server.stop()
    again = Gunicorn(server.env, "app:create_app()")
    again.port, again.base = port, f"http://127.0.0.1:{port}"
    try:
        again.start()  # the same port: nothing of the old server holds it
        assert _answers(again.base)
    finally:
        again.stop()


def _quietly(url: str) -> None:
    with contextlib.suppress(OSError):
        urllib.request.urlopen(url, timeout=60).read()


def test_slow_clients_do_not_hold_every_worker(served):
    """As many stalled connections as the server has workers (each sent half a request line, or
    nothing): a normal request is still answered."""
    server = served()
    stalled = []
    try:
        for n in range(4):
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            if n % 2:
                connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            stalled.append(connection)
        with urllib.request.urlopen(server.base + f"/en/e/{DEMO_SLUG}/", timeout=10) as response:
            assert response.status == 200
    finally:
        for connection in stalled:
            connection.close()


# --- Redis stopped, frozen, and back -------------------------------------------------------------

import shutil  # noqa: E402
import tempfile  # noqa: E402

import redis as redis_py  # noqa: E402

REDIS_SERVER = shutil.which("redis-server")


class PrivateRedis:
    """A redis-server of this test's own, on a spare port, bounded like production should be."""

    def __init__(self):
        self.port = _free_port()
        self.dir = tempfile.mkdtemp(prefix="dita-redis-")
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.dir, "--maxmemory", "8mb", "--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        _wait_for(self.answers, "redis-server to start")

    def answers(self) -> bool:
        try:
            return redis_py.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1).ping()
        except redis_py.RedisError:
            return False

    def client(self) -> redis_py.Redis:
        return redis_py.Redis(port=self.port, socket_timeout=5)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait()

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def private_redis():
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.dir, ignore_errors=True)


def _load(client, rounds: int = 3) -> list[tuple[str, int]]:
    """A few dozen requests of every kind an anonymous visitor makes, and failed sign-ins."""
    statuses = []
    for n in range(rounds):
        for url in (f"/en/e/{DEMO_SLUG}/", f"/sq/e/{DEMO_SLUG}/grid", "/en/", f"/en/e/{DEMO_SLUG}/schedule.json",
                    f"/fr/e/{DEMO_SLUG}/schedule.ics?utm_source={n}", "/auth/login", "/healthz"):
            statuses.append((url, client.get(url).status_code))
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          client.get("/auth/login").get_data(as_text=True)).group(1)
        answer = client.post("/auth/login", data={"email": "nobody@example.org", "password": "wrong" * 3,
                                                  "csrf_token": token})
        statuses.append(("POST /auth/login", answer.status_code))
    return statuses


def _in_time(work, seconds: float = 60):
    """Runs `work` in a thread; a hang (a request waiting on a frozen Redis forever) fails the test."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert "value" in result, "requests hung on Redis"
    return result["value"]


import re  # noqa: E402


def test_redis_stopped_frozen_and_back_without_a_restart(make_app, private_redis, caplog):
    from app.extensions import cache

    app = make_app(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=private_redis.url,
                   CACHE_KEY_PREFIX="dita-hostile:", RATELIMIT_STORAGE_URI=private_redis.url,
                   REDIS_RETRY_AFTER=0.5)
    with app.app_context():
        load_demo(day=date(2026, 12, 18))
        db.session.commit()
        db.session.remove()
    client = app.test_client()
    shared = private_redis.client()

    assert all(status in (200, 401, 429) for _, status in _load(client, rounds=1))
    assert shared.dbsize() > 0  # pages (and the limits' counters) are in Redis
    assert all(ttl > 0 for ttl in (shared.ttl(key) for key in shared.keys("dita-hostile:*")))  # each expires
    assert client.get("/healthz").json["redis"] == "up"

    # Stopped under load: every page still served, sign-ins still limited (in this process), no 500.
    private_redis.stop()
    with caplog.at_level("WARNING"):
        statuses = _in_time(lambda: _load(client))
    assert all(status in (200, 401, 429) for _, status in statuses), statuses
    assert any("Redis page cache unavailable" in r.getMessage() for r in caplog.records)
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json == {"status": "degraded", "database": "up", "redis": "down"}

    # Back: the cache is used again, without restarting the app.
    private_redis.start()
    shared = private_redis.client()

    def cached_again() -> bool:
        client.get(f"/en/e/{DEMO_SLUG}/speakers/")
        return bool(shared.keys("dita-hostile:*"))

    _wait_for(cached_again, "the page cache to use Redis again", deadline=30)
    assert client.get("/healthz").json["redis"] == "up"

    # Frozen (the process stopped, its socket open): requests go on without it, none hangs.
    private_redis.freeze()
    try:
        statuses = _in_time(lambda: _load(client))
        assert all(status in (200, 401, 429) for _, status in statuses), [
            s for s in statuses if s[1] not in (200, 401, 429)]
        with app.app_context():
            # left alone after the first timeout, not waited on each time
            assert not getattr(cache.cache, "available", True)
    finally:
        private_redis.thaw()

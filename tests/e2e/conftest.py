"""End-to-end fixtures: the app served by a real gunicorn process on 127.0.0.1, driven by headless Chromium.

Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH); Playwright drives it but never
downloads a browser of its own. Screenshots go to test-artifacts/screenshots/.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from config import BASE_DIR

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = BASE_DIR / "test-artifacts" / "screenshots"
PASSWORD = "e2e password 2026"
USERS = {
    "admin": ("admin@e2e.example", ["--role", "admin"]),
    "organizer": ("organizer@e2e.example", ["--role", "organizer"]),
    "translator": ("translator@e2e.example", ["--role", "translator", "--language", "sq", "--language", "ar"]),
}


def pytest_collection_modifyitems(items) -> None:
    """Every test here drives the browser: `-m "not browser"` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, root: Path):
        self.root = root
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DITA_CONFIG": "development",
            "DATABASE_URL": f"sqlite:///{root / 'e2e.sqlite'}",
            "UPLOAD_DIR": str(root / "papers"),
            "SECRET_KEY": "e2e-secret-key-not-for-production",
        }
        self.process: subprocess.Popen | None = None
        self.bin = Path(sys.executable).parent

    def flask(self, *args: str, input: str | None = None) -> str:
        result = subprocess.run([str(self.bin / "flask"), "--app", "app", *args], cwd=BASE_DIR, env=self.env,
                                input=input, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def start(self) -> None:
        self.flask("db", "upgrade")
        self.flask("demo")
        for email, args in USERS.values():
            self.flask("users", "create", email, *args, input=PASSWORD + "\n")
        self.process = subprocess.Popen(
            [str(self.bin / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
             "--access-logfile", "-", "app:create_app()"],
            cwd=BASE_DIR, env=self.env, stdout=open(self.root / "server.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115 - the server's log
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start: " + (self.root / "server.log").read_text())

    def stop(self) -> None:
        """Quick shutdown (gunicorn's SIGQUIT: no waiting for the browser's idle keep-alive
        connections), and a kill if a busy machine keeps it from ending in time."""
        if self.process is not None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("live"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="sq-AL", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, live_server, who: str) -> None:
    email, _ = USERS[who]
    page.goto(live_server.url + "/auth/login")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def create_event(page, live_server, title: str, slug: str, template: str, start_date: str | None = None) -> None:
    """Create an event in English with Arabic from a template on /manage/new, as an organizer does."""
    page.goto(live_server.url + "/manage/new")
    page.get_by_label("Title").fill(title)
    page.locator("input[name=slug]").fill(slug)
    if start_date:
        page.locator("input[name=start_date]").fill(start_date)
    page.get_by_label("Source language").select_option("en")
    page.locator("input[name=languages][value=ar]").check()
    page.locator(f"input[name=template][value={template}]").check()
    page.get_by_role("button", name="Create the event").click()
    page.wait_for_load_state()


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the viewport (0 means no horizontal scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


__all__ = ["screenshot", "login", "create_event", "horizontal_overflow", "shutil"]

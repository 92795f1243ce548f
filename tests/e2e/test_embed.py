"""The embeddable agenda framed by a page of another site (another origin, served through page.route),
with the snippet an organizer copies from the event page: it renders, fits its frame, reads right to
left in Arabic, and has no horizontal scroll at 360 px. Framing the ordinary agenda is refused."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.demo import DEMO_SLUG
from tests.e2e.conftest import horizontal_overflow, login, screenshot
from tests.e2e.test_accessibility import serious_violations


class HostSite:
    """Another site, on another origin (its own port): serves the pages it is given."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the standard library's name
                body = pages.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write((body or "").encode("utf-8"))

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def page(self, name: str, body: str) -> str:
        self.pages[f"/{name}"] = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Host</title></head>"
            f"<body><h1>Our association</h1>{body}<p id='after'>After the agenda</p></body></html>")
        return f"{self.url}/{name}"


@pytest.fixture(scope="module")
def host():
    site = HostSite()
    yield site
    site.server.shutdown()
    site.server.server_close()


def organizer_snippet(browser, live_server, lang: str) -> str:
    """The code the event page gives to copy, with the embed's language put in its address."""
    context = browser.new_context()
    page = context.new_page()
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/manage/{DEMO_SLUG}/")
    code = page.locator("#embed-snippet").input_value()
    context.close()
    source = code.split("/e/", 1)[0].rsplit("/", 1)[1]
    return code.replace(f"/{source}/e/", f"/{lang}/e/")


@pytest.mark.parametrize(("lang", "direction", "width"), [("en", "ltr", 1280), ("ar", "rtl", 360)])
def test_another_site_frames_the_embed_and_it_fits(live_server, browser, host, lang, direction, width):
    code = organizer_snippet(browser, live_server, lang)
    assert 'loading="lazy"' in code and "title=" in code
    context = browser.new_context(viewport={"width": width, "height": 780})
    page = context.new_page()
    page.goto(host.page(f"fits-{lang}", code))
    frame = page.frame_locator("iframe[data-dita-embed]")
    sessions = frame.locator(".embed-session")
    sessions.first.wait_for()
    assert sessions.count() == 10
    assert frame.locator("html").get_attribute("dir") == direction
    assert all(a == "_blank" for a in sessions.evaluate_all("els => els.map(e => e.target)"))
    # The script in the frame told the host its height; the host's snippet made the frame that tall.
    iframe = page.locator("iframe[data-dita-embed]")
    page.wait_for_function("() => document.querySelector('iframe[data-dita-embed]').style.height !== ''")
    inner = frame.locator("html").evaluate("el => Math.ceil(el.getBoundingClientRect().height)")
    outer = iframe.evaluate("el => el.getBoundingClientRect().height")
    assert abs(outer - inner) <= 2 and outer != 600
    embed = next(f for f in page.frames if "/embed" in f.url)
    assert embed.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    assert horizontal_overflow(page) == 0
    screenshot(page, f"embed_host_{lang}_{width}")
    context.close()


def test_without_scripts_the_frame_keeps_its_height_and_scrolls(live_server, browser, host):
    code = organizer_snippet(browser, live_server, "en")
    context = browser.new_context(viewport={"width": 360, "height": 780}, java_script_enabled=False)
    page = context.new_page()
    page.goto(host.page("no-script", code))
    frame = page.frame_locator("iframe[data-dita-embed]")
    frame.locator(".embed-session").first.wait_for()
    assert frame.locator(".embed-session").count() == 10
    assert page.locator("iframe[data-dita-embed]").evaluate("el => el.getBoundingClientRect().height") == 600
    context.close()


def test_framing_the_agenda_page_is_refused(live_server, page, host):
    page.goto(host.page("both", (
        f'<iframe id="agenda" title="Agenda" src="{live_server.url}/en/e/{DEMO_SLUG}/"></iframe>'
        f'<iframe id="embed" title="Embed" src="{live_server.url}/en/e/{DEMO_SLUG}/embed"></iframe>')))
    page.frame_locator("#embed").locator(".embed-session").first.wait_for()
    page.wait_for_timeout(500)
    children = [f for f in page.frames if f.parent_frame is not None]
    assert len(children) == 2
    assert page.frame_locator("#agenda").locator(".session-list").count() == 0  # refused: nothing rendered
    assert page.frame_locator("#embed").locator(".embed-session").count() == 10


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_embed_and_link_pages_pass_axe(live_server, browser, lang):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/embed")
    problems = [f"embed: {v}" for v in serious_violations(page)]
    assert horizontal_overflow(page) == 0
    # The opening plenary: the hall's stream and its interpretation channels, before the day.
    page.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/")
    page.goto(live_server.url + page.locator("a[href*='/s/']").first.get_attribute("href"))
    assert page.locator(".media-links a[rel~=noopener]").count() == 3
    problems += [f"session: {v}" for v in serious_violations(page)]
    assert horizontal_overflow(page) == 0
    screenshot(page, f"session_links_{lang}_360")
    page.goto(f"{live_server.url}/language/{lang}?next=/")
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/manage/{DEMO_SLUG}/rooms")
    page.locator("a[href$='/links']").first.click()
    page.wait_for_load_state()
    problems += [f"room links: {v}" for v in serious_violations(page)]
    assert horizontal_overflow(page) == 0
    page.locator("select[name=kind]").select_option("interpretation")
    page.locator("input[name=url]").fill("javascript:alert(1)")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".field.has-error").count() == 2  # no language, and not a web address
    problems += [f"room links with errors: {v}" for v in serious_violations(page)]
    screenshot(page, f"room_links_errors_{lang}")
    page.goto(f"{live_server.url}/manage/{DEMO_SLUG}/")
    problems += [f"event page: {v}" for v in serious_violations(page)]
    assert horizontal_overflow(page) == 0
    context.close()
    assert not problems, "\n".join(problems)

"""The static copy of the demo day opened from disk (file://) in Chromium: it reads, links and stars
without the server, in English and in Arabic, at a phone's width."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.models import TranslationStatus
from tests import factories
from tests.e2e.conftest import horizontal_overflow, login, screenshot
from tests.e2e.test_public_pages import serious_violations

AR_TITLE = "اليوم الدولي للمهاجرين"


@pytest.fixture
def site(app, runner, tmp_path):
    event, _ = load_demo(day=date(2026, 12, 18))
    event.offered_languages = [*event.offered_languages, "ar"]
    set_translation(event.id, event, "title", "ar", AR_TITLE, TranslationStatus.REVIEWED)
    db.session.flush()
    factories.release(event)
    out = tmp_path / "site"
    result = runner.invoke(args=["events", "export-site", DEMO_SLUG, "--to", str(out)])
    assert result.exit_code == 0, result.output
    return out


def watch(page) -> list[str]:
    """Console errors and requests that failed (a missing file) while the page is used."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    def failed(request) -> None:
        # A file that is there failed only because the next navigation cut its load short (the icon,
        # fetched after the page's load event, on a busy machine); a missing file is a problem.
        path = Path(unquote(urlsplit(request.url).path)) if request.url.startswith("file://") else None
        if path is None or not path.is_file():
            problems.append(f"failed: {request.url} ({request.failure})")

    page.on("requestfailed", failed)
    page.on("pageerror", lambda error: problems.append(f"script: {error}"))
    return problems


def test_open_from_disk_click_to_a_session_and_back_and_star(site, page):
    problems = watch(page)
    index = (site / "index.html").as_uri()
    page.goto(index)
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.evaluate("getComputedStyle(document.body).fontFamily")  # the stylesheet is read
    link = page.locator("ol.session-list li.session h3 a").first
    title = link.inner_text().strip()
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/index.html") and "/s/" in page.url
    assert title in page.get_by_role("heading", level=1).inner_text()
    page.go_back()
    page.wait_for_load_state()
    assert page.url == index
    # Star the first session (dita.js keeps it in the browser), then My agenda shows it and nothing else.
    page.goto((site / "en" / "index.html").as_uri())
    first = page.locator("li.session").first
    session_id = first.get_attribute("id")
    first.locator("button[data-star]").click()
    page.locator(".event-nav a[data-my-link]").click()
    page.wait_for_load_state()
    assert "/en/my/index.html" in page.url
    visible = page.locator("li.session:visible")
    assert visible.count() == 1 and visible.first.get_attribute("id") == session_id
    assert not page.locator("[data-static-empty]").is_visible()
    assert problems == []
    assert serious_violations(page) == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_copy_on_a_phone(site, phone, lang):
    problems = watch(phone)
    phone.goto((site / lang / "index.html").as_uri())
    assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    if lang == "ar":
        assert AR_TITLE in phone.get_by_role("heading", level=1).inner_text()
    assert horizontal_overflow(phone) <= 0
    screenshot(phone, f"static-site-{lang}-360")
    # The language switch leads to the same page in the other language, within the copy.
    phone.goto((site / lang / "grid" / "index.html").as_uri())
    assert horizontal_overflow(phone) <= 0
    phone.goto((site / lang / "now" / "index.html").as_uri())
    assert problems == []
    assert serious_violations(phone) == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_event_page_offers_printed_pieces_and_the_copy(live_server, browser, lang):
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/language/{lang}?next=/")
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/manage/{DEMO_SLUG}/")
    assert page.locator(f"a[href='/en/e/{DEMO_SLUG}/poster.pdf']").count() == 1
    assert page.locator(f"a[href='/sq/e/{DEMO_SLUG}/signs.pdf']").count() == 1
    assert page.locator(f"form[action='/manage/{DEMO_SLUG}/site.zip'] button").is_visible()
    assert horizontal_overflow(page) <= 0
    assert serious_violations(page) == []
    screenshot(page, f"event-page-print-{lang}-360")
    context.close()

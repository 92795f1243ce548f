"""Attendee pages in a real browser: phone width, right-to-left, no horizontal scroll, accessible."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.demo import DEMO_SLUG
from tests.e2e.conftest import horizontal_overflow, screenshot

AXE = Axe()
SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = AXE.run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]
            if v.get("impact") in SERIOUS]


@pytest.mark.parametrize("lang", ["sq", "sr", "sr-Cyrl", "ar", "en", "tr", "bs", "rom"])
def test_agenda_on_a_phone(live_server, phone, lang):
    phone.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/")
    assert phone.locator("html").get_attribute("lang") == {"sr": "sr-Latn"}.get(lang, lang)
    assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert phone.get_by_role("heading", level=1).is_visible()
    assert horizontal_overflow(phone) <= 0
    screenshot(phone, f"agenda-{lang}-360")


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", ["/{lang}/", "/{lang}/e/" + DEMO_SLUG + "/", "/auth/login"])
def test_pages_have_no_serious_accessibility_violations(live_server, page, lang, path):
    page.goto(live_server.url + f"/language/{lang}?next=/")
    page.goto(live_server.url + path.format(lang=lang))
    assert serious_violations(page) == []
    screenshot(page, f"axe-{lang}-{path.strip('/').replace('/', '_').format(lang=lang) or 'root'}-1280")


def test_skip_link_and_keyboard_focus(live_server, page):
    page.goto(f"{live_server.url}/en/e/{DEMO_SLUG}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_language_switcher_keeps_the_page(live_server, page):
    page.goto(f"{live_server.url}/sq/e/{DEMO_SLUG}/")
    page.locator(".lang-switch summary").click()
    page.get_by_role("link", name="العربية").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/ar/e/{DEMO_SLUG}/")
    assert page.locator("html").get_attribute("dir") == "rtl"

"""The language switcher with Dita's twelve languages on a 360 px phone, left-to-right and
right-to-left, and a Serbian reader moving between the two scripts."""
from __future__ import annotations

import pytest

from app.demo import DEMO_SLUG
from app.languages import LANGUAGES, NATIVE_NAMES, html_lang
from app.translit import to_cyrillic
from tests.e2e.conftest import horizontal_overflow, screenshot


@pytest.mark.parametrize("lang", ["sr-Cyrl", "ar", "rom"])
def test_the_switcher_fits_twelve_languages_on_a_phone(live_server, phone, lang):
    phone.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/")
    assert phone.locator("html").get_attribute("lang") == html_lang(lang)
    phone.locator(".lang-switch summary").click()
    links = phone.locator(".lang-switch li a")
    assert links.count() == len(LANGUAGES)
    width = phone.viewport_size["width"]
    for index, code in enumerate(LANGUAGES):
        link = links.nth(index)
        assert link.inner_text().strip() == NATIVE_NAMES[code]
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (code, box)
        assert box["height"] >= 24, "a finger can hit it"
    assert horizontal_overflow(phone) <= 0
    screenshot(phone, f"switcher-{lang}-360")


def test_a_serbian_reader_changes_script_and_stays_on_the_page(live_server, phone):
    phone.goto(f"{live_server.url}/sr/e/{DEMO_SLUG}/speakers/")
    assert phone.locator("html").get_attribute("lang") == "sr-Latn"
    latin_heading = phone.get_by_role("heading", level=1).inner_text()
    phone.locator(".lang-switch summary").click()
    phone.get_by_role("link", name="Српски").click()
    phone.wait_for_load_state()
    assert phone.url.endswith(f"/sr-Cyrl/e/{DEMO_SLUG}/speakers/")
    assert phone.locator("html").get_attribute("lang") == "sr-Cyrl"
    cyrillic_heading = phone.get_by_role("heading", level=1).inner_text()
    assert cyrillic_heading == to_cyrillic(latin_heading) != latin_heading
    assert horizontal_overflow(phone) <= 0

"""Locale-correct text in a real browser at phone width: the "(not yet translated)" note never
breaks mid-phrase, Latin names stay whole inside Arabic lines, nothing scrolls sideways."""
from __future__ import annotations

import pytest

from app.demo import DEMO_SLUG
from tests.e2e.conftest import horizontal_overflow, screenshot


@pytest.mark.parametrize("path", ["", "speakers"])
def test_arabic_on_a_phone_keeps_notes_and_names_whole(live_server, phone, path):
    phone.goto(f"{live_server.url}/ar/e/{DEMO_SLUG}/{path}")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    notes = phone.locator(".untranslated")
    assert notes.count() > 0
    # each note is laid out as one box on one line: its text never wraps
    lines = phone.evaluate("""() => [...document.querySelectorAll('.untranslated')].map(
        el => [el.textContent, getComputedStyle(el).whiteSpace, el.getClientRects().length])""")
    for text, white_space, boxes in lines:
        assert white_space == "nowrap" and boxes == 1, text
    names = phone.evaluate("""() => [...document.querySelectorAll('bdi')].map(
        el => [el.textContent, getComputedStyle(el).unicodeBidi])""")
    assert names and all(bidi == "isolate" for _, bidi in names)
    assert horizontal_overflow(phone) <= 0
    screenshot(phone, f"locale-text-ar-{path or 'agenda'}-360")

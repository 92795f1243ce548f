"""The agenda first on a phone (360 px): the first session within the first screen, the current one on the
day; the description folds to two lines; the filter by room and language, with and without a script; a bar
to "now" and each day that stays at the top."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.demo import DEMO_SLUG
from tests.e2e.conftest import horizontal_overflow, screenshot
from tests.e2e.test_public_pages import serious_violations

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def scripts(request) -> bool:
    return request.param


@pytest.fixture
def small(browser, scripts):
    context = browser.new_context(**PHONE, java_script_enabled=scripts)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_first_session_is_on_the_first_screen(live_server, small, lang):
    small.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/")
    first = small.locator(".session-list .session").first
    assert first.is_visible()
    box = first.bounding_box()
    assert box["y"] + 60 < 740, f"the first session starts at {box['y']} px"
    assert horizontal_overflow(small) <= 0
    # The description is folded to two lines; "Read more" unfolds it, with or without a script.
    folded = small.locator(".about-text").bounding_box()["height"]
    small.locator("label.about-more").click()
    assert small.locator(".about-text").bounding_box()["height"] > 2 * folded
    # The bar with "now" and the days stays at the top while the agenda scrolls.
    small.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    small.wait_for_timeout(100)
    assert abs(small.locator(".jump-bar").bounding_box()["y"]) < 1
    small.locator(".jump-bar a[href='#day-1']").click()
    assert abs(top(small, "#day-1") - small.locator(".jump-bar").bounding_box()["height"]) < 80
    screenshot(small, f"agenda-first-{lang}-360")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_filter_by_room_and_language(live_server, small, scripts, lang):
    small.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/")
    everything = small.locator(".session-list .session").count()
    small.locator(".agenda-filter > summary").click()
    room = small.locator("#filter-room option").nth(2)
    name, value = room.inner_text(), room.get_attribute("value")
    small.locator("#filter-room").select_option(value)
    if small.locator(".agenda-filter button[type=submit]").is_visible():
        small.locator(".agenda-filter button[type=submit]").click()
    small.wait_for_url(f"**room={value}**")
    rooms = small.locator(".session-list .session .room").all_inner_texts()
    # The list adds "(not yet translated)" where a room's name is not in the page's language.
    assert rooms and all(shown.startswith(name) for shown in rooms)
    assert small.locator(".session-list .session").count() < everything
    if scripts:  # axe runs in the page: only where scripts do
        assert serious_violations(small) == []
    # Sessions the reader can follow in the page's language: fewer in Arabic than in all.
    small.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/?follow=1")
    followed = small.locator(".session-list .session").count()
    assert 0 < followed <= everything
    if lang == "ar":
        assert followed < everything
    assert horizontal_overflow(small) <= 0
    screenshot(small, f"agenda-filter-{lang}-360")


def test_on_the_day_a_phone_opens_at_the_current_session(live_server, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.clock.install(time=datetime(2026, 12, 18, 12, 40, tzinfo=ZoneInfo("Europe/Belgrade")))
        page.goto(f"{live_server.url}/en/e/{DEMO_SLUG}/")
        page.wait_for_function("window.scrollY > 0")
        rows = page.locator(".session-list .session")
        on_now = None
        for i in range(rows.count()):
            times = rows.nth(i).locator(".session-time time")
            start = datetime.fromisoformat(times.nth(0).get_attribute("datetime"))
            end = datetime.fromisoformat(times.nth(1).get_attribute("datetime"))
            if start <= datetime(2026, 12, 18, 12, 40, tzinfo=ZoneInfo("Europe/Belgrade")) < end:
                on_now = rows.nth(i)
                break
        assert on_now is not None
        box = on_now.bounding_box()
        assert 0 <= box["y"] < 200
        # "Now" in the bar goes back to it after scrolling away, without leaving the page.
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("[data-jump-now]").click()
        assert page.url.endswith(f"/en/e/{DEMO_SLUG}/")
        assert 0 <= on_now.bounding_box()["y"] < 200
    finally:
        context.close()

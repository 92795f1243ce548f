"""The chair's view in a real browser, on a phone at 360 px, in English and in Arabic: two taps on Next
move the demo's general debate on, the clock runs and starts again, and the public session page shows
the new speaker on its next request; axe finds nothing serious. The now screen at 360 px: before the
day it says when the event starts; one room for a door; a mistyped room is told."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.demo import DEMO_SLUG
from tests.e2e.conftest import horizontal_overflow, login, screenshot
from tests.e2e.test_accessibility import serious_violations

#: The demo's general debate as organizers see it: in the event's source language, Albanian.
DEBATE = "Debati i përgjithshëm"


def _phone(browser, lang: str):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-GB", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    return context, page


def _button(page, action: str):
    """A step's button, whatever the language of its label."""
    return page.locator(f"form[data-chair-step]:has(input[name=move][value={action}]) button")


def _current(page) -> str:
    return " ".join(page.locator(".chair-name").inner_text().split())


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_chair_taps_next_twice_on_a_phone_and_the_public_page_follows(live_server, browser, lang):
    context, page = _phone(browser, lang)
    page.goto(f"{live_server.url}/language/{lang}?next=/")
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/manage/{DEMO_SLUG}/timetable")
    page.locator("a[href*='/sessions/']", has_text=DEBATE).first.click()
    page.wait_for_load_state()
    page.locator("a[href$='/chair']").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/chair")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")

    if page.locator(".chair-name").count() == 0:  # the list has not started (or has ended: back one)
        start = _button(page, "start") if _button(page, "start").count() else _button(page, "back")
        start.click()
        page.wait_for_selector(".chair-name")
    first = _current(page)

    # The clock runs in the page, without a reload.
    clock = page.locator("[data-clock]")
    shown = clock.inner_text()
    page.wait_for_function("text => document.querySelector('[data-clock]').textContent !== text", arg=shown,
                           timeout=5000)

    # Public readers see who speaks now (a reader of their own, not signed in).
    reader = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    public = reader.new_page()
    public_url = page.locator(".chair-session a[href*='/s/']").get_attribute("href")
    public.goto(live_server.url + public_url)
    assert first.split(",")[0].split("،")[0].strip() in public.locator(".live-now").inner_text()

    names = [first]
    for _ in range(2):
        with page.expect_response(lambda r: r.url.endswith("/chair") and r.request.method == "GET"):
            _button(page, "next").click()
        page.wait_for_function("old => { const n = document.querySelector('.chair-name');"
                               " return n && n.innerText.replace(/\\s+/g, ' ').trim() !== old; }", arg=names[-1])
        names.append(_current(page))
        # The clock started again for the new speaker.
        assert re.fullmatch(r"0:0\d", page.locator("[data-clock]").inner_text())
    assert len(set(names)) == 3
    assert page.url.endswith("/chair")  # the taps posted without leaving the page
    assert horizontal_overflow(page) <= 0
    problems = serious_violations(page)
    screenshot(page, f"chair-{lang}-360")
    assert not problems, "\n".join(problems)

    # The public page's next request (a reload revalidates its copy) shows the new speaker.
    public.reload()
    live_now = public.locator(".live-now").inner_text()
    assert names[-1].split(",")[0].split("،")[0].strip() in live_now
    assert names[0].split(",")[0].split("،")[0].strip() in public.locator(".live-spoken").inner_text()
    assert horizontal_overflow(public) <= 0
    screenshot(public, f"chair-public-session-{lang}-360")
    reader.close()
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_now_screen_on_a_phone(live_server, browser, lang):
    context, page = _phone(browser, lang)
    page.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/now")
    # The demo is on the coming 18 December: before it, the screen says when it starts.
    assert page.locator(".now-starts").count() == 1
    assert page.locator(".now-first li").count() >= 1
    assert horizontal_overflow(page) <= 0
    assert not serious_violations(page)
    screenshot(page, f"now-before-{lang}-360")

    # A door screen: one room, from the agenda's room filter or the door sign's link.
    page.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/now?room=nowhere")
    assert page.locator(".now-unknown").count() == 1
    room_link = page.locator(".now-room-links a").first
    room_link.click()
    page.wait_for_load_state()
    assert "now-door" in page.locator(".now-screen").get_attribute("class")
    page.goto(page.url + "&at=2026-12-18T10:30")
    assert page.locator(".now-room").count() == 1
    assert horizontal_overflow(page) <= 0
    assert not serious_violations(page)
    screenshot(page, f"now-door-{lang}-360")
    context.close()


def test_now_screen_fetches_itself_again_just_after_the_minute(live_server, browser):
    """dita.js fetches the screen once it has loaded, then again just after what the page said it holds
    for (max-age, Expires: the next minute boundary) — so it never shows a stale minute for long."""
    from email.utils import parsedate_to_datetime

    context, page = _phone(browser, "en")
    fetched = []
    page.on("response", lambda r: fetched.append(r) if r.request.resource_type == "fetch" and "/now" in r.url
            else None)
    page.goto(f"{live_server.url}/en/e/{DEMO_SLUG}/now")
    deadline = 75_000
    while len(fetched) < 2 and deadline > 0:
        page.wait_for_timeout(500)
        deadline -= 500
    assert len(fetched) >= 2, "the screen did not fetch itself again"
    first, second = fetched[0].all_headers(), fetched[1].all_headers()
    expires = parsedate_to_datetime(first["expires"])
    # What the page said it holds for: to the minute boundary, or less while a list of speakers runs
    # (an earlier test may have started one).
    held = int(re.search(r"max-age=(\d+)", first["cache-control"]).group(1))
    due = parsedate_to_datetime(first["date"]) + timedelta(seconds=held)
    asked = parsedate_to_datetime(second["date"])
    assert due <= expires, "the page holds past its minute"
    assert due <= asked, "fetched again before what the page held for was over"
    assert (asked - due).total_seconds() <= 3, "fetched again long after the page's time was over"
    context.close()

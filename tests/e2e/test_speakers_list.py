"""The list of speakers in a real browser: an organizer inscribes speakers on the demo's general debate
from a phone, orders the list by precedence and republishes; readers see it on the session page in
English and Arabic at 360 px, with expected times, and axe finds nothing serious on either side."""
from __future__ import annotations

import re

from app.demo import DEMO_SLUG
from tests.e2e.conftest import horizontal_overflow, login, screenshot
from tests.e2e.test_accessibility import serious_violations

DELEGATION = "Republic of Albania"
#: The demo's general debate as organizers see it: in the event's source language, Albanian.
DEBATE = "Debati i përgjithshëm"


def _debate_manage_url(page, live_server) -> str:
    page.goto(f"{live_server.url}/manage/{DEMO_SLUG}/timetable")
    page.locator("a[href*='/sessions/']", has_text=DEBATE).first.click()
    page.wait_for_load_state()
    page.locator("a[href$='/speakers']").first.click()
    page.wait_for_load_state()
    return page.url


def test_organizer_inscribes_orders_and_publishes_readers_see_it(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-GB", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    login(page, live_server, "admin")
    url = _debate_manage_url(page, live_server)
    assert "/speakers" in url
    before = page.locator("ol.speakers-list > li").count()
    assert before >= 12

    # A bad entry first: nothing named, minutes out of range. Told beside the fields, nothing saved.
    page.locator("#minutes").fill("0")
    page.get_by_role("button", name="Add to the list").click()
    page.wait_for_load_state()
    assert "Choose a speaker or say on whose behalf" in page.content()
    assert page.locator("ol.speakers-list > li").count() == before

    # A minister of a State, inscribed last: "Order by precedence" brings them up among the ministers.
    page.locator("#on_behalf_of").fill(DELEGATION)
    page.locator("#level").select_option("minister")
    page.locator("#minutes").fill("4")
    page.get_by_role("button", name="Add to the list").click()
    page.wait_for_load_state()
    assert f"{DELEGATION} was added to the list of speakers." in page.content()
    assert page.locator("ol.speakers-list > li").count() == before + 1
    assert DELEGATION in page.locator("ol.speakers-list > li").last.inner_text()
    assert horizontal_overflow(page) <= 0
    assert not serious_violations(page)
    screenshot(page, "speakers-manage-360")

    page.get_by_role("button", name="Order by precedence").click()
    page.wait_for_load_state()
    names = page.locator("ol.speakers-list > li").all_inner_texts()
    assert DELEGATION in names[1]  # after the one minister inscribed before, ahead of the vice-minister
    assert "Minister" in names[0]

    public = context.new_page()
    public.goto(f"{live_server.url}/en/e/{DEMO_SLUG}/")
    public.get_by_role("link", name="General debate", exact=False).first.click()
    public.wait_for_load_state()
    session_url = public.url
    assert DELEGATION not in public.content()  # the gate: not public before republishing

    page.goto(f"{live_server.url}/manage/{DEMO_SLUG}/publish")
    assert f"On the list of speakers of “{DEBATE}”: {DELEGATION}." in page.content()
    page.locator("main").get_by_role("button", name="Republish", exact=True).click()
    page.wait_for_load_state()

    public.goto(session_url)
    entries = public.locator("ol.speaker-entries > li")
    assert DELEGATION in entries.nth(1).inner_text()
    times = [entries.nth(n).locator("time").inner_text() for n in range(3)]
    assert times == ["10:00", "10:05", "10:09"]  # 5 minutes, then the 4 given to the new entry
    assert public.locator(".speaker-entry.status-withdrawn").count() == 1
    assert horizontal_overflow(public) <= 0
    assert not serious_violations(public)
    screenshot(public, "speakers-public-en-360")

    public.goto(re.sub(r"/en/e/", "/ar/e/", session_url))
    assert public.locator("html").get_attribute("dir") == "rtl"
    entries = public.locator("ol.speaker-entries > li")
    assert DELEGATION in entries.nth(1).inner_text()
    assert public.locator("#speakers-list-heading").count() == 1
    assert horizontal_overflow(public) <= 0
    assert not serious_violations(public)
    screenshot(public, "speakers-public-ar-360")
    pdf = public.request.get(re.sub(r"/en/e/", "/ar/e/", session_url) + "/speakers.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    context.close()


def test_manage_list_in_arabic_fits_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/language/ar?next=/")
    login(page, live_server, "admin")
    _debate_manage_url(page, live_server)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("ol.speakers-list > li").count() >= 12
    assert horizontal_overflow(page) <= 0
    assert not serious_violations(page)
    screenshot(page, "speakers-manage-ar-360")
    context.close()

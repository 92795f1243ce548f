"""A programme: the demo day's organizer creates a civil-society hearing weeks before, links it to the
demo day's programme and publishes both; readers see both on the programme page, in date order, on a
360 px phone in English and Arabic, with no serious axe violation."""
from __future__ import annotations

import re

import pytest

from app.demo import DEMO_SLUG
from tests.e2e.conftest import create_event, horizontal_overflow, login, screenshot
from tests.e2e.test_accessibility import serious_violations

HEARING = "Civil-society hearing on migration"
SLUG = "civil-society-hearing-e2e"


def _publish(page, base: str) -> None:
    page.goto(f"{base}/publish")
    button = page.locator("main").get_by_role("button", name=re.compile(r"^(Re)?[Pp]ublish"))
    if button.count():  # an agenda published already and unchanged has nothing to republish
        button.first.click()
        page.wait_for_load_state()


@pytest.fixture(scope="module")
def programme(live_server, browser) -> None:
    """The organizer's part, once (the site's administrator manages the demo day)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/language/en?next=/")
    login(page, live_server, "admin")
    create_event(page, live_server, HEARING, SLUG, "migrants-day", start_date="2026-11-20")
    assert page.url.startswith(f"{live_server.url}/manage/{SLUG}")
    _publish(page, f"{live_server.url}/manage/{SLUG}")

    page.goto(f"{live_server.url}/manage/{DEMO_SLUG}/")
    section = page.locator("#programme")
    section.get_by_label("Related event").select_option(label=f"{HEARING} (2026-11-20)")
    section.get_by_label("Its part in the programme").select_option("hearing")
    screenshot(page, "programme-manage-1280")
    section.get_by_role("button", name="Add to the programme").click()
    page.wait_for_load_state()
    assert HEARING in page.locator("#programme").inner_text()
    _publish(page, f"{live_server.url}/manage/{DEMO_SLUG}")
    assert "/manage/" in page.url
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_readers_see_both_events_on_the_programme_page(live_server, browser, programme, lang):
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/")
    page.locator(".programme-link a").first.click()  # the agenda leads to its programme
    page.wait_for_load_state()
    assert page.url.endswith(f"/{lang}/e/{DEMO_SLUG}/programme")
    cards = page.locator(".programme-list > li")
    assert cards.count() == 2
    assert HEARING in cards.nth(0).inner_text()  # 20 November, before the day itself
    assert cards.nth(1).locator("a").get_attribute("href") == f"/{lang}/e/{DEMO_SLUG}/"
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert horizontal_overflow(page) == 0
    assert not serious_violations(page)
    screenshot(page, f"programme-{lang}-360")
    cards.nth(0).locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{lang}/e/{SLUG}/")
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_programme_section_fits_a_phone_and_passes_axe(live_server, browser, programme, lang):
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/language/{lang}?next=/")
    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/manage/{DEMO_SLUG}/")
    section = page.locator("#programme")
    assert HEARING in section.inner_text()
    assert horizontal_overflow(page) == 0
    assert not serious_violations(page)
    section.scroll_into_view_if_needed()
    screenshot(page, f"programme-manage-{lang}-360")
    # Taking the hearing out asks first; cancelling leaves it in.
    section.locator("a[href$='/remove']").first.click()
    page.wait_for_load_state()
    assert "/programme/" in page.url and HEARING in page.locator("main").inner_text()
    assert not serious_violations(page)
    context.close()

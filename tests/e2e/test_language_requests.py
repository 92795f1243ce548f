"""A translator asks for a language the demo does not offer, on a 360 px phone in Arabic (right to
left); an organizer sees the request on the event's page and answers it, without JavaScript needed."""
from __future__ import annotations

from app.demo import DEMO_SLUG
from tests.e2e.conftest import horizontal_overflow, login, screenshot


def test_a_translator_asks_and_an_organizer_answers_on_a_phone(live_server, phone, browser):
    phone.goto(f"{live_server.url}/language/ar")  # the interface in Arabic
    login(phone, live_server, "translator")  # translates into sq and ar; the demo does not offer Arabic
    phone.goto(f"{live_server.url}/translate/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    ask = phone.locator(f'form.tr-ask[action="/translate/{DEMO_SLUG}/ar/request"] button')
    ask.scroll_into_view_if_needed()
    box = ask.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert horizontal_overflow(phone) <= 0
    screenshot(phone, "language-request-translator-ar-360")
    ask.click()
    phone.wait_for_load_state()
    assert phone.locator(".tr-asked").count() >= 1
    assert phone.locator(f'form.tr-ask[action="/translate/{DEMO_SLUG}/ar/request"]').count() == 0

    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    organizer = context.new_page()
    try:
        organizer.goto(f"{live_server.url}/language/ar")
        login(organizer, live_server, "admin")
        organizer.goto(f"{live_server.url}/manage/{DEMO_SLUG}/")
        requests = organizer.locator(".language-requests li")
        assert requests.count() == 1
        assert horizontal_overflow(organizer) <= 0
        screenshot(organizer, "language-request-organizer-ar-360")
        # Dismissing leaves the demo's languages as the other browser tests expect them.
        requests.first.locator("form[action$='/dismiss'] button").click()
        organizer.wait_for_load_state()
        assert organizer.locator(".language-requests").count() == 0
    finally:
        context.close()

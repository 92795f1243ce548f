"""An organizer uploads the closing plenary's chair's summary and publishes; the outcomes page shows it,
in English and in Arabic on a phone, and passes axe. Before the publish it is not public."""
from __future__ import annotations

import urllib.request

import pytest

from config import BASE_DIR
from tests.e2e.conftest import create_event, horizontal_overflow, login, screenshot
from tests.e2e.test_accessibility import serious_violations

SLUG = "outcomes-e2e"
SUMMARY = BASE_DIR / "app" / "demo" / "papers" / "closing-chairs-summary-en.pdf"
TITLE = "Chair’s summary of the Dialogue"


@pytest.fixture(scope="module")
def published(live_server, browser):
    """The organizer's event (HLD 2013, in English and Arabic) with a chair's summary on the closing
    plenary, published; the outcomes page is checked to be empty before the publish."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    login(page, live_server, "organizer")
    create_event(page, live_server, "High-level Dialogue on outcomes", SLUG, "hld-2013")
    page.goto(f"{live_server.url}/manage/{SLUG}/publish")
    page.locator("main").get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()

    # The closing plenary: a chair's summary, with its English file.
    page.goto(f"{live_server.url}/manage/{SLUG}/timetable")
    page.get_by_role("link", name="Plenary meeting (closing)").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Add a paper").click()
    page.wait_for_load_state()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Kind").select_option("chairs_summary")
    page.locator("main form.form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.locator("select[name=lang]").select_option("en")
    page.locator("input[type=file]").set_input_files(str(SUMMARY))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()
    assert "closing-chairs-summary-en.pdf" in page.content()
    screenshot(page, "outcomes-paper-form-1280")

    # Not public until published.
    public = context.new_page()
    public.goto(f"{live_server.url}/en/e/{SLUG}/outcomes")
    assert public.locator("p.empty").count() == 1 and TITLE not in public.content()
    page.goto(f"{live_server.url}/manage/{SLUG}/publish")
    page.locator("main").get_by_role("button", name="Republish", exact=True).click()
    page.wait_for_load_state()
    context.close()
    return SLUG


def test_the_outcomes_page_shows_the_published_summary_in_english(live_server, page, published):
    page.goto(f"{live_server.url}/en/e/{published}/")
    page.get_by_role("link", name="Outcomes: the declaration and the summaries of the sessions").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/en/e/{published}/outcomes")
    item = page.locator("li.outcome")
    assert item.count() == 1
    assert TITLE in item.inner_text() and "Chair’s summary" in item.inner_text()
    assert "Plenary meeting (closing)" in item.inner_text()
    href = item.get_by_role("link", name="Download in English").get_attribute("href")
    with urllib.request.urlopen(live_server.url + href) as response:
        assert response.read() == SUMMARY.read_bytes()
    screenshot(page, "outcomes-en-1280")
    assert not serious_violations(page)


def test_the_outcomes_page_in_arabic_on_a_phone(live_server, browser, published):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="ar", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/e/{published}/outcomes")
    assert page.locator("html").get_attribute("dir") == "rtl"
    item = page.locator("li.outcome")
    assert item.count() == 1 and TITLE in item.inner_text()
    # No Arabic file: the English one is offered, named as English, with a note.
    link = item.locator("a[download]")
    assert link.count() == 1 and link.get_attribute("hreflang") == "en"
    assert item.locator("p.unavailable").count() == 1
    assert horizontal_overflow(page) == 0
    screenshot(page, "outcomes-ar-360")
    assert not serious_violations(page)
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_demo_closing_plenary_lists_the_summaries_on_a_phone(live_server, browser, lang):
    from app.demo import DEMO_SLUG

    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/outcomes")
    assert page.locator("li.outcome").count() == 1
    page.locator("li.outcome p.meta a").first.click()  # the session the chair's summary comes from
    page.wait_for_load_state()
    reports = page.locator("ul.report-list > li")
    assert reports.count() == 4  # the four roundtables report back to the closing plenary
    assert reports.first.locator("a[href*='/speakers/']").count() == 1  # the co-chair who presents it
    assert horizontal_overflow(page) == 0
    screenshot(page, f"closing-plenary-{lang}-360")
    assert not serious_violations(page)
    reports.first.locator("p.paper-title a").click()
    page.wait_for_load_state()
    assert page.locator("dl.facts a[href*='/s/']").count() == 1  # "Reports back to" the closing plenary
    assert horizontal_overflow(page) == 0
    screenshot(page, f"roundtable-report-back-{lang}-360")
    assert not serious_violations(page)
    context.close()

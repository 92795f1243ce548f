"""The whole journey in a real browser: an organizer builds and publishes an event from the HLD
template, a translator translates it into Albanian, and an attendee reads it on a phone in
Albanian and Arabic, stars two sessions and takes them into a calendar."""
from __future__ import annotations

import icalendar
import pytest

from config import BASE_DIR
from tests.e2e.conftest import horizontal_overflow, login, screenshot

TITLE = "18 December 2026 — Migrants Day in Prizren"
TITLE_SQ = "18 dhjetor 2026 — Dita e Migrantëve në Prizren"
SLUG = "migrants-day-prizren-e2e"
PAPER = BASE_DIR / "app" / "demo" / "papers" / "rt1-background-en.pdf"


@pytest.fixture(scope="module")
def journey_state():
    return {}


def test_1_organizer_builds_and_publishes(live_server, browser, journey_state):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    login(page, live_server, "organizer")
    page.goto(live_server.url + "/manage/new")
    page.get_by_label("Title").fill(TITLE)
    page.locator("input[name=slug]").fill(SLUG)
    page.get_by_label("Source language").select_option("en")
    for code in ("sq", "ar"):
        page.locator(f"input[name=languages][value={code}]").check()
    page.locator("input[name=template][value=hld-2013]").check()
    screenshot(page, "journey-1-new-event-1280")
    page.get_by_role("button", name="Create the event").click()
    page.wait_for_load_state()
    assert f"/manage/{SLUG}/" in page.url

    # A speaker, once for the event.
    page.goto(f"{live_server.url}/manage/{SLUG}/people/new")
    page.get_by_label("Name", exact=True).fill("Arta Krasniqi")
    page.get_by_label("Function or title").fill("Director")
    page.get_by_label("Organization").fill("Kosovo Diaspora Network")
    page.locator("select[name=stakeholder_group]").select_option("migrant_community")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state()

    # Roundtable 1: the speaker as co-chair, and a background paper file.
    page.goto(f"{live_server.url}/manage/{SLUG}/timetable")
    screenshot(page, "journey-1-timetable-1280")
    page.get_by_role("link", name="Roundtable 1:", exact=False).first.click()
    page.wait_for_load_state()
    option = page.locator("select[name=person] option", has_text="Arta Krasniqi")
    page.locator("select[name=person]").select_option(option.get_attribute("value"))
    page.locator("select[name=role]").select_option("co_chair")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_load_state()
    assert "Arta Krasniqi" in page.content()
    page.get_by_role("link", name="Edit and files").first.click()
    page.wait_for_load_state()
    page.locator("select[name=lang]").select_option("en")
    page.locator("input[type=file]").set_input_files(str(PAPER))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()
    assert "rt1-background-en.pdf" in page.content()

    # Publish.
    page.goto(f"{live_server.url}/manage/{SLUG}/publish")
    screenshot(page, "journey-1-publish-1280")
    page.locator("main").get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()
    public = context.new_page()
    response = public.goto(f"{live_server.url}/en/e/{SLUG}/")
    assert response.status == 200
    assert TITLE in public.content()
    context.close()


def test_2_translator_translates_into_albanian(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    login(page, live_server, "translator")
    page.goto(live_server.url + "/translate/")
    assert TITLE in page.content()
    page.goto(f"{live_server.url}/translate/{SLUG}/sq/")
    screenshot(page, "journey-2-editor-before-1280")
    field = page.locator("section.tr-group").first.locator("form.tr-form").first
    field.locator("input[name=text], textarea[name=text]").fill(TITLE_SQ)
    field.locator("input[name=status][value=reviewed]").check()
    field.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    screenshot(page, "journey-2-editor-1280")
    public = context.new_page()
    public.goto(f"{live_server.url}/sq/e/{SLUG}/")
    assert TITLE_SQ in public.content()
    context.close()


@pytest.mark.parametrize("lang", ["sq", "ar"])
def test_3_attendee_reads_on_a_phone(live_server, phone, lang):
    phone.goto(f"{live_server.url}/{lang}/e/{SLUG}/")
    assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    if lang == "sq":
        assert TITLE_SQ in phone.content()
    assert horizontal_overflow(phone) <= 0
    screenshot(phone, f"journey-3-agenda-{lang}-360")
    phone.goto(f"{live_server.url}/{lang}/e/{SLUG}/grid")
    assert horizontal_overflow(phone) <= 0
    screenshot(phone, f"journey-3-grid-{lang}-360")


def test_4_attendee_stars_two_sessions_and_takes_them_to_a_calendar(live_server, phone):
    phone.goto(f"{live_server.url}/sq/e/{SLUG}/")
    stars = phone.locator("button[data-star]")
    assert stars.count() >= 2
    chosen = [stars.nth(0).get_attribute("data-star"), stars.nth(3).get_attribute("data-star")]
    # The stars take their names, in the page's language, from the labels the page carries once.
    page = phone.locator(".event-page")
    add, remove = page.get_attribute("data-star-off"), page.get_attribute("data-star-on")
    assert add and remove and add != remove
    assert stars.nth(0).locator(".visually-hidden").text_content() == add
    stars.nth(0).click()
    stars.nth(3).click()
    assert stars.nth(0).get_attribute("aria-pressed") == "true"
    assert stars.nth(0).locator(".visually-hidden").text_content() == remove
    assert stars.nth(0).get_attribute("title") == remove
    phone.locator("a[data-my-link]").first.click()
    phone.wait_for_load_state()
    assert "/my" in phone.url
    screenshot(phone, "journey-4-my-agenda-sq-360")
    link = phone.locator("a[href*='schedule.ics']").first
    response = phone.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    calendar = icalendar.Calendar.from_ical(response.body())
    uids = sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))
    assert uids == sorted(f"{pid}@dita" for pid in chosen)
    assert calendar.walk("VTIMEZONE")


def test_5_organizer_edits_after_publishing_previews_and_republishes(live_server, browser):
    """Edits to a published agenda stay a draft until Republish: the organizer sees what is pending,
    previews it, republishes; readers see the new title, marked where its translation is out of date."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-GB")
    page = context.new_page()
    login(page, live_server, "organizer")
    page.goto(f"{live_server.url}/manage/{SLUG}/timetable")
    page.get_by_role("link", name="Roundtable 2:", exact=False).first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Edit", exact=True).first.click()
    page.wait_for_load_state()
    page.locator("[name=title]").fill("Roundtable 2: Protecting the rights of every migrant")
    page.locator("main form button.primary[type=submit]").first.click()
    page.wait_for_load_state()

    public = context.new_page()
    public.goto(f"{live_server.url}/en/e/{SLUG}/")
    assert "Protecting the rights of every migrant" not in public.content()  # not public yet

    page.goto(f"{live_server.url}/manage/{SLUG}/")
    assert "Some edits are not public yet" in page.content()
    page.get_by_role("link", name="Preview the working copy").click()
    page.wait_for_load_state()
    assert "Preview of the working copy." in page.content()
    assert "Protecting the rights of every migrant" in page.content()
    assert horizontal_overflow(page) <= 0
    screenshot(page, "journey-5-preview-360")

    page.goto(f"{live_server.url}/manage/{SLUG}/publish")
    assert "is now called" in page.content()
    assert horizontal_overflow(page) <= 0
    screenshot(page, "journey-5-republish-360")
    page.locator("main").get_by_role("button", name="Republish", exact=True).click()
    page.wait_for_load_state()
    assert "Some edits are not public yet" not in page.content()

    public.goto(f"{live_server.url}/en/e/{SLUG}/")
    assert "Protecting the rights of every migrant" in public.content()
    public.goto(f"{live_server.url}/sq/e/{SLUG}/changes")
    assert "Protecting the rights of every migrant" in public.content()
    # Albanian readers have no translation of the new title: English, marked as such.
    public.goto(f"{live_server.url}/sq/e/{SLUG}/")
    marked = public.locator("span[lang=en]", has_text="Protecting the rights of every migrant")
    assert marked.count() >= 1
    context.close()

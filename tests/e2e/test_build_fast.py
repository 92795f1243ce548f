"""Building a session fast, in a real browser: from the timetable to the saved session with two new
speakers in at most four page loads with JavaScript, and without JavaScript too; people reordered by
dragging; the new pages fit a 360 px phone and a 1280 px screen, in English and in Arabic (rtl)."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import horizontal_overflow, login, screenshot
from tests.e2e.test_accessibility import serious_violations

SLUG = "build-fast-e2e"


@pytest.fixture(scope="module")
def built_event(live_server, browser):
    """An event of the e2e organizer (the blank template), made once for this module."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    login(page, live_server, "organizer")
    page.goto(live_server.url + "/manage/new")
    page.get_by_label("Title").fill("Build fast — Migrants Day")
    page.locator("input[name=slug]").fill(SLUG)
    page.get_by_label("Source language").select_option("en")
    page.locator("input[name=languages][value=ar]").check()
    page.locator("input[name=template][value=blank]").check()
    page.get_by_role("button", name="Create the event").click()
    page.wait_for_load_state()
    assert f"/manage/{SLUG}/" in page.url
    context.close()
    return SLUG


def count_page_loads(page) -> list[str]:
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)
    return loads


def build_session(page, live_server, title: str, start: str, names: tuple[str, str]) -> list[str]:
    """Timetable → "Add a session" → fill the form with two new people → Save; the page loads it took."""
    loads = count_page_loads(page)
    page.goto(f"{live_server.url}/manage/{SLUG}/timetable")
    page.get_by_role("link", name="Add a session").click()
    page.wait_for_load_state()
    page.locator("select[name=format]").select_option("interactive_panel")
    page.locator("textarea[name=title]").fill(title)
    page.locator("input[name=start]").fill(start)
    page.locator("input[name=end]").fill(start.replace(":00", ":45"))
    page.locator("input[name='people-0-name']").fill(names[0])
    page.locator("select[name='people-0-role']").select_option("moderator")
    page.locator("input[name='people-1-name']").fill(names[1])
    page.locator("input[name='people-1-organization']").fill("Kosovo Diaspora Network")
    page.locator("select[name='people-1-role']").select_option("panelist")
    page.locator("main form.form button.primary[type=submit]").click()
    page.wait_for_load_state()
    assert "/sessions/" in page.url and "/edit" not in page.url, page.url
    main = page.locator("main")
    assert main.get_by_text(title).first.is_visible()
    assert main.get_by_text(names[0]).first.is_visible() and main.get_by_text(names[1]).first.is_visible()
    assert "The session was saved." in page.content()
    return loads


def test_a_session_with_two_new_speakers_in_at_most_four_page_loads(live_server, browser, built_event):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    login(page, live_server, "organizer")
    loads = build_session(page, live_server, "Interactive panel: next steps", "09:00",
                          ("Arta Krasniqi", "Besnik Hoxha"))
    screenshot(page, "build-fast-session-1280")
    assert len(loads) <= 4, loads
    context.close()


def test_without_javascript_it_works_too(live_server, browser, built_event):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                  java_script_enabled=False)
    page = context.new_page()
    login(page, live_server, "organizer")
    loads = build_session(page, live_server, "Hearing with civil society", "11:00",
                          ("Drita Gashi", "Enver Rama"))
    assert len(loads) <= 4, loads  # the same three page loads: nothing needs JavaScript
    # More rows without JavaScript: the server adds them and keeps what was typed.
    page.goto(f"{live_server.url}/manage/{SLUG}/sessions/new")
    page.locator("input[name='people-0-name']").fill("Fatime Berisha")
    page.get_by_role("button", name="More rows for people").click()
    page.wait_for_load_state()
    assert page.locator("input[name='people-5-name']").count() == 1
    assert page.locator("input[name='people-0-name']").input_value() == "Fatime Berisha"
    context.close()


def test_javascript_adds_rows_and_dragging_fills_the_places(live_server, browser, built_event):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    login(page, live_server, "organizer")
    page.goto(f"{live_server.url}/manage/{SLUG}/sessions/new")
    assert page.get_by_role("button", name="More rows for people").is_hidden()
    page.get_by_role("button", name="Add a row").click()
    assert page.locator("input[name='people-3-name']").count() == 1
    page.locator("textarea[name=title]").fill("Roundtable on labour mobility")
    page.locator("select[name=format]").select_option("side_event")
    page.locator("input[name=start]").fill("14:00")
    page.locator("input[name=end]").fill("15:00")
    for n, name in enumerate(("Gent Krasniqi", "Hana Shala", "Ilir Kelmendi")):
        page.locator(f"input[name='people-{n}-name']").fill(name)
    page.locator("main form.form button.primary[type=submit]").click()
    page.wait_for_load_state()
    # On the session page: drag the last person to the top; the places follow; saving keeps that order.
    items = page.locator("ol.person-list > li")
    assert items.count() == 3
    items.nth(2).locator(".drag-handle").drag_to(items.nth(0), target_position={"x": 10, "y": 2})
    positions = [items.nth(i).locator("input[name$='-position']").input_value() for i in range(3)]
    assert positions == ["1", "2", "3"]
    assert "Ilir Kelmendi" in items.nth(0).inner_text()
    page.get_by_role("button", name="Save roles and order").click()
    page.wait_for_load_state()
    names = [page.locator("ol.person-list > li").nth(i).locator("strong").inner_text() for i in range(3)]
    assert names == ["Ilir Kelmendi", "Gent Krasniqi", "Hana Shala"]
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_new_pages_fit_the_screen(live_server, browser, built_event, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
    page = context.new_page()
    login(page, live_server, "organizer")
    page.goto(f"{live_server.url}/{lang}/")  # the interface language
    page.goto(f"{live_server.url}/manage/{SLUG}/timetable")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    if page.locator("main .tt-session h3 a").count() == 0:  # this test alone: make a session first
        page.goto(f"{live_server.url}/manage/{SLUG}/sessions/new")
        page.locator("textarea[name=title]").fill("Opening plenary of a rather long title " * 4)
        page.locator("input[name=start]").fill("08:00")
        page.locator("input[name=end]").fill("08:30")
        page.locator("input[name='people-0-name']").fill("Lirije Krasniqi")
        page.locator("main form.form button.primary[type=submit]").click()
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/manage/{SLUG}/timetable")
    session_url = page.locator("main .tt-session h3 a").first.get_attribute("href")
    import_table = ("Name\tOrganization\tCountry\tStakeholder group\tE-mail\n"
                    "Jeta Hoxha with a rather long name for a narrow phone\tUnited Nations Development Programme"
                    "\tXK\tcivil_society\tjeta.hoxha@example.org\n"
                    "Kujtim\t\tNarnia\t\t\n")
    for name, url in (("session-form", f"/manage/{SLUG}/sessions/new"), ("session", session_url),
                      ("session-edit", f"{session_url}/edit"), ("import", f"/manage/{SLUG}/people/import")):
        page.goto(live_server.url + url)
        if name == "import":
            page.locator("textarea[name=table]").fill(import_table)
            page.locator("main form button[name=preview]").click()
            page.wait_for_load_state()
            assert page.locator("table.import-table tbody tr").count() == 2
        assert horizontal_overflow(page) <= 0, (name, lang, width)
        if width == 1280:
            assert serious_violations(page) == [], (name, lang)
        screenshot(page, f"build-fast-{name}-{lang}-{width}")
    context.close()

"""An organizer adds an organization with its logo, names it co-convenor of a session and publishes;
readers see it on the session page and the agenda, in English and Arabic, on a 360 px phone,
with no serious axe violation."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.e2e.conftest import create_event, horizontal_overflow, login, screenshot
from tests.e2e.test_accessibility import serious_violations

NAME = "Kosovo Diaspora Network"
SLUG = "migrants-day-partners-e2e"


def _logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (0, 110, 80)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def published_session(live_server, browser) -> str:
    """The organizer's part, once: an event from the HLD template, the organization, its role in
    Roundtable 1, the publish; returns the session's public path (without the language)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/language/en?next=/")
    login(page, live_server, "organizer")
    create_event(page, live_server, "Migrants Day with partners", SLUG, "hld-2013")
    base = f"{live_server.url}/manage/{SLUG}"
    assert page.url.startswith(base)

    page.goto(f"{base}/organizations/new")
    main = page.locator("main")
    main.get_by_label("Name", exact=True).fill(NAME)
    main.get_by_label("Acronym").fill("KDN")
    main.get_by_label("Type").select_option("migrant_association")
    main.get_by_label("Website").fill("https://diaspora.example.org")
    main.locator("input[name=logo]").set_input_files(
        files=[{"name": "kdn.png", "mimeType": "image/png", "buffer": _logo()}])
    main.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert NAME in page.locator("main").inner_text()
    screenshot(page, "organizations-list-1280")

    page.goto(f"{base}/timetable")
    page.get_by_role("link", name="Roundtable 1:", exact=False).first.click()
    page.wait_for_load_state()
    session_id = re.search(r"/sessions/(\d+)", page.url).group(1)
    page.goto(f"{base}/sessions/{session_id}/organizations")
    page.get_by_role("group", name="Co-convenors").get_by_label(f"{NAME} (KDN)").check()
    screenshot(page, "organizations-roles-1280")
    page.locator("main").get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.goto(f"{base}/publish")
    screenshot(page, "organizations-publish-1280")
    page.locator("main").get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/en/e/{SLUG}/")
    public_path = page.locator("a[href*='/s/']", has_text="Roundtable 1").first.get_attribute("href")
    context.close()
    return re.sub(r"^/[a-zA-Z-]+/", "/", public_path)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_readers_see_the_co_convenor_with_its_logo(live_server, browser, published_session, lang):
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{'/' + lang}{published_session}")
    main = page.locator("main")
    assert NAME in main.inner_text()
    logo = main.locator(f"img.org-logo[alt='{NAME}']")
    assert logo.count() == 1
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 120  # served from the release
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert horizontal_overflow(page) == 0
    assert not serious_violations(page)
    screenshot(page, f"organizations-session-{lang}-360")

    page.goto(f"{live_server.url}/{lang}/e/{SLUG}/")
    assert NAME in page.locator(".session-list").first.inner_text()  # the agenda names the co-convenor
    assert horizontal_overflow(page) == 0
    assert not serious_violations(page)
    screenshot(page, f"organizations-agenda-{lang}-360")
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_organizer_pages_fit_a_phone_and_pass_axe(live_server, browser, published_session, lang):
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/language/{lang}?next=/")
    login(page, live_server, "organizer")
    base = f"/manage/{SLUG}/organizations"
    page.goto(live_server.url + base)
    edit = page.eval_on_selector_all(
        "main a", "links => links.map(a => a.getAttribute('href')).find(h => /\\/organizations\\/\\d+$/.test(h))")
    problems, too_wide = [], []
    for path in (base, f"{base}/new", f"{base}/roles", edit):
        page.goto(live_server.url + path)
        problems += [f"{path}: {v}" for v in serious_violations(page)]
        if horizontal_overflow(page) > 0:
            too_wide.append(path)
        screenshot(page, f"organizations-manage-{lang}-{path.strip('/').replace('/', '-')}-360")
    context.close()
    assert not problems, "\n".join(problems)
    assert not too_wide, too_wide

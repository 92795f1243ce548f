"""axe-core in Chromium on the pages people use most, in English and Arabic: no serious or
critical violations. Signed-in pages are checked as an admin who owns the demo event."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.demo import DEMO_SLUG
from tests.e2e.conftest import horizontal_overflow, login, screenshot

AXE = Axe()
PUBLIC = [
    "/{lang}/", "/{lang}/e/" + DEMO_SLUG + "/", "/{lang}/e/" + DEMO_SLUG + "/grid",
    "/{lang}/e/" + DEMO_SLUG + "/speakers/", "/{lang}/e/" + DEMO_SLUG + "/my", "/{lang}/e/" + DEMO_SLUG + "/now",
    "/{lang}/e/" + DEMO_SLUG + "/changes", "/auth/login", "/auth/forgot",
]
SIGNED_IN = [
    "/manage/", "/manage/" + DEMO_SLUG + "/", "/manage/" + DEMO_SLUG + "/settings",
    "/manage/" + DEMO_SLUG + "/timetable",
    "/manage/" + DEMO_SLUG + "/people", "/manage/" + DEMO_SLUG + "/balance", "/manage/new",
    "/manage/" + DEMO_SLUG + "/publish", "/manage/" + DEMO_SLUG + "/unpublish",
    "/ar/e/" + DEMO_SLUG + "/?preview=draft",
    "/manage/" + DEMO_SLUG + "/notify", "/manage/" + DEMO_SLUG + "/people/import",
    "/manage/" + DEMO_SLUG + "/sessions/new", "/manage/" + DEMO_SLUG + "/members",
    "/translate/", "/translate/" + DEMO_SLUG + "/ar/", "/admin/users",
]


def serious_violations(page) -> list[str]:
    results = AXE.run(page)
    return [f"{v['id']}: {v['help']} — {v['nodes'][0]['target']}" for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")]


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_") or "root"


@pytest.mark.parametrize("lang", ["en", "ar", "sr-Cyrl", "tr", "bs"])
def test_public_pages(live_server, page, lang):
    page.goto(f"{live_server.url}/language/{lang}?next=/")
    # A session page too: the first session of the agenda.
    page.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/")
    session_path = page.locator("a[href*='/s/']").first.get_attribute("href")
    problems = []
    for path in [p.format(lang=lang) for p in PUBLIC] + [session_path]:
        page.goto(live_server.url + path)
        problems += [f"{path}: {v}" for v in serious_violations(page)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_signed_in_pages(live_server, browser, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/language/{lang}?next=/")
    login(page, live_server, "admin")
    problems = []
    for path in SIGNED_IN:
        page.goto(live_server.url + path)
        assert page.url.startswith(live_server.url + path.split("?")[0]), (path, page.url)
        problems += [f"{path}: {v}" for v in serious_violations(page)]
        screenshot(page, f"signed-in-{lang}-{_name(path)}-1280")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_signed_in_pages_fit_a_phone(live_server, browser, lang):
    """Organizers and translators work from phones too: at 360 px no page scrolls sideways."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/language/{lang}?next=/")
    login(page, live_server, "admin")
    too_wide = []
    for path in SIGNED_IN:
        page.goto(live_server.url + path)
        overflow = horizontal_overflow(page)
        if overflow > 0:
            too_wide.append(f"{path}: {overflow} px")
        screenshot(page, f"signed-in-{lang}-{_name(path)}-360")
    context.close()
    assert not too_wide, "\n".join(too_wide)


def test_the_account_links_wrap_as_whole_words(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/language/ar?next=/")
    login(page, live_server, "admin")
    page.goto(live_server.url + "/manage/")
    for link in page.locator(".account a, .account button").all():
        box = link.bounding_box()
        line_height = float(link.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20"))
        assert box["height"] < line_height * 1.5, link.text_content()  # one line: not broken inside a word
    context.close()

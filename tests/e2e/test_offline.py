"""At the venue, on a phone (360 px), in English and Arabic: the agenda and a session read offline with
the line saying when they were saved; stars work with JavaScript off; a starred set is shared by its QR
code and taken on another phone only when asked."""
from __future__ import annotations

import re
import subprocess

import pytest

from app.demo import DEMO_SLUG
from tests.e2e.conftest import horizontal_overflow, screenshot
from tests.e2e.test_accessibility import serious_violations

LANGS = ["en", "ar"]
PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def contexts(browser):
    made = []

    def make(lang: str, **options):
        context = browser.new_context(**PHONE, locale="ar" if lang == "ar" else "en-GB", **options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def session_ids(page) -> list[str]:
    return page.eval_on_selector_all("button[data-star]", "buttons => buttons.map(b => b.dataset.star)")


def listed(page) -> list[str]:
    return page.eval_on_selector_all("li.session[id^='s-']:not([hidden])", "rows => rows.map(r => r.id.slice(2))")


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_and_session_open_offline_with_the_saved_time(live_server, contexts, lang):
    context = contexts(lang)
    page = context.new_page()
    agenda = f"{live_server.url}/{lang}/e/{DEMO_SLUG}/"
    page.goto(agenda)
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
    page.reload()  # the agenda, now through the worker; it asked for itself and my agenda to be kept
    session = f"{live_server.url}/{lang}/e/{DEMO_SLUG}/s/{session_ids(page)[1]}"
    page.goto(session)
    title = page.locator("h1").first.text_content()
    assert not page.locator(".offline-line").count()
    context.set_offline(True)
    for url in (session, agenda, f"{live_server.url}/{lang}/e/{DEMO_SLUG}/my"):
        page.goto(url)
        line = page.locator(".offline-line")
        line.wait_for(timeout=10000)
        text = line.text_content()
        assert re.search(r"[0-9٠-٩]{2}:[0-9٠-٩]{2}", text), text
        # The words are the page's own, in its language; the time is filled in.
        words = page.locator("meta[name='dita-offline']").get_attribute("data-line")
        before, after = words.split("{time}")
        assert text.startswith(before) and text.endswith(after) and "{time}" not in text
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert horizontal_overflow(page) <= 0
    page.goto(session)
    page.locator(".offline-line").wait_for()
    assert page.locator("h1").first.text_content() == title
    screenshot(page, f"offline-session-{lang}-360")
    context.set_offline(False)


@pytest.mark.parametrize("lang", LANGS)
def test_stars_without_javascript(live_server, contexts, lang):
    page = contexts(lang, java_script_enabled=False).new_page()
    agenda = f"{live_server.url}/{lang}/e/{DEMO_SLUG}/"
    page.goto(agenda)
    ids = session_ids(page)
    chosen = [ids[0], ids[3]]
    for public_id in chosen:
        page.locator(f"button[data-star='{public_id}']").click()
        page.wait_for_load_state()
        assert page.url.split("#")[0] == agenda  # back on the agenda, at the session
    page.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/my")
    assert sorted(listed(page)) == sorted(chosen)
    assert horizontal_overflow(page) <= 0
    screenshot(page, f"my-agenda-no-js-{lang}-360")
    # Unstarring from My agenda itself.
    page.locator(f"button[data-star='{chosen[0]}']").click()
    page.wait_for_load_state()
    assert listed(page) == [chosen[1]]


@pytest.mark.parametrize("lang", LANGS)
def test_share_a_starred_set_by_qr_code(live_server, contexts, lang, tmp_path):
    page = contexts(lang).new_page()
    page.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/")
    ids = session_ids(page)
    chosen = [ids[1], ids[4]]
    for public_id in chosen:
        page.locator(f"button[data-star='{public_id}']").first.click()
    assert page.locator(f"button[data-star='{chosen[0]}']").first.get_attribute("aria-pressed") == "true"
    page.locator("a[data-my-link]").first.click()
    page.wait_for_load_state()
    assert sorted(listed(page)) == sorted(chosen)
    assert horizontal_overflow(page) <= 0
    assert serious_violations(page) == []
    # The QR code, read from the screen, is the link the page shows.
    qr = page.locator("svg.qr-code")
    assert qr.get_attribute("role") == "img" and qr.get_attribute("aria-label")
    shot = tmp_path / "qr.png"
    qr.screenshot(path=str(shot))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(shot)], capture_output=True, text=True, timeout=30)
    link = page.locator("a[data-share-link]").get_attribute("href")
    assert decoded.stdout.strip() == link
    screenshot(page, f"my-agenda-share-{lang}-360")
    # On the phone whose stars they are, the link needs no offer to take them.
    page.goto(link.replace(urlbase(link), live_server.url))
    assert sorted(listed(page)) == sorted(chosen) and not page.locator(".shared-offer").is_visible()

    # Another phone, with a star of its own, opens the link: the stars are offered, not taken.
    other = contexts(lang).new_page()
    other.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/")
    own = ids[6]
    other.locator(f"button[data-star='{own}']").first.click()
    other.goto(link.replace(urlbase(link), live_server.url))
    assert sorted(listed(other)) == sorted(chosen)
    assert other.locator("button[data-take]").count() == 2
    assert serious_violations(other) == []
    screenshot(other, f"my-agenda-shared-{lang}-360")
    my = f"{live_server.url}/{lang}/e/{DEMO_SLUG}/my"
    other.goto(my)
    assert listed(other) == [own]  # nothing taken yet
    other.go_back()
    other.locator("button[data-take='add']").click()
    other.wait_for_load_state()
    assert other.url == my and sorted(listed(other)) == sorted([own, *chosen])
    # The stars on the agenda agree (the script reads the cookie the form wrote).
    other.goto(f"{live_server.url}/{lang}/e/{DEMO_SLUG}/")
    pressed = other.eval_on_selector_all("button[data-star][aria-pressed='true']", "bs => bs.map(b => b.dataset.star)")
    assert sorted(set(pressed)) == sorted([own, *chosen])
    other.goto(link.replace(urlbase(link), live_server.url))
    other.locator("button[data-take='replace']").click()
    other.wait_for_load_state()
    assert sorted(listed(other)) == sorted(chosen)


def urlbase(url: str) -> str:
    return re.match(r"https?://[^/]+", url).group(0)

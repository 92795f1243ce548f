"""Accounts in a real browser, with mail through a real SMTP server on loopback: an organizer invites
an address, the invitee opens the link from the mail, creates an account and lands on the event;
then forgets the password, gets a link by mail, chooses a new one and signs in. In English at
1280 px and in Arabic (right to left) at 360 px."""
from __future__ import annotations

import re
import time

import pytest

from tests.e2e.conftest import LiveServer, horizontal_overflow, login, screenshot
from tests.smtp import SMTPServer

LINK = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def smtp():
    server = SMTPServer()
    server.controller.start()
    yield server
    server.controller.stop()


@pytest.fixture(scope="module")
def mailing_server(tmp_path_factory, smtp):
    """The app under gunicorn, mailing through the loopback SMTP server."""
    server = LiveServer(tmp_path_factory.mktemp("live-mail"))
    server.env.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp.port), MAIL_DEFAULT_SENDER="dita@e2e.example")
    server.start()
    yield server
    server.stop()


def _mail_to(smtp: SMTPServer, address: str, count: int) -> str:
    """The link in the `count`-th mail to an address, waiting a little for it."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        mails = smtp.to(address)
        if len(mails) >= count:
            return LINK.search(mails[count - 1].text()).group(0)
        time.sleep(0.1)
    raise AssertionError(f"no mail number {count} to {address}")


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("ar", 360)])
def test_invitee_joins_and_resets_the_password(mailing_server, smtp, browser, lang, width):
    slug = f"accounts-{lang}"
    invitee = f"invitee-{lang}@e2e.example"

    organizer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = organizer.new_page()
    login(page, mailing_server, "organizer")
    page.goto(mailing_server.url + "/manage/new")
    page.get_by_label("Title").fill(f"Accounts journey {lang}")
    page.locator("input[name=slug]").fill(slug)
    page.locator("input[name=template][value=blank]").check()
    page.get_by_role("button", name="Create the event").click()
    page.wait_for_load_state()
    page.goto(f"{mailing_server.url}/manage/{slug}/members")
    page.locator("main input[name=email]").fill(invitee)
    page.locator("main select[name=role]").select_option("editor")
    page.get_by_role("button", name="Create the invitation").click()
    page.wait_for_load_state()
    assert f"The invitation was sent to {invitee}." in page.content()
    organizer.close()

    link = _mail_to(smtp, invitee, 1)
    assert link.startswith(mailing_server.url + "/auth/invitation/")
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang,
                                  extra_http_headers={"Accept-Language": lang}, is_mobile=width < 500,
                                  has_touch=width < 500)
    context.add_cookies([{"name": "dita_lang", "value": lang, "url": mailing_server.url}])
    me = context.new_page()
    me.goto(link)
    assert me.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert invitee in me.content()
    me.locator("main input[name=name]").fill("Nora Berisha")
    me.locator("main input[name=password]").fill("a long new password")
    me.locator("main input[name=confirm]").fill("a long new password")
    screenshot(me, f"accounts-join-{lang}-{width}")
    assert horizontal_overflow(me) == 0
    me.locator("main form button[type=submit]").click()
    me.wait_for_load_state()
    assert me.url.endswith(f"/manage/{slug}/")
    assert horizontal_overflow(me) == 0
    screenshot(me, f"accounts-landed-{lang}-{width}")

    # Sign out, forget the password, get a link by mail, choose a new one, sign in.
    me.locator("form[action$='/auth/logout'] button").click()
    me.wait_for_load_state()
    me.goto(mailing_server.url + "/auth/login")
    me.locator("main a[href$='/auth/forgot']").click()
    me.wait_for_load_state()
    me.locator("main input[name=email]").fill(invitee)
    assert horizontal_overflow(me) == 0
    me.locator("main form button[type=submit]").click()
    me.wait_for_load_state()
    assert me.url.endswith("/auth/login")
    reset = _mail_to(smtp, invitee, 2)
    assert "/auth/reset/" in reset
    me.goto(reset)
    assert invitee in me.content()
    me.locator("main input[name=password]").fill("another long password")
    me.locator("main input[name=confirm]").fill("another long password")
    screenshot(me, f"accounts-reset-{lang}-{width}")
    assert horizontal_overflow(me) == 0
    me.locator("main form button[type=submit]").click()
    me.wait_for_load_state()
    assert me.url.endswith("/auth/login")
    # The used link is dead.
    assert me.goto(reset).status == 410
    me.goto(mailing_server.url + "/auth/login")
    me.locator("main input[name=email]").fill(invitee)
    me.locator("main input[name=password]").fill("another long password")
    me.locator("main form button[type=submit]").click()
    me.wait_for_load_state()
    assert me.url.endswith("/manage/")
    assert f"Accounts journey {lang}" in me.content()
    assert me.locator("html").get_attribute("lang").startswith(lang)
    context.close()

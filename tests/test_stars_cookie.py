"""Stars without JavaScript: the star form toggles a cookie per event, My agenda reads it, other sites
cannot change it, bad ids are ignored, and no cache hands one visitor's stars to another."""
from __future__ import annotations

import re
from datetime import date

import pytest
from lxml import html as lxml_html

from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.public.offline import MAX_STARS, star_cookie_name

BASE = f"/en/e/{DEMO_SLUG}"
SAME = {"Sec-Fetch-Site": "same-origin"}
COOKIE = star_cookie_name(DEMO_SLUG)


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    db.session.commit()
    return event


def star_form(page: str) -> tuple[str, dict[str, str], list[str]]:
    """The page's star form: its action, its hidden fields, and the session ids of its buttons."""
    tree = lxml_html.fromstring(page)
    form = tree.get_element_by_id("star-form")
    fields = {i.get("name"): i.get("value") for i in form.iter("input")}
    buttons = tree.xpath("//button[@form='star-form']")
    assert buttons and all(b.get("type") == "submit" and b.get("name") == "s" for b in buttons)
    assert all(b.get("data-star") == b.get("value") for b in buttons)
    return form.get("action"), fields, [b.get("value") for b in buttons]


def press(client, page_url: str, index: int, headers=SAME):
    """Press the star of the page's `index`-th session as a browser without scripts would."""
    action, fields, ids = star_form(client.get(page_url).get_data(as_text=True))
    return ids[index], client.post(action, data={**fields, "s": ids[index]}, headers=headers)


def cookie_ids(client) -> list[str]:
    cookie = client.get_cookie(COOKIE)
    return cookie.value.split(".") if cookie and cookie.value else []


def listed(page: str) -> list[str]:
    return re.findall(r'<li class="session [^"]*" id="s-(\w+)"', page)


def test_star_and_unstar_without_javascript_and_my_agenda_lists_them(client, demo):
    agenda = f"{BASE}/"
    first, response = press(client, agenda, 0)
    assert response.status_code == 303 and response.headers["Location"] == f"{agenda}#s-{first}"
    set_cookie = response.headers["Set-Cookie"]
    assert "SameSite=Lax" in set_cookie and "Path=/" in set_cookie and "Max-Age=" in set_cookie
    third, _ = press(client, agenda, 2)
    assert cookie_ids(client) == [first, third]
    # My agenda, from the cookie, lists exactly those, and its iCal link names them.
    mine = client.get(f"{BASE}/my")
    page = mine.get_data(as_text=True)
    assert sorted(listed(page)) == sorted([first, third])
    calendar = lxml_html.fromstring(page).xpath("//a[contains(@href, 'schedule.ics')]/@href")[0]
    uids = re.findall(r"^UID:(\w+)@", client.get(calendar).get_data(as_text=True), re.M)
    assert sorted(uids) == sorted([first, third])
    # Pressed again, the star takes the session off; the form of a session's own page works the same way.
    press(client, agenda, 0)
    assert cookie_ids(client) == [third]
    session_page = f"{BASE}/s/{third}"
    _, response = press(client, session_page, 0)
    assert response.headers["Location"].startswith(session_page)
    assert cookie_ids(client) == []
    assert "You have not starred any session yet." in client.get(f"{BASE}/my").get_data(as_text=True)


def test_the_grid_and_my_agenda_carry_the_form_too(client, demo):
    _, _, grid_ids = star_form(client.get(f"{BASE}/grid").get_data(as_text=True))
    _, _, agenda_ids = star_form(client.get(f"{BASE}/").get_data(as_text=True))
    assert sorted(grid_ids) == sorted(agenda_ids)
    press(client, f"{BASE}/grid", 1)
    action, fields, ids = star_form(client.get(f"{BASE}/my").get_data(as_text=True))
    assert ids == cookie_ids(client) and fields["next"] == f"{BASE}/my"


@pytest.mark.parametrize("headers", [
    {},  # says nothing of where it comes from
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Origin": "https://evil.example.com"},
    {"Origin": "null"},
    {"Referer": "https://evil.example.com/en/e/x/"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},  # the browser's word wins
])
def test_requests_from_other_sites_change_nothing(client, demo, headers):
    _, response = press(client, f"{BASE}/", 0, headers=headers)
    assert response.status_code == 400
    assert "can only be sent from this site" in response.get_data(as_text=True)
    assert client.get_cookie(COOKIE) is None


@pytest.mark.parametrize("headers", [{"Origin": "http://localhost"}, {"Referer": "http://localhost/en/"}])
def test_older_browsers_are_recognized_by_origin_or_referrer(client, demo, headers):
    public_id, response = press(client, f"{BASE}/", 0, headers=headers)
    assert response.status_code == 303 and cookie_ids(client) == [public_id]


def test_the_star_needs_post_and_no_csrf_token(client, demo):
    assert client.get(f"{BASE}/star").status_code == 405
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "csrf_token" not in page  # the cached page carries no per-visitor token


def test_bad_ids_actions_and_addresses_are_ignored(client, demo):
    known = [s.public_id for s in demo.sessions]
    response = client.post(f"{BASE}/star", headers=SAME, data={
        "s": f"junk!,{'x' * 40},nosuchid,{known[0]},<script>,{known[1]}", "next": "https://evil.example.com/"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{BASE}/my"  # an address elsewhere is not followed
    assert cookie_ids(client) == [known[0], known[1]]
    for data in ({"s": known[2], "do": "explode"}, {"s": ""}, {}, {"s": "\x00"}, {"s": ",,,"}):
        assert client.post(f"{BASE}/star", headers=SAME, data=data).status_code == 303
    assert cookie_ids(client) == [known[0], known[1]]
    # A cookie someone made by hand: junk and unknown ids are dropped at the next change and never shown.
    client.set_cookie(COOKIE, f"{known[3]}.nosuch.<b>.{known[3]}", path="/")
    page = client.get(f"{BASE}/my").get_data(as_text=True)
    assert listed(page) == [known[3]]
    client.post(f"{BASE}/star", headers=SAME, data={"s": known[4]})
    assert cookie_ids(client) == [known[3], known[4]]
    # Unknown events and drafts are 404, never a 500.
    assert client.post("/en/e/no-such-event/star", headers=SAME, data={"s": known[0]}).status_code == 404


def test_a_huge_set_is_cut_to_the_limit(client, demo):
    many = ",".join(f"id{n}" for n in range(MAX_STARS * 3))
    client.set_cookie(COOKIE, many.replace(",", "."), path="/")
    assert client.get(f"{BASE}/my").status_code == 200
    response = client.post(f"{BASE}/star", headers=SAME, data={"s": many, "do": "add"})
    assert response.status_code == 303 and len(cookie_ids(client)) <= MAX_STARS


def test_take_a_shared_set_adds_or_replaces_only_when_asked(client, demo):
    known = [s.public_id for s in demo.sessions]
    press(client, f"{BASE}/", 0)
    mine = cookie_ids(client)
    shared_ids = [known[5], known[6]]
    shared = client.get(f"{BASE}/my?s={','.join(shared_ids)}").get_data(as_text=True)
    assert sorted(listed(shared)) == sorted(shared_ids)
    assert cookie_ids(client) == mine  # opening a shared link changes nothing
    tree = lxml_html.fromstring(shared)
    offers = {b.get("data-take"): b.getparent() for b in tree.xpath("//button[@data-take]")}
    assert set(offers) == {"add", "replace"}

    def take(action):
        form = offers[action]
        data = {i.get("name"): i.get("value") for i in form.iter("input")}
        response = client.post(form.get("action"), data=data, headers=SAME)
        assert response.status_code == 303 and response.headers["Location"] == f"{BASE}/my"

    take("add")
    assert cookie_ids(client) == mine + shared_ids
    take("replace")
    assert cookie_ids(client) == shared_ids
    assert sorted(listed(client.get(f"{BASE}/my").get_data(as_text=True))) == sorted(shared_ids)


def test_one_visitors_stars_never_reach_another(app, demo):
    alice, bob = app.test_client(), app.test_client()
    press(alice, f"{BASE}/", 0)
    press(alice, f"{BASE}/", 1)
    hers = alice.get(f"{BASE}/my")
    assert len(listed(hers.get_data(as_text=True))) == 2
    assert hers.headers["Cache-Control"] == "private, no-cache" and "Cookie" in hers.headers["Vary"]
    # Bob asks for the same address, even with Alice's validator: he gets his own (empty) page.
    his = bob.get(f"{BASE}/my", headers={"If-None-Match": hers.headers["ETag"]})
    assert his.status_code == 200 and listed(his.get_data(as_text=True)) == []
    assert his.headers["ETag"] != hers.headers["ETag"] and his.headers["Cache-Control"] == "private, no-cache"
    # Alice's own validator still holds for her.
    assert alice.get(f"{BASE}/my", headers={"If-None-Match": hers.headers["ETag"]}).status_code == 304
    # The pages with stars are alike for both and stay publicly cacheable.
    for path in ("/", "/grid", f"/s/{listed(hers.get_data(as_text=True))[0]}"):
        a, b = alice.get(BASE + path), bob.get(BASE + path)
        assert a.get_data() == b.get_data() and a.headers["Cache-Control"].startswith("public")
        assert "aria-pressed" not in a.get_data(as_text=True)  # the state is painted by the script
    # A shared set is a page like any other: public, the same for everyone.
    shared = f"{BASE}/my?s={','.join(cookie_ids(alice))}"
    a, b = alice.get(shared), bob.get(shared)
    assert a.get_data() == b.get_data() and a.headers["Cache-Control"].startswith("public")

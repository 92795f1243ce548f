"""Security properties of every page: the Content-Security-Policy holds (no inline script or
style anywhere), every state change needs a CSRF token, cookies are locked down, and hostile
text in every field comes out inert."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from lxml import html as lxml_html

from app import create_app
from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.models import Event, EventMember, MemberRole, Session, TranslationStatus, User
from app.publishing import publish
from config import ProductionConfig
from tests import factories as f
from tests.conftest import demo_route_values, fill_rule

XSS = [
    '<script>alert("x")</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    "{{ 7*7 }}",
]


@pytest.fixture
def world(app, auth):
    event, _ = load_demo(day=date(2026, 12, 18))
    admin = f.make_user("admin@example.org", admin=True)
    event.members.append(EventMember(user=admin, role=MemberRole.OWNER))
    db.session.commit()
    return demo_route_values("en", member=event.members[-1], user=admin)


def _pages(app, client, world):
    """Every HTML page a GET reaches, with its URL."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = fill_rule(rule.rule, world)
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            yield url, response.get_data(as_text=True)


def _inline_code(page: str) -> list[str]:
    tree = lxml_html.fromstring(page)
    found = [f"<script> without src: {s.text_content()[:40]!r}" for s in tree.iter("script") if not s.get("src")]
    found += [f"style attribute on <{e.tag}>" for e in tree.iter() if isinstance(e.tag, str) and "style" in e.attrib]
    found += ["<style> element" for _ in tree.iter("style")]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{name} on <{element.tag}>")
            if name in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
                found.append(f"javascript: URL in {name}")
    return found


@pytest.mark.parametrize("signed_in", [False, True])
def test_no_inline_script_or_style_on_any_page(app, client, auth, world, signed_in):
    if signed_in:
        auth.login("admin@example.org")
    problems = [f"{url}: {p}" for url, page in _pages(app, client, world) for p in _inline_code(page)]
    assert not problems, "\n".join(problems[:10])


def test_every_post_needs_a_csrf_token(app, client, auth, world):
    auth.login("admin@example.org")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Session))
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        response = client.post(fill_rule(rule.rule, world), data={"title": "x", "name": "x", "email": "a@b.org"})
        assert response.status_code == 400, (rule.rule, response.status_code)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == before
    assert db.session.scalar(sa.select(User.email).where(User.email == "a@b.org")) is None


def test_session_cookie_flags(app, client, auth, world):
    response = auth.login("admin@example.org")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_security_headers_on_every_kind_of_response(client, world):
    for url in ["/en/", f"/en/e/{DEMO_SLUG}/schedule.json", "/no/such/page", "/auth/login"]:
        headers = client.get(url).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]


def _poison(event: Event) -> None:
    """Hostile text in every text field of the event, and in translations."""
    payload = " ".join(XSS)
    event.title, event.description, event.venue, event.city = payload, payload, payload, XSS[1]  # city: 120 chars
    for room in event.rooms:
        room.name, room.accessibility = payload + str(room.id), payload
    for session in event.sessions:
        session.title, session.description = payload, payload
        for paper in session.papers:
            paper.title = payload
    for person in event.people:
        person.name, person.function, person.bio = payload + str(person.id), payload, payload
        person.organization, person.honorific, person.gender_description = payload, "<b>", XSS[0]  # 60 chars
    db.session.flush()
    for session in event.sessions:
        set_translation(event.id, session, "title", "en", payload, TranslationStatus.REVIEWED)
        set_translation(event.id, session, "description", "en", payload, TranslationStatus.REVIEWED)
    publish(event)  # what the public sees is the release


@pytest.mark.parametrize("signed_in", [False, True])
def test_hostile_text_in_every_field_comes_out_inert(app, client, auth, world, signed_in):
    event = db.session.scalar(sa.select(Event).where(Event.slug == DEMO_SLUG))
    _poison(event)
    db.session.commit()
    if signed_in:
        auth.login("admin@example.org")
    checked = 0
    for url, page in _pages(app, client, world):
        checked += 1
        assert "<script>alert" not in page, url
        assert "<img src=x onerror" not in page and "<svg onload" not in page, url
        problems = _inline_code(page)
        assert not problems, (url, problems[:3])
    assert checked >= (30 if signed_in else 10)


def test_hostile_text_survives_the_exports_as_data(app, client, world):
    import json

    from lxml import etree

    event = db.session.scalar(sa.select(Event).where(Event.slug == DEMO_SLUG))
    _poison(event)
    db.session.commit()
    payload = " ".join(XSS)
    schedule = json.loads(client.get(f"/sq/e/{DEMO_SLUG}/schedule.json").get_data(as_text=True))
    assert schedule["schedule"]["conference"]["title"] == payload
    xml = etree.fromstring(client.get(f"/sq/e/{DEMO_SLUG}/schedule.xml").get_data())
    assert xml.findtext("conference/title") == payload

"""Who may use which /translate route: every rule of the area, every kind of user."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import MemberRole, Translation
from tests import factories as f
from tests.conftest import csrf_token


@pytest.fixture
def event(app):
    owner = f.make_user("owner@example.org")
    event = f.make_event("geneva", owner=owner, source="en", languages=("en", "sq", "sr", "fr"))
    f.make_session(event, title="Opening")
    f.add_member(event, f.make_user("editor@example.org"), MemberRole.EDITOR)
    f.add_member(event, f.make_user("sq@example.org", organizer=False), MemberRole.TRANSLATOR, "sq")
    f.add_member(event, f.make_user("sr@example.org", organizer=False), MemberRole.TRANSLATOR, "sr")
    f.make_user("fr@example.org", organizer=False, translator=True, languages=("fr",))
    f.make_user("organizer@example.org")
    f.make_user("admin@example.org", admin=True)
    db.session.commit()
    return event


def translate_rules(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/translate")]
    endpoints = {"translate.index", "translate.edit", "translate.export", "translate.import_file",
                 "translate.request_language"}
    assert {r.endpoint for r in rules} == endpoints, "a new /translate route needs a row here"
    return rules


def url(rule, lang: str) -> str:
    values = {"slug": "geneva", "lang": lang}
    return rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]


def methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


# (user, language of the URL, may they use the event routes?)
MATRIX = [
    ("admin@example.org", "sr", True),
    ("owner@example.org", "sr", True),
    ("editor@example.org", "fr", True),
    ("sr@example.org", "sr", True),
    ("fr@example.org", "fr", True),  # their account's language, offered by the event
    ("sq@example.org", "sr", False),  # a translator for sq cannot change sr
    ("sr@example.org", "fr", False),
    ("fr@example.org", "sr", False),
    ("organizer@example.org", "sr", False),  # an organizer who is not a member
    ("owner@example.org", "en", False),  # nobody translates into the source language
]


@pytest.mark.parametrize("email, lang, allowed", MATRIX)
def test_authorization_matrix(app, client, auth, event, email, lang, allowed):
    auth.login(email)
    token = csrf_token(client, "/translate/")
    for rule in translate_rules(app):
        target = url(rule, lang)
        for method in methods(rule):
            response = client.open(target, method=method, data={"csrf_token": token})
            if rule.endpoint == "translate.index" or allowed:
                assert response.status_code not in (401, 403, 404), (method, target)
            else:
                assert response.status_code == 403, (method, target)
    assert db.session.scalar(db.select(db.func.count()).select_from(Translation)) == 0


def test_anonymous_is_sent_to_sign_in(app, client, event):
    token = csrf_token(client, "/auth/login")
    for rule in translate_rules(app):
        for method in methods(rule):
            response = client.open(url(rule, "sr"), method=method, data={"csrf_token": token})
            assert response.status_code == 302, (method, rule.rule)
            assert "/auth/login" in response.headers["Location"]


def test_unknown_event_or_language_is_404(app, client, auth, event):
    auth.login("admin@example.org")
    assert client.get("/translate/nowhere/sr/").status_code == 404
    assert client.get("/translate/geneva/xx/").status_code == 404
    assert client.get("/translate/nowhere/sr.po").status_code == 404


def test_translators_never_change_the_agenda(app, client, auth, event):
    auth.login("sr@example.org")
    session = event.sessions[0]
    html = client.get("/translate/geneva/sr/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    base = {"csrf_token": token, "version": "0", "status": "draft", "show": "all", "text": "Hapja"}
    for field in ("title", "starts_at", "room_id", "format"):
        fingerprint = re.search(rf'name="context" value="session:{session.public_id}:title">\s*'
                                r'<input type="hidden" name="version" value="0">\s*'
                                r'<input type="hidden" name="fingerprint" value="(\w+)"', html).group(1)
        client.post("/translate/geneva/sr/", data={**base, "context": f"session:{session.public_id}:{field}",
                                                   "fingerprint": fingerprint})
    db.session.expire_all()
    assert db.session.get(type(session), session.id).title == "Opening"
    assert [(t.field, t.text) for t in db.session.scalars(db.select(Translation))] == [("title", "Hapja")]
    assert client.get(f"/manage/geneva/sessions/{session.id}/edit").status_code == 403
    assert client.get("/manage/geneva/rooms").status_code == 403

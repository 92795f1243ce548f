"""The authorization matrix of the whole app: every route × anonymous, translator, another
organizer, editor, owner and admin. Routes are read from the URL map; a route that belongs to no
known area fails the test, so nothing new can escape it. (Each area's own tests go further:
tests/test_manage_access.py, tests/test_translate_access.py, tests/test_admin.py.)"""
from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from app.demo import load_demo
from app.exports.pdf import UNAVAILABLE
from app.extensions import db
from app.models import EventMember, MemberRole, Session
from tests import factories as f
from tests.conftest import demo_route_values, fill_rule

ROLES = ["anonymous", "translator", "other_organizer", "editor", "owner", "admin"]
#: Routes whose answer does not depend on who asks (public pages, exports, health, sign-in).
OPEN = ("public.", "exports.", "health.", "offline.", "auth.login", "auth.forgot_password", "static")
OWNER_ONLY = {"manage.delete_event", "manage.members", "manage.remove_member_view"}
SKIPPED = {"manage.invitation", "auth.join", "auth.reset_password", "auth.logout"}  # token routes (404/410 for
# unknown tokens); POST only
if UNAVAILABLE:  # no Pango on this machine: the PDFs answer 503 to everyone
    SKIPPED |= {"exports.agenda_pdf", "exports.poster_pdf", "exports.signs_pdf", "exports.speakers_pdf"}


def expected(endpoint: str, role: str, url: str) -> set[int]:
    """The statuses a GET of this route may answer for this role."""
    if endpoint.startswith(OPEN):
        return {200, 302}
    if role == "anonymous":
        return {302}  # to the sign-in page
    if endpoint.startswith("admin."):
        return {200} if role == "admin" else {403}
    if endpoint.startswith("translate."):
        if endpoint == "translate.index":
            return {200}
        target = url.split("/")[3].split(".")[0]
        allowed = role in ("editor", "owner", "admin") or (role == "translator" and target == "sr")
        return {200} if allowed else {403}
    if endpoint.startswith("manage."):
        if "<slug>" not in RULES[endpoint]:
            return {200} if role != "translator" else {403, 200}
        if role in ("owner", "admin"):
            return {200}
        if role == "editor":
            return {403} if endpoint in OWNER_ONLY else {200}
        return {403}
    raise AssertionError(f"{endpoint} belongs to no known area: add its access rule")


RULES: dict[str, str] = {}


@pytest.fixture
def world(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    users = {
        "translator": f.make_user("tr@example.org", organizer=False, translator=True),
        "other_organizer": f.make_user("other@example.org"),
        "editor": f.make_user("editor@example.org"),
        "owner": f.make_user("owner@example.org"),
        "admin": f.make_user("admin@example.org", admin=True, organizer=False),
    }
    event.members += [
        EventMember(user=users["owner"], role=MemberRole.OWNER),
        EventMember(user=users["editor"], role=MemberRole.EDITOR),
        EventMember(user=users["translator"], role=MemberRole.TRANSLATOR, language="sr"),
    ]
    db.session.commit()
    editor = next(m for m in event.members if m.user_id == users["editor"].id)
    return demo_route_values("sr", member=editor, user=users["editor"])


@pytest.mark.parametrize("role", ROLES)
def test_every_get_route_for_every_role(app, client, auth, world, role):
    if role != "anonymous":
        auth.login({"translator": "tr", "other_organizer": "other"}.get(role, role) + "@example.org")
    wrong = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in SKIPPED:
            continue
        RULES[rule.endpoint] = rule.rule
        url = fill_rule(rule.rule, world)
        response = client.get(url)
        allowed = expected(rule.endpoint, role, url)
        if response.status_code not in allowed:
            wrong.append(f"{role} GET {url}: {response.status_code}, expected {sorted(allowed)}")
        if role == "anonymous" and 302 in allowed and allowed == {302}:
            assert response.headers["Location"].startswith("/auth/login"), url
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ["anonymous", "translator", "other_organizer"])
def test_no_state_change_without_rights(app, client, auth, world, role):
    """POSTs to another event's agenda change nothing, whatever is sent."""
    if role != "anonymous":
        auth.login({"translator": "tr", "other_organizer": "other"}[role] + "@example.org")
    page = client.get("/auth/login" if role == "anonymous" else "/en/").get_data(as_text=True)
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "title": "hijacked", "name": "hijacked"}
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Session))
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint.startswith("manage.") and "<slug>" in rule.rule:
            response = client.post(fill_rule(rule.rule, world), data=data)
            assert response.status_code in (302, 403), (rule.rule, response.status_code)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session).where(Session.title == "hijacked")) == 0

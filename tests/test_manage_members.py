"""Members: invitations by link (token stored hashed), accepting, removing, the last owner stays."""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import EventMember, Invitation, MemberRole
from app.models.invitation import hash_token
from tests.conftest import csrf_token
from tests.factories import make_organizer_event, make_user


def _invite(client, slug, **data):
    url = f"/manage/{slug}/members"
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data})


def test_invite_accept_and_remove(app, client, auth):
    owner, event = make_organizer_event("owner@example.org", slug="members", languages=["sq", "en"])
    make_user("editor@example.org", organizer=False)
    db.session.commit()
    auth.login("owner@example.org")
    page = _invite(client, "members", email="Editor@Example.org", role="editor", language="").get_data(as_text=True)
    link = re.search(r'id="invitation-link"[^>]*value="([^"]+)"', page).group(1)
    token = link.rsplit("/", 1)[1]
    invitation = db.session.scalar(sa.select(Invitation))
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    assert invitation.email == "editor@example.org"
    auth.logout()

    # Anonymous visitors are sent to sign in first, and come back.
    response = client.get(f"/manage/invitations/{token}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    auth.login("editor@example.org")
    url = f"/manage/invitations/{token}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    db.session.expire_all()
    assert {(m.user.email, m.role) for m in event.members} == {
        ("owner@example.org", MemberRole.OWNER), ("editor@example.org", MemberRole.EDITOR)}
    assert client.get("/manage/members/timetable").status_code == 200
    # The link works once.
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert "has been used or has expired" in response.get_data(as_text=True)
    auth.logout()

    auth.login("owner@example.org")
    member = next(m for m in event.members if m.role == MemberRole.EDITOR)
    remove = f"/manage/members/members/{member.id}/remove"
    assert "Remove this member?" in client.get(remove).get_data(as_text=True)
    client.post(remove, data={"csrf_token": csrf_token(client, remove)})
    db.session.expire_all()
    assert [m.role for m in event.members] == [MemberRole.OWNER]


def test_invitation_for_someone_else_is_refused(app, client, auth):
    make_organizer_event("owner@example.org", slug="members")
    make_user("intruder@example.org")
    db.session.commit()
    auth.login("owner@example.org")
    page = _invite(client, "members", email="editor@example.org", role="editor").get_data(as_text=True)
    token = re.search(r'value="[^"]*/auth/invitation/([^"]+)"', page).group(1)
    auth.logout()
    auth.login("intruder@example.org")
    url = f"/manage/invitations/{token}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert "This invitation is for editor@example.org" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EventMember)) == 1


def test_translator_invitation_needs_a_language(app, client, auth):
    make_organizer_event("owner@example.org", slug="members", languages=["sq", "en"])
    make_user("translator@example.org", organizer=False)
    db.session.commit()
    auth.login("owner@example.org")
    page = _invite(client, "members", email="translator@example.org", role="translator",
                   language="").get_data(as_text=True)
    assert "Choose the language the translator translates into." in page
    page = _invite(client, "members", email="not-an-email", role="editor").get_data(as_text=True)
    assert "Invalid email address." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0
    page = _invite(client, "members", email="translator@example.org", role="translator",
                   language="en").get_data(as_text=True)
    token = re.search(r'value="[^"]*/auth/invitation/([^"]+)"', page).group(1)
    auth.logout()
    auth.login("translator@example.org")
    url = f"/manage/invitations/{token}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert response.headers["Location"].endswith("/translate/")
    member = db.session.scalar(sa.select(EventMember).where(EventMember.role == MemberRole.TRANSLATOR))
    assert member.language == "en"
    assert client.get("/manage/members/").status_code == 403


def test_last_owner_cannot_be_removed(app, client, auth):
    owner, event = make_organizer_event("owner@example.org", slug="members")
    db.session.commit()
    auth.login("owner@example.org")
    member = event.members[0]
    remove = f"/manage/members/members/{member.id}/remove"
    response = client.post(remove, data={"csrf_token": csrf_token(client, remove)})
    assert "The last owner cannot be removed." in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert len(event.members) == 1

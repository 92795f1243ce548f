"""Accounts for invitees, "forgot password", landing on one's work — through a real SMTP server on loopback."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import EventMember, Invitation, MemberRole, User
from tests.conftest import AuthActions, csrf_token
from tests.factories import PASSWORD, add_member, make_event, make_organizer_event, make_user

LINK = re.compile(r"https?://\S+")


def _invite(client, slug, **data):
    url = f"/manage/{slug}/members"
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data})


def _link_in(received) -> str:
    return LINK.search(received.text()).group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def _forgot(client, address: str):
    """Ask for a reset link. The mail leaves once the answer is sent: closing the response, as a
    server does after writing it, sends it."""
    response = client.post("/auth/forgot", data={"csrf_token": csrf_token(client, "/auth/forgot"), "email": address})
    response.close()
    return response


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_an_invitee_without_an_account_creates_one_from_the_mailed_link(mail_app, smtp_server):
    make_organizer_event("owner@example.org", slug="day", languages=["sq", "en"])
    db.session.commit()
    owner = mail_app.test_client()
    AuthActions(owner).login("owner@example.org")
    page = _invite(owner, "day", email="New.Editor@Example.org", role="editor", language="").get_data(as_text=True)
    assert "The invitation was sent to new.editor@example.org." in page

    [mail] = smtp_server.messages
    assert mail.recipients == ["new.editor@example.org"]
    link = _link_in(mail)
    # The organizer's page shows the same link that the mail carries.
    assert f'value="{link}"' in page
    invitee = mail_app.test_client()
    form = invitee.get(_path(link)).get_data(as_text=True)
    assert "Create your account" in form and "new.editor@example.org" in form

    # Mistakes: said next to the field, nothing saved.
    token = csrf_token(invitee, _path(link))
    response = invitee.post(_path(link), data={"csrf_token": token, "name": "Nora", "password": "short",
                                               "confirm": "other"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "At least 10 characters." in text and "The two passwords differ." in text
    assert _count(User) == 1

    response = invitee.post(_path(link), data={"csrf_token": token, "name": " Nora Berisha ",
                                               "password": "a long new password", "confirm": "a long new password",
                                               "email": "someone.else@example.org"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/day/")
    user = db.session.scalar(sa.select(User).where(User.email == "new.editor@example.org"))
    assert user.name == "Nora Berisha" and user.check_password("a long new password")
    assert db.session.scalar(sa.select(User).where(User.email == "someone.else@example.org")) is None
    member = db.session.scalar(sa.select(EventMember).where(EventMember.user_id == user.id))
    assert member.role == MemberRole.EDITOR
    # Signed in, on the event.
    assert invitee.get("/manage/day/").status_code == 200
    # The link is spent.
    invitee.post("/auth/logout", data={"csrf_token": csrf_token(invitee, "/en/")})
    assert "This invitation has been used or has expired." in invitee.get(_path(link)).get_data(as_text=True)


def test_an_invitee_with_an_account_is_sent_to_sign_in(mail_app, smtp_server):
    client = mail_app.test_client()
    make_organizer_event("owner@example.org", slug="day", languages=["sq", "en"])
    make_user("translator@example.org", organizer=False)
    db.session.commit()
    auth = AuthActions(client)
    auth.login("owner@example.org")
    _invite(client, "day", email="translator@example.org", role="translator", language="en")
    auth.logout()
    path = _path(_link_in(smtp_server.messages[0]))
    page = client.get(path).get_data(as_text=True)
    assert "There is an account for translator@example.org already" in page and "Create your account" not in page
    # No account can be made over the existing one.
    client.post(path, data={"csrf_token": csrf_token(client, "/auth/forgot"), "name": "X", "password": "p" * 12,
                            "confirm": "p" * 12})
    assert db.session.scalar(sa.select(User).where(User.email == "translator@example.org")).check_password(PASSWORD)
    login = re.search(r'href="(/auth/login\?next=[^"]+)"', page).group(1).replace("&amp;", "&")
    response = AuthActions(client).login("translator@example.org", query_string={"next": login.split("next=")[1]})
    # The sign-in page came back to the invitation; accept it.
    from urllib.parse import unquote

    accept = unquote(response.headers["Location"])
    assert accept.startswith("/manage/invitations/")
    response = client.post(accept, data={"csrf_token": csrf_token(client, accept)})
    assert response.headers["Location"].endswith("/translate/")


@pytest.mark.parametrize("server", ["refusing", "down"])
def test_when_the_mail_fails_the_organizer_gets_the_link(make_app, refusing_smtp_server, closed_port, server):
    port = refusing_smtp_server.port if server == "refusing" else closed_port
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=3)
    with app.app_context():
        make_organizer_event("owner@example.org", slug="day", languages=["sq", "en"])
        db.session.commit()
        client = app.test_client()
        AuthActions(client).login("owner@example.org")
        response = _invite(client, "day", email="editor@example.org", role="editor")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "the mail to editor@example.org could not be sent. Copy the link below" in page
        link = re.search(r'id="invitation-link"[^>]*value="([^"]+)"', page).group(1)
        invitation = db.session.scalar(sa.select(Invitation))
        assert invitation.email == "editor@example.org" and invitation.is_open
        # The shown link is the invitation's.
        assert client.get(_path(link)).status_code == 302  # the organizer is signed in: to the accept page
        assert refusing_smtp_server.messages == []


def test_inviting_again_replaces_the_open_invitation(mail_app, smtp_server):
    client = mail_app.test_client()
    make_organizer_event("owner@example.org", slug="day", languages=["sq", "en"])
    db.session.commit()
    AuthActions(client).login("owner@example.org")
    _invite(client, "day", email="editor@example.org", role="editor")
    page = _invite(client, "day", email="EDITOR@example.org", role="translator", language="en").get_data(as_text=True)
    assert "editor@example.org already had an open invitation: it was replaced by this one" in page
    [invitation] = db.session.scalars(sa.select(Invitation)).all()
    assert invitation.role == MemberRole.TRANSLATOR
    first, second = (_path(_link_in(m)) for m in smtp_server.messages)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code in (200, 302)


def test_forgot_password_mails_a_single_use_link_that_ends_other_sessions(mail_app, smtp_server):
    user = make_user("ana@example.org")
    make_user("other@example.org")
    db.session.commit()
    elsewhere = mail_app.test_client()
    AuthActions(elsewhere).login("ana@example.org")
    assert elsewhere.get("/manage/").status_code == 200

    client = mail_app.test_client()
    for address in ("Ana@Example.org", "nobody@example.org"):
        response = _forgot(client, address)
        assert response.status_code == 302
        # The same answer for an address with and without an account.
        assert f"If {address.lower()} has an account here" in client.get("/auth/login").get_data(as_text=True)
    [mail] = smtp_server.messages
    assert mail.recipients == ["ana@example.org"] and "for 2 hours" in mail.text()
    path = _path(_link_in(mail))

    page = client.get(path).get_data(as_text=True)
    assert "For the account ana@example.org" in page
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "password": "brand new password",
                                       "confirm": "brand new password"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/login")
    db.session.expire_all()
    assert user.check_password("brand new password")
    # The other device is signed out; the link is spent.
    assert elsewhere.get("/manage/").status_code == 302
    assert client.get(path).status_code == 410
    assert client.post(path, data={"csrf_token": csrf_token(client, "/auth/forgot"), "password": "x" * 12,
                                   "confirm": "x" * 12}).status_code == 410
    db.session.expire_all()
    assert user.check_password("brand new password")
    # Sign in with the new password.
    response = AuthActions(client).login("ana@example.org", "brand new password")
    assert response.headers["Location"].endswith("/manage/")


def test_a_reset_link_expires_and_a_forged_one_fails(make_app, smtp_server):
    app = make_app(**smtp_server.config(), PASSWORD_RESET_MAX_AGE=-1)
    with app.app_context():
        make_user("ana@example.org")
        db.session.commit()
        client = app.test_client()
        _forgot(client, "ana@example.org")
        path = _path(_link_in(smtp_server.messages[0]))
        assert "This link has been used, has expired or is not valid." in client.get(path).get_data(as_text=True)
        assert client.get(path[:-3] + "abc").status_code == 410
        assert client.get("/auth/reset/" + "x" * 600).status_code == 410


def test_forgot_password_is_rate_limited_and_needs_mail(mail_app, smtp_server, make_app):
    client = mail_app.test_client()
    make_user("ana@example.org")
    db.session.commit()
    # The mail leaves after the answer, so the answer's time says nothing about the account.
    response = client.post("/auth/forgot", data={"csrf_token": csrf_token(client, "/auth/forgot"),
                                                  "email": "ana@example.org"})
    assert response.status_code == 302 and smtp_server.messages == []
    response.close()
    assert len(smtp_server.messages) == 1
    statuses = [_forgot(client, "ana@example.org").status_code for _ in range(5)]
    assert statuses == [302] * 4 + [429]
    assert len(smtp_server.messages) == 5
    response = client.post("/auth/forgot", data={"csrf_token": csrf_token(client, "/auth/forgot"),
                                                  "email": "ana@example.org"})
    assert "too many requests from your address" in response.get_data(as_text=True)

    without_mail = make_app().test_client()
    page = without_mail.get("/auth/forgot").get_data(as_text=True)
    assert "This site cannot send mail." in page and 'name="email"' not in page


def test_sign_in_lands_on_your_work(app, client, auth):
    make_user("organizer@example.org")
    make_user("translator@example.org", organizer=False, translator=True, languages=["en"])
    editor = make_user("editor@example.org", organizer=False)
    helper = make_user("helper@example.org", organizer=False)
    make_user("reader@example.org", organizer=False)
    event = make_event("day", languages=("sq", "en"))
    add_member(event, editor, MemberRole.EDITOR)
    add_member(event, helper, MemberRole.TRANSLATOR, "en")
    db.session.commit()
    expected = {"organizer@example.org": "/manage/", "translator@example.org": "/translate/",
                "editor@example.org": "/manage/", "helper@example.org": "/translate/",
                "reader@example.org": "/"}
    nav = {"/manage/": {"/manage/", "/translate/"}, "/translate/": {"/translate/"}, "/": set()}
    for email, landing in expected.items():
        response = auth.login(email)
        assert response.headers["Location"] == landing, email
        # The page header links to the same work.
        header = client.get("/en/").get_data(as_text=True).split("</header>")[0]
        assert {path for path in ("/manage/", "/translate/") if f'href="{path}"' in header} == nav[landing], email
        auth.logout()
    # A safe `next` wins; an unsafe one does not.
    assert auth.login("translator@example.org", query_string={"next": "/en/"}).headers["Location"] == "/en/"
    auth.logout()
    response = auth.login("translator@example.org", query_string={"next": "//evil.example/"})
    assert response.headers["Location"] == "/translate/"


def test_the_database_keeps_one_open_invitation_per_address(app):
    from datetime import timedelta

    from sqlalchemy.exc import IntegrityError

    from app.models import utcnow
    from app.models.invitation import hash_token

    owner, event = make_organizer_event("owner@example.org", slug="day")

    def invitation(token: str, accepted: bool = False) -> Invitation:
        return Invitation(event=event, email="ana@example.org", role=MemberRole.EDITOR, token_hash=hash_token(token),
                          expires_at=utcnow() + timedelta(days=1), invited_by_id=owner.id,
                          accepted_at=utcnow() if accepted else None)

    db.session.add_all([invitation("accepted-1", accepted=True), invitation("accepted-2", accepted=True),
                        invitation("open-1")])
    db.session.commit()
    db.session.add(invitation("open-2"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert _count(Invitation) == 3

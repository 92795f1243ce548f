"""Sign-in under attack: limits that cannot lock a victim out, no account oracle, remember-me tied to credentials."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
import sqlalchemy as sa

import app.auth.routes as auth_routes
from app.extensions import db
from app.models import User
from tests import factories as f
from tests.conftest import csrf_token

A = {"REMOTE_ADDR": "198.51.100.1"}
B = {"REMOTE_ADDR": "203.0.113.2"}


def at(client, environ):
    """The client, sending every request from the given address (Flask-Login's strong session
    protection ends a session that changes address)."""
    client.environ_base.update(environ)
    return client


def post_login(client, email, password, environ=A, remember=False, next_=None):
    at(client, environ)
    token = csrf_token(client, "/auth/login")
    data = {"email": email, "password": password, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    url = "/auth/login" + (f"?next={next_}" if next_ else "")
    return client.post(url, data=data, environ_base=environ)


def signed_in(client) -> bool:
    """Whether the client reaches a page that needs an account."""
    return client.get("/manage/").status_code == 200


@pytest.fixture
def limited(make_app):
    app = make_app(LOGIN_FAIL_LIMIT="3 per 15 minutes")
    with app.app_context():
        f.make_user("admin@example.org", admin=True)
        db.session.commit()
        yield app


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out(limited):
    attacker = limited.test_client()
    assert [post_login(attacker, "admin@example.org", "guess", A).status_code for _ in range(4)] == [401, 401, 401, 429]
    owner = limited.test_client()
    response = post_login(owner, "admin@example.org", f.PASSWORD, B)
    assert response.status_code == 302
    assert signed_in(owner)


def test_the_limit_is_per_address_and_account_together(make_app):
    app = make_app(LOGIN_FAIL_LIMIT="2 per 15 minutes", LOGIN_FAIL_LIMIT_PER_ADDRESS="10 per 15 minutes")
    with app.app_context():
        f.make_user("a@example.org")
        f.make_user("b@example.org")
        db.session.commit()
        client = app.test_client()
        assert [post_login(client, "a@example.org", "x").status_code for _ in range(3)] == [401, 401, 429]
        # The same address may still sign in to another account (an office behind one address)...
        assert post_login(client, "b@example.org", f.PASSWORD).status_code == 302
        # ...and the address as a whole has its own, larger allowance.
        other = app.test_client()
        codes = [post_login(other, f"n{i}@example.org", "x").status_code for i in range(10)]
        assert codes == [401] * 8 + [429] * 2  # 2 failures above, 8 here: 10 in all


def test_the_refusal_is_a_clear_message(limited):
    client = limited.test_client()
    for _ in range(3):
        post_login(client, "admin@example.org", "guess")
    refused = post_login(client, "admin@example.org", "guess")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "too many failed sign-ins from your address" in page and "your account itself is not locked" in page
    assert refused.headers.get("Retry-After")


@pytest.fixture
def hash_checks(monkeypatch):
    calls = []
    real = auth_routes.check_password_hash

    def counting(pwhash, password):
        calls.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(auth_routes, "check_password_hash", counting)
    return calls


def test_an_unknown_address_costs_a_password_hash_check_too(app, client, hash_checks):
    f.make_user("known@example.org")
    inactive = f.make_user("gone@example.org")
    inactive.active = False
    db.session.commit()
    for email, password in (("nobody@example.org", "guess"), ("known@example.org", "guess"),
                            ("gone@example.org", f.PASSWORD)):
        before = len(hash_checks)
        response = post_login(client, email, password)
        assert response.status_code == 401
        assert len(hash_checks) == before + 1, email
    unknown, known, gone = hash_checks
    # The stand-in hash is made like the real ones (same method and cost).
    assert unknown.split("$")[0] == known.split("$")[0] == gone.split("$")[0]
    # And the three answers are the same page.
    assert "Wrong email or password." in post_login(client, "nobody@example.org", "guess").get_data(as_text=True)


def _remember_cookie(client):
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    return cookie


def _with_cookie(app, value):
    fresh = at(app.test_client(), B)
    fresh.set_cookie("remember_token", value)
    return fresh


def test_remember_cookie_ends_with_sign_out(app, client):
    f.make_user("organizer@example.org")
    db.session.commit()
    assert post_login(client, "organizer@example.org", f.PASSWORD, remember=True).status_code == 302
    cookie = _remember_cookie(client).value
    assert signed_in(_with_cookie(app, cookie))  # the cookie alone signs in, in another browser
    other_device = _with_cookie(app, cookie)
    assert signed_in(other_device)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/en/")})
    assert not signed_in(_with_cookie(app, cookie))
    # Signing out ends the account's other sessions as well.
    assert not signed_in(other_device)


def test_remember_cookie_ends_with_a_password_change(app, client):
    admin = f.make_user("admin@example.org", admin=True)
    user = f.make_user("organizer@example.org")
    db.session.commit()
    post_login(client, "organizer@example.org", f.PASSWORD, remember=True)
    cookie = _remember_cookie(client).value
    assert signed_in(client)
    # An admin sets a new password through the admin form.
    admin_client = app.test_client()
    post_login(admin_client, admin.email, f.PASSWORD, environ=B)
    url = f"/admin/users/{user.id}"
    response = admin_client.post(url, data={"csrf_token": csrf_token(admin_client, url), "name": "",
                                            "is_organizer": "y", "active": "y", "password": "a brand new password"},
                                 environ_base=B)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("a brand new password")
    assert not signed_in(client)
    assert not signed_in(_with_cookie(app, cookie))
    assert post_login(app.test_client(), "organizer@example.org", "a brand new password").status_code == 302


def test_two_logins_do_not_share_one_token_forever(app, client):
    f.make_user("organizer@example.org")
    db.session.commit()
    post_login(client, "organizer@example.org", f.PASSWORD, remember=True)
    first = _remember_cookie(client)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/en/")})
    post_login(client, "organizer@example.org", f.PASSWORD, remember=True)
    second = _remember_cookie(client)
    assert first.value != second.value
    assert not signed_in(_with_cookie(app, first.value))
    assert signed_in(_with_cookie(app, second.value))


def test_remember_cookie_lifetime_and_flags(app, client):
    f.make_user("organizer@example.org")
    db.session.commit()
    response = post_login(client, "organizer@example.org", f.PASSWORD, remember=True)
    header = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    assert "HttpOnly" in header and "SameSite=Lax" in header
    expires = parsedate_to_datetime(header.split("Expires=")[1].split(";")[0])
    assert timedelta(days=7) <= expires - datetime.now(UTC) <= timedelta(days=31)


def test_a_deactivated_account_is_signed_out(app, client):
    user = f.make_user("organizer@example.org")
    db.session.commit()
    post_login(client, "organizer@example.org", f.PASSWORD, remember=True)
    assert signed_in(client)
    user.active = False
    db.session.commit()
    assert not signed_in(client)


def test_a_session_naming_only_the_account_id_is_not_accepted(app, client):
    user = f.make_user("organizer@example.org")
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert not signed_in(client)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1

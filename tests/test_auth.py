"""Signing in and out."""
from __future__ import annotations

from app.extensions import db
from tests import factories as f
from tests.conftest import csrf_token


def test_login_page_renders(client):
    page = client.get("/auth/login")
    assert page.status_code == 200
    assert 'name="csrf_token"' in page.get_data(as_text=True)


def test_login_success_and_logout(app, client, auth):
    f.make_user("organizer@example.org", name="Arta")
    db.session.commit()
    response = auth.login()
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session.get("_user_id")
    assert "Arta" in client.get("/en/").get_data(as_text=True)
    response = auth.logout()
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert not session.get("_user_id")


def test_email_is_case_insensitive(app, auth):
    f.make_user("organizer@example.org")
    db.session.commit()
    assert auth.login("Organizer@Example.org").status_code == 302


def test_wrong_password(app, client, auth):
    f.make_user("organizer@example.org")
    db.session.commit()
    response = auth.login(password="not the password")
    assert response.status_code == 401
    assert "Wrong email or password." in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert not session.get("_user_id")


def test_wrong_password_message_translated(app, client):
    f.make_user("organizer@example.org")
    db.session.commit()
    client.set_cookie("dita_lang", "sq")
    token = csrf_token(client, "/auth/login")
    response = client.post("/auth/login", data={"email": "organizer@example.org", "password": "x", "csrf_token": token})
    assert "Email ose fjalëkalim i gabuar." in response.get_data(as_text=True)


def test_inactive_user_cannot_sign_in(app, auth):
    user = f.make_user("organizer@example.org")
    user.active = False
    db.session.commit()
    assert auth.login().status_code == 401


def test_post_without_csrf_token_refused(app, client):
    f.make_user("organizer@example.org")
    db.session.commit()
    response = client.post("/auth/login", data={"email": "organizer@example.org", "password": f.PASSWORD})
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert not session.get("_user_id")


def test_logout_needs_post(app, client, auth):
    f.make_user("organizer@example.org")
    db.session.commit()
    auth.login()
    assert client.get("/auth/logout").status_code == 405


def test_next_only_redirects_locally(app, client):
    f.make_user("organizer@example.org")
    db.session.commit()
    # Without a safe `next`, an organizer lands on their events.
    for target, expected in [("/sq/", "/sq/"), ("https://evil.example/", "/manage/"), ("//evil.example/", "/manage/"),
                             ("/\\evil.example", "/manage/")]:
        client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
        token = csrf_token(client, "/auth/login")
        response = client.post(f"/auth/login?next={target}",
                               data={"email": "organizer@example.org", "password": f.PASSWORD, "csrf_token": token})
        assert response.status_code == 302
        assert response.headers["Location"] == expected
        client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/en/")})


def test_failed_logins_limited(make_app):
    app = make_app(LOGIN_FAIL_LIMIT="3 per 15 minutes")
    with app.app_context():
        f.make_user("organizer@example.org")
        db.session.commit()
        client = app.test_client()
        token = csrf_token(client, "/auth/login")
        data = {"email": "organizer@example.org", "password": "wrong", "csrf_token": token}
        for _ in range(3):
            assert client.post("/auth/login", data=data).status_code == 401
        # Even the right password is refused now, with a clear message.
        refused = client.post("/auth/login", data={**data, "password": f.PASSWORD})
        assert refused.status_code == 429
        assert "Too many attempts" in refused.get_data(as_text=True)
        # Another account from another address is not affected.
        other = app.test_client()
        token = csrf_token(other, "/auth/login")
        f.make_user("editor@example.org")
        db.session.commit()
        ok = other.post("/auth/login", data={"email": "editor@example.org", "password": f.PASSWORD,
                                             "csrf_token": token}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert ok.status_code == 302, ok.get_data(as_text=True)[-1500:]


def test_successful_logins_do_not_count(make_app):
    app = make_app(LOGIN_FAIL_LIMIT="2 per 15 minutes")
    with app.app_context():
        f.make_user("organizer@example.org")
        db.session.commit()
        client = app.test_client()
        for _ in range(4):
            token = csrf_token(client, "/auth/login")
            response = client.post("/auth/login", data={"email": "organizer@example.org", "password": f.PASSWORD,
                                                        "csrf_token": token})
            assert response.status_code == 302
            client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/en/")})


def _fail_logins_from(app, forwarded_for: str, times: int, email: str = "nobody@example.org") -> list[int]:
    client = app.test_client()
    token = csrf_token(client, "/auth/login")
    data = {"email": email, "password": "wrong", "csrf_token": token}
    return [client.post("/auth/login", data=data, headers={"X-Forwarded-For": forwarded_for}).status_code
            for _ in range(times)]


def test_behind_a_trusted_proxy_the_limit_is_per_client_address(make_app):
    app = make_app(LOGIN_FAIL_LIMIT="2 per 15 minutes", TRUSTED_PROXIES=1)
    with app.app_context():
        # Every request comes from the proxy's address; X-Forwarded-For names the client.
        assert _fail_logins_from(app, "203.0.113.7", 3, "a@example.org") == [401, 401, 429]
        assert _fail_logins_from(app, "198.51.100.23", 2, "b@example.org") == [401, 401]


def test_without_a_trusted_proxy_a_forged_address_changes_nothing(make_app):
    app = make_app(LOGIN_FAIL_LIMIT="2 per 15 minutes")
    with app.app_context():
        assert _fail_logins_from(app, "203.0.113.7", 2, "a@example.org") == [401, 401]
        # A new X-Forwarded-For (and a new account name) does not buy a fresh allowance.
        assert _fail_logins_from(app, "198.51.100.23", 1, "b@example.org") == [429]

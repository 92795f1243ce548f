"""Admins create accounts and grant roles; nobody else reaches /admin."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import User
from tests import factories as f
from tests.conftest import csrf_token


@pytest.fixture
def admin(app, auth):
    user = f.make_user("admin@example.org", admin=True, organizer=False)
    db.session.commit()
    auth.login("admin@example.org")
    return user


def _admin_rules(app):
    return [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin")]


def test_anonymous_sent_to_login(app, client):
    for rule in _admin_rules(app):
        url = rule.rule.replace("<int:user_id>", "1")
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize("role", [{"organizer": True}, {"organizer": False, "translator": True, "languages": ["sr"]}])
def test_non_admins_forbidden(app, client, auth, role):
    f.make_user("someone@example.org", **role)
    db.session.commit()
    auth.login("someone@example.org")
    for rule in _admin_rules(app):
        url = rule.rule.replace("<int:user_id>", "1")
        assert client.get(url).status_code == 403, url


def test_list_and_create_account(admin, client):
    assert "admin@example.org" in client.get("/admin/users").get_data(as_text=True)
    token = csrf_token(client, "/admin/users/new")
    response = client.post("/admin/users/new", data={
        "csrf_token": token, "email": "Tr@Example.org", "name": "Vesna", "password": "long enough pw",
        "is_translator": "y", "languages": ["sr", "ru"], "active": "y",
    })
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "tr@example.org"))
    assert user.is_translator and not user.is_admin
    assert user.translator_languages == ["sr", "ru"]
    assert user.check_password("long enough pw")


@pytest.mark.parametrize("data, message", [
    ({"email": "admin@example.org", "password": "long enough pw"}, "exists already"),
    ({"email": "new@example.org", "password": "short"}, "At least 10 characters"),
    ({"email": "not an email", "password": "long enough pw"}, "Invalid email"),
    ({"email": "new@example.org", "password": "long enough pw", "is_translator": "y"}, "at least one language"),
])
def test_bad_input_explained_and_nothing_saved(admin, client, data, message):
    token = csrf_token(client, "/admin/users/new")
    response = client.post("/admin/users/new", data={"csrf_token": token, "active": "y", **data})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_edit_roles_and_deactivate(admin, client):
    other = f.make_user("org@example.org")
    db.session.commit()
    token = csrf_token(client, f"/admin/users/{other.id}")
    response = client.post(f"/admin/users/{other.id}", data={"csrf_token": token, "name": "Org", "is_admin": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    other = db.session.get(User, other.id)
    assert other.is_admin and not other.is_organizer and not other.active


def test_admin_cannot_demote_themselves(admin, client):
    token = csrf_token(client, f"/admin/users/{admin.id}")
    response = client.post(f"/admin/users/{admin.id}", data={"csrf_token": token, "active": "y"})
    assert response.status_code == 200
    assert "cannot remove your own administrator role" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_admin


def test_unknown_account_404(admin, client):
    assert client.get("/admin/users/999999").status_code == 404

"""Faults under attack: a database outage, a stopped or frozen Redis, a killed worker, slow clients.

Real servers throughout: a private PostgreSQL (as in test_outage), a private redis-server on a
spare port, gunicorn with the production settings (app/gunicorn_conf.py).
"""
from __future__ import annotations

from datetime import date

import pytest

from app import create_app
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from config import TestingConfig
from tests import factories
from tests.conftest import AuthActions
from tests.test_outage import private_postgres  # noqa: F401 - a fixture

PUBLIC_PAGES = ["/sq/e/{slug}/", "/en/", "/en/e/{slug}/schedule.json"]
#: Pages only a signed-in visitor gets to (anyone else is sent to sign in, which needs no database).
MEMBER_PAGES = ["/manage/", "/translate/", "/admin/users"]


def _security_headers_present(response) -> bool:
    return all(name in response.headers for name in
               ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"))


def test_database_outage_gives_every_visitor_the_503_page(private_postgres, tmp_path):  # noqa: F811
    config = type("C", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": private_postgres.url, "UPLOAD_DIR": str(tmp_path / "papers"),
    })
    app = create_app(config)
    with app.app_context():
        db.create_all()
        load_demo(day=date(2026, 12, 18))
        factories.make_user("organizer@example.org", organizer=True)
        db.session.commit()
        db.session.remove()
    anonymous, signed_in = app.test_client(), app.test_client()
    assert AuthActions(signed_in).login().status_code == 302
    manage = signed_in.get("/manage/")
    assert manage.status_code == 200
    assert manage.headers["Cache-Control"] == "private, no-store"
    assert signed_in.get(f"/sq/e/{DEMO_SLUG}/").headers["Cache-Control"] == "private, no-store"

    private_postgres.stop()
    try:
        for client, pages in ((anonymous, PUBLIC_PAGES), (signed_in, PUBLIC_PAGES + MEMBER_PAGES)):
            for page in pages:
                response = client.get(page.format(slug=DEMO_SLUG))
                body = response.get_data(as_text=True)
                assert response.status_code == 503, (page, response.status_code)
                assert _security_headers_present(response), page
                assert response.headers.get("Retry-After"), page
                assert "Traceback" not in body and "psycopg" not in body
                if response.mimetype == "text/html":
                    assert "<html" in body and "error-page" in body, page
        assert signed_in.get("/manage/").headers["Cache-Control"] == "private, no-store"
    finally:
        private_postgres.start()
    assert signed_in.get("/manage/").status_code == 200
    with app.app_context():
        db.engine.dispose()

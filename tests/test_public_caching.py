"""HTTP caching of public pages and exports: ETag, Last-Modified, 304 before rendering, never for the signed in."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.models import TranslationStatus
from app.publishing import publish
from tests import factories as f

BASE = f"/en/e/{DEMO_SLUG}"
URLS = ["/", "/grid", "/speakers/", "/changes", "/schedule.ics", "/schedule.xml", "/schedule.json"]


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    return event


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


@pytest.mark.parametrize("path", URLS)
def test_etag_and_304(client, demo, path):
    response = client.get(BASE + path)
    etag = response.headers["ETag"]
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["Last-Modified"]
    again = client.get(BASE + path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    since = client.get(BASE + path, headers={"If-Modified-Since": response.headers["Last-Modified"]})
    assert since.status_code == 304


def test_304_is_answered_before_rendering(client, app, demo):
    etag = client.get(f"{BASE}/grid").headers["ETag"]
    counter = QueryCounter()
    sa.event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(f"{BASE}/grid", headers={"If-None-Match": etag}).status_code == 304
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counter)
    assert counter.count == 1  # the validator's query only


def test_etag_depends_on_language_view_and_query(client, demo):
    tags = {client.get(url).headers["ETag"] for url in (
        f"{BASE}/", f"/sq/e/{DEMO_SLUG}/", f"{BASE}/grid", f"{BASE}/?format=roundtable",
    )}
    assert len(tags) == 4


def test_etag_changes_after_republish(client, app, demo):
    etag = client.get(f"{BASE}/").headers["ETag"]
    publish(demo)
    db.session.commit()
    response = client.get(f"{BASE}/", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_etag_changes_after_a_translation_changes(client, app, demo):
    etag = client.get(f"{BASE}/").headers["ETag"]
    sq_etag = client.get(f"/sq/e/{DEMO_SLUG}/").headers["ETag"]
    set_translation(demo.id, demo.sessions[0], "title", "en", "Opening of the day", TranslationStatus.REVIEWED)
    db.session.commit()
    response = client.get(f"{BASE}/", headers={"If-None-Match": etag})
    assert response.status_code == 200 and "Opening of the day" in response.get_data(as_text=True)
    assert client.get(f"/sq/e/{DEMO_SLUG}/", headers={"If-None-Match": sq_etag}).status_code == 304


def test_home_is_cached_and_changes_with_a_new_event(client, app, demo):
    etag = client.get("/en/").headers["ETag"]
    assert client.get("/en/", headers={"If-None-Match": etag}).status_code == 304
    f.make_event("another-day", status="published", title="Another day")
    db.session.commit()
    assert client.get("/en/", headers={"If-None-Match": etag}).status_code == 200


def test_now_depends_on_the_minute(client, demo):
    response = client.get(f"{BASE}/now?at=2026-12-18T10:30")
    assert response.headers["Cache-Control"].startswith("public")
    assert client.get(f"{BASE}/now?at=2026-12-18T10:45").headers["ETag"] != response.headers["ETag"]


def test_signed_in_pages_are_never_cached_publicly(client, auth, app, demo):
    f.make_user("organizer@example.org")
    db.session.commit()
    auth.login()
    response = client.get(f"{BASE}/")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers
    assert client.get(f"{BASE}/schedule.ics").headers["Cache-Control"] == "private, no-store"


def test_drafts_carry_no_public_cache_headers(client, app):
    f.make_event("draft-day")
    db.session.commit()
    response = client.get("/en/e/draft-day/")
    assert response.status_code == 404
    assert "public" not in response.headers.get("Cache-Control", "")

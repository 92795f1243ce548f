"""The embeddable agenda: the only page other sites may frame; by day and room; bad arguments told."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, datetime
from html import unescape
from pathlib import Path

import pytest

from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.security import CONTENT_SECURITY_POLICY, framable_policy
from tests import factories as f
from tests.test_html_valid import VNU

EMBED = f"/en/e/{DEMO_SLUG}/embed"


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    return event


def titles(page: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'<a class="embed-session" href="[^"]+" target="_blank" rel="noopener">'
                                            r"(?:<span[^>]*>)?([^<]+)", page)]


def test_only_the_embed_may_be_framed(client, demo):
    embed = client.get(EMBED)
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    for path in (f"/en/e/{DEMO_SLUG}/", f"/en/e/{DEMO_SLUG}/grid", f"/en/e/{DEMO_SLUG}/now", "/en/", "/auth/login"):
        response = client.get(path)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "DENY", path
    # The rest of the policy is the site's: scripts and styles from the site only.
    assert embed.headers["Content-Security-Policy"].replace("frame-ancestors *", "frame-ancestors 'none'") \
        == CONTENT_SECURITY_POLICY


def test_the_framing_origins_are_configurable(make_app, demo):
    app = make_app(EMBED_FRAME_ANCESTORS="https://diaspora.example.org https://*.example.net")
    with app.app_context():
        load_demo(day=date(2026, 12, 18))
        policy = app.test_client().get(EMBED).headers["Content-Security-Policy"]
    assert "frame-ancestors https://diaspora.example.org https://*.example.net;" in policy + ";"
    assert "frame-ancestors https://a.example https://b.example;" in framable_policy(
        ["https://a.example", "https://b.example"]) + ";"
    assert "frame-ancestors 'none';" in framable_policy(" ;") + ";"


def test_the_embed_is_a_compact_agenda_linking_out(client, demo):
    page = client.get(EMBED).get_data(as_text=True)
    assert len(titles(page)) == len(demo.sessions) == 10
    assert 'src="/static/js/embed.js"' in page
    assert "site-header" not in page and "lang-switch" not in page  # no site chrome in a frame
    for href in re.findall(r'<a class="embed-session" href="([^"]+)"', page):
        assert href.startswith("http") and f"/en/e/{DEMO_SLUG}/s/" in href


def test_the_embed_in_arabic_is_right_to_left(client, demo):
    page = client.get(f"/ar/e/{DEMO_SLUG}/embed").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_day_and_room_filters(client, app, demo):
    two_days = f.make_event("two-days", days=2, source="en", languages=("en",))
    hall, side = f.make_room(two_days, "Hall"), f.make_room(two_days, "Side room")
    f.make_session(two_days, "09:00", "10:00", title="First day, hall", room=hall)
    f.make_session(two_days, "11:00", "12:00", title="First day, side", room=side)
    f.make_session(two_days, "09:00", "10:00", title="Second day, hall", room=hall, day_offset=1)
    f.release(two_days)
    base = "/en/e/two-days/embed"
    assert titles(client.get(base).get_data(as_text=True)) == ["First day, hall", "First day, side",
                                                               "Second day, hall"]
    assert titles(client.get(f"{base}?day=2026-12-19").get_data(as_text=True)) == ["Second day, hall"]
    assert titles(client.get(f"{base}?room={hall.id}").get_data(as_text=True)) == ["First day, hall",
                                                                                  "Second day, hall"]
    assert titles(client.get(f"{base}?day=2026-12-18&room={side.id}").get_data(as_text=True)) == ["First day, side"]
    # Arguments the page does not read neither change nor split its cache entry.
    assert client.get(f"{base}?utm_source=x").headers["ETag"] == client.get(base).headers["ETag"]
    assert client.get(f"{base}?day=2026-12-19").headers["ETag"] != client.get(base).headers["ETag"]


@pytest.mark.parametrize(("query", "message"), [
    ("day=yesterday", "is not a date"),
    ("day=2026-12-25", "The event has no sessions on 2026-12-25."),
    ("day=9999-99-99", "is not a date"),
    ("room=999999", "The event has no such room."),
    ("room=abc", "The event has no such room."),
    ("room=" + "9" * 40, "The event has no such room."),
    ("day=%00", None),
])
def test_bad_day_or_room_is_told_not_a_server_error(client, demo, query, message):
    response = client.get(f"{EMBED}?{query}")
    assert response.status_code == 400
    if message:
        assert message in unescape(response.get_data(as_text=True))
        assert titles(response.get_data(as_text=True)) == []


def test_unknown_and_unpublished_events_are_not_found(client, app, demo):
    f.make_event("draft-only")
    db.session.commit()
    assert client.get("/en/e/draft-only/embed").status_code == 404
    assert client.get("/en/e/no-such-event/embed").status_code == 404


def test_the_event_page_gives_the_snippet(client, app, auth):
    _, event = f.make_organizer_event(slug="snippet", source="sq", languages=["sq", "en"])
    f.make_room(event, "Salla")
    db.session.commit()
    auth.login()
    page = unescape(client.get("/manage/snippet/").get_data(as_text=True))
    match = re.search(r'<textarea id="embed-snippet"[^>]*>(.*?)</textarea>', page, re.S)
    assert match
    code = match.group(1)
    assert re.search(r'<iframe src="http://[^"]+/sq/e/snippet/embed" title="[^"]+" loading="lazy"', code)
    assert "addEventListener(\"message\"" in code and "dita-embed-height" in code
    assert "/sq/e/snippet/embed?room=" in page


def test_the_embed_and_a_session_page_with_links_are_valid_html(client, demo, tmp_path, monkeypatch):
    """The Nu HTML Checker on the embed in English and Arabic and on the opening plenary's page
    before, during and after it (stream, interpretation channels, recording)."""
    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java (Debian: default-jre-headless)"
    plenary = min(demo.sessions, key=lambda s: (s.starts_at, s.id))
    files = {}
    for lang in ("en", "ar"):
        for n, path in enumerate((f"/{lang}/e/{DEMO_SLUG}/embed", f"/{lang}/e/{DEMO_SLUG}/embed?day=2026-12-01")):
            files[f"{lang}-embed-{n}.html"] = client.get(path).data
        for moment in ("08:30", "09:30"):
            monkeypatch.setattr("app.public.services.now_utc",
                                lambda moment=moment: datetime.fromisoformat(f"2026-12-18T{moment}+00:00"))
            page = client.get(f"/{lang}/e/{DEMO_SLUG}/s/{plenary.public_id}").data
            assert b"media-links" in page
            files[f"{lang}-session-{moment[:2]}.html"] = page
    for name, body in files.items():
        (tmp_path / name).write_bytes(body)
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json",
                             *(str(tmp_path / name) for name in files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}: {m.get('message')}" for m in messages if m.get("type") == "error"]
    assert not errors, "\n".join(errors[:30])
    assert result.returncode == 0, result.stderr[-2000:]

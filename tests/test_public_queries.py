"""Each public page and export loads its event in a fixed number of SQL queries, whatever its size."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.content import set_translation
from app.exports.pdf import UNAVAILABLE
from app.extensions import db
from app.publishing import publish
from tests import factories as f

PAGES = ["/", "/grid", "/s/{sid}", "/speakers/", "/speakers/{pid}", "/my?s={sid}", "/now?at=2026-12-18T10:00",
         "/changes", "/schedule.ics", "/s/{sid}.ics", "/schedule.ics?s={sid}", "/schedule.xml", "/schedule.json"]
PAGES += [] if UNAVAILABLE else ["/agenda.pdf"]  # WeasyPrint needs Pango from the system


def build(slug: str, sessions: int):
    event = f.make_event(slug, days=2)
    made = f.make_agenda(event, sessions)
    for session in made[:5]:
        set_translation(event.id, session, "title", "en", f"{session.title} (en)")
    publish(event)
    db.session.commit()
    first = made[0]
    return {"sid": first.public_id, "pid": first.participations[0].person_id}


def count_queries(client, url: str) -> int:
    calls = []

    def count(*args):
        calls.append(args[2])

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    return len(calls)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_event(client, app, page):
    small = build("small-day", 10)
    big = build("big-day", 300)
    small_count = count_queries(client, "/en/e/small-day" + page.format(**small))
    big_count = count_queries(client, "/en/e/big-day" + page.format(**big))
    assert small_count == big_count
    assert big_count <= 12


def test_home_query_count_does_not_grow(client, app):
    build("one-day", 3)
    first = count_queries(client, "/en/")
    for n in range(5):
        build(f"more-days-{n}", 3)
    assert count_queries(client, "/en/") == first

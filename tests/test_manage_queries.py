"""The organizer's pages run a fixed number of queries, whatever the size of the event."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event as sa_event

from app.extensions import db
from app.models import PaperKind, ParticipationRole, SessionFormat
from tests.factories import (
    make_organizer_event,
    make_paper,
    make_participation,
    make_person,
    make_room,
    make_session,
)


@contextmanager
def count_queries(engine):
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)


def build(slug: str, rooms: int, sessions_per_room: int):
    _, event = make_organizer_event(f"{slug}@example.org", slug=slug, languages=["sq", "en"])
    all_rooms = [make_room(event) for _ in range(rooms)]
    number = 1
    for room in all_rooms:
        for n in range(sessions_per_room):
            session = make_session(event, f"{9 + n:02d}:00", f"{9 + n:02d}:45", room=room,
                                   format=SessionFormat.ROUNDTABLE, number=number)
            number += 1
            make_paper(session, kind=PaperKind.BACKGROUND_PAPER)
            make_participation(session, make_person(event), ParticipationRole.CO_CHAIR)
    db.session.commit()


@pytest.mark.parametrize("page", ["timetable", "", "balance", "publish"])
def test_page_query_count_does_not_grow(app, client, auth, page):
    build("small-event", rooms=1, sessions_per_room=1)
    build("large-event", rooms=4, sessions_per_room=6)
    counts = []
    for slug in ("small-event", "large-event"):
        auth.login(f"{slug}@example.org")
        client.get(f"/manage/{slug}/{page}")  # warm up: the login's queries are not the page's
        with count_queries(db.engine) as statements:
            response = client.get(f"/manage/{slug}/{page}")
        assert response.status_code == 200
        counts.append(len(statements))
        auth.logout()
    assert counts[0] == counts[1], counts
    assert counts[1] < 25

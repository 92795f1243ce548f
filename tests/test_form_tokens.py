"""One-time form tokens: a create form sent again (three rapid taps, a reload) creates one thing and
leads the later submits to it; two simultaneous submits on PostgreSQL also create one."""
from __future__ import annotations

import re
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.form_tokens import KEEP
from app.models import Event, FormToken, Person, Room, Session, utcnow
from tests.conftest import FreshContextClient, csrf_token
from tests.factories import PASSWORD, make_organizer_event, make_session, release

ONCE_RE = re.compile(r'name="once" type="hidden" value="([^"]+)"')


def _form_tokens(client, url: str) -> tuple[str, str]:
    page = client.get(url).get_data(as_text=True)
    once = ONCE_RE.search(page)
    assert once, f"no one-time token on {url}"
    return csrf_token(client, url), once.group(1)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def event(app, auth):
    _, event = make_organizer_event(slug="tokens", source="en", languages=["en", "sq"],
                                    title="Migrants Day 2026", day=date(2026, 12, 18))
    db.session.commit()
    auth.login()
    return event


def _session_data(csrf: str, once: str) -> dict:
    return {"csrf_token": csrf, "once": once, "format": "plenary", "number": "", "title": "Opening",
            "description": "", "day": "2026-12-18", "start": "09:00", "end": "10:00", "room": "0",
            "languages": ["en"], "version": ""}


def test_three_submits_of_one_session_form_make_one_session(client, event):
    url = "/manage/tokens/sessions/new"
    csrf, once = _form_tokens(client, url)
    responses = [client.post(url, data=_session_data(csrf, once)) for _ in range(3)]
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert _count(Session) == 1
    session = db.session.scalar(sa.select(Session))
    # The repeats are led to the session the first submit made, and told so.
    assert all(r.headers["Location"] == responses[0].headers["Location"] for r in responses)
    assert responses[0].headers["Location"].endswith(f"/manage/tokens/sessions/{session.id}")
    page = client.get(responses[2].headers["Location"]).get_data(as_text=True)
    assert "This form was sent already" in page
    # A fresh form (a new page) makes a second session.
    csrf, again = _form_tokens(client, url)
    assert again != once
    client.post(url, data=_session_data(csrf, again))
    assert _count(Session) == 2


def test_a_refused_submit_does_not_use_up_its_token(client, event):
    url = "/manage/tokens/rooms/new"
    csrf, once = _form_tokens(client, url)
    refused = client.post(url, data={"csrf_token": csrf, "once": once, "name": "", "capacity": ""})
    assert refused.status_code == 200 and f'value="{once}"' in refused.get_data(as_text=True)
    assert _count(FormToken) == 0
    for _ in range(2):
        assert client.post(url, data={"csrf_token": csrf, "once": once, "name": "Salla", "capacity": "50"}
                           ).status_code == 302
    assert _count(Room) == 1


def test_people_events_copies_imports_and_invitations_are_made_once(client, event):
    url = "/manage/tokens/people/new"
    csrf, once = _form_tokens(client, url)
    for _ in range(3):
        client.post(url, data={"csrf_token": csrf, "once": once, "name": "Ana", "stakeholder_group": "academia",
                               "gender": "", "version": ""})
    assert _count(Person) == 1

    events_before = _count(Event)
    csrf, once = _form_tokens(client, "/manage/new")
    data = {"csrf_token": csrf, "once": once, "title": "Prizren 2026", "start_date": "2026-12-18",
            "number_of_days": "", "end_date": "", "timezone": "Europe/Belgrade", "source_language": "en",
            "languages": ["en"], "template": "blank", "slug": ""}
    assert len({client.post("/manage/new", data=data).headers["Location"] for _ in range(3)}) == 1
    assert _count(Event) == events_before + 1

    csrf, once = _form_tokens(client, "/manage/tokens/copy")
    copies = [client.post("/manage/tokens/copy", data={"csrf_token": csrf, "once": once,
                                                       "title": "Migrants Day 2027"}) for _ in range(2)]
    assert copies[0].headers["Location"] == copies[1].headers["Location"]
    assert _count(Event) == events_before + 2

    from app.manage.archive import export_zip
    archive = export_zip(event)
    csrf, once = _form_tokens(client, "/manage/import")
    import io
    for _ in range(2):
        client.post("/manage/import", data={"csrf_token": csrf, "once": once,
                                            "archive": (io.BytesIO(archive), "event.zip")})
    assert _count(Event) == events_before + 3

    from app.models import Invitation
    csrf, once = _form_tokens(client, "/manage/tokens/members")
    for _ in range(2):
        client.post("/manage/tokens/members", data={"csrf_token": csrf, "once": once,
                                                    "email": "ed@example.org", "role": "editor", "language": ""})
    assert _count(Invitation) == 1


def test_old_tokens_are_pruned(client, event):
    db.session.add(FormToken(token="x" * 20, created_at=utcnow() - KEEP - timedelta(minutes=1), result_url="/"))
    db.session.add(FormToken(token="y" * 20, created_at=utcnow() - timedelta(hours=1), result_url="/"))
    db.session.commit()
    url = "/manage/tokens/rooms/new"
    csrf, once = _form_tokens(client, url)
    client.post(url, data={"csrf_token": csrf, "once": once, "name": "Salla", "capacity": ""})
    assert sorted(db.session.scalars(sa.select(FormToken.token))) == sorted([once, "y" * 20])


def test_simultaneous_submits_make_one_session(postgres, make_app, event):
    """Eight threads (eight connections) send the same form at once: one creates, whichever database
    (PostgreSQL lets them race to the token's unique key; SQLite makes them wait their turn)."""
    app = make_app()
    app.test_client_class = FreshContextClient
    clients = [app.test_client() for _ in range(8)]
    for each in clients:
        token = csrf_token(each, "/auth/login")
        each.post("/auth/login", data={"email": "organizer@example.org", "password": PASSWORD, "csrf_token": token})
    url = "/manage/tokens/sessions/new"
    _csrf, once = _form_tokens(clients[0], url)
    forms = [_session_data(csrf_token(each, url), once) for each in clients]
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def send(each, data):
        start.wait()
        statuses.append(each.post(url, data=data).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(clients, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * len(clients)
    db.session.expire_all()
    assert _count(Session) == 1


def test_a_published_events_session_form_keeps_working_without_a_token(client, event):
    """Pages opened before the tokens existed (no `once` field) still save, once per submit."""
    make_session(event, "09:00", "10:00", title="Old")
    db.session.commit()
    release(event)
    url = "/manage/tokens/sessions/new"
    data = _session_data(csrf_token(client, url), "")
    del data["once"]
    assert client.post(url, data=data).status_code == 302
    assert _count(Session) == 2

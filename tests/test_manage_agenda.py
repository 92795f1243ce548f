"""Rooms, sessions, people and participations through their forms: validation, stale edits, order."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Participation, Person, Room, Session, SessionFormat, StakeholderGroup
from tests.conftest import csrf_token
from tests.factories import make_organizer_event, make_participation, make_person, make_session


@pytest.fixture
def event(app, auth):
    _, event = make_organizer_event(slug="agenda", days=2, source="en", languages=["en", "sq"])
    db.session.commit()
    auth.login()
    return event


def _session_data(client, url, **overrides):
    data = {"csrf_token": csrf_token(client, url), "format": "roundtable", "number": "1", "title": "Roundtable 1",
            "description": "**Bold** <script>alert(1)</script>", "day": "2026-12-19", "start": "10:00",
            "end": "13:00", "room": "0", "languages": ["en"], "interpretation": ["sq", "ar"], "version": ""}
    data.update(overrides)
    return data


def test_create_session_in_the_event_zone(client, event):
    url = "/manage/agenda/sessions/new"
    response = client.post(url, data=_session_data(client, url))
    assert response.status_code == 302
    session = db.session.scalar(sa.select(Session))
    tz = ZoneInfo("Europe/Belgrade")
    assert session.starts_at == datetime(2026, 12, 19, 10, 0, tzinfo=tz)
    assert session.languages == ["en"] and sorted(session.interpretation) == ["ar", "sq"]
    page = client.get(f"/manage/agenda/sessions/{session.id}").get_data(as_text=True)
    assert "<strong>Bold</strong>" in page and "<script>alert" not in page


@pytest.mark.parametrize("overrides, message", [
    ({"number": ""}, "A roundtable needs a number"),
    ({"number": "100"}, "Number must be between 1 and 99"),
    ({"end": "10:00"}, "The end must be after the start."),  # 09:00 would end the next morning
    ({"day": "2026-12-25"}, "Not a valid choice"),
    ({"title": ""}, "This field is required."),
    ({"room": "999999"}, "Not a valid choice"),
    ({"format": "party"}, "Not a valid choice"),
    ({"start": "25:99"}, "Not a valid time value"),
])
def test_bad_session_input_gives_messages_and_saves_nothing(client, event, overrides, message):
    url = "/manage/agenda/sessions/new"
    response = client.post(url, data=_session_data(client, url, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 0


def test_roundtable_numbers_are_unique_per_format(client, event):
    make_session(event, format=SessionFormat.ROUNDTABLE, number=1)
    make_session(event, format=SessionFormat.PLENARY, number=2)
    db.session.commit()
    url = "/manage/agenda/sessions/new"
    response = client.post(url, data=_session_data(client, url))
    assert "Another session of this format has this number." in response.get_data(as_text=True)
    assert client.post(url, data=_session_data(client, url, number="2")).status_code == 302


def test_stale_session_edit_is_refused_showing_current_values(client, event):
    session = make_session(event, "09:00", "10:00", title="Opening")
    db.session.commit()
    url = f"/manage/agenda/sessions/{session.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    token = csrf_token(client, url)
    # Someone else saves first.
    session.title = "Opening plenary"
    db.session.commit()
    response = client.post(url, data=_session_data(client, url, csrf_token=token, format="plenary", number="",
                                                   title="My opening", day="2026-12-18", version="1"))
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else changed this since you opened it. Nothing was saved." in text
    assert "Opening plenary" in text
    db.session.expire_all()
    assert session.title == "Opening plenary" and session.version == 2


def test_stale_person_edit_is_refused(client, event):
    person = make_person(event, "Ana", organization="UP")
    db.session.commit()
    url = f"/manage/agenda/people/{person.id}"
    token = csrf_token(client, url)
    person.function = "Rector"
    db.session.commit()
    data = {"csrf_token": token, "name": "Ana", "organization": "UP", "function": "Professor", "country": "",
            "stakeholder_group": "academia", "version": "1"}
    text = client.post(url, data=data).get_data(as_text=True)
    assert "Nothing was saved" in text and "Rector" in text
    db.session.expire_all()
    assert person.function == "Rector"


def test_person_once_per_event(client, event):
    make_person(event, "Ana Krasniqi", organization="UP")
    db.session.commit()
    url = "/manage/agenda/people/new"
    data = {"csrf_token": csrf_token(client, url), "name": "Ana Krasniqi", "organization": "UP", "country": "XK",
            "stakeholder_group": "academia", "version": ""}
    response = client.post(url, data=data)
    assert "is in this event already" in response.get_data(as_text=True)
    assert client.post(url, data={**data, "stakeholder_group": "nope", "name": "X"}).status_code == 200
    assert client.post(url, data={**data, "organization": "IOM"}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 2


def test_participations_add_order_remove(client, event):
    session = make_session(event)
    a, b = make_person(event, "Ana"), make_person(event, "Besa")
    db.session.commit()
    url = f"/manage/agenda/sessions/{session.id}"
    token = csrf_token(client, url)
    for person, role in ((a, "co_chair"), (b, "panelist")):
        client.post(f"{url}/people", data={"csrf_token": token, "person": person.id, "role": role})
    response = client.post(f"{url}/people", data={"csrf_token": token, "person": a.id, "role": "co_chair"})
    assert "has this role in the session already" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert [p.person.name for p in session.participations] == ["Ana", "Besa"]
    second = session.participations[1]
    client.post(f"{url}/people/{second.id}/move", data={"csrf_token": token, "direction": "up"})
    db.session.expire_all()
    assert [p.person.name for p in session.participations] == ["Besa", "Ana"]
    client.post(f"{url}/people/{second.id}/remove", data={"csrf_token": token})
    db.session.expire_all()
    assert [p.person.name for p in session.participations] == ["Ana"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 2


def test_rooms_create_reorder_delete(client, event):
    url = "/manage/agenda/rooms/new"
    for name in ("Hall", "Annex"):
        assert client.post(url, data={"csrf_token": csrf_token(client, url), "name": name}).status_code == 302
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "name": "Hall", "capacity": "-3"})
    assert "Number must be between 1 and 100000." in response.get_data(as_text=True)
    db.session.expire_all()
    annex = db.session.scalar(sa.select(Room).where(Room.name == "Annex"))
    token = csrf_token(client, "/manage/agenda/rooms")
    client.post(f"/manage/agenda/rooms/{annex.id}/move", data={"csrf_token": token, "direction": "up"})
    db.session.expire_all()
    assert [r.name for r in event.rooms] == ["Annex", "Hall"]
    session = make_session(event, room=annex)
    db.session.commit()
    assert "Delete this room?" in client.get(f"/manage/agenda/rooms/{annex.id}/delete").get_data(as_text=True)
    client.post(f"/manage/agenda/rooms/{annex.id}/delete", data={"csrf_token": token})
    db.session.expire_all()
    assert [r.name for r in event.rooms] == ["Hall"] and session.room_id is None


def test_delete_session_with_confirmation(client, event):
    session = make_session(event, title="Gone soon")
    make_participation(session, make_person(event))
    db.session.commit()
    url = f"/manage/agenda/sessions/{session.id}/delete"
    assert "Delete this session?" in client.get(url).get_data(as_text=True)
    assert client.post(url, data={"csrf_token": csrf_token(client, url)}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 0


def test_balance_page_and_hint(client, event):
    rt = make_session(event, format=SessionFormat.ROUNDTABLE, number=1, title="RT one")
    make_participation(rt, make_person(event, "Minister", group=StakeholderGroup.GOVERNMENT, gender="woman"))
    db.session.commit()
    page = client.get("/manage/agenda/balance").get_data(as_text=True)
    # The hint about civil society is now the multi-stakeholder rule's warning, naming every category missing.
    assert "<meter" in page and "Woman: 1" in page
    assert "No participant of this roundtable is from: Observers, United Nations system, Civil society" in page
    assert 'style="' not in page

"""Issue 12, the organizer's side: edits that keep their data and say what happened.

- removing a person from a session answers with the page, not a 500 (item 3);
- multi-line text saved from a browser (CRLF) keeps translations current (item 6);
- every edit form carries the version it was loaded at; an older one, or a save that loses a
  race to another request, is told so and overwrites nothing, never a 500 (item 10);
- a session outside the event's (shortened) dates keeps its day when edited (item 12).

Races are made with two test clients and a real database: the second client's whole request
runs just before the first one's write reaches the database (a hook on the statement), which
is the interleaving that lost updates or answered 500 before.
"""
from __future__ import annotations

import html
import re
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Event, Paper, Participation, ParticipationRole, Person, Room, Session, SessionFormat
from app.models.translation import Translation, TranslationStatus
from tests.conftest import AuthActions, csrf_token
from tests.factories import (
    make_organizer_event,
    make_paper,
    make_participation,
    make_person,
    make_room,
    make_session,
    make_translation,
)

CONFLICT = "Someone else changed this since you opened it. Nothing was saved."
EVENT_CONFLICT = "Someone else changed this event since you opened it."


@pytest.fixture
def event(app, auth):
    _, event = make_organizer_event(slug="trust", days=2, source="en", languages=["en", "sq"])
    db.session.commit()
    auth.login()
    return event


@pytest.fixture
def other(app, event):
    """A second browser of the same organizer."""
    client = app.test_client()
    AuthActions(client).login()
    return client


@contextmanager
def just_before(prefix: str, action):
    """Run `action` once, just before the first SQL statement starting with `prefix` is sent."""
    fired: list[bool] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        if not fired and statement.lstrip().upper().startswith(prefix.upper()):
            fired.append(True)
            action()

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        yield fired
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)


def form_of(client, url: str, **overrides) -> dict:
    """The values a browser would send from the form on a page (text inputs, selects, textareas,
    checked boxes), with overrides."""
    page = client.get(url).get_data(as_text=True)
    data: dict = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag or 'type="radio"' in tag:
            if "checked" in tag:
                data.setdefault(name.group(1), []).append(html.unescape(value.group(1)) if value else "y")
            continue
        data.setdefault(name.group(1), html.unescape(value.group(1)) if value else "")
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        body = html.unescape(body)
        data[name] = body[2:] if body.startswith("\r\n") else body[1:] if body.startswith("\n") else body
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        options = re.findall(r"<option[^>]*>", body)
        chosen = next((o for o in options if re.search(r"\sselected[\s>=]", o)), options[0] if options else "")
        value = re.search(r'value="([^"]*)"', chosen)
        data[name] = html.unescape(value.group(1)) if value else ""
    data.update(overrides)
    return data


# Item 3 ---------------------------------------------------------------------------------------

def test_removing_a_person_from_a_session_answers_with_the_page_and_again_without_404(client, event):
    session = make_session(event)
    person = make_person(event, "Ana Krasniqi")
    part = make_participation(session, person)
    db.session.commit()
    url = f"/manage/trust/sessions/{session.id}"
    token = csrf_token(client, url)
    response = client.post(f"{url}/people/{part.id}/remove", data={"csrf_token": token, "version": "1"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ana Krasniqi was removed from the session." in page
    # "Try again" (a second click, a reload) says what happened instead of a 404.
    again = client.post(f"{url}/people/{part.id}/remove", data={"csrf_token": token, "version": "1"})
    assert again.status_code == 302
    assert "This person is no longer in the session; nothing was changed." in client.get(url).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 0
    assert db.session.get(Person, person.id) is not None


# Item 6 ---------------------------------------------------------------------------------------

def test_event_settings_saved_from_a_browser_keep_the_description_translation_current(client, event):
    event.description = "The day of migrants.\n\nOpening at 09:00."
    translation = make_translation(event, event, "description", "sq", "Dita e migrantëve.\n\nHapja në 09:00.",
                                   TranslationStatus.REVIEWED)
    db.session.commit()
    url = "/manage/trust/settings"
    data = form_of(client, url)
    assert data["description"] == "The day of migrants.\n\nOpening at 09:00."
    data["description"] = data["description"].replace("\n", "\r\n")  # what a browser sends from a textarea
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert event.description == "The day of migrants.\n\nOpening at 09:00."
    translation = db.session.get(Translation, translation.id)
    assert not translation.is_stale(event.description)
    assert translation.status == TranslationStatus.REVIEWED


@pytest.mark.parametrize("kind", ["session", "person", "room"])
def test_multi_line_fields_are_saved_with_unix_line_endings(client, event, kind):
    if kind == "session":
        obj = make_session(event, title="Opening", description="One\nTwo")
        url, field = f"/manage/trust/sessions/{obj.id}/edit", "description"
    elif kind == "person":
        obj = make_person(event, "Ana", bio="One\nTwo")
        url, field = f"/manage/trust/people/{obj.id}", "bio"
    else:
        obj = make_room(event, "Hall", accessibility="One\nTwo")
        url, field = f"/manage/trust/rooms/{obj.id}", "accessibility"
    db.session.commit()
    response = client.post(url, data=form_of(client, url, **{field: " One\r\nTwo\r\n"}))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert getattr(obj, field) == "One\nTwo"


# Item 10: versions in the forms ----------------------------------------------------------------

def test_a_stale_room_edit_is_refused_and_overwrites_nothing(client, other, event):
    room = make_room(event, "Hall", capacity=100)
    db.session.commit()
    url = f"/manage/trust/rooms/{room.id}"
    mine = form_of(client, url, name="Great Hall")
    assert mine["version"] == "1"
    assert other.post(url, data=form_of(other, url, capacity="80")).status_code == 302
    response = client.post(url, data=mine)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and CONFLICT in text and "80" in text
    db.session.expire_all()
    assert (room.name, room.capacity, room.version) == ("Hall", 80, 2)


def test_a_stale_paper_edit_is_refused_and_overwrites_nothing(client, other, event):
    paper = make_paper(make_session(event), "Concept note", external_url="https://example.org/a")
    db.session.commit()
    url = f"/manage/trust/sessions/{paper.session_id}/papers/{paper.id}"
    mine = form_of(client, url, title="Concept note (draft)")
    assert mine["version"] == "1"
    assert other.post(url, data=form_of(other, url, title="Concept note, final")).status_code == 302
    response = client.post(url, data=mine)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and CONFLICT in text and "Concept note, final" in text
    db.session.expire_all()
    assert paper.title == "Concept note, final"


def test_participation_buttons_carry_their_version_and_refuse_a_stale_one(client, other, event):
    session = make_session(event)
    ana, besa = make_person(event, "Ana"), make_person(event, "Besa")
    first = make_participation(session, ana, position=0)
    make_participation(session, besa, ParticipationRole.PANELIST, position=1)
    db.session.commit()
    url = f"/manage/trust/sessions/{session.id}"
    page = client.get(url).get_data(as_text=True)
    assert f'action="{url}/people/{first.id}/remove"' in page and 'name="version" value="1"' in page
    token = csrf_token(client, url)
    # The other browser moves Ana down: her row is at version 2 now.
    other_token = csrf_token(other, url)
    assert other.post(f"{url}/people/{first.id}/move",
                      data={"csrf_token": other_token, "direction": "down", "version": "1"}).status_code == 302
    response = client.post(f"{url}/people/{first.id}/remove", data={"csrf_token": token, "version": "1"})
    assert response.status_code == 302
    assert CONFLICT in client.get(url).get_data(as_text=True)
    db.session.expire_all()
    assert [p.person.name for p in session.participations] == ["Besa", "Ana"]


def test_a_stale_event_settings_save_shows_what_is_stored(client, other, event):
    url = "/manage/trust/settings"
    mine = form_of(client, url, title="Mine")
    assert other.post(url, data=form_of(other, url, venue="UN House")).status_code == 302
    text = client.post(url, data=mine).get_data(as_text=True)
    assert EVENT_CONFLICT in text and "UN House" in text
    db.session.expire_all()
    assert event.title != "Mine" and event.venue == "UN House"


# Item 10: races between the version check and the write -----------------------------------------

def test_concurrent_session_saves_answer_the_conflict_message_not_500(client, other, event):
    session = make_session(event, title="Opening", format=SessionFormat.PLENARY)
    session.languages = ["en"]
    db.session.commit()
    url = f"/manage/trust/sessions/{session.id}/edit"
    mine = form_of(client, url, title="Opening plenary", languages=["en", "sq"])
    theirs = form_of(other, url, title="Opening of the day")
    assert mine["version"] == theirs["version"] == "1"
    answers = []
    with just_before("UPDATE session ", lambda: answers.append(other.post(url, data=theirs))) as fired:
        response = client.post(url, data=mine)
    assert fired and answers[0].status_code == 302
    text = response.get_data(as_text=True)
    assert response.status_code == 200, text[:500]
    assert CONFLICT in text and "Opening of the day" in text
    db.session.expire_all()
    assert session.title == "Opening of the day" and session.languages == ["en"] and session.version == 2


def test_a_session_save_that_changes_only_languages_is_version_checked_too(client, other, event):
    session = make_session(event, title="Opening")
    session.languages = ["en"]
    db.session.commit()
    url = f"/manage/trust/sessions/{session.id}/edit"
    mine = form_of(client, url, languages=["en", "sq"])
    assert client.post(url, data=mine).status_code == 302
    db.session.expire_all()
    assert session.version == 2  # the next save from a form opened before this one is refused
    assert CONFLICT in client.post(url, data=mine).get_data(as_text=True)


def test_two_new_sessions_with_one_number_at_once_give_a_message_not_an_error(client, other, event):
    url = "/manage/trust/sessions/new"
    common = {"format": "roundtable", "number": "1", "day": "2026-12-18", "start": "10:00", "end": "11:00",
              "room": "0", "languages": ["en"], "version": ""}
    mine = {**common, "csrf_token": csrf_token(client, url), "title": "Mine"}
    theirs = {**common, "csrf_token": csrf_token(other, url), "title": "Theirs"}
    answers = []
    with just_before("INSERT INTO session ", lambda: answers.append(other.post(url, data=theirs))) as fired:
        response = client.post(url, data=mine)
    assert fired and answers[0].status_code == 302
    assert response.status_code == 200
    assert "Another session of this format has this number." in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Session.title)).all() == ["Theirs"]


def test_concurrent_room_edits_never_overwrite_silently(client, other, event):
    room = make_room(event, "Hall")
    db.session.commit()
    url = f"/manage/trust/rooms/{room.id}"
    mine, theirs = form_of(client, url, name="Mine"), form_of(other, url, name="Theirs")
    answers = []
    with just_before("UPDATE room ", lambda: answers.append(other.post(url, data=theirs))) as fired:
        response = client.post(url, data=mine)
    assert fired and answers[0].status_code == 302
    assert response.status_code == 200 and CONFLICT in response.get_data(as_text=True)
    db.session.expire_all()
    assert (room.name, room.version) == ("Theirs", 2)


def test_two_new_rooms_with_one_name_at_once_give_a_message_not_an_error(client, other, event):
    url = "/manage/trust/rooms/new"
    mine = {"csrf_token": csrf_token(client, url), "name": "Hall", "version": ""}
    theirs = {"csrf_token": csrf_token(other, url), "name": "Hall", "version": ""}
    answers = []
    with just_before("INSERT INTO room ", lambda: answers.append(other.post(url, data=theirs))) as fired:
        response = client.post(url, data=mine)
    assert fired and answers[0].status_code == 302
    assert response.status_code == 200
    assert "This event has a room with this name already." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Room)) == 1


def test_concurrent_person_edits_answer_the_conflict_message(client, other, event):
    person = make_person(event, "Ana", function="Professor")
    db.session.commit()
    url = f"/manage/trust/people/{person.id}"
    mine, theirs = form_of(client, url, function="Rector"), form_of(other, url, function="Dean")
    answers = []
    with just_before("UPDATE person ", lambda: answers.append(other.post(url, data=theirs))) as fired:
        response = client.post(url, data=mine)
    assert fired and answers[0].status_code == 302
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and CONFLICT in text and "Dean" in text
    db.session.expire_all()
    assert person.function == "Dean"


def test_concurrent_paper_edits_answer_the_conflict_message(client, other, event):
    paper = make_paper(make_session(event), "Concept note")
    db.session.commit()
    url = f"/manage/trust/sessions/{paper.session_id}/papers/{paper.id}"
    mine, theirs = form_of(client, url, title="Mine"), form_of(other, url, title="Theirs")
    answers = []
    with just_before("UPDATE paper ", lambda: answers.append(other.post(url, data=theirs))) as fired:
        response = client.post(url, data=mine)
    assert fired and answers[0].status_code == 302
    assert response.status_code == 200 and CONFLICT in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Paper, paper.id).title == "Theirs"


def test_concurrent_event_settings_saves_answer_the_conflict_message(client, other, event):
    url = "/manage/trust/settings"
    mine, theirs = form_of(client, url, title="Mine"), form_of(other, url, title="Theirs")
    answers = []
    with just_before("UPDATE event ", lambda: answers.append(other.post(url, data=theirs))) as fired:
        response = client.post(url, data=mine)
    assert fired and answers[0].status_code == 302
    assert response.status_code == 200 and EVENT_CONFLICT in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Theirs"


def test_adding_the_same_person_twice_at_once_gives_a_message(client, other, event):
    session = make_session(event)
    person = make_person(event, "Ana")
    db.session.commit()
    url = f"/manage/trust/sessions/{session.id}"
    mine = {"csrf_token": csrf_token(client, url), "person": person.id, "role": "speaker"}
    theirs = {"csrf_token": csrf_token(other, url), "person": person.id, "role": "speaker"}
    answers = []
    with just_before("INSERT INTO participation ", lambda: answers.append(other.post(f"{url}/people", data=theirs))):
        response = client.post(f"{url}/people", data=mine)
    assert answers[0].status_code == 302 and response.status_code == 302
    assert CONFLICT in client.get(url).get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 1


def test_deleting_a_room_someone_just_renamed_is_refused(client, other, event):
    room = make_room(event, "Hall")
    db.session.commit()
    url = f"/manage/trust/rooms/{room.id}"
    theirs = form_of(other, url, name="Great Hall")
    answers = []
    with just_before("DELETE FROM room ", lambda: answers.append(other.post(url, data=theirs))):
        response = client.post(f"{url}/delete", data={"csrf_token": csrf_token(client, f"{url}/delete")})
    assert answers[0].status_code == 302 and response.status_code == 302
    assert CONFLICT in client.get("/manage/trust/rooms").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Room, room.id).name == "Great Hall"


# Item 12 --------------------------------------------------------------------------------------

def test_a_session_outside_the_shortened_dates_keeps_its_day(client, event):
    session = make_session(event, "10:00", "11:00", title="Day two", day_offset=1)
    event.end_date = event.start_date  # the organizer shortened the event to one day afterwards
    db.session.commit()
    url = f"/manage/trust/sessions/{session.id}/edit"
    page = client.get(url).get_data(as_text=True)
    option = next(line for line in page.splitlines() if 'value="2026-12-19"' in line)
    assert "selected" in option and "(outside the event&#39;s dates)" in option
    response = client.post(url, data=form_of(client, url, title="Day two, renamed"))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    tz = ZoneInfo("Europe/Belgrade")
    assert session.title == "Day two, renamed"
    assert session.starts_at == datetime(2026, 12, 19, 10, 0, tzinfo=tz)
    # Other days outside the event are still refused; the event's own days stay on offer.
    bad = client.post(url, data=form_of(client, url, day="2026-12-20"))
    assert "Not a valid choice" in bad.get_data(as_text=True)
    assert client.post(url, data=form_of(client, url, day="2026-12-18")).status_code == 302
    db.session.expire_all()
    assert session.starts_at.astimezone(tz).date() == date(2026, 12, 18)

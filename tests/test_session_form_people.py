"""A session's people inside the session form: chosen or created on the spot, with roles and places,
saved with the session in one transaction; roles and order on the session page; a copy of a session;
a new person added from a session comes back to it."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from lxml import html as lxml_html

from app.extensions import db
from app.models import Participation, ParticipationRole, Person, Session, SessionFormat, StakeholderGroup
from tests.factories import (
    count_queries,
    make_organizer_event,
    make_paper,
    make_participation,
    make_person,
    make_room,
    make_session,
)


@pytest.fixture
def event(app, auth):
    _, event = make_organizer_event(slug="rows", days=2, source="en", languages=["en", "sq"])
    db.session.commit()
    auth.login()
    return event


def form_values(page: str, index: int = -1) -> dict[str, list[str]]:
    """What a browser would send from a form of the page (the last one by default), buttons left out."""
    form = lxml_html.fromstring(page).forms[index]
    values: dict[str, list[str]] = {}
    for name, value in form.form_values():
        if "__index__" not in name:  # the row template JavaScript copies: not a field of the form
            values.setdefault(name, []).append(value.strip("\r\n"))
    return values


def session_form(client, url: str, **fields) -> dict[str, list[str]]:
    values = form_values(client.get(url).get_data(as_text=True), index=-1)
    base = {"format": ["plenary"], "number": [""], "title": ["Opening plenary"], "day": ["2026-12-18"],
            "start": ["09:00"], "end": ["10:00"], "room": ["0"]}
    for name, value in base.items():
        if not values.get(name) or not values[name][0]:
            values[name] = value
    for name, value in fields.items():
        values[name.replace("__", "-")] = value if isinstance(value, list) else [value]
    return values


def names_and_roles(session: Session) -> list[tuple[str, str]]:
    db.session.expire_all()
    parts = db.session.scalars(sa.select(Participation).where(Participation.session_id == session.id)
                               .order_by(Participation.position, Participation.id)).all()
    return [(p.person.name, p.role.value) for p in parts]


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_new_session_with_a_chosen_and_two_new_people_in_one_save(client, event):
    ana = make_person(event, "Ana Krasniqi", organization="IOM")
    db.session.commit()
    url = "/manage/rows/sessions/new"
    page = client.get(url).get_data(as_text=True)
    assert page.count('name="people-') and 'name="people-2-name"' in page and 'name="people-3-name"' not in page
    data = session_form(client, url, title="Opening plenary",
                        people__0__person=str(ana.id), people__0__role="chair",
                        people__1__name="Besa Gashi", people__1__honorific="Dr.", people__1__organization="UP",
                        people__1__stakeholder_group="academia", people__1__role="keynote",
                        people__2__name="Dardan Berisha", people__2__role="speaker", people__2__position="1")
    response = client.post(url, data=data)
    assert response.status_code == 302
    session = db.session.scalar(sa.select(Session))
    assert response.headers["Location"] == f"/manage/rows/sessions/{session.id}"
    landed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The session was saved." in landed and "Besa Gashi" in landed and "Dardan Berisha" in landed
    # Dardan was given place 1; the others keep their row order after him.
    assert names_and_roles(session) == [("Dardan Berisha", "speaker"), ("Ana Krasniqi", "chair"),
                                        ("Besa Gashi", "keynote")]
    besa = db.session.scalar(sa.select(Person).where(Person.name == "Besa Gashi"))
    assert (besa.honorific, besa.organization, besa.stakeholder_group) == ("Dr.", "UP", StakeholderGroup.ACADEMIA)
    assert besa.event_id == event.id
    assert count(Person) == 3


@pytest.mark.parametrize("rows, message", [
    ({"people__0__name": "Ana Krasniqi", "people__0__organization": "IOM"}, "is in this event already"),
    ({"people__0__name": "Vesa", "people__1__name": "Vesa"}, "This new person is in another row already."),
    ({"people__0__person": "999999"}, "Choose a person from the list."),
    ({"people__0__name": "Vesa", "people__0__position": "0"}, "Number must be between 1 and 999."),
    ({"people__0__name": "Vesa", "people__0__role": "king"}, "Not a valid choice"),
    ({"people__0__name": "V" * 201}, "Field cannot be longer than 200 characters."),
    ({"people__0__person": "ANA", "people__1__person": "ANA"},
     "This person has this role in the session already."),
])
def test_a_bad_row_is_shown_beside_the_row_and_nothing_is_saved(client, event, rows, message):
    ana = make_person(event, "Ana Krasniqi", organization="IOM")
    db.session.commit()
    url = "/manage/rows/sessions/new"
    rows = {k: (str(ana.id) if v == "ANA" else v) for k, v in rows.items()}
    good = {"people__2__name": "Fatmir Hoxha", "people__2__role": "moderator"}
    response = client.post(url, data=session_form(client, url, **good, **rows))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    row = lxml_html.fromstring(page).xpath("//li[contains(@class, 'person-row') and contains(@class, 'has-error')]")
    assert row and message in lxml_html.tostring(row[0], encoding="unicode")
    assert "Fatmir Hoxha" in page  # what was typed is still there
    assert count(Session) == 0 and count(Person) == 1 and count(Participation) == 0


def test_a_session_error_saves_no_new_person(client, event):
    make_session(event, format=SessionFormat.ROUNDTABLE, number=1)
    db.session.commit()
    url = "/manage/rows/sessions/new"
    data = session_form(client, url, format="roundtable", number="1", people__0__name="Gent Rama")
    response = client.post(url, data=data)
    assert "Another session of this format has this number." in response.get_data(as_text=True)
    assert count(Person) == 0 and count(Session) == 1


def test_more_rows_without_javascript_keep_what_was_typed_and_save_nothing(client, event):
    url = "/manage/rows/sessions/new"
    data = session_form(client, url, title="Panel", people__0__name="Hana Krasniqi", people__0__role="panelist")
    data["more_rows"] = ["1"]
    page = client.post(url, data=data).get_data(as_text=True)
    assert 'name="people-5-name"' in page and 'name="people-6-name"' not in page
    assert 'value="Hana Krasniqi"' in page
    assert count(Session) == 0 and count(Person) == 0
    again = form_values(page)
    again["people-4-name"] = ["Ilir Gashi"]
    assert client.post(url, data=again).status_code == 302
    session = db.session.scalar(sa.select(Session))
    assert names_and_roles(session) == [("Hana Krasniqi", "panelist"), ("Ilir Gashi", "speaker")]


def test_edit_changes_roles_places_and_removes_in_one_save(client, event):
    session = make_session(event, title="Roundtable")
    a, b, c = (make_person(event, n) for n in ("Ana", "Besa", "Cen"))
    for position, (person, role) in enumerate([(a, "chair"), (b, "speaker"), (c, "speaker")]):
        make_participation(session, person, ParticipationRole(role), position)
    db.session.commit()
    url = f"/manage/rows/sessions/{session.id}/edit"
    data = session_form(client, url)
    assert data["people-0-position"] == ["1"] and data["people-2-role"] == ["speaker"]
    data.update({"people-0-role": ["moderator"], "people-0-position": ["3"], "people-2-position": ["1"],
                 "people-1-remove": ["y"], "people-3-name": ["Dea"], "people-3-position": ["2"]})
    response = client.post(url, data=data)
    assert response.headers["Location"] == f"/manage/rows/sessions/{session.id}"
    assert names_and_roles(session) == [("Cen", "speaker"), ("Dea", "speaker"), ("Ana", "moderator")]
    assert count(Person) == 4  # Besa left the session, not the event


def test_two_people_swap_roles_in_one_save(client, event):
    session = make_session(event)
    a = make_person(event, "Ana")
    make_participation(session, a, ParticipationRole.CHAIR, 0)
    make_participation(session, a, ParticipationRole.SPEAKER, 1)
    db.session.commit()
    url = f"/manage/rows/sessions/{session.id}/edit"
    data = session_form(client, url, people__0__role="speaker", people__1__role="chair")
    assert client.post(url, data=data).status_code == 302
    assert names_and_roles(session) == [("Ana", "speaker"), ("Ana", "chair")]


def test_a_stale_save_is_refused_and_the_people_now_stored_are_shown(client, event):
    session = make_session(event, title="Opening")
    a, b = make_person(event, "Ana"), make_person(event, "Besa")
    part = make_participation(session, a, ParticipationRole.CHAIR)
    db.session.commit()
    url = f"/manage/rows/sessions/{session.id}/edit"
    data = session_form(client, url, people__0__role="moderator", people__1__person=str(b.id))
    # Meanwhile someone changes Ana's role on the session page.
    part.role = ParticipationRole.SPEAKER
    db.session.commit()
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else changed this since you opened it. Nothing was saved." in page
    assert "Ana (Speaker)" in page
    assert names_and_roles(session) == [("Ana", "speaker")]
    # And the session's own version still guards the session fields.
    session.title = "Opening plenary"
    db.session.commit()
    fresh = session_form(client, url, title="Mine")
    fresh["version"] = ["1"]
    assert "Nothing was saved" in client.post(url, data=fresh).get_data(as_text=True)
    db.session.expire_all()
    assert session.title == "Opening plenary"


def test_a_session_form_without_people_rows_keeps_its_people(client, event):
    session = make_session(event, title="Opening")
    make_participation(session, make_person(event, "Ana"), ParticipationRole.CHAIR)
    db.session.commit()
    url = f"/manage/rows/sessions/{session.id}/edit"
    data = {k: v for k, v in session_form(client, url, title="Opening plenary").items()
            if not k.startswith("people-")}
    assert client.post(url, data=data).status_code == 302
    assert names_and_roles(session) == [("Ana", "chair")]


def test_the_title_is_a_text_area_and_saved_on_one_line(client, event):
    url = "/manage/rows/sessions/new"
    page = client.get(url).get_data(as_text=True)
    assert lxml_html.fromstring(page).xpath("//textarea[@name='title']")
    title = "Roundtable 1: Assessing the effects of international migration\r\non sustainable development " + "x" * 380
    assert client.post(url, data=session_form(client, url, title=title)).status_code == 302
    saved = db.session.scalar(sa.select(Session.title))
    assert "\n" not in saved and saved.startswith("Roundtable 1: Assessing the effects of international migration on")
    assert client.post(url, data=session_form(client, url, title="y" * 501)).status_code == 200


def test_session_page_saves_roles_and_places_at_once(client, event):
    session = make_session(event)
    a, b, c = (make_person(event, n) for n in ("Ana", "Besa", "Cen"))
    for position, person in enumerate((a, b, c)):
        make_participation(session, person, ParticipationRole.SPEAKER, position)
    db.session.commit()
    url = f"/manage/rows/sessions/{session.id}"
    page = client.get(url).get_data(as_text=True)
    tree = lxml_html.fromstring(page)
    form = tree.get_element_by_id("arrange-people")
    data = {"csrf_token": form.xpath(".//input[@name='csrf_token']")[0].get("value")}
    for element in tree.xpath("//*[@form='arrange-people'][@name]"):
        data[element.get("name")] = element.value if element.tag != "select" else element.value
    assert data["people-2-position"] == "3"
    data.update({"people-0-position": "3", "people-2-position": "1", "people-1-role": "moderator"})
    response = client.post(form.get("action"), data=data)
    assert response.headers["Location"] == url
    assert "The roles and order were saved." in client.get(url).get_data(as_text=True)
    assert names_and_roles(session) == [("Cen", "speaker"), ("Besa", "moderator"), ("Ana", "speaker")]
    # The same page sent again is stale now (Besa's row changed): refused, nothing changes.
    data.update({"people-1-role": "chair"})
    client.post(form.get("action"), data=data)
    assert "Someone else changed this" in client.get(url).get_data(as_text=True)
    assert names_and_roles(session) == [("Cen", "speaker"), ("Besa", "moderator"), ("Ana", "speaker")]
    # A bad place is refused with a message.
    fresh = lxml_html.fromstring(client.get(url).get_data(as_text=True))
    data = {e.get("name"): e.value for e in fresh.xpath("//*[@form='arrange-people'][@name]")}
    data["csrf_token"] = data.get("csrf_token") or fresh.xpath("//form[@id='arrange-people']//input")[0].value
    data["people-0-position"] = "x"
    client.post(form.get("action"), data=data)
    assert "a place must be a number" in client.get(url).get_data(as_text=True)


def test_duplicate_copies_people_and_roles_with_the_next_number_and_a_free_slot(client, event):
    room = make_room(event, "Hall A")
    source = make_session(event, "10:00", "11:30", format=SessionFormat.ROUNDTABLE, number=1, room=room,
                          title="Roundtable 1: Partnerships", description="Co-chaired.")
    source.languages = ["en"]
    source.interpretation = ["sq"]
    make_session(event, "11:30", "12:00", room=room, title="Break")
    make_session(event, "10:00", "11:00", format=SessionFormat.ROUNDTABLE, number=2, title="Roundtable 2")
    a, b = make_person(event, "Ana"), make_person(event, "Besa")
    make_participation(source, a, ParticipationRole.CO_CHAIR, 0)
    make_participation(source, b, ParticipationRole.LEAD_DISCUSSANT, 1)
    make_paper(source)
    db.session.commit()
    url = f"/manage/rows/sessions/{source.id}"
    page = client.get(url).get_data(as_text=True)
    action = f"/manage/rows/sessions/{source.id}/duplicate"
    assert f'action="{action}"' in page
    token = form_values(page, index=[f.get("action") for f in lxml_html.fromstring(page).forms].index(action))
    response = client.post(action, data=token)
    copy = db.session.scalar(sa.select(Session).where(Session.id != source.id, Session.number == 3))
    assert copy is not None, "the copy takes the next free roundtable number"
    assert response.headers["Location"] == f"/manage/rows/sessions/{copy.id}/edit"
    assert copy.title == "Roundtable 1: Partnerships (copy)" and copy.description == "Co-chaired."
    assert copy.room_id == room.id and copy.languages == ["en"] and copy.interpretation == ["sq"]
    # Hall A is taken 10:00–12:00 (the session, then a break): the copy goes right after, same length.
    local = copy.starts_at.astimezone(event.tz)
    assert (local.hour, local.minute) == (12, 0) and copy.ends_at - copy.starts_at == source.ends_at - source.starts_at
    assert names_and_roles(copy) == [("Ana", "co_chair"), ("Besa", "lead_discussant")]
    assert copy.papers == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This is the copy" in page
    # Asking by GET shows a confirmation first and copies nothing.
    assert "Copy this session?" in client.get(action).get_data(as_text=True)
    assert count(Session) == 4


def test_duplicate_in_another_language_uses_its_pattern_and_fits_the_title(client, event):
    source = make_session(event, title="T" * 500)
    db.session.commit()
    client.get("/fr/")
    page = client.get(f"/manage/rows/sessions/{source.id}/duplicate").get_data(as_text=True)
    values = form_values(page)
    response = client.post(f"/manage/rows/sessions/{source.id}/duplicate", data=values)
    assert response.status_code == 302
    copy = db.session.scalar(sa.select(Session).where(Session.id != source.id))
    assert len(copy.title) == 500 and copy.title.endswith(")") and "…" in copy.title


def test_new_person_from_a_session_comes_back_to_it(client, event):
    session = make_session(event)
    db.session.commit()
    page = client.get(f"/manage/rows/sessions/{session.id}").get_data(as_text=True)
    link = lxml_html.fromstring(page).xpath("//a[contains(@href, '/people/new?next=')]/@href")[0]
    form_page = client.get(link).get_data(as_text=True)
    assert f'href="/manage/rows/sessions/{session.id}"' in form_page  # Cancel goes back too
    data = form_values(form_page)
    data.update({"name": ["Jeta Hoxha"], "stakeholder_group": ["civil_society"]})
    response = client.post(link, data=data)
    person = db.session.scalar(sa.select(Person))
    assert response.headers["Location"] == f"/manage/rows/sessions/{session.id}?person={person.id}"
    landed = lxml_html.fromstring(client.get(response.headers["Location"]).get_data(as_text=True))
    assert landed.xpath(f"//select[@name='person']/option[@value='{person.id}']/@selected")


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/x", "/manage/other-event/people",
                                    "/manage/rows/\r\nLocation: x", "javascript:alert(1)"])
def test_the_way_back_must_be_a_page_of_this_event(client, event, target):
    url = "/manage/rows/people/new"
    data = form_values(client.get(url, query_string={"next": target}).get_data(as_text=True))
    data.update({"name": [f"Person {len(target)}"], "stakeholder_group": ["other"]})
    response = client.post(url, query_string={"next": target}, data=data)
    assert response.headers["Location"] == "/manage/rows/people"


def test_session_form_and_page_queries_do_not_grow_with_people(client, event):
    counts = {}
    for size in (2, 30):
        session = make_session(event, title=f"Session with {size}")
        people = [make_person(event) for _ in range(size)]
        for n, person in enumerate(people):
            make_participation(session, person, ParticipationRole.SPEAKER, n)
        make_room(event)
        db.session.commit()
        for page in ("edit", ""):
            url = f"/manage/rows/sessions/{session.id}/{page}".rstrip("/")
            client.get(url)
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            counts[(page, size)] = len(statements)
        url = f"/manage/rows/sessions/{session.id}/edit"
        data = session_form(client, url, title=f"Session with {size} people")
        data["people-" + str(size) + "-name"] = [f"New person {size}"]
        with count_queries() as statements:
            assert client.post(url, data=data).status_code == 302
        counts[("save", size)] = len(statements)
    assert counts[("edit", 2)] == counts[("edit", 30)], counts
    assert counts[("", 2)] == counts[("", 30)], counts
    assert counts[("save", 2)] == counts[("save", 30)], counts  # the people unchanged cost nothing per person


def test_people_rows_are_capped(client, event):
    url = "/manage/rows/sessions/new"
    data = session_form(client, url)
    for n in range(250):
        data[f"people-{n}-name"] = [f"P{n}"]
    assert client.post(url, data=data).status_code == 302
    assert count(Person) == 200


def test_a_new_session_naming_a_place_that_does_not_exist_saves_nothing(client, event):
    url = "/manage/rows/sessions/new"
    data = session_form(client, url, people__0__part="123456", people__0__version="1",
                        people__1__name="Vjosa Gashi")
    response = client.post(url, data=data)
    assert response.status_code == 200
    assert "Someone else changed this since you opened it. Nothing was saved." in response.get_data(as_text=True)
    assert count(Session) == 0 and count(Person) == 0

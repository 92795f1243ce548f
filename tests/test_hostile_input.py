"""Control characters: removed or refused at input, harmless in every export; `next=` without line breaks."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import icalendar
import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm as BaseFlaskForm
from lxml import etree

from app.extensions import db
from app.forms import FlaskForm as CleaningForm
from app.models import MemberRole, Room, Translation, TranslationStatus
from app.security import ical_safe, strip_control, xml_safe
from config import BASE_DIR
from tests import factories as f
from tests.conftest import csrf_token
from tests.test_translate_editor import form_of

SHARED_XSD = BASE_DIR.parent / "shared" / "schemas" / "schedule.xml.xsd"
LOCAL_XSD = Path(__file__).resolve().parent / "schemas" / "schedule.xml.xsd"


def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SHARED_XSD if SHARED_XSD.is_file() else LOCAL_XSD)))


@pytest.fixture
def event(app):
    owner = f.make_user("owner@example.org")
    translator = f.make_user("sr@example.org", organizer=False)
    event = f.make_event("pristina", owner=owner, languages=("sq", "sr", "en"))
    room = f.make_room(event, "Salla e madhe")
    f.make_session(event, "09:00", "10:00", title="Hapja", description="Fjalimi i hapjes", room=room)
    f.make_person(event, "Arta Krasniqi", function="Ministre")
    f.add_member(event, translator, MemberRole.TRANSLATOR, "sr")
    f.release(event)
    return event


def assert_exports_sound(client, lang="sr"):
    response = client.get(f"/{lang}/e/pristina/schedule.xml")
    assert response.status_code == 200
    doc = etree.fromstring(response.data)
    schema = xsd()
    assert schema.validate(doc), schema.error_log
    calendar = client.get(f"/{lang}/e/pristina/schedule.ics")
    assert calendar.status_code == 200
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", calendar.data)
    icalendar.Calendar.from_ical(calendar.data)
    data = client.get(f"/{lang}/e/pristina/schedule.json")
    assert data.status_code == 200
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", json.dumps(json.loads(data.data), ensure_ascii=False)
                         .replace("\\u000b", "\x0b"))
    return doc


def test_a_vertical_tab_saved_in_the_translation_editor_does_not_break_schedule_xml(client, auth, event):
    auth.login("sr@example.org")
    session = event.sessions[0]
    ctx = f"session:{session.public_id}:title"
    values = form_of(client.get("/translate/pristina/sr/").get_data(as_text=True), ctx)
    response = client.post("/translate/pristina/sr/",
                           data={**values, "text": "Otvaranje\x0bdana", "status": "reviewed"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Translation.text)) == "Otvaranjedana"
    doc = assert_exports_sound(client)
    assert doc.findtext("day/room/event/title") == "Otvaranjedana"


def _po_upload(client, content: str):
    url = "/translate/pristina/sr/import"
    token = csrf_token(client, url)
    return client.post(url, data={"csrf_token": token, "file": (io.BytesIO(content.encode()), "sr.po"),
                                  "as_reviewed": "y"}, content_type="multipart/form-data")


def test_a_control_character_imported_from_a_po_file_does_not_break_schedule_xml(client, auth, event):
    auth.login("sr@example.org")
    exported = client.get("/translate/pristina/sr.po").get_data(as_text=True)
    session = event.sessions[0]
    ctx = f"session:{session.public_id}:title"
    po = exported.replace(f'msgctxt "{ctx}"\nmsgid "Hapja"\nmsgstr ""',
                          f'msgctxt "{ctx}"\nmsgid "Hapja"\nmsgstr "Otvaranje\x0b\x1f\x7f dana"')
    assert po != exported
    assert _po_upload(client, po).status_code == 200
    assert db.session.scalar(sa.select(Translation.text)) == "Otvaranje dana"
    doc = assert_exports_sound(client)
    assert doc.findtext("day/room/event/title") == "Otvaranje dana"


def test_control_characters_already_in_the_database_never_break_an_export(client, event):
    """Data from before the input was cleaned (or written by another tool) is cleaned on the way out."""
    session = event.sessions[0]
    session.title = "Hapja\x0b\x1b[31m"
    session.description = "Rreshti 1\x0c\nRreshti 2"
    event.rooms[0].name = "Salla\x01 e madhe"
    event.people[0].function = "Ministre\x08"
    f.make_translation(event, session, "title", "sr", "Otvaranje\x0b", TranslationStatus.REVIEWED)
    f.release(event)
    for lang in ("sq", "sr", "en"):
        doc = assert_exports_sound(client, lang)
    assert doc.findtext("day/room/event/title") == "Hapja[31m"
    assert doc.find("day/room").get("name") == "Salla e madhe"


def test_a_nul_in_a_form_is_refused_with_a_message(client, auth, event):
    auth.login("owner@example.org")
    url = "/manage/pristina/rooms/new"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "name": "Salla\x00 B", "capacity": "",
                                      "accessibility": ""})
    assert response.status_code in (200, 400, 422)
    assert "null character (NUL)" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Room)) == 1


def test_a_nul_in_the_login_form_is_refused_with_a_message(client, event):
    response = client.post("/auth/login", data={"csrf_token": csrf_token(client, "/auth/login"),
                                                 "email": "owner\x00@example.org", "password": f.PASSWORD})
    assert response.status_code == 200
    assert "null character (NUL)" in response.get_data(as_text=True)


def test_a_nul_in_an_address_is_not_found_not_an_outage(client, event):
    assert client.get("/en/e/pri%00stina/").status_code == 404
    assert client.get("/en/e/pristina/?format=%00").status_code == 400


def test_one_line_fields_lose_line_breaks_text_areas_keep_them(client, auth, event):
    auth.login("owner@example.org")
    url = "/manage/pristina/rooms/new"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "name": "Salla\r\nB\x0b",
                                      "capacity": "", "accessibility": "Ramp\r\n\tlift\x0c"})
    assert response.status_code == 302
    room = db.session.scalar(sa.select(Room).where(Room.name != "Salla e madhe"))
    assert room.name == "Salla B"
    assert room.accessibility.replace("\r\n", "\n") == "Ramp\n\tlift"


@pytest.mark.parametrize("target", [
    "/x%0d%0aSet-Cookie:%20evil=1", "/x%0aLocation:%20https://evil.example", "/x%00", "/x%e2%80%a8y",
])
def test_next_with_a_line_break_or_control_character_is_refused(client, event, target):
    token = csrf_token(client, "/auth/login")
    response = client.post(f"/auth/login?next={target}",
                           data={"email": "owner@example.org", "password": f.PASSWORD, "csrf_token": token})
    assert response.status_code in (302, 400)  # 400: a NUL anywhere in the query string
    assert "evil" not in response.headers.get("Location", "") and "/x" not in response.headers.get("Location", "")
    assert not any("evil" in c for c in response.headers.getlist("Set-Cookie"))
    # Signed in already, the same link is refused too.
    again = client.get(f"/auth/login?next={target}")
    assert again.status_code in (302, 400) and "/x" not in again.headers.get("Location", "")


def test_every_form_of_the_app_cleans_its_text(app):
    """Every form class derives from the base form that cleans text fields."""
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    forms = [cls for cls in subclasses(BaseFlaskForm) if cls.__module__.startswith("app.")]
    assert len(forms) >= 15
    strays = [f"{cls.__module__}.{cls.__name__}" for cls in forms if not issubclass(cls, CleaningForm)]
    assert strays == []


def test_the_cleaning_functions():
    assert strip_control("a\x00b\x0bc\td\ne\r\x7f\x85f", multiline=True) == "abc\td\ne\rf"
    assert strip_control("a\tb\r\nc\u2028d", multiline=False) == "a b c d"
    assert xml_safe("a\x0b\x00b\ufffe\t\n") == "ab\t\n"
    assert xml_safe("\x7f\x85 are allowed in XML 1.0, 😀 too") == "\x7f\x85 are allowed in XML 1.0, 😀 too"
    assert ical_safe("a\x0bb\x7f\tc\n") == "ab\tc\n"


def _po_with(client, ctx: str, msgid: str, msgstr: str) -> str:
    exported = client.get("/translate/pristina/sr.po").get_data(as_text=True)
    old = f'msgctxt "{ctx}"\nmsgid "{msgid}"\nmsgstr ""'
    assert old in exported
    return exported.replace(old, f'msgctxt "{ctx}"\nmsgid "{msgid}"\nmsgstr "{msgstr}"')


def test_a_4_mb_title_in_a_po_file_is_refused_and_reported(client, auth, event):
    auth.login("sr@example.org")
    session = event.sessions[0]
    ctx = f"session:{session.public_id}:title"
    response = _po_upload(client, _po_with(client, ctx, "Hapja", "x" * (4 * 1024 * 1024)))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert len(page) < 100_000
    assert ctx in page and "too long: 4194304 characters, where this field takes at most 500" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Translation)) == 0
    assert len(client.get("/sr/e/pristina/").data) < 100_000


def test_po_limits_come_from_the_columns(client, auth, event):
    """Session.title is String(500), Room.name String(200), Person.function String(300); a
    description (Text) takes many lines and 20,000 characters."""
    auth.login("sr@example.org")
    session, room, person = event.sessions[0], event.rooms[0], event.people[0]
    po = _po_with(client, f"session:{session.public_id}:title", "Hapja", "t" * 500)
    po = po.replace(f'msgctxt "room:{room.id}:name"\nmsgid "Salla e madhe"\nmsgstr ""',
                    f'msgctxt "room:{room.id}:name"\nmsgid "Salla e madhe"\nmsgstr "{"r" * 201}"')
    po = po.replace(f'msgctxt "person:{person.id}:function"\nmsgid "Ministre"\nmsgstr ""',
                    f'msgctxt "person:{person.id}:function"\nmsgid "Ministre"\nmsgstr "Ministrka\\nzdravlja"')
    po = po.replace(f'msgctxt "session:{session.public_id}:description"\nmsgid "Fjalimi i hapjes"\nmsgstr ""',
                    f'msgctxt "session:{session.public_id}:description"\nmsgid "Fjalimi i hapjes"\n'
                    f'msgstr "Govor\\n\\totvaranja"')
    page = _po_upload(client, po).get_data(as_text=True)
    assert "where this field takes at most 200" in page
    texts = {(t.object_type, t.field): t.text for t in db.session.scalars(sa.select(Translation))}
    assert texts == {("session", "title"): "t" * 500, ("person", "function"): "Ministrka zdravlja",
                     ("session", "description"): "Govor\n\totvaranja"}


def test_a_po_file_of_junk_entries_is_refused_or_reported_briefly(client, auth, event):
    auth.login("sr@example.org")
    header = client.get("/translate/pristina/sr.po").get_data(as_text=True).split("\n\n")[0]
    many = header + "\n\n" + "\n\n".join(f'msgctxt "x{i}"\nmsgid "a"\nmsgstr "b"' for i in range(20001))
    response = _po_upload(client, many)
    assert response.status_code == 400 and "more than 20000 entries" in response.get_data(as_text=True)
    long_ctx = header + "\n\n" + f'msgctxt "{"c" * 1_000_000}"\nmsgid "a"\nmsgstr "b"\n'
    page = _po_upload(client, long_ctx).get_data(as_text=True)
    assert "unknown field" in page and len(page) < 50_000

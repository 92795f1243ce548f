"""Every visible field is translatable: a city, a room's accessibility notes, a person's honorific
and organization reach the editor, PO files and progress, and the public page, the JSON export and
the PDF show them in the reader's language; a stale one falls back as the other fields do."""
from __future__ import annotations

import io
import json
import re

import polib
import pytest
from pypdf import PdfReader

from app.content.progress import translation_progress
from app.exports.pdf import UNAVAILABLE
from app.extensions import db
from app.models import TRANSLATABLE_FIELDS, MemberRole, ParticipationRole, TranslationStatus
from tests import factories as f
from tests.conftest import csrf_token

REVIEWED = TranslationStatus.REVIEWED
SOURCE = {"city": "Gjenevë", "accessibility": "Hyrje pa shkallë, lak induktiv", "honorific": "Znj.",
          "organization": "Ministria e Punëve të Brendshme"}
ENGLISH = {"city": "Geneva", "accessibility": "Step-free entrance, hearing loop", "honorific": "Ms",
           "organization": "Ministry of Internal Affairs"}


@pytest.fixture
def world(app):
    owner = f.make_user("owner@example.org")
    event = f.make_event("fields", owner=owner, source="sq", languages=("sq", "sr", "en"), city=SOURCE["city"],
                         country="CH", venue="Pallati i Kombeve")
    room = f.make_room(event, "Salla A", accessibility=SOURCE["accessibility"])
    person = f.make_person(event, "Arta Krasniqi", honorific=SOURCE["honorific"], function="Ministre",
                           organization=SOURCE["organization"])
    session = f.make_session(event, title="Hapja", room=room)
    f.make_participation(session, person, ParticipationRole.SPEAKER)
    f.make_translation(event, event, "city", "en", ENGLISH["city"], REVIEWED)
    f.make_translation(event, room, "accessibility", "en", ENGLISH["accessibility"], REVIEWED)
    f.make_translation(event, person, "honorific", "en", ENGLISH["honorific"], REVIEWED)
    f.make_translation(event, person, "organization", "en", ENGLISH["organization"], REVIEWED)
    f.add_member(event, f.make_user("sr@example.org", organizer=False), MemberRole.TRANSLATOR, "sr")
    f.release(event)
    return {"event": event, "room": room, "person": person, "session": session}


def test_the_list_names_every_visible_text_field():
    assert TRANSLATABLE_FIELDS == {
        "event": ("title", "description", "venue", "city"),
        "room": ("name", "accessibility"),
        "session": ("title", "description"),
        "person": ("honorific", "function", "organization", "bio"),
        "paper": ("title",),
        "speaker_entry": ("on_behalf_of",),
        "organization": ("name", "acronym"),
    }


def test_session_and_speaker_pages_show_the_translations(client, world):
    session, person = world["session"], world["person"]
    page = client.get(f"/en/e/fields/s/{session.public_id}").get_data(as_text=True)
    for text in ENGLISH.values():
        assert text in page
    assert "Ms Arta Krasniqi" in page
    for text in SOURCE.values():
        assert text not in page
    speaker = client.get(f"/en/e/fields/speakers/{person.id}").get_data(as_text=True)
    assert "Ms Arta Krasniqi" in speaker and ENGLISH["organization"] in speaker
    # In the source language the source shows, untouched.
    source_page = client.get(f"/sq/e/fields/s/{session.public_id}").get_data(as_text=True)
    assert SOURCE["accessibility"] in source_page and "Znj. Arta Krasniqi" in source_page


def test_a_language_without_translations_falls_back_to_english_marked_as_such(client, world):
    page = client.get(f"/sr/e/fields/s/{world['session'].public_id}").get_data(as_text=True)
    assert re.search(r'<span lang="en" dir="auto">Step-free entrance, hearing loop</span>\s*'
                     r'<small class="untranslated">', page)
    assert re.search(r'<span lang="en" dir="auto">Geneva</span>', page)


def test_json_export_in_the_language(client, world):
    data = json.loads(client.get("/en/e/fields/schedule.json").get_data(as_text=True))
    conference = data["schedule"]["conference"]
    assert conference["rooms"][0]["description"] == ENGLISH["accessibility"]
    assert "Geneva" in conference["meta"]["location"]
    record = next(iter(conference["days"][0]["rooms"].values()))[0]
    assert record["persons"][0]["public_name"] == "Ms Arta Krasniqi"
    assert ENGLISH["organization"] in record["abstract"]
    source = json.loads(client.get("/sq/e/fields/schedule.json").get_data(as_text=True))
    assert source["schedule"]["conference"]["rooms"][0]["description"] == SOURCE["accessibility"]


def test_calendar_location_has_the_translated_city(client, world):
    feed = client.get("/en/e/fields/schedule.ics").get_data(as_text=True)
    assert "Geneva" in feed.replace("\r\n ", "") and SOURCE["city"] not in feed


@pytest.mark.skipif(bool(UNAVAILABLE), reason=f"WeasyPrint cannot load Pango: {UNAVAILABLE}")
def test_pdf_in_the_language(client, world):
    response = client.get("/en/e/fields/agenda.pdf")
    assert response.status_code == 200
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages)
    for english in ENGLISH.values():
        assert english in text
    assert "Ms Arta Krasniqi" in text
    for source in SOURCE.values():
        assert source not in text


def test_a_stale_translation_is_not_shown_as_current(client, world):
    person, event = world["person"], world["event"]
    person.organization = "Ministria e Jashtme"
    world["room"].accessibility = "Hyrje me ashensor"
    f.release(event)
    page = client.get(f"/en/e/fields/s/{world['session'].public_id}").get_data(as_text=True)
    assert ENGLISH["organization"] not in page and ENGLISH["accessibility"] not in page
    assert re.search(r'<span lang="sq" dir="auto">Ministria e Jashtme</span>\s*<small class="untranslated">'
                     r'\(translation not yet updated\)', page)
    data = json.loads(client.get("/en/e/fields/schedule.json").get_data(as_text=True))
    assert data["schedule"]["conference"]["rooms"][0]["description"] == "Hyrje me ashensor"
    # The honorific, unchanged, is still translated.
    assert "Ms Arta Krasniqi" in page


def test_translator_edits_the_new_fields_and_progress_counts_them(client, auth, world):
    event, person, room = world["event"], world["person"], world["room"]
    assert translation_progress(event, ["en"])["en"].translated == 4  # city, accessibility, honorific, organization
    auth.login("sr@example.org")
    url = "/translate/fields/sr/"
    page = client.get(url).get_data(as_text=True)
    for label in ("City", "Accessibility notes", "Honorific", "Organization"):
        assert f"<h3>{label} " in page
    assert f'<textarea id="f-room-{room.id}-accessibility-text"' in page
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "context": f"person:{person.id}:honorific",
                                      "text": "Gđa", "status": "reviewed", "version": "0",
                                      "fingerprint": _fingerprint(page, f"person:{person.id}:honorific")})
    assert response.status_code == 302
    f.release(event)
    assert "Gđa Arta Krasniqi" in client.get(f"/sr/e/fields/speakers/{person.id}").get_data(as_text=True)
    po = polib.pofile(client.get("/translate/fields/sr.po").get_data(as_text=True))
    contexts = {entry.msgctxt: entry for entry in po}
    assert contexts["event:fields:city"].msgid == SOURCE["city"]
    assert contexts[f"room:{room.id}:accessibility"].msgid == SOURCE["accessibility"]
    assert contexts[f"person:{person.id}:honorific"].msgstr == "Gđa"
    assert contexts[f"person:{person.id}:organization"].msgstr == ""


def test_po_import_takes_the_new_fields(client, auth, world):
    event, person = world["event"], world["person"]
    auth.login("sr@example.org")
    po = polib.pofile(client.get("/translate/fields/sr.po").get_data(as_text=True))
    for entry in po:
        if entry.msgctxt in ("event:fields:city", f"person:{person.id}:organization"):
            entry.msgstr = {"event:fields:city": "Ženeva"}.get(entry.msgctxt, "Ministarstvo unutrašnjih poslova")
    url = "/translate/fields/sr/import"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "as_reviewed": "y",
                                      "file": (io.BytesIO(str(po).encode()), "sr.po")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert translation_progress(event, ["sr"])["sr"].translated == 2
    f.release(event)
    page = client.get(f"/sr/e/fields/s/{world['session'].public_id}").get_data(as_text=True)
    assert "Ženeva" in page and "Ministarstvo unutrašnjih poslova" in page


def test_database_refuses_an_unknown_field(app, world):
    import sqlalchemy as sa
    from sqlalchemy.exc import IntegrityError

    event = world["event"]
    with pytest.raises(IntegrityError):
        db.session.execute(sa.text(
            "INSERT INTO translation (event_id, object_type, object_id, field, lang, text, status, "
            "source_fingerprint, source_text, updated_at, version) VALUES "
            "(:e, 'event', :e, 'slug', 'en', 'x', 'draft', 'f', '', CURRENT_TIMESTAMP, 1)"), {"e": event.id})
        db.session.flush()
    db.session.rollback()


def _fingerprint(page: str, context: str) -> str:
    form = page[page.index(f'value="{context}"'):]
    return re.search(r'name="fingerprint" value="([0-9a-f]+)"', form).group(1)


def test_the_demo_day_is_translated_into_every_language_it_offers(client, app):
    from datetime import date

    from app.demo import DEMO_SLUG, load_demo

    event, _ = load_demo(day=date(2026, 12, 18))
    assert {"sq", "sr", "en", "tr", "bs"} <= set(event.offered_languages)
    for lang, progress in translation_progress(event, ["sr", "en", "tr", "bs"]).items():
        assert progress.complete and progress.reviewed == progress.total, lang
    for lang, city, words in (("tr", "Priştine", "Yuvarlak Masa 1"), ("bs", "Priština", "Okrugli sto 1"),
                              ("en", "Pristina", "Roundtable 1"), ("sr", "Priština", "Okrugli sto 1")):
        page = client.get(f"/{lang}/e/{DEMO_SLUG}/").get_data(as_text=True)
        assert "untranslated" not in page, lang
        assert city in page and words in page, lang

"""The publish gate and the translations readers get, walked as organizers, translators and
readers do: through the HTTP app, comparing what the public sees with what the organizer did.

Each test names the defect of issue 12 it would have caught.
"""
from __future__ import annotations

import hashlib
import io
import json
import re

import polib
import pytest

from app.extensions import db
from app.models import MemberRole, PaperFile, PaperFormat, Room, Session, TranslationStatus
from app.storage import get_storage
from tests import factories as f
from tests.conftest import csrf_token
from tests.forms import form_values


@pytest.fixture
def event(app):
    owner = f.make_user("owner@example.org")
    event = f.make_event("gate", owner=owner, source="sq", languages=("sq", "sr", "en", "ar"))
    hall = f.make_room(event, "Salla e madhe")
    f.make_room(event, "Salla e vogël")
    opening = f.make_session(event, "09:00", "10:00", title="Hapja", description="Fjalimi i hapjes", room=hall)
    f.make_session(event, "10:00", "11:00", title="Tryeza 1", room=hall)
    f.make_translation(event, opening, "title", "sr", "Otvaranje", TranslationStatus.REVIEWED)
    f.make_translation(event, opening, "description", "sr", "Uvodni govor", TranslationStatus.REVIEWED)
    f.add_member(event, f.make_user("sr@example.org", organizer=False), MemberRole.TRANSLATOR, "sr")
    f.release(event)
    return event


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data})


def _schedule(client, lang="sq") -> dict:
    response = client.get(f"/{lang}/e/gate/schedule.json")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def _titles(schedule: dict) -> set[str]:
    days = schedule["schedule"]["conference"]["days"]
    return {talk["title"] for day in days for talks in day["rooms"].values() for talk in talks}


def _edit_session(client, session: Session, **changes):
    url = f"/manage/gate/sessions/{session.id}/edit"
    fields = form_values(client.get(url).get_data(as_text=True))
    fields.pop("csrf_token", None)
    fields |= changes
    return _post(client, url, **fields)


def test_edits_after_publishing_are_a_draft_until_republish(client, auth, event):
    """Issue 12, item 4: edits went live at once, a double-booking included."""
    auth.login("owner@example.org")
    opening = next(s for s in event.sessions if s.title == "Hapja")
    response = _edit_session(client, opening, title="Hapja solemne")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Session, opening.id).title == "Hapja solemne"  # saved in the working copy

    assert "Hapja solemne" not in _titles(_schedule(client))
    assert "Hapja" in _titles(_schedule(client))
    assert "Hapja solemne" not in client.get("/sq/e/gate/").get_data(as_text=True)
    assert "Hapja solemne" not in client.get("/sq/e/gate/schedule.ics").get_data(as_text=True)
    assert "Hapja solemne" not in client.get("/sq/e/gate/schedule.xml").get_data(as_text=True)

    # A double-booking in the draft: still not public, and Republish refuses it.
    late = next(s for s in event.sessions if s.title == "Tryeza 1")
    assert _edit_session(client, late, start="09:30").status_code == 302
    publish = _post(client, "/manage/gate/publish")
    assert publish.status_code == 200  # the publish page again, with the errors
    schedule = _schedule(client)
    starts = {t["title"]: t["start"] for d in schedule["schedule"]["conference"]["days"]
              for talks in d["rooms"].values() for t in talks}
    assert starts["Tryeza 1"] == "10:00"

    assert _edit_session(client, late, start="10:00").status_code == 302
    assert _post(client, "/manage/gate/publish").status_code == 302
    assert "Hapja solemne" in _titles(_schedule(client))
    assert "“Hapja” is now called “Hapja solemne”." in client.get("/en/e/gate/changes").get_data(as_text=True)


def test_a_renamed_session_never_shows_its_old_translation_as_current(client, auth, event):
    """Issue 12, item 5: the old Serbian title stayed on the pages; the change log said
    '<old> is now called <old>'; a description update reached source readers only."""
    auth.login("owner@example.org")
    opening = next(s for s in event.sessions if s.title == "Hapja")
    _edit_session(client, opening, title="Hapja solemne", description="Fillimi u shty në 09:30")
    assert _post(client, "/manage/gate/publish").status_code == 302

    html = client.get("/sr/e/gate/").get_data(as_text=True)
    assert "Otvaranje" not in html
    assert re.search(r'<span lang="sq" dir="auto">Hapja solemne</span> <small class="untranslated">', html)
    session_page = client.get(f"/sr/e/gate/s/{opening.public_id}").get_data(as_text=True)
    assert "Uvodni govor" not in session_page and "Fillimi u shty në 09:30" in session_page

    # The old title in its old words, the new one as it is (no translation of it exists yet).
    changes = client.get("/sr/e/gate/changes").get_data(as_text=True)
    assert "„Otvaranje“ sada nosi naziv „Hapja solemne“." in changes

    # The translator brings it up to date: readers get it at once, no republish needed.
    db.session.expire_all()
    f.make_translation(event, db.session.get(Session, opening.id), "title", "sr", "Svečano otvaranje",
                       TranslationStatus.REVIEWED)
    db.session.commit()
    html = client.get("/sr/e/gate/").get_data(as_text=True)
    assert "Svečano otvaranje" in html and "Hapja solemne" not in html


def test_drafts_and_fuzzy_entries_are_not_shown_to_readers(client, auth, event):
    """Issue 12, item 7: translations marked draft, and fuzzy PO entries, went public at once."""
    hall = db.session.scalar(db.select(Room).where(Room.name == "Salla e madhe"))
    f.make_translation(event, hall, "name", "sr", "Velika sala")  # a draft
    db.session.commit()
    assert "Velika sala" not in client.get("/sr/e/gate/").get_data(as_text=True)

    auth.login("sr@example.org")
    po = polib.pofile(client.get("/translate/gate/sr.po").get_data(as_text=True))
    entry = next(e for e in po if e.msgid == "Tryeza 1")
    entry.msgstr = "Okrugli sto 1"
    entry.flags.append("fuzzy")
    url = "/translate/gate/sr/import"
    response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                      "file": (io.BytesIO(str(po).encode("utf-8")), "sr.po")},
                           content_type="multipart/form-data")
    assert response.status_code in (200, 302)
    assert "Okrugli sto 1" not in client.get("/sr/e/gate/").get_data(as_text=True)
    assert "Okrugli sto 1" not in json.dumps(_schedule(client, "sr"), ensure_ascii=False)


def test_readers_without_a_translation_get_english_before_the_source(client, event):
    """Issue 12, item 8: Arabic, Chinese, French… readers got Albanian where English existed."""
    tryeza = next(s for s in event.sessions if s.title == "Tryeza 1")
    f.make_translation(event, tryeza, "title", "en", "Roundtable 1", TranslationStatus.REVIEWED)
    db.session.commit()
    html = client.get("/ar/e/gate/").get_data(as_text=True)
    assert '<span lang="en" dir="auto">Roundtable 1</span>' in html
    assert '<span lang="sq" dir="auto">Hapja</span>' in html  # no English either: the source


def test_unpublishing_takes_everything_down(client, auth, event):
    auth.login("owner@example.org")
    _post(client, "/manage/gate/unpublish")
    auth.logout()
    for path in ("/sq/e/gate/", "/sq/e/gate/schedule.json", "/sq/e/gate/schedule.ics", "/sq/e/gate/grid"):
        assert client.get(path).status_code == 404, path
    assert "gate" not in client.get("/sq/").get_data(as_text=True)


def test_a_released_paper_stays_downloadable_until_the_next_publish(client, auth, event, tmp_path):
    opening = next(s for s in event.sessions if s.title == "Hapja")
    paper = f.make_paper(opening, "Dokumenti")
    content = f.pdf_bytes("dokumenti")
    paper.files.append(PaperFile(lang="sq", storage_key=get_storage().save(content, "pdf"), filename="d.pdf",
                                 format=PaperFormat.PDF, size=len(content),
                                 sha256=hashlib.sha256(content).hexdigest()))
    db.session.commit()
    f.release(event)
    file_id = paper.files[0].id
    assert client.get(f"/sq/e/gate/papers/{file_id}").status_code == 200
    auth.login("owner@example.org")
    assert _post(client, f"/manage/gate/sessions/{opening.id}/papers/{paper.id}/delete").status_code == 302
    assert client.get(f"/sq/e/gate/papers/{file_id}").status_code == 200  # the release still shows it
    assert _post(client, "/manage/gate/publish").status_code == 302
    assert client.get(f"/sq/e/gate/papers/{file_id}").status_code == 404


def test_the_organizer_sees_what_a_republish_would_change_and_no_empty_release(client, auth, event):
    auth.login("owner@example.org")
    assert "Some edits are not public yet" not in client.get("/manage/gate/").get_data(as_text=True)
    # Republishing an unchanged agenda is refused: no empty "no change" entry in the change log.
    response = _post(client, "/manage/gate/publish")
    assert response.status_code == 302
    db.session.expire_all()
    assert [r.number for r in db.session.get(type(event), event.id).releases] == [1]
    assert "nothing to republish" in client.get("/manage/gate/").get_data(as_text=True)

    opening = next(s for s in event.sessions if s.title == "Hapja")
    _edit_session(client, opening, title="Hapja solemne")
    overview = client.get("/manage/gate/").get_data(as_text=True)
    assert "Some edits are not public yet" in overview
    page = client.get("/manage/gate/publish").get_data(as_text=True)
    assert "Not yet public: changes since release 1" in page
    assert "“Hapja” is now called “Hapja solemne”." in page
    assert _post(client, "/manage/gate/publish").status_code == 302
    assert "Some edits are not public yet" not in client.get("/manage/gate/").get_data(as_text=True)


def test_members_preview_the_working_copy_and_nobody_else_does(client, auth, event):
    opening = next(s for s in event.sessions if s.title == "Hapja")
    opening.title = "Hapja solemne"
    db.session.commit()
    draft_url = "/sq/e/gate/?preview=draft"
    assert client.get(draft_url).status_code == 404  # anonymous: no hint of a draft
    auth.login("owner@example.org")
    response = client.get(draft_url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Hapja solemne" in html and 'class="notice draft-banner"' in html
    assert response.headers["Cache-Control"] == "private, no-store"
    assert f"/sq/e/gate/s/{opening.public_id}?preview=draft" in html  # the preview links on to the preview
    session_page = client.get(f"/sq/e/gate/s/{opening.public_id}?preview=draft").get_data(as_text=True)
    assert "Hapja solemne" in session_page
    # Signed in, the public page is still the release.
    assert "Hapja solemne" not in client.get("/sq/e/gate/").get_data(as_text=True)
    auth.logout()
    auth.login("sr@example.org")  # the event's translator into Serbian
    assert client.get("/sr/e/gate/?preview=draft").status_code == 200
    assert client.get("/ar/e/gate/?preview=draft").status_code == 404


def test_the_organizer_chooses_the_fallback_language(client, auth, event):
    """The fallback order is an event setting: here Serbian before the source, for Arabic readers."""
    auth.login("owner@example.org")
    url = "/manage/gate/settings"
    page = client.get(url).get_data(as_text=True)
    assert 'name="fallback_languages"' in page
    fields = form_values(page)
    fields.pop("csrf_token")
    assert _post(client, url, **{**fields, "fallback_languages": "zh"}).status_code == 200  # not offered: refused
    assert _post(client, url, **{**fields, "fallback_languages": "sr"}).status_code == 302
    assert _post(client, "/manage/gate/publish").status_code == 302
    html = client.get("/ar/e/gate/").get_data(as_text=True)
    assert '<span lang="sr-Latn" dir="auto">Otvaranje</span>' in html

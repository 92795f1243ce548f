"""Translators work with a reference: the English beside a non-English source, a PO header that
tools understand, and a way to ask the organizers for a language the event does not offer."""
from __future__ import annotations

import io
import re

import polib
import pytest
import sqlalchemy as sa
from babel.messages.plurals import get_plural

from app.extensions import db
from app.models import Event, MemberRole, Translation, TranslationStatus, User
from app.models.translation import LanguageRequest
from app.translate.po import file_language, po_language
from tests import factories as f
from tests.conftest import csrf_token

REVIEWED = TranslationStatus.REVIEWED


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


@pytest.fixture
def event(app):
    owner = f.make_user("owner@example.org", name="Owner")
    event = f.make_event("reference", owner=owner, source="sq", languages=("sq", "sr", "en", "ar"))
    session = f.make_session(event, title="Hapja e ditës")
    f.make_translation(event, session, "title", "en", "Opening of the day", REVIEWED)
    sr = f.make_user("sr@example.org", organizer=False, name="Jelena Petrović")
    f.add_member(event, sr, MemberRole.TRANSLATOR, "sr")
    f.add_member(event, f.make_user("ar@example.org", organizer=False), MemberRole.TRANSLATOR, "ar")
    f.add_member(event, f.make_user("en@example.org", organizer=False), MemberRole.TRANSLATOR, "en")
    f.make_user("tr@example.org", organizer=False, translator=True, languages=("tr",), name="Ayşe Demir")
    f.make_user("fr@example.org", organizer=False, translator=True, languages=("fr",))
    f.release(event)
    return event


def test_the_editor_shows_the_english_beside_a_non_english_source(client, auth, event):
    auth.login("sr@example.org")
    page = client.get("/translate/reference/sr/").get_data(as_text=True)
    assert "English translation, for reference" in page
    assert re.search(r'<div class="tr-text" lang="en" dir="ltr">Opening of the day</div>', page)
    # An out-of-date English translation is still shown, and said to be out of date.
    session = event.sessions[0]
    session.title = "Hapja solemne e ditës"
    db.session.commit()
    page = client.get("/translate/reference/sr/").get_data(as_text=True)
    assert "Opening of the day" in page and "made from an earlier source text" in page


def test_no_reference_when_translating_into_english_or_from_english(client, auth, event):
    auth.login("en@example.org")
    assert "for reference" not in client.get("/translate/reference/en/").get_data(as_text=True)
    english = f.make_event("from-english", source="en", languages=("en", "sr"), title="Opening")
    f.add_member(english, _user("sr@example.org"), MemberRole.TRANSLATOR, "sr")
    db.session.commit()
    auth.logout()
    auth.login("sr@example.org")
    assert "for reference" not in client.get("/translate/from-english/sr/").get_data(as_text=True)


@pytest.mark.parametrize("lang, email, language, nplurals", [
    ("sr", "sr@example.org", "sr_Latn", 3), ("ar", "ar@example.org", "ar", 6)])
def test_po_header_names_language_team_translator_and_plural_forms(client, auth, event, lang, email, language,
                                                                   nplurals):
    auth.login(email)
    po = polib.pofile(client.get(f"/translate/reference/{lang}.po").get_data(as_text=True))
    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"] == get_plural(language).plural_forms
    assert f"nplurals={nplurals};" in po.metadata["Plural-Forms"]
    assert po.metadata["Language-Team"].startswith({"sr": "Serbian", "ar": "Arabic"}[lang])
    # No translation yet: the one exporting is named; after a save, whoever saved last.
    assert po.metadata["Last-Translator"].endswith(f"<{email}>")
    f.make_translation(event, event.sessions[0], "title", lang, "x", REVIEWED).updated_by_id = \
        _user("owner@example.org").id
    db.session.commit()
    po = polib.pofile(client.get(f"/translate/reference/{lang}.po").get_data(as_text=True))
    assert po.metadata["Last-Translator"] == "Owner <owner@example.org>"


def test_the_exported_header_is_read_back_on_import(client, auth, event):
    auth.login("sr@example.org")
    po = polib.pofile(client.get("/translate/reference/sr.po").get_data(as_text=True))
    next(e for e in po if e.msgctxt.startswith("session:") and e.msgctxt.endswith(":title")).msgstr = \
        "Otvaranje dana"
    token = csrf_token(client, "/translate/reference/sr/import")
    response = client.post("/translate/reference/sr/import", data={
        "csrf_token": token, "file": (io.BytesIO(str(po).encode()), "sr.po")}, content_type="multipart/form-data")
    assert response.status_code == 200
    db.session.expire_all()
    title = db.session.scalar(sa.select(Translation.text).where(Translation.lang == "sr",
                                                                Translation.object_type == "session"))
    assert title == "Otvaranje dana"


@pytest.mark.parametrize("header, lang", [("sr_Latn", "sr"), ("sr_RS@latin", "sr"), ("sr", "sr"),
                                          ("sr_Cyrl", "sr-Cyrl"), ("sr@cyrillic", "sr-Cyrl"), ("zh_Hans", "zh"),
                                          ("bs_Latn", "bs"), ("tr_TR", "tr"), ("", "")])
def test_language_headers_read_as_dita_codes(header, lang):
    po = polib.POFile()
    po.metadata = {"Language": header}
    assert file_language(po) == lang


def test_po_language_round_trips():
    for code in ("sq", "sr", "sr-Cyrl", "en", "tr", "bs", "ar", "zh", "ru", "rom"):
        po = polib.POFile()
        po.metadata = {"Language": po_language(code)}
        assert file_language(po) == code


def _requests(event, lang=None):
    stmt = sa.select(LanguageRequest).where(LanguageRequest.event_id == event.id)
    if lang:
        stmt = stmt.where(LanguageRequest.lang == lang)
    return db.session.scalars(stmt).all()


def test_a_translator_sees_the_language_is_not_offered_and_asks_for_it(client, auth, event):
    auth.login("tr@example.org")
    page = client.get("/translate/").get_data(as_text=True)
    assert "Not offered in your languages yet" in page
    assert 'action="/translate/reference/tr/request"' in page
    # The editor says why it cannot open, and offers the same button.
    response = client.get("/translate/reference/tr/")
    assert response.status_code == 403
    assert "not offered in Turkish yet" in response.get_data(as_text=True)
    token = csrf_token(client, "/translate/")
    for _ in range(2):  # asking twice records one request
        response = client.post("/translate/reference/tr/request", data={"csrf_token": token})
        assert response.status_code == 302
    [request] = _requests(event, "tr")
    assert request.user_id == _user("tr@example.org").id
    page = client.get("/translate/").get_data(as_text=True)
    assert "You asked for Turkish" in page and 'action="/translate/reference/tr/request"' not in page


def test_organizers_see_requests_and_add_the_language_with_one_click(client, auth, event):
    auth.login("tr@example.org")
    client.post("/translate/reference/tr/request", data={"csrf_token": csrf_token(client, "/translate/")})
    auth.logout()
    auth.login("owner@example.org")
    page = client.get("/manage/reference/").get_data(as_text=True)
    assert "Translators ask for more languages" in page and "Ayşe Demir" in page
    token = csrf_token(client, "/manage/reference/")
    response = client.post("/manage/reference/language-requests/tr/offer", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert "tr" in db.session.scalar(sa.select(Event).where(Event.slug == "reference")).offered_languages
    assert _requests(event) == []
    assert "Translators ask for more languages" not in client.get("/manage/reference/").get_data(as_text=True)
    auth.logout()
    auth.login("tr@example.org")
    assert client.get("/translate/reference/tr/").status_code == 200


def test_organizers_may_dismiss_a_request(client, auth, event):
    auth.login("tr@example.org")
    client.post("/translate/reference/tr/request", data={"csrf_token": csrf_token(client, "/translate/")})
    auth.logout()
    auth.login("owner@example.org")
    token = csrf_token(client, "/manage/reference/")
    assert client.post("/manage/reference/language-requests/tr/dismiss", data={"csrf_token": token}).status_code == 302
    assert _requests(event) == []
    db.session.expire_all()
    assert "tr" not in db.session.scalar(sa.select(Event).where(Event.slug == "reference")).offered_languages


def test_who_may_ask_and_who_may_answer(client, auth, event):
    auth.login("fr@example.org")  # French on their account: Turkish is not theirs to ask for
    token = csrf_token(client, "/translate/")
    assert client.post("/translate/reference/tr/request", data={"csrf_token": token}).status_code == 403
    assert client.get("/translate/reference/tr/").status_code == 403
    assert "not offered" not in client.get("/translate/reference/tr/").get_data(as_text=True)
    assert client.post("/translate/reference/fr/request", data={}).status_code == 400  # no CSRF token
    assert client.post("/translate/reference/fr/request", data={"csrf_token": token}).status_code == 302
    assert [r.lang for r in _requests(event)] == ["fr"]
    # A translator of the event cannot answer requests; nor can an organizer of another event.
    for email in ("sr@example.org", "fr@example.org"):
        auth.logout()
        auth.login(email)
        token = csrf_token(client, "/translate/")
        assert client.post("/manage/reference/language-requests/fr/offer",
                           data={"csrf_token": token}).status_code == 403
    assert len(_requests(event)) == 1


def test_the_dashboard_costs_the_same_queries_for_more_events(client, auth, event):
    auth.login("tr@example.org")
    client.get("/translate/")
    with f.count_queries() as few:
        client.get("/translate/")
    for n in range(5):
        f.release(f.make_event(f"more-{n}", source="sq", languages=("sq", "en")))
    with f.count_queries() as more:
        page = client.get("/translate/").get_data(as_text=True)
    assert page.count('action="/translate/more-') == 5
    assert len(more) == len(few)

"""Kosovo's languages and scripts: Serbian in Latin (/sr/, tagged sr-Latn) and Cyrillic (/sr-Cyrl/,
interface and content transliterated unless a Cyrillic translation exists), Turkish and Bosnian,
Romani as a content language, and Accept-Language negotiation that prefers a close relative to
English."""
from __future__ import annotations

import io
import json
import re

import pytest
from lxml import etree
from pypdf import PdfReader
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from app.content import ContentTranslator
from app.extensions import db
from app.languages import INTERFACE_LANGUAGES, LANGUAGES, NATIVE_NAMES, best_language, language_for_tag
from app.models import TranslationStatus
from app.translit import to_cyrillic
from tests import factories as f

REVIEWED = TranslationStatus.REVIEWED


def _accept(header: str) -> LanguageAccept:
    return parse_accept_header(header, LanguageAccept)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- the list --------------------------------------------------------------------------------------

def test_the_list_in_display_order():
    assert LANGUAGES == ("sq", "sr", "sr-Cyrl", "en", "tr", "bs", "rom", "ar", "zh", "fr", "es", "ru")
    assert "rom" not in INTERFACE_LANGUAGES and set(INTERFACE_LANGUAGES) == set(LANGUAGES) - {"rom"}
    assert NATIVE_NAMES["sr-Cyrl"] == "Српски" and NATIVE_NAMES["rom"] == "Romani chib"


# --- negotiation -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "lang"), [
    ("hr", "sr"), ("hr-HR", "sr"), ("sh", "sr"), ("sr-Latn", "sr"), ("sr-Latn-RS", "sr"), ("sr-ME", "sr"),
    ("cnr", "sr"), ("cnr-ME", "sr"), ("sr", "sr"), ("sr-RS", "sr"), ("SR_rs", "sr"),
    ("sr-Cyrl", "sr-Cyrl"), ("sr-Cyrl-RS", "sr-Cyrl"), ("sr-cyrl-ba", "sr-Cyrl"), ("sr-RS-Cyrl", "sr-Cyrl"),
    ("bs", "bs"), ("bs-BA", "bs"), ("bs-Latn-BA", "bs"), ("bs-Cyrl", "bs"),
    ("tr", "tr"), ("tr-TR", "tr"), ("tr-CY", "tr"),
    ("sq-AL", "sq"), ("sq-XK", "sq"), ("rom", "rom"), ("rmy", "rom"), ("fr-CA", "fr"), ("zh-CN", "zh"),
    ("en-US", "en"), ("de", None), ("*", None), ("", None),
])
def test_a_tag_maps_to_its_language_or_close_relative(tag, lang):
    assert language_for_tag(tag) == lang


@pytest.mark.parametrize(("header", "lang"), [
    ("hr, en;q=0.8", "sr"),                  # a relative before English
    ("de-DE, de;q=0.9, hr;q=0.5, en;q=0.3", "sr"),
    ("de, sr-Cyrl-RS;q=0.7, en;q=0.5", "sr-Cyrl"),
    ("sr-RS, en;q=0.5", "sr"),
    ("bs-BA, hr;q=0.9", "bs"),
    ("tr-TR, en;q=0.9", "tr"),
    ("en;q=0.5, fr", "fr"),                   # by quality, not by place
    ("fr;q=0, es", "es"),                     # q=0: not acceptable
    ("de, it", "en"),                         # nothing close: English
])
def test_the_best_of_a_header(header, lang):
    assert best_language(_accept(header)) == lang


@pytest.mark.parametrize(("header", "home"), [
    ("hr-HR,hr;q=0.9,en;q=0.5", "/sr/"), ("sr-Cyrl-RS", "/sr-Cyrl/"), ("sr-RS,sr;q=0.9", "/sr/"),
    ("bs-BA", "/bs/"), ("tr-TR", "/tr/"), ("cnr", "/sr/"), ("de-AT", "/en/"),
])
def test_a_first_visit_lands_in_the_negotiated_language(client, header, home):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 302
    assert response.headers["Location"] == home


# --- URLs, tags, switcher --------------------------------------------------------------------------

@pytest.fixture
def serbian_event(app):
    """An event written in Serbian (Latin), offered in both scripts and in Romani."""
    event = f.make_event("srpski", source="sr", languages=("sr", "sr-Cyrl", "en", "rom"),
                         title="Međunarodni dan migranata u Prizrenu", city="Prizren",
                         description="Džemal i Ljiljana govore o **migraciji**; više na https://example.org/njiva")
    session = f.make_session(event, "09:00", "10:30", title="Otvaranje: žene i deca u pokretu")
    session.languages = ["sr"]
    session.interpretation = ["sr-Cyrl", "rom"]
    f.release(event)
    return event


def test_sr_is_tagged_sr_latn_and_sr_cyrl_is_cyrillic(client, serbian_event):
    latin = client.get("/sr/e/srpski/").get_data(as_text=True)
    cyrillic = client.get("/sr-Cyrl/e/srpski/").get_data(as_text=True)
    assert '<html lang="sr-Latn"' in latin and '<html lang="sr-Cyrl"' in cyrillic
    # The switcher tags each entry, Serbian Latin as sr-Latn.
    for page in (latin, cyrillic):
        assert 'lang="sr-Latn" hreflang="sr-Latn"' in page
        assert 'lang="sr-Cyrl" hreflang="sr-Cyrl"' in page
        assert 'lang="rom" hreflang="rom"' in page
        assert all(f">{NATIVE_NAMES[code]}</a>" in page for code in LANGUAGES)
    # The same page's interface and content, the Cyrillic one the Latin one's letters transliterated.
    assert "Međunarodni dan migranata u Prizrenu" in latin
    assert to_cyrillic("Međunarodni dan migranata u Prizrenu") in cyrillic
    assert "Међународни дан миграната у Призрену" in cyrillic
    assert "Otvaranje: žene i deca u pokretu" in latin and "Отварање: жене и деца у покрету" in cyrillic
    assert "https://example.org/njiva" in cyrillic and "Џемал и Љиљана" in cyrillic  # a URL stays as it is


def test_the_cyrillic_interface_is_the_latin_catalog_transliterated(client, serbian_event):
    from flask_babel import force_locale, gettext

    with client.application.test_request_context("/sr/"), force_locale("sr_Latn"):
        latin = [gettext(m) for m in ("Programme", "Speakers", "My agenda", "Changes")]
    with client.application.test_request_context("/sr-Cyrl/"), force_locale("sr_Cyrl"):
        cyrillic = [gettext(m) for m in ("Programme", "Speakers", "My agenda", "Changes")]
    assert latin != ["Programme", "Speakers", "My agenda", "Changes"], "the Serbian catalog is compiled"
    assert cyrillic == [to_cyrillic(text) for text in latin]
    page = client.get("/sr-Cyrl/e/srpski/").get_data(as_text=True)
    assert all(text in page for text in cyrillic)
    assert not any(text in page for text in latin if text != to_cyrillic(text))


# --- content in Cyrillic ---------------------------------------------------------------------------

def test_cyrillic_reader_gets_a_cyrillic_translation_else_the_latin_one_transliterated(app):
    event = f.make_event("english", source="en", languages=("en", "sr", "sr-Cyrl"), title="Opening day",
                         venue="Main hall", city="Pristina")
    session = f.make_session(event, title="Women on the move")
    room = f.make_room(event, "Hall")
    f.make_translation(event, event, "title", "sr", "Dan otvaranja", REVIEWED)
    f.make_translation(event, session, "title", "sr", "Žene u pokretu", REVIEWED)
    f.make_translation(event, session, "title", "sr-Cyrl", "Жене у покрету (прегледано)", REVIEWED)
    f.make_translation(event, event, "venue", "sr", "Velika sala", REVIEWED)
    event.venue = "Main hall, ground floor"  # the Serbian venue is now stale
    f.make_translation(event, room, "name", "sr", "Sala nacrt")  # a draft: never shown
    db.session.commit()

    tr = ContentTranslator(event, "sr-Cyrl")
    title = tr(event, "title")
    assert (title.text, title.lang, title.translated) == ("Дан отварања", "sr-Cyrl", True)
    assert tr(session, "title").text == "Жене у покрету (прегледано)"  # its own beats the transliteration
    venue = tr(event, "venue")  # stale rules as before: the source, marked
    assert (venue.text, venue.lang, venue.translated) == ("Main hall, ground floor", "en", False)
    assert tr(room, "name").text == "Hall" and not tr(room, "name").translated
    # The Latin reader is shown the Latin text, never the Cyrillic one.
    assert ContentTranslator(event, "sr")(session, "title").text == "Žene u pokretu"


def test_a_stale_cyrillic_translation_is_not_shown(app):
    event = f.make_event("stale", source="sr", languages=("sr", "sr-Cyrl"), title="Dan migranata")
    f.make_translation(event, event, "title", "sr-Cyrl", "Дан миграната (стари)", REVIEWED)
    event.title = "Dan migranata 2026"
    db.session.commit()
    shown = ContentTranslator(event, "sr-Cyrl")(event, "title")
    assert (shown.text, shown.lang, shown.translated) == ("Дан миграната 2026", "sr-Cyrl", True)


def test_the_cyrillic_page_costs_no_more_queries_than_the_latin_one(client, app):
    event = f.make_event("queries", source="en", languages=("en", "sr", "sr-Cyrl"))
    for session in f.make_agenda(event, 30):
        f.make_translation(event, session, "title", "sr", f"Sesija {session.id}", REVIEWED)
    f.release(event)
    counts = {}
    for lang in ("sr", "sr-Cyrl"):
        with f.count_queries() as statements:
            assert client.get(f"/{lang}/e/queries/").status_code == 200
        counts[lang] = len(statements)
    assert counts["sr-Cyrl"] <= counts["sr"]


def test_exports_under_sr_cyrl_are_in_cyrillic(client, serbian_event):
    title, cyrillic = "Otvaranje: žene i deca u pokretu", "Отварање: жене и деца у покрету"
    ics = client.get("/sr-Cyrl/e/srpski/schedule.ics").get_data(as_text=True)
    assert cyrillic in ics.replace("\r\n ", "") and title not in ics.replace("\r\n ", "")
    data = client.get("/sr-Cyrl/e/srpski/schedule.json").get_json()
    assert cyrillic in json.dumps(data, ensure_ascii=False)
    xml = etree.fromstring(client.get("/sr-Cyrl/e/srpski/schedule.xml").data)
    assert cyrillic in [e.text for e in xml.iter("title")]
    latin_xml = etree.fromstring(client.get("/sr/e/srpski/schedule.xml").data)
    assert title in [e.text for e in latin_xml.iter("title")]
    pdf = client.get("/sr-Cyrl/e/srpski/agenda.pdf")
    assert pdf.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Отварање" in text and "Otvaranje" not in text


# --- Romani ----------------------------------------------------------------------------------------

@pytest.fixture
def romani_event(app):
    event = f.make_event("romani", source="sq", languages=("sq", "rom", "en"), title="Dita e migrantëve",
                         dates_language="sq")
    session = f.make_session(event, title="Hapja")
    f.make_translation(event, event, "title", "rom", "O Dives e Migrantengo", REVIEWED)
    f.make_translation(event, session, "title", "rom", "O Putaripe", REVIEWED)
    f.release(event)
    return event


def test_romani_pages_speak_the_readers_next_language_and_keep_romani_content(client, romani_event):
    french = client.get("/rom/e/romani/", headers={"Accept-Language": "rom, fr;q=0.8, en;q=0.5"})
    english = client.get("/rom/e/romani/", headers={"Accept-Language": "rom, en;q=0.8"})
    assert french.status_code == english.status_code == 200
    fr_html, en_html = french.get_data(as_text=True), english.get_data(as_text=True)
    for html in (fr_html, en_html):
        assert '<html lang="rom" dir="ltr">' in html
        assert "O Dives e Migrantengo" in html and "O Putaripe" in html
    assert "Speakers" in _text(en_html) and "Intervenants" in _text(fr_html) and "Intervenants" not in en_html
    # Two readers, two interfaces: the response says it depends on Accept-Language, and the
    # validators differ, so neither a shared cache nor Dita's own serves one to the other.
    assert "Accept-Language" in french.headers["Vary"]
    assert french.headers["ETag"] != english.headers["ETag"]
    again = client.get("/rom/e/romani/", headers={"Accept-Language": "rom, fr;q=0.8"})
    assert "Intervenants" in again.get_data(as_text=True)


def test_romani_dates_follow_the_events_choice(client, romani_event):
    albanian = _text(client.get("/rom/e/romani/", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert "dhjetor 2026" in albanian  # the default: Albanian's formats
    romani_event.dates_language = "sr"
    f.release(romani_event)
    serbian = _text(client.get("/rom/e/romani/", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert "decembar 2026" in serbian and "dhjetor 2026" not in serbian
    assert "Speakers" in serbian  # the interface is still the reader's English


def test_romani_without_a_close_reader_language_uses_the_events_source(client, romani_event):
    from flask_babel import force_locale, gettext

    with client.application.test_request_context("/sq/"), force_locale("sq_XK"):
        albanian = gettext("Speakers")
    assert albanian != "Speakers", "the Albanian catalog is compiled"
    html = _text(client.get("/rom/e/romani/", headers={"Accept-Language": "rom, de"}).get_data(as_text=True))
    assert albanian in html and "Speakers" not in html  # the event is written in Albanian
    assert "O Dives e Migrantengo" in html


def test_a_romani_export_carries_romani_content(client, romani_event):
    data = client.get("/rom/e/romani/schedule.json").get_json()
    assert "O Putaripe" in json.dumps(data, ensure_ascii=False)


def test_schedule_exports_name_languages_as_their_formats_allow(client, app):
    import jsonschema

    from config import BASE_DIR

    event = f.make_event("held-in", source="sr-Cyrl", languages=("sr-Cyrl", "rom", "sq"))
    romani = f.make_session(event, "09:00", "10:00", title="Romani")
    romani.languages = ["rom", "sq"]
    cyrillic = f.make_session(event, "11:00", "12:00", title="Ћирилица")
    cyrillic.languages = ["sr-Cyrl"]
    only_romani = f.make_session(event, "13:00", "14:00", title="Samo romani")
    only_romani.languages = ["rom"]
    f.release(event)
    data = client.get("/rom/e/held-in/schedule.json").get_json()
    schema = json.loads((BASE_DIR / "tests" / "schemas" / "schedule.schema.json").read_text())
    jsonschema.validate(data, schema)
    languages = {talk["title"]: talk["language"] for day in data["schedule"]["conference"]["days"]
                 for talks in day["rooms"].values() for talk in talks}
    assert languages == {"Romani": "sq", "Ћирилица": "sr", "Samo romani": "sr"}


def test_the_organizer_chooses_the_date_formats_of_romani_pages(app, client, auth):
    from tests.conftest import csrf_token

    _, event = f.make_organizer_event(slug="romani-dates", source="sq", languages=("sq", "rom"))
    f.make_session(event, title="Hapja")
    f.release(event)
    auth.login()
    page = client.get("/manage/romani-dates/settings").get_data(as_text=True)
    assert 'name="dates_language"' in page and '<option value="rom"' not in page.split('name="dates_language"')[1]
    data = {"csrf_token": csrf_token(client, "/manage/romani-dates/settings"), "title": event.title,
            "slug": "romani-dates", "start_date": "2026-12-18", "number_of_days": "1", "end_date": "",
            "timezone": "Europe/Belgrade", "source_language": "sq", "languages": ["sq", "rom"], "country": "",
            "version": str(event.version)}
    refused = client.post("/manage/romani-dates/settings", data={**data, "dates_language": "rom"})
    assert refused.status_code == 200 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    db.session.expire_all()
    assert event.dates_language == "sq"
    assert client.post("/manage/romani-dates/settings", data={**data, "dates_language": "fr"}).status_code == 302
    db.session.expire_all()
    assert event.dates_language == "fr"
    f.release(event)
    auth.logout()
    html = _text(client.get("/rom/e/romani-dates/", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert "vendredi 18 décembre 2026" in html


def test_a_romani_pages_interface_patterns_do_not_leak_into_other_pages(app, monkeypatch):
    """Patterns translated once per process are keyed by the catalog they come from: a Romani page
    (Albanian dates, French interface) must not store its French pattern as the Albanian one."""
    from flask_babel import force_locale, gettext

    from app import i18n

    monkeypatch.setattr(i18n, "_LABELLED", {})
    # Each request in an app context of its own, as in production (Flask-Babel keeps its locale in `g`).
    with app.app_context(), app.test_request_context("/rom/", headers={"Accept-Language": "fr"}):
        app.preprocess_request()
        shown = str(i18n.labelled("A", "B"))
        with force_locale("fr"):
            assert shown == gettext("%(label)s: %(value)s", label="A", value="B")
    assert set(i18n._LABELLED) == {"fr"}
    with app.app_context(), app.test_request_context("/sq/"):
        app.preprocess_request()
        shown = str(i18n.labelled("A", "B"))
        with force_locale("sq_XK"):
            assert shown == gettext("%(label)s: %(value)s", label="A", value="B")
    assert set(i18n._LABELLED) == {"fr", "sq_XK"}


def test_cyrillic_progress_counts_what_readers_see_transliterated(app):
    from app.content.progress import load_event_for_translation, translation_progress

    event = f.make_event("progress", source="en", languages=("en", "sr", "sr-Cyrl"), title="Opening day",
                         venue="Main hall")
    session = f.make_session(event, title="Women on the move")
    f.make_translation(event, event, "title", "sr", "Dan otvaranja", REVIEWED)
    f.make_translation(event, session, "title", "sr-Cyrl", "Жене у покрету", REVIEWED)
    db.session.commit()
    event = load_event_for_translation(event.id)
    with f.count_queries() as statements:
        progress = translation_progress(event)
    assert len(statements) == 1  # both scripts' translations in the one query
    # title: the Serbian one transliterated; session title: its own; venue: nothing in either script.
    assert (progress["sr-Cyrl"].translated, progress["sr-Cyrl"].missing) == (2, 1)
    assert (progress["sr"].translated, progress["sr"].missing) == (1, 2)

    written_in_serbian = f.make_event("serbian-source", source="sr", languages=("sr", "sr-Cyrl"), title="Dan",
                                      venue="Sala")
    db.session.commit()
    assert translation_progress(written_in_serbian)["sr-Cyrl"].complete


def test_language_names_tell_the_scripts_apart_only_where_it_is_not_the_usual_one(app):
    from app.i18n import _language_name

    assert [_language_name(code, "en") for code in ("sr", "sr-Cyrl", "rom", "bs", "tr")] == [
        "Serbian", "Serbian (Cyrillic)", "Romany", "Bosnian", "Turkish"]
    assert _language_name("sr-Cyrl", "sr") == "srpski (ćirilica)"
    assert _language_name("sr", "sr-Cyrl") == "српски"

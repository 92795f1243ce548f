"""Kosovo's 38 municipalities as data: every name in every language, offered as an organizer types
a city, and shown in the reader's language on public pages and exports unless translated."""
from __future__ import annotations

import io
import json
import re
import unicodedata
from collections import defaultdict

import pytest
from pypdf import PdfReader

from app.data import municipalities as m
from app.exports.pdf import UNAVAILABLE
from app.extensions import db
from app.models import TranslationStatus
from tests import factories as f

LANGUAGES = ("sq", "sr", "sr-Cyrl", "en", "tr", "bs")


def _scripts(text: str) -> set[str]:
    return {unicodedata.name(c).split()[0] for c in text if c.isalpha()}


def test_thirty_eight_municipalities_each_named_in_every_language():
    assert m.languages() == LANGUAGES
    found = m.municipalities()
    assert len(found) == 38
    assert len({x.key for x in found}) == 38
    for municipality in found:
        for lang in LANGUAGES:
            name = municipality.name(lang)
            assert name and name == name.strip(), (municipality.key, lang)
            assert _scripts(name) == ({"CYRILLIC"} if lang == "sr-Cyrl" else {"LATIN"}), (municipality.key, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_name_names_one_municipality(lang):
    names = [x.name(lang) for x in m.municipalities()]
    assert len(set(names)) == 38


def test_no_spelling_is_shared_by_two_municipalities():
    owners = defaultdict(set)
    for municipality in m.municipalities():
        for spelling in municipality.spellings:
            owners[m.name_key(spelling)].add(municipality.key)
    assert {key: keys for key, keys in owners.items() if len(keys) > 1} == {}


@pytest.mark.parametrize("typed, lang, shown", [
    ("Prishtinë", "en", "Pristina"), ("Prishtina", "sr", "Priština"), ("prishtine", "sr-Cyrl", "Приштина"),
    ("Pristina", "tr", "Priştine"), ("Priština", "bs", "Priština"), ("Приштина", "sq", "Prishtinë"),
    ("Prizren", "sr-Cyrl", "Призрен"), ("Gjakova", "sr", "Đakovica"), ("Djakovica", "sr-Cyrl", "Ђаковица"),
    ("Mitrovicë", "sr", "Južna Mitrovica"), ("Mitrovica e Veriut", "en", "North Mitrovica"),
    ("Ferizaj", "sr", "Uroševac"), ("Uroševac", "sq", "Ferizaj"), ("Pejë", "sr", "Peć"), ("Peja", "tr", "İpek"),
    ("Shtërpcë", "sr", "Štrpce"), ("Štrpce", "sq", "Shtërpcë"), ("Zubin Potok", "sr-Cyrl", "Зубин Поток"),
    ("Leposavić", "sq", "Leposaviq"), ("Zveçan", "sr", "Zvečan"), ("Graçanicë", "sr", "Gračanica"),
    ("Ranillug", "sr", "Ranilug"), ("Partesh", "sr", "Parteš"), ("Kllokot", "sr", "Klokot"),
    ("Novobërdë", "sr", "Novo Brdo"), ("Mamushë", "tr", "Mamuşa"), ("Mamuşa", "sr", "Mamuša"),
    ("Fushe-Kosove", "sr", "Kosovo Polje"), ("Gjilan", "sr-Cyrl", "Гњилане"),
])
def test_any_form_finds_the_name_in_a_language(typed, lang, shown):
    assert m.place_name(typed, lang) == shown


def test_other_places_and_other_languages_have_no_name_here():
    assert m.place_name("Wien", "en") is None
    assert m.place_name("Prishtinë", "fr") is None
    assert m.place_name("", "en") is None


@pytest.fixture
def kosovo(app):
    event = f.make_event("prishtine", source="sq", languages=LANGUAGES, city="Prishtinë", country="XK",
                         title="Dita e Emigrantëve")
    f.make_session(event, title="Hapja", room=f.make_room(event, "Salla e madhe"))
    f.release(event)
    return event


@pytest.mark.parametrize("lang, shown", [("sq", "Prishtinë"), ("en", "Pristina"), ("sr", "Priština"),
                                         ("sr-Cyrl", "Приштина"), ("tr", "Priştine"), ("bs", "Priština")])
def test_the_agenda_names_the_city_in_the_page_language(client, kosovo, lang, shown):
    page = client.get(f"/{lang}/e/prishtine/").get_data(as_text=True)
    start = page.index('<p class="meta">', page.index('class="event-header"'))
    header = page[start:page.index("</p>", start)]  # the day, venue and place
    assert shown in header
    if lang != "sq":
        assert "Prishtinë" not in header and "untranslated" not in header


def test_a_translators_translation_of_the_city_wins(client, kosovo):
    f.make_translation(kosovo, kosovo, "city", "en", "Prishtina, the capital", TranslationStatus.REVIEWED)
    f.release(kosovo)
    page = client.get("/en/e/prishtine/").get_data(as_text=True)
    assert "Prishtina, the capital" in page
    assert "Priština" in client.get("/sr/e/prishtine/").get_data(as_text=True)


def test_exports_name_the_city_in_their_language(client, kosovo):
    data = json.loads(client.get("/sr/e/prishtine/schedule.json").get_data(as_text=True))
    assert data["schedule"]["conference"]["meta"]["location"] == "Priština"
    feed = client.get("/tr/e/prishtine/schedule.ics").get_data(as_text=True)
    assert "Priştine" in feed.replace("\r\n ", "")


@pytest.mark.skipif(bool(UNAVAILABLE), reason=f"WeasyPrint cannot load Pango: {UNAVAILABLE}")
def test_pdf_names_the_city_in_its_language(client, kosovo):
    response = client.get("/en/e/prishtine/agenda.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Pristina" in text and "Prishtinë" not in text


def test_the_list_of_events_offers_one_city_for_two_spellings(client, kosovo):
    f.release(f.make_event("pristina-en", source="en", languages=("en",), city="Pristina", country="XK",
                           title="Migrants Day"))
    f.release(f.make_event("wien", source="en", languages=("en",), city="Wien", country="AT", title="Wien"))
    page = client.get("/sr/").get_data(as_text=True)
    select = page[page.index('<select id="city"'):]
    select = select[:select.index("</select>")]
    labels = re.findall(r">([^<]+)</option>", select)
    assert labels.count("Priština") == 1 and "Prishtinë" not in labels and "Pristina" not in labels
    value = re.search(r'<option value="([^"]+)">Priština</option>', select).group(1)
    both = client.get("/sr/", query_string={"city": value}).get_data(as_text=True)
    assert "/sr/e/prishtine/" in both and "/sr/e/pristina-en/" in both and "/sr/e/wien/" not in both


def test_the_event_form_offers_the_municipalities_without_script(client, auth, kosovo):
    f.make_user("organizer@example.org")
    db.session.commit()
    auth.login("organizer@example.org")
    page = client.get("/manage/new").get_data(as_text=True)
    field = re.search(r'<input[^>]*id="city"[^>]*>', page).group(0)
    assert 'list="city-suggestions"' in field
    options = re.search(r'<datalist id="city-suggestions">(.*?)</datalist>', page, re.S).group(1)
    for name in ("Prishtinë", "Priština", "Gjakovë", "Đakovica", "Zubin Potok", "Mamushë", "Shtërpcë", "Štrpce"):
        assert f'<option value="{name}">' in options


def test_translators_see_the_automatic_name_and_progress_counts_it(client, auth, kosovo):
    from app.content.progress import translation_progress
    from app.models import MemberRole

    f.add_member(kosovo, f.make_user("sr@example.org", organizer=False), MemberRole.TRANSLATOR, "sr")
    db.session.commit()
    progress = translation_progress(kosovo, ["sr"])["sr"]
    # The event's title, the room and the session are to translate; the city is named already.
    assert (progress.total, progress.missing, progress.reviewed) == (4, 3, 1)
    auth.login("sr@example.org")
    page = client.get("/translate/prishtine/sr/?show=missing").get_data(as_text=True)
    assert "f-event-prishtine-city" not in page
    page = client.get("/translate/prishtine/sr/").get_data(as_text=True)
    assert "readers see “Priština” unless you translate it" in page

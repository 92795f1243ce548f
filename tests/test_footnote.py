"""The footnote on the designation of Kosovo: an event setting (none by default, or the UN, EU or
Council of Europe wording), released with the agenda, shown with an asterisk after "Kosovo" on the
event's public pages, the list of events and the PDF, in the reader's language."""
from __future__ import annotations

import io

import pytest
from flask_babel import force_locale, gettext
from pypdf import PdfReader

from app.designation import FOOTNOTES
from app.exports.pdf import UNAVAILABLE
from app.extensions import db
from app.languages import babel_locale
from app.models import ParticipationRole
from tests import factories as f
from tests.conftest import csrf_token

UN = ("References to Kosovo shall be understood to be in the context of Security Council resolution 1244 "
      "(1999).")
EU = ("This designation is without prejudice to positions on status, and is in line with UNSCR 1244/1999 and "
      "the ICJ Opinion on the Kosovo declaration of independence.")
COE = ("All references to Kosovo, whether the territory, institutions or population, in this text shall be "
       "understood in full compliance with United Nations Security Council Resolution 1244 and without prejudice "
       "to the status of Kosovo.")
MARK = '<a class="footnote-mark" href="#designation-footnote">*</a>'


def test_the_three_published_wordings():
    assert {key: str(text) for key, text in FOOTNOTES.items()} == {"un": UN, "eu": EU, "coe": COE}


def _settings(client, event, **overrides) -> dict:
    data = {"csrf_token": csrf_token(client, f"/manage/{event.slug}/settings"), "title": event.title,
            "slug": event.slug, "start_date": event.start_date.isoformat(), "number_of_days": "",
            "end_date": event.end_date.isoformat(), "timezone": event.timezone, "venue": event.venue,
            "city": event.city, "country": event.country, "source_language": event.source_language,
            "languages": event.offered_languages, "version": str(event.version), "designation_footnote": ""}
    data.update(overrides)
    return data


def test_the_settings_form_offers_saves_and_refuses(app, client, auth):
    _, event = f.make_organizer_event(slug="fusnota", city="Prizren", country="XK")
    db.session.commit()
    auth.login()
    page = client.get("/manage/fusnota/settings").get_data(as_text=True)
    assert 'name="designation_footnote"' in page and '<option selected value="">None</option>' in page
    assert "Council of Europe" in page
    response = client.post("/manage/fusnota/settings", data=_settings(client, event, designation_footnote="coe"))
    assert response.status_code == 302
    db.session.expire_all()
    assert event.designation_footnote == "coe"
    response = client.post("/manage/fusnota/settings", data=_settings(client, event, designation_footnote="nato",
                                                                      title="Not saved"))
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (event.designation_footnote, event.title) == ("coe", "Dita Ndërkombëtare e Emigrantëve")


@pytest.fixture
def marked(app):
    event = f.make_event("prizren-2026", city="Prizren", country="XK", designation_footnote="un",
                         languages=("sq", "en", "fr", "ar"))
    session = f.make_session(event, title="Hapja")
    f.make_participation(session, f.make_person(event, "Arta Krasniqi"), ParticipationRole.CHAIR)
    f.release(event)
    return event


@pytest.mark.parametrize("page", ["", "grid", "speakers", "changes", "my", "session", "speaker"])
def test_every_event_page_marks_kosovo_and_carries_the_footnote(client, marked, page):
    session = marked.sessions[0]
    page = {"session": f"s/{session.public_id}", "speaker": f"speakers/{session.participations[0].person_id}"}.get(
        page, page)
    response = client.get(f"/en/e/prizren-2026/{page}", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"<bdi>Prizren</bdi>, Kosovo{MARK}" in html
    assert f'id="designation-footnote"><small><span aria-hidden="true">*</span> {UN}</small>' in html


def test_the_footnote_is_in_the_readers_language(app, client, marked):
    """Two places: the interface catalog of each language (and CLDR's name of Kosovo), and the page."""
    for lang in ("fr", "ar", "sq", "zh"):
        with app.test_request_context(f"/{lang}/"), force_locale(babel_locale(lang)):
            expected = gettext(UN)
        html = client.get(f"/{lang}/e/prizren-2026/").get_data(as_text=True)
        assert expected in html, lang
        assert f"{babel_locale(lang).territories['XK']}{MARK}" in html, lang


def test_the_list_of_events_marks_kosovo_and_names_the_wording_once(client, marked):
    f.release(f.make_event("gjakove", city="Gjakovë", country="XK", designation_footnote="un"))
    f.release(f.make_event("beograd", city="Beograd", country="RS"))
    html = client.get("/en/").get_data(as_text=True)
    assert html.count(f"Kosovo{MARK}") == 2 and "Serbia" in html
    assert html.count(UN) == 1


def test_no_footnote_by_default(client, app):
    f.release(f.make_event("pa-fusnote", city="Prizren", country="XK"))
    html = client.get("/en/e/pa-fusnote/").get_data(as_text=True)
    assert "<bdi>Prizren</bdi>, Kosovo" in html and MARK not in html and "designation-footnote" not in html
    html = client.get("/en/").get_data(as_text=True)
    assert MARK not in html and "1244" not in html


def test_only_kosovo_takes_the_asterisk(client, app):
    f.release(f.make_event("beograd", city="Beograd", country="RS", designation_footnote="eu", source="en",
                           languages=("en", "sr")))
    html = client.get("/en/e/beograd/").get_data(as_text=True)
    assert "<bdi>Beograd</bdi>, Serbia" in html and MARK not in html
    assert EU in html  # the event chose to carry it: its texts may name Kosovo


def test_the_public_sees_the_released_setting(app, client, marked):
    marked.designation_footnote = "eu"
    db.session.commit()
    html = client.get("/en/e/prizren-2026/").get_data(as_text=True)
    assert UN in html and EU not in html  # a draft until it is published again
    f.release(marked)
    html = client.get("/en/e/prizren-2026/").get_data(as_text=True)
    assert EU in html and UN not in html


@pytest.mark.skipif(bool(UNAVAILABLE), reason=f"WeasyPrint cannot load Pango: {UNAVAILABLE}")
def test_the_pdf_marks_kosovo_and_carries_the_footnote(client, marked):
    response = client.get("/en/e/prizren-2026/agenda.pdf")
    assert response.status_code == 200
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Prizren, Kosovo*" in text
    assert f"* {UN}" in text

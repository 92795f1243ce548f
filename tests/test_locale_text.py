"""Locale-correct text around the content: lists in each language's pattern, one month-name style,
the time zone as attendees read it, names isolated inside right-to-left lines, in the pages and
in the PDF."""
from __future__ import annotations

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from app.exports.pdf import UNAVAILABLE
from app.extensions import db
from app.models import ParticipationRole, SessionFormat, TranslationStatus
from app.text import join_list, un_arabic_months, utc_offset, zone_label
from tests import factories as f

NAMES = ["Arta Krasniqi", "Jonas Keller", "Milica Stojanović"]


@pytest.mark.parametrize(("lang", "joined"), [
    ("en", "Arta Krasniqi, Jonas Keller and Milica Stojanović"),
    ("ar", "Arta Krasniqi، Jonas Keller وMilica Stojanović"),
    ("zh", "Arta Krasniqi、Jonas Keller和Milica Stojanović"),
    ("fr", "Arta Krasniqi, Jonas Keller et Milica Stojanović"),
    ("sq", "Arta Krasniqi, Jonas Keller dhe Milica Stojanović"),
    ("sr-Cyrl", "Arta Krasniqi, Jonas Keller и Milica Stojanović"),
])
def test_lists_follow_the_language(lang, joined):
    assert join_list(NAMES, lang) == joined


def test_lists_of_two_and_one_and_markup():
    assert join_list(NAMES[:2], "ar") == "Arta Krasniqi وJonas Keller"
    assert join_list(NAMES[:1], "zh") == "Arta Krasniqi"
    assert join_list(["<b>", "A & B"], "en") == "&lt;b&gt; and A &amp; B"


@pytest.mark.parametrize(("zone", "lang", "label"), [
    ("Europe/Belgrade", "en", "CET, UTC+1"),
    ("Europe/Belgrade", "sq", "Ora standarde e Evropës Qendrore, UTC+1"),
    ("America/New_York", "en", "Eastern Standard Time, UTC\u22125"),
    ("Asia/Kolkata", "en", "IST, UTC+5:30"),
    ("Europe/Istanbul", "en", "UTC+3"),
    ("UTC", "fr", "UTC"),
])
def test_zone_labels(app, zone, lang, label):
    with app.test_request_context("/en/"):
        assert zone_label(zone, date(2026, 12, 18), lang) == label


def test_zone_label_in_arabic_isolates_the_offset(app):
    with app.test_request_context("/ar/"):
        label = zone_label("Europe/Belgrade", date(2026, 12, 18), "ar")
    assert label.startswith("توقيت وسط أوروبا الرسمي") and label.endswith("\u2066UTC+1\u2069")


def test_summer_time_is_the_event_days():
    assert utc_offset(datetime(2026, 7, 1, 12, tzinfo=ZoneInfo("Europe/Belgrade"))) == "UTC+2"
    assert utc_offset(datetime(2026, 12, 18, 12, tzinfo=ZoneInfo("Europe/Belgrade"))) == "UTC+1"


def test_arabic_months_are_the_uns(app):
    from app.languages import babel_locale

    assert un_arabic_months("الجمعة، 18 ديسمبر 2026", babel_locale("ar")) == "الجمعة، 18 كانون الأول/ديسمبر 2026"
    assert un_arabic_months("Friday, 18 December 2026", babel_locale("en")) == "Friday, 18 December 2026"


@pytest.fixture
def agenda(app):
    """A published two-day roundtable event with three co-chairs (Latin names) and a translated title."""
    event = f.make_event("tryeza", source="en", languages=("en", "ar", "zh", "fr", "sq"), days=2, city="Prizren",
                         country="XK", title="Migrants Day roundtables")
    room = f.make_room(event, "Conference room A")
    session = f.make_session(event, "10:00", "13:00", format=SessionFormat.ROUNDTABLE, number=1,
                             title="Roundtable 1", room=room)
    for position, name in enumerate(NAMES):
        person = f.make_person(event, name, function="Minister" if position == 0 else "",
                               organization="Ministry of Diaspora" if position == 0 else "")
        f.make_participation(session, person, ParticipationRole.CO_CHAIR, position)
    f.make_translation(event, event, "title", "ar", "موائد يوم المهاجرين المستديرة", TranslationStatus.REVIEWED)
    f.make_translation(event, session, "title", "ar", "المائدة المستديرة 1", TranslationStatus.REVIEWED)
    f.release(event)
    return event, session


def _links(html: str) -> str:
    """The page's text with the speakers' links and isolates reduced to their names."""
    return re.sub(r'<a href="[^"]*/speakers/\d+"><bdi>([^<]*)</bdi></a>', r"\1", html)


def test_arabic_agenda_joins_the_co_chairs_in_arabic(client, agenda):
    html = client.get("/ar/e/tryeza/").get_data(as_text=True)
    assert "Arta Krasniqi، Jonas Keller وMilica Stojanović" in _links(html)
    html = client.get("/ar/e/tryeza/grid").get_data(as_text=True)
    assert "<bdi>Arta Krasniqi</bdi>، <bdi>Jonas Keller</bdi> و<bdi>Milica Stojanović</bdi>" in html
    # the same list on an English page, in English
    assert "Arta Krasniqi, Jonas Keller and Milica Stojanović" in _links(
        client.get("/en/e/tryeza/").get_data(as_text=True))
    assert "Arta Krasniqi、Jonas Keller和Milica Stojanović" in _links(
        client.get("/zh/e/tryeza/").get_data(as_text=True))


def test_latin_names_are_isolated_in_arabic_pages(client, agenda):
    event, session = agenda
    html = client.get(f"/ar/e/tryeza/s/{session.public_id}").get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert "<bdi>Arta Krasniqi</bdi>" in html
    assert "<bdi>Conference room A</bdi>" in html or '<bdi><span lang="en" dir="auto">Conference room A</span>' in html
    assert "<bdi>Minister</bdi>" in html or '<bdi><span lang="en" dir="auto">Minister</span>' in html
    person_id = session.participations[0].person_id
    html = client.get(f"/ar/e/tryeza/speakers/{person_id}").get_data(as_text=True)
    assert "<h1><bdi>Arta Krasniqi</bdi></h1>" in html


def test_the_time_zone_is_named_not_the_iana_zone(client, agenda):
    event, session = agenda
    agenda_html = client.get("/en/e/tryeza/").get_data(as_text=True)
    assert "Times are in the event’s time zone: CET, UTC+1." in agenda_html
    session_html = client.get(f"/en/e/tryeza/s/{session.public_id}").get_data(as_text=True)
    assert "(CET, UTC+1)" in session_html
    for html in (agenda_html, session_html, client.get("/en/e/tryeza/grid").get_data(as_text=True)):
        assert "Europe/Belgrade" not in html


def test_one_month_style_in_arabic(client, agenda):
    """The header's days, the day headings and the interface's own "18 December" agree."""
    html = client.get("/ar/e/tryeza/").get_data(as_text=True)
    header = re.search(r'<header class="event-header">.*?<p class="meta">\s*(.*?)\n', html, re.S).group(1)
    headings = re.findall(r'<h2 id="day-\d+">([^<]*)</h2>', html)
    brand = re.search(r'<span class="brand-day">([^<]*)</span>', html).group(1)
    assert headings and headings[0] in header
    assert "كانون الأول/ديسمبر" in headings[0] and "كانون الأول/ديسمبر" in brand
    assert "ديسمبر 2026" not in html.replace("كانون الأول/ديسمبر 2026", "")


def test_two_days_read_as_a_range(client, agenda):
    html = client.get("/en/e/tryeza/").get_data(as_text=True)
    assert "Friday, 18 December 2026 – Saturday, 19 December 2026" in html


def test_the_untranslated_note_does_not_break(client, agenda):
    html = client.get("/sq/e/tryeza/").get_data(as_text=True)
    assert '<small class="untranslated">' in html
    css = client.get("/static/css/public.css").get_data(as_text=True)
    assert ".untranslated { white-space: nowrap; }" in css
    assert "css/public.css" in html


@pytest.mark.skipif(bool(UNAVAILABLE), reason=f"WeasyPrint cannot load Pango: {UNAVAILABLE}")
def test_the_arabic_pdf_keeps_latin_names_whole(client, agenda):
    response = client.get("/ar/e/tryeza/agenda.pdf")
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for name in NAMES:
        assert name in text, name
    assert "Minister" in text and "Ministry of Diaspora" in text
    assert "UTC+1" in text
    db.session.remove()


def test_the_calendar_lists_people_in_the_languages_punctuation(client, agenda):
    import icalendar

    event, session = agenda
    ar = icalendar.Calendar.from_ical(client.get("/ar/e/tryeza/schedule.ics").data).walk("VEVENT")[0]
    assert "Arta Krasniqi، Minister، Ministry of Diaspora؛ Jonas Keller؛ Milica Stojanović" in str(ar["DESCRIPTION"])
    en = icalendar.Calendar.from_ical(client.get("/en/e/tryeza/schedule.ics").data).walk("VEVENT")[0]
    assert "Co-chair: Arta Krasniqi, Minister, Ministry of Diaspora; Jonas Keller; Milica Stojanović" in str(
        en["DESCRIPTION"])

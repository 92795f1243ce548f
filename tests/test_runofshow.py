"""The run-of-show PDF: per day and room, each session's people by role, languages, papers and notes,
in the organizer's interface language (Arabic too), read back with pdftotext and pypdf."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from app.exports.pdf import UNAVAILABLE
from app.extensions import db
from app.labels import ROLE_LABELS
from app.languages import babel_locale
from app.models import ParticipationRole, SessionFormat, TranslationStatus
from tests import factories as f


def _families() -> str:
    if not shutil.which("fc-list"):
        return ""
    return subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout


pytestmark = [
    pytest.mark.skipif(bool(UNAVAILABLE), reason=f"WeasyPrint cannot load Pango: {UNAVAILABLE}"),
    pytest.mark.skipif("Arabic" not in _families(), reason="the Noto fonts are not installed"),
]

AR_TITLE = "الافتتاح الرسمي"


def _role(lang: str, role: ParticipationRole) -> str:
    with force_locale(str(babel_locale(lang))):
        return str(ROLE_LABELS[role])


@pytest.fixture
def day(app):
    owner, event = f.make_organizer_event("owner@example.org", slug="day", source="en", languages=("en", "ar", "sq"),
                                          days=2, title="Migrants Day in Prishtina")
    hall = f.make_room(event, "Main Hall", accessibility="Ramp at the north door", position=0)
    side = f.make_room(event, "Side Room", position=1)
    opening = f.make_session(event, "09:00", "10:00", title="Opening ceremony", room=hall,
                             description="Two lecterns; **national anthem** first.")
    f.make_translation(event, opening, "title", "ar", AR_TITLE, TranslationStatus.REVIEWED)
    roundtable = f.make_session(event, "09:30", "12:00", title="Labour mobility", room=side,
                                format=SessionFormat.ROUNDTABLE, number=4)
    roundtable.interpretation = ["ar", "sq"]
    later = f.make_session(event, "11:00", "12:00", title="Hearing with civil society", room=hall,
                           format=SessionFormat.HEARING)
    closing = f.make_session(event, "16:00", "17:00", title="Closing plenary", room=hall, day_offset=1)
    f.make_paper(roundtable, "Roundtable 4 background paper", external_url="https://example.org/rt4")
    people = {name: f.make_person(event, name, function=function, organization="IOM")
              for name, function in [("Vjosa Berisha", "Minister"), ("Amina Diallo", "Director"),
                                     ("Marco Rossi", "Professor"), ("Lena Novak", "Researcher")]}
    f.make_participation(opening, people["Vjosa Berisha"], ParticipationRole.CHAIR)
    f.make_participation(roundtable, people["Amina Diallo"], ParticipationRole.CO_CHAIR, 0)
    f.make_participation(roundtable, people["Marco Rossi"], ParticipationRole.CO_CHAIR, 1)
    f.make_participation(roundtable, people["Lena Novak"], ParticipationRole.RAPPORTEUR, 2)
    f.make_participation(closing, people["Amina Diallo"], ParticipationRole.MODERATOR)
    db.session.commit()
    assert later and closing
    return event


def _pdf(client, lang: str) -> bytes:
    client.set_cookie("dita_lang", lang)
    response = client.get("/manage/day/run-of-show.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    return response.data


def _pdftotext(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_run_of_show_in_english_per_day_and_room(client, auth, day):
    auth.login("owner@example.org")
    assert "run-of-show.pdf" in client.get("/manage/day/").get_data(as_text=True)
    text = _pdftotext(_pdf(client, "en"))
    flat = " ".join(text.split())
    # Day 1: the main hall's sessions, then the side room's; day 2 after.
    body = flat.split("Saturday, 19 December 2026", 1)[1]  # after the heading's day range
    first, second = body.split("Saturday, 19 December 2026")
    assert first.index("Main Hall") < first.index("Opening ceremony") < first.index("Hearing with civil society") \
        < first.index("Side Room") < first.index("Labour mobility")
    assert "Closing plenary" in second and "Closing plenary" not in first and "Labour mobility" not in second
    assert "Chair: Vjosa Berisha (Minister, IOM)" in flat
    assert "Co-chair: Amina Diallo (Director, IOM) and Marco Rossi (Professor, IOM)" in flat
    assert "Rapporteur: Lena Novak (Researcher, IOM)" in flat
    assert "Moderator: Amina Diallo" in flat
    assert "Interpretation: Albanian and Arabic" in flat
    assert "Roundtable 4 background paper (link)" in flat
    assert "Notes" in flat and "national anthem first." in flat
    assert "Ramp at the north door" in flat
    assert "Nobody is assigned to this session yet." in flat  # the hearing


def test_run_of_show_in_arabic(client, auth, day):
    auth.login("owner@example.org")
    data = _pdf(client, "ar")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert all(word in text for word in AR_TITLE.split()) or AR_TITLE[::-1] in text
    chair = _role("ar", ParticipationRole.CHAIR)
    assert chair != "Chair" and (chair in text or chair[::-1] in text)
    assert "Vjosa Berisha" in text and "Labour mobility" in text
    fonts = {str(font.get_object()["/BaseFont"]) for page in PdfReader(io.BytesIO(data)).pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("Arabic" in name for name in fonts)


def test_run_of_show_is_for_the_event_members(client, auth, day):
    f.make_user("other@example.org")
    db.session.commit()
    assert client.get("/manage/day/run-of-show.pdf").status_code == 302  # to sign in
    auth.login("other@example.org")
    assert client.get("/manage/day/run-of-show.pdf").status_code == 403

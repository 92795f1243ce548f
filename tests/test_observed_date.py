"""An observed date: when 18 December falls on a weekend, the day the event keeps International Migrants
Day on, set in the event's settings and said on the public pages and in the agenda PDF."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from app.extensions import db
from app.models.event import weekend_migrants_day
from app.public.agenda import load_published
from tests.conftest import csrf_token
from tests.factories import make_organizer_event, make_session, release

# 18 December 2027 is a Saturday; 18 December 2026 a Friday.
WEEKEND_DAY = date(2027, 12, 18)


def _settings(client, event, **overrides) -> dict:
    data = {"csrf_token": csrf_token(client, f"/manage/{event.slug}/settings"), "title": event.title,
            "slug": event.slug, "start_date": event.start_date.isoformat(), "number_of_days": "",
            "end_date": event.end_date.isoformat(), "timezone": event.timezone, "venue": "", "city": "",
            "country": "", "source_language": event.source_language, "languages": event.offered_languages,
            "version": str(event.version), "statement_minutes": "5", "dates_language": "sq",
            "fallback_languages": "", "designation_footnote": "", "observed_date": ""}
    data.update(overrides)
    return data


@pytest.fixture
def weekend_event(app, client, auth):
    """An organizer's event of 17-18 December 2027 (a Friday and a Saturday), signed in."""
    _, event = make_organizer_event(slug="weekend", day=date(2027, 12, 17), days=2, source="en",
                                    languages=["en", "ar", "sq"])
    make_session(event, "10:00", "12:00", title="Opening", day_offset=0)
    db.session.commit()
    auth.login()
    return event


def test_the_calendar_knows_weekend_years():
    assert weekend_migrants_day(2027) and weekend_migrants_day(2021) and weekend_migrants_day(2032)
    assert not weekend_migrants_day(2026)


def test_an_observed_date_is_saved_and_said_on_the_public_pages_in_every_language(client, weekend_event):
    event = weekend_event
    response = client.post(f"/manage/{event.slug}/settings", data=_settings(client, event, observed_date="2027-12-17"))
    assert response.status_code == 302
    db.session.expire_all()
    assert event.observed_date == date(2027, 12, 17)
    release(event)
    assert load_published(event.slug).observed_day == date(2027, 12, 17)
    english = client.get("/en/e/weekend/").get_data(as_text=True)
    assert "International Migrants Day, observed on Friday, 17 December 2027" in english
    arabic = client.get("/ar/e/weekend/").get_data(as_text=True)
    albanian = client.get("/sq/e/weekend/").get_data(as_text=True)
    assert "17 dhjetor 2027" in albanian  # the day in the page's language (the sentence once translated)
    for page in (arabic, albanian):
        note = re.search(r'<p class="meta observed-date">([^<]+)</p>', page)
        assert note and ("2027" in note.group(1) or "٢٠٢٧" in note.group(1)) and "17" in note.group(1) + "١٧"
    # Another page of the event carries the same header.
    assert "observed on Friday, 17 December 2027" in client.get("/en/e/weekend/speakers/").get_data(as_text=True)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")
def test_the_agenda_pdf_says_the_observed_date(client, weekend_event, tmp_path):
    event = weekend_event
    event.observed_date = date(2027, 12, 17)
    db.session.commit()
    release(event)
    response = client.get("/en/e/weekend/agenda.pdf")
    assert response.status_code == 200
    path = tmp_path / "agenda.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "observed on Friday, 17 December 2027" in " ".join(text.split())


@pytest.mark.parametrize(("day", "start", "end", "message"), [
    ("2026-12-17", "2026-12-17", "2026-12-18", "18 December 2026 is a weekday"),
    ("2027-12-18", None, None, "Give the day the event keeps instead of 18 December"),
    ("2027-12-20", None, None, "The observed date must be one of the event"),
])
def test_a_meaningless_observed_date_is_refused_with_a_message(client, weekend_event, day, start, end, message):
    event = weekend_event
    data = _settings(client, event, observed_date=day, title="Changed title",
                     **({"start_date": start, "end_date": end} if start else {}))
    response = client.post(f"/manage/{event.slug}/settings", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    db.session.expire_all()
    assert event.observed_date is None and event.title != "Changed title"


def test_no_note_without_an_observed_date_or_once_it_means_nothing(client, weekend_event):
    event = weekend_event
    release(event)
    assert "observed on" not in client.get("/en/e/weekend/").get_data(as_text=True)
    # A copy moved to a year when 18 December is a weekday keeps the column but says nothing.
    agenda = load_published(event.slug)
    agenda.start_date, agenda.end_date = date(2026, 12, 17), date(2026, 12, 18)
    agenda.observed_date = date(2026, 12, 17)
    assert agenda.observed_day is None

"""Members preview every export of the working copy; the public keeps getting the release."""
from __future__ import annotations

import io

import icalendar
import pytest
from pypdf import PdfReader

from app.extensions import db
from tests import factories as f


@pytest.fixture
def published(app):
    _, event = f.make_organizer_event(slug="preview", source="en", languages=["en", "sq", "ar"])
    session = f.make_session(event, "09:00", "10:00", title="Released title")
    f.release(event)
    session.title = "Working copy title, not yet released"
    db.session.commit()
    return event


EXPORTS = ["schedule.json", "schedule.xml", "schedule.ics", "agenda.pdf"]


def _text(response) -> str:
    if response.mimetype == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    if response.mimetype == "text/calendar":
        calendar = icalendar.Calendar.from_ical(response.data)
        return "\n".join(str(c.get("SUMMARY")) for c in calendar.walk("VEVENT"))
    return response.get_data(as_text=True)


@pytest.mark.parametrize("name", EXPORTS)
def test_members_preview_the_working_copy_of_each_export(client, auth, published, name):
    auth.login()
    url = f"/en/e/{published.slug}/{name}"
    preview = client.get(url + "?preview=draft")
    assert preview.status_code == 200
    assert "private" in preview.headers["Cache-Control"] and "no-store" in preview.headers["Cache-Control"]
    assert "Working copy title" in _text(preview)
    public = client.get(url)
    assert public.status_code == 200
    assert "Working copy title" not in _text(public) and "Released title" in _text(public)


@pytest.mark.parametrize("name", EXPORTS)
def test_the_public_cannot_preview_an_export(client, published, name):
    assert client.get(f"/en/e/{published.slug}/{name}?preview=draft").status_code == 404


def test_the_event_page_links_every_public_page_in_every_language(client, auth, published):
    auth.login()
    page = client.get(f"/manage/{published.slug}/").get_data(as_text=True)
    for code in published.offered_languages:
        for name in ("", "changes", "agenda.pdf", "schedule.ics", "schedule.json", "schedule.xml"):
            assert f'href="/{code}/e/{published.slug}/{name}' in page

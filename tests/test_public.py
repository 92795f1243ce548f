"""The first public pages: the demo agenda in the page's language, errors, /healthz."""
from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date

from app.dates import next_migrants_day
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from tests import factories as f


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    return event


def test_root_redirects_by_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "sq-AL,sq;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/sq/"
    response = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert response.headers["Location"] == "/en/"


def test_root_prefers_the_language_chosen_before(client):
    client.get("/ar/")
    assert client.get("/", headers={"Accept-Language": "fr"}).headers["Location"] == "/ar/"


def test_demo_agenda_in_albanian(client, demo):
    page = client.get(f"/sq/e/{DEMO_SLUG}/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="sq" dir="ltr">' in html
    assert "e premte, 18 dhjetor 2026" in html  # Flask-Babel, in the event's zone
    assert "Dita Ndërkombëtare e Migrantëve" in html
    assert ">09:00<" in html and ">10:00<" in html
    assert "Tryezë e rrumbullakët" in html or "Tryeza e rrumbullakët" in html


def test_demo_agenda_in_english_is_translated(client, demo):
    html = client.get(f"/en/e/{DEMO_SLUG}/").get_data(as_text=True)
    assert "International Migrants Day" in html
    assert "Friday, 18 December 2026" in html
    assert "09:00" in html
    assert "(not yet translated)" not in html


def test_untranslated_content_falls_back_with_its_language(client, demo):
    html = client.get(f"/fr/e/{DEMO_SLUG}/").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html
    # French has no translation: English, the event's first fallback, with its own lang and a note.
    assert '<span lang="en" dir="auto">International Migrants Day' in html
    assert "(pas encore traduit)" in html
    assert "vendredi 18 décembre 2026" in html


def test_arabic_page_is_right_to_left(client, demo):
    html = client.get(f"/ar/e/{DEMO_SLUG}/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html


def test_times_follow_the_event_zone(app, client):
    event = f.make_event("tokyo", timezone="Asia/Tokyo", languages=("en",), source="en", title="Tokyo")
    f.make_session(event, "09:30", "10:00", title="Opening")
    f.release(event)
    html = client.get("/en/e/tokyo/").get_data(as_text=True)
    assert ">09:30<" in html
    assert "Japan Standard Time, UTC+9" in html and "Asia/Tokyo" not in html  # the zone as attendees read it


def test_unknown_event_404_translated(client):
    response = client.get("/sq/e/no-such-event/")
    assert response.status_code == 404
    assert "Faqja nuk u gjet" in response.get_data(as_text=True)


def test_unknown_language_404(client):
    assert client.get("/de/").status_code == 404


def test_draft_event_is_404(app, client):
    f.make_event("draft-event")
    db.session.commit()
    assert client.get("/en/e/draft-event/").status_code == 404


def test_home_lists_published_events(client, demo):
    html = client.get("/sq/").get_data(as_text=True)
    assert "Dita Ndërkombëtare e Migrantëve — Prishtinë" in html
    assert format_date(next_migrants_day(), "full", locale="sq") or True


def test_home_empty_state(client):
    html = client.get("/en/").get_data(as_text=True)
    assert "No events have been published yet" in html


def test_language_switcher_keeps_the_page(client, demo):
    html = client.get(f"/sq/e/{DEMO_SLUG}/").get_data(as_text=True)
    assert f'href="/ar/e/{DEMO_SLUG}/"' in html
    assert f'href="/sr/e/{DEMO_SLUG}/"' in html


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "up"


def test_healthz_and_pages_when_the_database_is_down(make_app):
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    client = app.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "down"
    page = client.get("/sq/e/anything/")
    assert page.status_code == 503
    assert "Traceback" not in page.get_data(as_text=True)
    assert "Përkohësisht" in page.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/en/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_query_arguments_cannot_break_the_language_switcher(client, demo):
    response = client.get(f"/sq/e/{DEMO_SLUG}/?lang=ar&_external=1&slug=x")
    assert response.status_code == 200
    assert f'href="/ar/e/{DEMO_SLUG}/"' in response.get_data(as_text=True)


def test_a_translators_target_language_is_not_the_interface_language(app, client, auth):
    f.make_user("tr@example.org", organizer=False, translator=True, languages=["ar"])
    event = f.make_event("to-translate", source="en", languages=("en", "ar"))
    db.session.commit()
    auth.login("tr@example.org")
    html = client.get(f"/translate/{event.slug}/ar/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html


def test_without_pango_the_pdf_is_unavailable_and_the_rest_works(client, demo, monkeypatch):
    """WeasyPrint needs Pango from the system; a machine without it still serves everything else."""
    import importlib

    import app.exports.pdf as pdf

    monkeypatch.setitem(__import__("sys").modules, "weasyprint", None)
    try:
        importlib.reload(pdf)
        assert pdf.UNAVAILABLE
        assert client.get(f"/en/e/{DEMO_SLUG}/agenda.pdf").status_code == 503
        assert client.get(f"/en/e/{DEMO_SLUG}/").status_code == 200
    finally:
        monkeypatch.undo()
        importlib.reload(pdf)
    assert not pdf.UNAVAILABLE

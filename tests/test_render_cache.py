"""The render cache: a page is rendered once per validator; publishing, edits and translations
change the validator, so the next reader gets the new page at once."""
from __future__ import annotations

import gzip
from datetime import date

import pytest
import sqlalchemy as sa

from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.extensions import cache, db
from app.models import Event, Session, TranslationStatus
from app.publishing import publish
from tests import factories as f

AGENDA = f"/en/e/{DEMO_SLUG}/"


@pytest.fixture
def cached_app(make_app):
    app = make_app()  # each app has a render cache of its own
    with app.app_context():
        load_demo(day=date(2026, 12, 18))
        cache.clear()
        yield app
        db.session.remove()


def _queries(client, url):
    with f.count_queries() as statements:
        response = client.get(url)
    return response, len(statements)


def test_second_reader_gets_the_page_from_the_cache(cached_app):
    client = cached_app.test_client()
    first, cold = _queries(client, AGENDA)
    second, warm = _queries(client, AGENDA)
    assert first.status_code == second.status_code == 200
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]
    assert warm == 1 < cold  # only the validator query


@pytest.mark.parametrize("url", [AGENDA + "grid", AGENDA + "schedule.json", AGENDA + "schedule.ics", "/en/"])
def test_views_and_exports_are_cached(cached_app, url):
    client = cached_app.test_client()
    first, _ = _queries(client, url)
    second, warm = _queries(client, url)
    assert warm == 1
    assert second.get_data() == first.get_data()
    assert second.headers["Content-Type"] == first.headers["Content-Type"]


def test_an_edit_reaches_readers_with_the_next_publish(cached_app):
    client = cached_app.test_client()
    client.get(AGENDA)
    session = db.session.scalar(sa.select(Session).where(Session.number == 2))
    session.title = "Tryeza e rrumbullakët 2: titull i ri"
    db.session.commit()
    assert "titull i ri" not in client.get(f"/sq/e/{DEMO_SLUG}/").get_data(as_text=True)  # a draft
    publish(db.session.scalar(sa.select(Event)))
    db.session.commit()
    assert "titull i ri" in client.get(f"/sq/e/{DEMO_SLUG}/").get_data(as_text=True)


def test_a_translation_reaches_its_language_and_leaves_others_cached(cached_app):
    client = cached_app.test_client()
    client.get(AGENDA)
    client.get(f"/sr/e/{DEMO_SLUG}/")
    session = db.session.scalar(sa.select(Session).where(Session.number == 1))
    set_translation(session.event_id, session, "title", "en", "Roundtable 1: a better English title",
                    TranslationStatus.REVIEWED)
    db.session.commit()
    assert "a better English title" in client.get(AGENDA).get_data(as_text=True)
    # Serbian readers fall back to English, so their page is rendered anew too.
    client.get(f"/sr/e/{DEMO_SLUG}/")
    set_translation(session.event_id, session, "title", "fr", "Table ronde 1", TranslationStatus.REVIEWED)
    db.session.commit()
    _, warm = _queries(client, f"/sr/e/{DEMO_SLUG}/")
    assert warm == 1


def test_publishing_changes_the_page(cached_app):
    client = cached_app.test_client()
    before = client.get(AGENDA + "changes").get_data(as_text=True)
    event = db.session.scalar(sa.select(Event))
    event.sessions[0].title = "Hapja e re"
    publish(event)
    db.session.commit()
    after = client.get(AGENDA + "changes").get_data(as_text=True)
    assert after != before


def test_a_page_with_a_message_is_neither_served_from_nor_kept_in_the_cache(cached_app):
    client = cached_app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "A message for this visitor only")]
    personal = client.get("/en/")
    assert "A message for this visitor only" in personal.get_data(as_text=True)
    assert personal.headers["Cache-Control"] == "private, no-store"
    other = cached_app.test_client().get("/en/")
    assert "A message for this visitor only" not in other.get_data(as_text=True)
    assert other.headers["Cache-Control"].startswith("public")


def test_file_downloads_stream_and_are_not_kept(cached_app):
    from app.models import PaperFile

    paper_file = db.session.scalar(sa.select(PaperFile))
    client = cached_app.test_client()
    url = f"/en/e/{DEMO_SLUG}/papers/{paper_file.id}"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.get_data() == second.get_data() and first.get_data().startswith(b"%PDF-")


@pytest.mark.parametrize("url", [AGENDA, AGENDA + "schedule.json", AGENDA + "schedule.xml", AGENDA + "schedule.ics"])
def test_browsers_get_the_kept_page_gzipped_and_others_plain(cached_app, url):
    client = cached_app.test_client()
    plain = client.get(url)
    cold = cached_app.test_client().get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    warm = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    again_plain = client.get(url)
    assert "Content-Encoding" not in plain.headers and "Content-Encoding" not in again_plain.headers
    for response in (cold, warm):
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.get_data()) == plain.get_data()
        assert len(response.get_data()) < len(plain.get_data()) / 3
    assert again_plain.get_data() == plain.get_data()
    assert all("Accept-Encoding" in r.headers["Vary"] for r in (plain, cold, warm))
    assert plain.headers["ETag"] == warm.headers["ETag"] and plain.headers["ETag"].startswith('W/"')
    not_modified = client.get(url, headers={"If-None-Match": warm.headers["ETag"], "Accept-Encoding": "gzip"})
    assert not_modified.status_code == 304


def test_a_refusal_to_gzip_is_honoured(cached_app):
    client = cached_app.test_client()
    client.get(AGENDA, headers={"Accept-Encoding": "gzip"})
    response = client.get(AGENDA, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response.headers
    assert response.get_data(as_text=True).lstrip().startswith("<!doctype html>")


def test_the_pdf_is_kept_as_it_is(cached_app):
    from app.exports.pdf import UNAVAILABLE

    if UNAVAILABLE:
        pytest.skip(f"WeasyPrint cannot load Pango: {UNAVAILABLE}")
    client = cached_app.test_client()
    first = client.get(AGENDA + "agenda.pdf", headers={"Accept-Encoding": "gzip"})
    second = client.get(AGENDA + "agenda.pdf", headers={"Accept-Encoding": "gzip"})
    assert first.status_code == second.status_code == 200
    assert "Content-Encoding" not in second.headers and second.get_data().startswith(b"%PDF-")
    assert second.get_data() == first.get_data()

"""The public search of events forgives diacritics, case and script, reads what the public sees
(the last release and its current translations), and costs the same few queries for any number
of events. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from app.content import set_translation
from app.demo import load_demo
from app.extensions import db
from app.models import EventSearch, Translation, TranslationStatus
from app.publishing import unpublish
from app.search import fold, search_words
from config import TestingConfig
from tests import factories as f

DEMO_TITLE_EN = "International Migrants Day — Pristina"


@pytest.mark.parametrize(("text", "folded"), [
    ("Dita Ndërkombëtare e Emigrantëve — Prishtinë", "dita nderkombetare e emigranteve prishtine"),
    ("Приштина", "pristina"),
    ("Međunarodni dan migranata — Priština", "medjunarodni dan migranata pristina"),
    ("Ђаковица", "djakovica"),
    ("İSTANBUL Göçmenler", "istanbul gocmenler"),
    ("  Straße\u00a0«Wien»  ", "strasse wien"),
    ("国际移民日", "国际移民日"),
    ("اليوم الدولي", "اليوم الدولي"),
])
def test_fold(text, folded):
    assert fold(text) == folded


def test_search_words_are_folded_unique_and_bounded():
    assert search_words("Prishtinë prishtine  DITA") == ["prishtine", "dita"]
    assert search_words(" — ") == []
    assert len(search_words(" ".join(f"w{n}" for n in range(50)))) == 8


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    f.release(f.make_event("beograd", country="RS", city="Beograd", title="Dan migranata u Beogradu",
                           source="sr", languages=("sr", "en")))
    return event


def _finds(client, query: str, lang: str = "en") -> bool:
    html = client.get(f"/{lang}/", query_string={"q": query}).get_data(as_text=True)
    return "migrants-day-pristina" in html


@pytest.mark.parametrize("query", [
    "prishtine", "dita nderkombetare", "Pristina", "Приштина", "PRISHTINË", "priština", "Prishtina",
    "migrants pristina", "kosovo", "Kosova", "Косово", "pallati i rinise",
])
def test_the_demo_is_found_without_diacritics_and_in_other_scripts(client, demo, query):
    assert _finds(client, query)
    assert _finds(client, query, lang="sq")


@pytest.mark.parametrize("query", ["beograd", "prishtine beograd", "nothing-like-this", "%", "_", "\\", "— «»"])
def test_other_words_do_not_find_it(client, demo, query):
    assert not _finds(client, query)


def test_the_other_event_is_found_by_its_own_words(client, demo):
    html = client.get("/en/", query_string={"q": "beogradu"}).get_data(as_text=True)
    assert "Dan migranata u Beogradu" in html and "migrants-day-pristina" not in html
    html = client.get("/en/", query_string={"q": "Београду"}).get_data(as_text=True)
    assert "Dan migranata u Beogradu" in html


def test_search_and_place_filters_combine(client, demo):
    assert "No event matches your search." in client.get("/en/?q=pristina&country=RS").get_data(as_text=True)
    assert _finds(client, "pristina") and "migrants-day-pristina" in client.get(
        "/en/?q=pristina&country=XK").get_data(as_text=True)


def test_the_search_reads_the_release_not_the_working_copy(app, client, demo):
    demo.title = "Tryeza sekrete e punës"
    db.session.commit()
    assert not _finds(client, "sekrete")  # a draft's words are not found before they are published
    assert _finds(client, "migranteve")
    f.release(demo)
    assert _finds(client, "sekrete")
    assert not _finds(client, "migranteve")
    # The English title was made from the old source: stale, so no longer searched either.
    assert not _finds(client, "international migrants day")


def test_a_reviewed_translation_is_found_at_once_and_a_deleted_one_no_longer(app, client, demo):
    assert not _finds(client, "移民")
    row = set_translation(demo.id, demo, "title", "zh", "国际移民日 — 普里什蒂纳", TranslationStatus.DRAFT)
    db.session.commit()
    assert not _finds(client, "移民")  # a draft translation is not shown, so not searched
    row.status = TranslationStatus.REVIEWED
    db.session.commit()
    assert _finds(client, "移民") and _finds(client, "普里什蒂纳", lang="zh")
    db.session.delete(db.session.get(Translation, row.id))
    db.session.commit()
    assert not _finds(client, "移民")


def test_an_unpublished_event_is_not_found(app, client, demo):
    unpublish(demo)
    db.session.commit()
    assert db.session.get(EventSearch, demo.id) is None
    assert not _finds(client, "pristina")


def test_the_search_costs_the_same_queries_for_any_number_of_events(app, client, demo):
    def queries(query: str) -> int:
        with f.count_queries() as statements:
            assert client.get("/en/", query_string={"q": query}).status_code == 200
        return len(statements)

    few = queries("dan migranata")
    for n in range(12):
        f.release(f.make_event(f"grad-{n}", city=f"Grad {n}", title=f"Dan migranata {n}", source="sr",
                               languages=("sr", "en")))
    many = queries("dan migranata ")  # another text, so not the cached page
    assert many == few
    assert "Dan migranata 11" in client.get("/en/?q=migranata").get_data(as_text=True)


def test_migration_0009_fills_the_rows_of_published_events(postgres, tmp_path):
    url = postgres.create() if postgres is not None else f"sqlite:///{tmp_path / 'search.sqlite'}"
    app = create_app(type("C", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_DIR": str(tmp_path)}))
    with app.app_context():
        upgrade()
        event = f.make_event("prizren", city="Prizren", country="XK", title="Dita e Migrantëve në Prizren")
        f.make_translation(event, event, "title", "sr", "Dan migranata u Prizrenu", TranslationStatus.REVIEWED)
        f.release(event)
        f.release(f.make_event("draft-only", title="Ende draft"))
        unpublish(db.session.get(type(event), db.session.scalar(sa.select(type(event).id).where(
            type(event).slug == "draft-only"))))
        db.session.commit()
        expected = db.session.scalar(sa.select(EventSearch.text).where(EventSearch.event_id == event.id))
        assert "dita e migranteve ne prizren" in expected and "dan migranata u prizrenu" in expected
        db.session.remove()
        downgrade(revision="0008")
        upgrade()
        rows = db.session.execute(sa.select(EventSearch.event_id, EventSearch.text)).all()
        assert rows == [(event.id, expected)]
        db.session.remove()
        db.engine.dispose()

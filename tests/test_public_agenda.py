"""The read-only agenda the public pages load: the same data as the models, in a fixed number of queries."""
from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import url_for

from app.content import ContentTranslator
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.i18n import time_range, use_timezone
from app.models import Event, Session
from app.public.agenda import load_published
from app.public.links import EventLinks
from tests import factories as f


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    db.session.commit()
    return event


def _people(session) -> list:
    return [(p.person_id, p.role, p.position, p.person.display_name, p.person.function) for p in session.participations]


def _papers(session) -> list:
    return [(p.id, p.title, p.external_url, [(x.id, x.lang, x.format, x.size) for x in p.files])
            for p in session.papers]


def test_the_agenda_holds_what_the_models_hold(demo):
    loaded = load_published(DEMO_SLUG, bios=True)
    db.session.expire_all()
    event = db.session.scalar(sa.select(Event).where(Event.slug == DEMO_SLUG))
    assert (loaded.id, loaded.title, loaded.timezone, loaded.start_date, loaded.source_language) == (
        event.id, event.title, event.timezone, event.start_date, event.source_language)
    assert loaded.offered_languages == event.offered_languages
    assert [(r.id, r.name) for r in loaded.rooms] == [(r.id, r.name) for r in event.rooms]
    assert [s.public_id for s in loaded.sessions] == [s.public_id for s in event.sessions]
    for mine, theirs in zip(loaded.sessions, event.sessions, strict=True):
        assert (mine.title, mine.format, mine.number, mine.starts_at, mine.ends_at) == (
            theirs.title, theirs.format, theirs.number, theirs.starts_at, theirs.ends_at)
        assert (mine.room.id if mine.room else None) == theirs.room_id
        assert (mine.languages, mine.interpretation) == (theirs.languages, theirs.interpretation)
        assert _people(mine) == _people(theirs)
        assert _papers(mine) == _papers(theirs)
    assert any(s.papers and s.papers[0].files for s in loaded.sessions)
    bios = {p.person.id: p.person.bio for s in loaded.sessions for p in s.participations}
    assert any(bios.values())


def test_biographies_are_read_only_when_asked_for(demo):
    people = [p.person for s in load_published(DEMO_SLUG).sessions for p in s.participations]
    assert people and all(person.bio == "" for person in people)


def test_drafts_and_unknown_slugs_are_not_loaded(app):
    event = f.make_event("still-a-draft")
    f.make_session(event)
    db.session.commit()
    assert load_published("still-a-draft") is None
    assert load_published("no-such-event") is None


def test_the_query_count_is_fixed(demo):
    with f.count_queries() as statements:
        load_published(DEMO_SLUG)
    assert len(statements) <= 8


def test_a_text_left_out_of_a_page_cannot_be_shown_by_mistake(demo):
    loaded = load_published(DEMO_SLUG)
    tr = ContentTranslator(loaded, "en", skip=frozenset({("person", "bio")}))
    person = loaded.sessions[0].participations[0].person
    assert tr(loaded.sessions[0], "title").text
    with pytest.raises(LookupError, match="person.bio"):
        tr(person, "bio")


def test_the_translator_reads_the_agenda_as_it_reads_the_models(demo):
    loaded = load_published(DEMO_SLUG)
    event = db.session.scalar(sa.select(Event).where(Event.slug == DEMO_SLUG))
    for lang in ("en", "sr", "fr"):
        fast, slow = ContentTranslator(loaded, lang), ContentTranslator(event, lang)
        for mine, theirs in zip(loaded.sessions, event.sessions, strict=False):
            assert fast(mine, "title") == slow(theirs, "title")
            if mine.room:
                assert fast(mine.room, "name") == slow(theirs.room, "name")


@pytest.mark.parametrize("external", [False, True])
def test_links_are_what_url_for_gives(app, demo, external):
    session = db.session.scalar(sa.select(Session))
    with app.test_request_context("/"):
        links = EventLinks(DEMO_SLUG, "sr", external=external)
        assert links.session(session.public_id) == url_for(
            "public.session", lang="sr", slug=DEMO_SLUG, public_id=session.public_id, _external=external)
        assert links.speaker(42) == url_for("public.speaker", lang="sr", slug=DEMO_SLUG, person_id=42,
                                            _external=external)
        assert links.paper_file(7) == url_for("public.paper_file", lang="sr", slug=DEMO_SLUG, file_id=7,
                                              _external=external)
        assert EventLinks("a b/c", "ar").session("x y") == url_for("public.session", lang="ar", slug="a b/c",
                                                                    public_id="x y")
        assert links.session("é1") == url_for("public.session", lang="sr", slug=DEMO_SLUG, public_id="é1",
                                              _external=external)


def test_times_follow_the_zone_set_during_the_request(app):
    session = SimpleNamespace(starts_at=datetime(2026, 12, 18, 8, 0, tzinfo=UTC),
                              ends_at=datetime(2026, 12, 18, 9, 30, tzinfo=UTC))
    with app.test_request_context("/"):
        use_timezone("UTC")
        assert ">08:00<" in time_range(session)
        use_timezone("Europe/Belgrade")  # the formatting looked up for UTC is not kept
        assert ">09:00<" in time_range(session) and ">10:30<" in time_range(session)
    with app.test_request_context("/"):
        use_timezone("Asia/Tokyo")
        assert ">17:00<" in time_range(session)


def _session(event, start, languages, interpretation):
    session = f.make_session(event, start, f"{int(start[:2]) + 1:02d}:00")
    session.languages, session.interpretation = languages, interpretation
    return session


def test_the_usual_languages_are_said_once_and_exceptions_per_session(app, client):
    from app.publishing import publish

    event = f.make_event("languages-day", source="en")
    for start in ("09:00", "10:00", "11:00"):
        _session(event, start, ["en", "sq"], ["sr"])
    odd = _session(event, "12:00", ["sr"], [])
    odd.title = "A session in Serbian only"
    publish(event)
    db.session.commit()
    html = client.get("/en/e/languages-day/").get_data(as_text=True)
    assert html.count("Sessions are held in Albanian and English, with interpretation into Serbian") == 1
    assert html.count('<p class="languages">') == 1  # only the exception
    assert "Held in</span>" not in html and "Held in: Serbian" in html
    # On the session's own page, its languages are shown in full as always.
    page = client.get(f"/en/e/languages-day/s/{event.sessions[0].public_id}").get_data(as_text=True)
    assert "Albanian" in page and "Serbian" in page


def test_without_a_majority_every_session_says_its_languages(app, client):
    from app.public.services import usual_languages

    event = f.make_event("mixed-day", source="en")
    first = _session(event, "09:00", ["en"], [])
    second = _session(event, "10:00", ["sq"], [])
    db.session.commit()
    assert usual_languages([first, second]) is None
    assert usual_languages([first, first, second]) == (["en"], [])
    assert usual_languages([]) is None

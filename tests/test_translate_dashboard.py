"""/translate/: the events a user may translate, per language, with progress; constant queries."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import MemberRole, TranslationStatus
from tests import factories as f


def build_event(slug: str, owner, sessions: int = 2, languages=("sq", "sr", "en")):
    event = f.make_event(slug, owner=owner, languages=languages, title=f"Ngjarja {slug}")
    room = f.make_room(event, "Salla e madhe")
    for n in range(sessions):
        session = f.make_session(event, f"{9 + n % 8:02d}:00", f"{9 + n % 8:02d}:30", title=f"Seanca {n}",
                                 description=f"Përshkrimi {n}", room=room)
        f.make_paper(session, f"Dokumenti {n}")
        person = f.make_person(event, function=f"Funksioni {n}")
        f.make_participation(session, person)
    return event


@pytest.fixture
def people(app):
    owner = f.make_user("owner@example.org")
    sr = f.make_user("sr@example.org", organizer=False)
    stranger = f.make_user("stranger@example.org")
    db.session.commit()
    return owner, sr, stranger


def test_lists_only_events_and_languages_the_user_may_translate(app, client, auth, people):
    owner, sr, _ = people
    mine = build_event("mine", owner)
    other = build_event("other", f.make_user())
    f.add_member(mine, sr, MemberRole.TRANSLATOR, "sr")
    db.session.commit()

    auth.login("sr@example.org")
    html = client.get("/translate/").get_data(as_text=True)
    assert "Ngjarja mine" in html and "Ngjarja other" not in html
    assert 'href="/translate/mine/sr/"' in html
    assert "/translate/mine/en/" not in html  # invited for Serbian only
    assert 'href="/translate/mine/sr.po"' in html and 'href="/translate/mine/sr/import"' in html
    assert other.slug not in html


def test_account_languages_reach_events_offering_them(app, client, auth):
    f.make_user("fr@example.org", organizer=False, translator=True, languages=("fr",))
    build_event("french", f.make_user(), languages=("en", "fr"))
    build_event("nofrench", f.make_user(), languages=("en", "sq"))
    db.session.commit()
    auth.login("fr@example.org")
    html = client.get("/translate/").get_data(as_text=True)
    assert "/translate/french/fr/" in html
    assert "nofrench" not in html


def test_counts_and_progress_bar(app, client, auth, people):
    owner, _, _ = people
    event = build_event("counts", owner, sessions=1)
    # fields: event title, room name, session title + description, paper title, person function = 6
    session = event.sessions[0]
    f.make_translation(event, session, "title", "sr", "Sesija 0", TranslationStatus.REVIEWED)
    f.make_translation(event, session, "description", "sr", "Opis 0")
    f.make_translation(event, event.rooms[0], "name", "sr", "Velika sala")
    event.rooms[0].name = "Salla e vogël"  # the source changes: that translation is out of date
    db.session.commit()

    auth.login("owner@example.org")
    html = client.get("/translate/").get_data(as_text=True)
    block = html[html.index(f'<progress id="p-{event.id}-sr"'):html.index(f'<progress id="p-{event.id}-en"')]
    assert f'<progress id="p-{event.id}-sr" max="6" value="2">' in block
    assert "33% translated" in block
    counts = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", block))
    assert counts == {"Translated": "2", "Reviewed": "1", "Out of date": "1", "Missing": "3"}
    assert 'style="' not in html


def test_nothing_to_translate(app, client, auth, people):
    auth.login("stranger@example.org")
    assert "There is nothing for you to translate yet." in client.get("/translate/").get_data(as_text=True)


def test_query_count_does_not_grow_with_events_languages_or_sessions(app, client, auth, people):
    owner, _, _ = people
    build_event("small", owner, sessions=1)
    db.session.commit()
    auth.login("owner@example.org")
    with f.count_queries() as few:
        assert client.get("/translate/").status_code == 200

    for n in range(4):
        event = build_event(f"big{n}", owner, sessions=12, languages=("sq", "sr", "en", "fr", "ar"))
        f.make_translation(event, event.sessions[0], "title", "fr", "Séance")
    db.session.commit()
    with f.count_queries() as many:
        html = client.get("/translate/").get_data(as_text=True)
    assert html.count("<progress") == 2 + 4 * 4
    assert len(many) == len(few), many

"""Programmes: an event links related events its organizer manages; the public programme page lists the
published ones in date order, in the reader's language; and an event may have a day without sessions."""
from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.manage.releases import check_publishable
from app.models import EventLink, EventMember, MemberRole, ProgrammeRelation
from tests.conftest import csrf_token
from tests.factories import (
    count_queries,
    make_event,
    make_organizer_event,
    make_session,
    make_translation,
    make_user,
    release,
)


@pytest.fixture
def programme(app, client, auth):
    """An organizer signed in, with the day itself ("main", 18 December) and a hearing weeks before."""
    owner, main = make_organizer_event(slug="main-day", title="Migrants Day in Prishtina", source="en",
                                       languages=["en", "sq", "ar"])
    hearing = make_event("civil-hearing", day=date(2026, 11, 20), title="Civil-society hearing", source="en",
                         languages=["en", "sq", "ar"], owner=owner)
    for event in (main, hearing):
        make_session(event, "10:00", "12:00", title=f"Opening of {event.slug}")
    db.session.commit()
    auth.login()
    return main, hearing


def _add(client, main, related_id, relation="hearing"):
    token = csrf_token(client, f"/manage/{main.slug}/")
    return client.post(f"/manage/{main.slug}/programme",
                       data={"csrf_token": token, "related_event": str(related_id), "relation": relation})


def _titles(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", title) for title in re.findall(r'<h2><a href="[^"]+">(.*?)</a></h2>', page)]


def test_an_organizer_links_a_hearing_and_the_public_sees_it_once_published(client, programme):
    main, hearing = programme
    assert "Civil-society hearing" in client.get(f"/manage/{main.slug}/").get_data(as_text=True)
    response = _add(client, main, hearing.id)
    assert response.status_code == 302
    link = db.session.scalar(sa.select(EventLink))
    assert (link.event_id, link.related_event_id, link.relation) == (main.id, hearing.id, ProgrammeRelation.HEARING)
    assert client.get("/en/e/main-day/programme").status_code == 404  # the main event is a draft
    release(main)
    page = client.get("/en/e/main-day/programme").get_data(as_text=True)
    assert _titles(page) == ["Migrants Day in Prishtina"]  # the hearing is not published yet
    release(hearing)
    make_translation(hearing, hearing, "title", "sq", "Dëgjimi i shoqërisë civile", status="reviewed")
    db.session.commit()
    page = client.get("/en/e/main-day/programme").get_data(as_text=True)
    assert _titles(page) == ["Civil-society hearing", "Migrants Day in Prishtina"]  # in date order
    assert "Hearing" in page and 'href="/en/e/civil-hearing/"' in page
    albanian = client.get("/sq/e/main-day/programme").get_data(as_text=True)
    assert _titles(albanian)[0] == "Dëgjimi i shoqërisë civile"
    # Both agendas lead to the programme page.
    for slug in ("main-day", "civil-hearing"):
        agenda = client.get(f"/en/e/{slug}/").get_data(as_text=True)
        assert 'href="/en/e/main-day/programme"' in agenda
    # Unpublishing the hearing takes it off the programme page at once.
    hearing.status = hearing.status.DRAFT
    db.session.commit()
    assert _titles(client.get("/en/e/main-day/programme").get_data(as_text=True)) == ["Migrants Day in Prishtina"]


def test_only_the_organizers_own_events_can_be_linked(client, programme):
    main, _ = programme
    stranger = make_event("someone-elses", owner=make_user("other@example.org"))
    translated = make_event("translated-only")
    organizer = db.session.scalar(sa.select(EventMember).where(EventMember.event_id == main.id)).user
    db.session.add(EventMember(event=translated, user=organizer, role=MemberRole.TRANSLATOR, language="sq"))
    db.session.commit()
    form = client.get(f"/manage/{main.slug}/").get_data(as_text=True)
    assert "someone-elses" not in form and f'value="{stranger.id}"' not in form
    for target in (stranger.id, translated.id, main.id, 999999):
        response = _add(client, main, target)
        assert response.status_code == 302
    page = client.get(f"/manage/{main.slug}/").get_data(as_text=True)
    assert "Choose one of your events." in page or "cannot be part of its own programme" in page
    assert db.session.scalar(sa.select(sa.func.count(EventLink.id))) == 0
    token = csrf_token(client, f"/manage/{main.slug}/")
    response = client.post(f"/manage/{main.slug}/programme", data={"csrf_token": token, "related_event": "x",
                                                                 "relation": "nonsense"})
    assert response.status_code == 302 and db.session.scalar(sa.select(sa.func.count(EventLink.id))) == 0


def test_removing_a_related_event_asks_first(client, programme):
    main, hearing = programme
    _add(client, main, hearing.id)
    link = db.session.scalar(sa.select(EventLink))
    url = f"/manage/{main.slug}/programme/{link.id}/remove"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Civil-society hearing" in confirm.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(EventLink.id))) == 1
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert db.session.scalar(sa.select(sa.func.count(EventLink.id))) == 0
    db.session.expire_all()
    assert hearing.title == "Civil-society hearing"  # the event itself stays


def test_another_organizer_cannot_remove_a_link(client, auth, programme):
    main, hearing = programme
    _add(client, main, hearing.id)
    link = db.session.scalar(sa.select(EventLink))
    make_user("other@example.org")
    db.session.commit()
    auth.logout()
    auth.login("other@example.org")
    token = csrf_token(client, "/en/")
    response = client.post(f"/manage/{main.slug}/programme/{link.id}/remove", data={"csrf_token": token})
    assert response.status_code in (403, 404)
    assert db.session.scalar(sa.select(sa.func.count(EventLink.id))) == 1


def test_the_programme_page_costs_the_same_queries_however_many_events(client, programme):
    main, hearing = programme
    release(main)
    release(hearing)
    _add(client, main, hearing.id)

    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/en/e/main-day/programme").status_code == 200
        return len(statements)

    first = queries()
    owner = db.session.scalar(sa.select(EventMember).where(EventMember.event_id == main.id)).user
    for n in range(4):
        side = make_event(f"side-event-{n}", day=date(2026, 12, 17), owner=owner, source="en", languages=["en"])
        make_session(side, "10:00", "11:00")
        db.session.commit()
        release(side)
        _add(client, main, side.id, "side_event")
    assert len(_titles(client.get("/en/e/main-day/programme").get_data(as_text=True))) == 6
    assert queries() == first


def test_a_day_without_sessions_publishes_and_says_so(app, client):
    owner, event = make_organizer_event(slug="three-days", days=3, source="en", languages=["en", "ar"])
    make_session(event, "10:00", "12:00", title="Hearing", day_offset=0)
    make_session(event, "10:00", "12:00", title="Closing debate", day_offset=2)
    db.session.commit()
    check = check_publishable(event)
    assert not check.blocked and not check.warnings
    release(event)
    page = client.get("/en/e/three-days/").get_data(as_text=True)
    days = re.findall(r'<h2 id="day-\d+">([^<]+)</h2>', page)
    assert days == ["Friday, 18 December 2026", "Saturday, 19 December 2026", "Sunday, 20 December 2026"]
    assert page.count("No sessions on this day.") == 1
    empty = page.index("No sessions on this day.")
    assert page.index("Saturday, 19 December 2026") < empty < page.index("Closing debate")
    assert 'href="#day-2"' in page  # the jump bar names the day too
    arabic = client.get("/ar/e/three-days/").get_data(as_text=True)
    assert len(re.findall(r'<h2 id="day-\d+">', arabic)) == 3 and arabic.count('class="empty no-sessions"') == 1
    # A filtered agenda lists the days with matching sessions only.
    filtered = client.get("/en/e/three-days/?format=plenary").get_data(as_text=True)
    assert "No sessions on this day." not in filtered
    # The grid and the PDF leave the day out rather than fail.
    assert client.get("/en/e/three-days/grid").status_code == 200
    assert client.get("/en/e/three-days/agenda.pdf").status_code == 200


def test_the_programme_page_is_shared_by_caches_only_when_nobody_is_signed_in(client, auth, programme):
    main, hearing = programme
    _add(client, main, hearing.id)
    release(main)
    release(hearing)
    assert client.get("/en/e/main-day/programme").headers["Cache-Control"] == "private, no-store"
    auth.logout()
    response = client.get("/en/e/main-day/programme")
    assert response.headers["Cache-Control"].startswith("public") and "Sign out" not in response.get_data(as_text=True)
    assert client.get("/en/e/unknown-event/programme").status_code == 404

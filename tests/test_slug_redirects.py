"""Safe addresses: after a published event's slug changes, every old public URL and feed leads to the
new one (301, same path and query); old slugs stay the event's; the organizer's 404s lead back."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Event, Session, SlugRedirect
from tests.conftest import csrf_token
from tests.factories import make_event, make_organizer_event, make_session, make_user, release


def _settings(client, event: Event, **overrides) -> dict:
    db.session.refresh(event)
    data = {"csrf_token": csrf_token(client, f"/manage/{event.slug}/settings"), "title": event.title,
            "slug": event.slug, "start_date": event.start_date.isoformat(), "number_of_days": "",
            "end_date": event.end_date.isoformat(), "timezone": event.timezone, "venue": event.venue,
            "city": event.city, "country": event.country, "source_language": event.source_language,
            "languages": event.offered_languages, "version": str(event.version), "move_sessions": "y"}
    data.update(overrides)
    return data


def _rename(client, event: Event, slug: str) -> None:
    old = event.slug
    response = client.post(f"/manage/{old}/settings", data=_settings(client, event, slug=slug))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).slug == slug


@pytest.fixture
def published(app, client, auth):
    """A published event "hld-2026" with one session, its organizer signed in."""
    _, event = make_organizer_event(slug="hld-2026", source="en", languages=["en", "sq"])
    make_session(event, "09:00", "10:00", title="Opening")
    db.session.commit()
    release(event)
    auth.login()
    return event


def test_old_public_urls_and_feeds_redirect_with_path_and_query(client, published):
    session = db.session.scalar(sa.select(Session))
    _rename(client, published, "migrants-day-prishtina")
    cases = [
        ("/en/e/hld-2026/", "/en/e/migrants-day-prishtina/"),
        ("/sq/e/hld-2026/grid?format=plenary", "/sq/e/migrants-day-prishtina/grid?format=plenary"),
        (f"/en/e/hld-2026/s/{session.public_id}", f"/en/e/migrants-day-prishtina/s/{session.public_id}"),
        ("/en/e/hld-2026/schedule.ics", "/en/e/migrants-day-prishtina/schedule.ics"),
        (f"/en/e/hld-2026/schedule.ics?s={session.public_id}",
         f"/en/e/migrants-day-prishtina/schedule.ics?s={session.public_id}"),
        ("/sq/e/hld-2026/schedule.json", "/sq/e/migrants-day-prishtina/schedule.json"),
    ]
    for old, new in cases:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response.headers["Location"].endswith(new), (old, response.headers["Location"])
    # And the new address answers with the agenda and feeds (the event is still published).
    assert client.get("/en/e/migrants-day-prishtina/schedule.json").get_json()["schedule"]
    feed = client.get("/en/e/migrants-day-prishtina/schedule.ics").get_data(as_text=True)
    assert "BEGIN:VCALENDAR" in feed and "Opening" in feed
    # Unknown slugs are still 404; so is an unknown session under the old slug's new home.
    assert client.get("/en/e/never-was/").status_code == 404
    assert client.get("/en/e/migrants-day-prishtina/s/unknown").status_code == 404


def test_a_chain_of_renames_leads_each_old_slug_to_the_newest_in_one_step(client, published):
    _rename(client, published, "second-name")
    _rename(client, published, "third-name")
    for old in ("hld-2026", "second-name"):
        response = client.get(f"/en/e/{old}/schedule.ics")
        assert response.status_code == 301
        assert response.headers["Location"].endswith("/en/e/third-name/schedule.ics")
    assert sorted(db.session.scalars(sa.select(SlugRedirect.slug))) == ["hld-2026", "second-name"]
    # Taking an old slug back removes its redirect; the slug just left starts redirecting.
    _rename(client, published, "hld-2026")
    assert client.get("/en/e/hld-2026/").status_code == 200
    assert client.get("/en/e/third-name/").headers["Location"].endswith("/en/e/hld-2026/")
    assert sorted(db.session.scalars(sa.select(SlugRedirect.slug))) == ["second-name", "third-name"]


def test_old_slugs_stay_reserved_for_their_event(client, published):
    _rename(client, published, "new-name")
    other = make_event("other-event", owner=db.session.scalar(sa.select(Event).where(Event.id == published.id))
                       .members[0].user)
    db.session.commit()
    response = client.post("/manage/other-event/settings", data=_settings(client, other, slug="hld-2026"))
    assert response.status_code == 200
    assert "Another event has this address" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, other.id).slug == "other-event"
    # A new event whose title would make the old slug gets another one.
    from app.manage.events import unique_slug
    assert unique_slug("HLD 2026") == "hld-2026-2"
    # Deleting the event frees its old addresses.
    url = "/manage/new-name/delete"
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SlugRedirect)) == 0
    assert client.get("/en/e/hld-2026/").status_code == 404


def test_a_draft_does_not_reveal_its_new_address(client, published):
    _rename(client, published, "secret-draft")
    url = "/manage/secret-draft/unpublish"
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/en/")})
    response = client.get("/en/e/hld-2026/")
    assert response.status_code == 404 and "secret-draft" not in response.get_data(as_text=True)


def test_the_organizers_old_links_lead_to_the_event_and_missing_objects_back_to_the_timetable(
        client, published):
    _rename(client, published, "renamed")
    response = client.get("/manage/hld-2026/timetable?x=1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/renamed/timetable?x=1")
    missing = client.get("/manage/renamed/sessions/999999")
    page = missing.get_data(as_text=True)
    assert missing.status_code == 404
    assert 'href="/manage/renamed/timetable"' in page and "Back to the timetable" in page
    # Someone who may not manage the event learns nothing from an old slug.
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/en/")})
    make_user("stranger@example.org")
    db.session.commit()
    from tests.conftest import AuthActions
    AuthActions(client).login("stranger@example.org")
    response = client.get("/manage/hld-2026/timetable")
    assert response.status_code == 404 and "renamed" not in response.get_data(as_text=True)

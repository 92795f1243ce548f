"""Stream, recording, join and interpretation links: the rule (app/media.py), the organizer's pages,
the trust gate, and the session page compared with each feed that carries them."""
from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import icalendar
import jsonschema
import pytest
import sqlalchemy as sa
from lxml import etree

from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.manage.archive import copy_to, serialize
from app.manage.link_routes import web_address
from app.media import links_for, resolve
from app.models import LinkKind, MediaLink, Room, Session
from app.public.agenda import AgendaMediaLink
from tests import factories as f
from tests.conftest import csrf_token
from tests.test_exports_formats import SCHEMAS, xsd

DAY = date(2026, 12, 18)
#: The demo's opening plenary runs 09:00–10:00 in Pristina, 08:00–09:00 UTC.
DURING = datetime(2026, 12, 18, 8, 30, tzinfo=UTC)
AFTER = datetime(2026, 12, 18, 9, 30, tzinfo=UTC)
BEFORE = datetime(2026, 12, 17, 12, 0, tzinfo=UTC)
STARTS, ENDS = datetime(2026, 12, 18, 8, 0, tzinfo=UTC), datetime(2026, 12, 18, 9, 0, tzinfo=UTC)


def link(kind: LinkKind, url: str, lang: str | None = None, position: int = 0) -> AgendaMediaLink:
    return AgendaMediaLink(id=0, event_id=1, room_id=None, session_id=None, kind=kind, lang=lang, url=url,
                           position=position)


def urls(found) -> list[str]:
    return [x.url for x in found.all()]


# --- the rule -------------------------------------------------------------------------------------

def test_a_session_inherits_its_rooms_links_and_overrides_them_by_kind():
    room = [link(LinkKind.STREAM, "https://r/stream"), link(LinkKind.JOIN, "https://r/join")]
    own = [link(LinkKind.STREAM, "https://s/stream")]
    found = resolve(own, room, STARTS, ENDS, "en", DURING)
    assert urls(found) == ["https://s/stream", "https://r/join"]  # own stream, the room's join link
    assert urls(resolve([], room, STARTS, ENDS, "en", DURING)) == ["https://r/stream", "https://r/join"]


def test_the_recording_replaces_the_stream_after_the_end():
    links = [link(LinkKind.STREAM, "https://live"), link(LinkKind.RECORDING, "https://rec"),
             link(LinkKind.JOIN, "https://join"), link(LinkKind.INTERPRETATION, "https://ar", "ar")]
    before, during = resolve(links, [], STARTS, ENDS, "en", BEFORE), resolve(links, [], STARTS, ENDS, "en", DURING)
    assert urls(before) == urls(during) == ["https://live", "https://join", "https://ar"]
    assert (before.running, during.running) == (False, True)
    at_end = resolve(links, [], STARTS, ENDS, "en", ENDS)
    assert urls(at_end) == ["https://rec"] and at_end.ended
    assert urls(resolve(links, [], STARTS, ENDS, "en", AFTER)) == ["https://rec"]


def test_a_language_variant_replaces_the_neutral_link_for_its_readers():
    links = [link(LinkKind.STREAM, "https://live"), link(LinkKind.STREAM, "https://live/sr", "sr"),
             link(LinkKind.STREAM, "https://live/ar", "ar")]
    assert urls(resolve(links, [], STARTS, ENDS, "sr", DURING)) == ["https://live/sr"]
    assert urls(resolve(links, [], STARTS, ENDS, "sr-Cyrl", DURING)) == ["https://live/sr"]  # read transliterated
    assert urls(resolve(links, [], STARTS, ENDS, "en", DURING)) == ["https://live"]
    only_sq = [link(LinkKind.JOIN, "https://join/sq", "sq")]
    assert urls(resolve(only_sq, [], STARTS, ENDS, "en", DURING)) == ["https://join/sq"]  # better than nothing


def test_interpretation_channels_one_per_language_the_readers_first():
    links = [link(LinkKind.INTERPRETATION, f"https://i/{code}", code) for code in ("sr", "ar", "en")]
    links.append(link(LinkKind.INTERPRETATION, "https://i/ar-2", "ar", position=5))
    assert urls(resolve(links, [], STARTS, ENDS, "ar", DURING)) == ["https://i/ar", "https://i/sr", "https://i/en"]
    assert [x.lang for x in resolve(links, [], STARTS, ENDS, "fr", DURING).interpretation] == ["sr", "en", "ar"]


@pytest.mark.parametrize(("text", "expected"), [
    ("https://stream.example.org/live", "https://stream.example.org/live"),
    ("  HTTPS://Example.ORG/a?q=ç#x ", "https://example.org/a?q=%C3%A7#x"), ("https://example.org/a b", None),
    ("https://bücher.example/live", "https://xn--bcher-kva.example/live"),
    ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
    ("javascript:alert(1)", None), ("ftp://example.org/x", None), ("https://", None), ("example.org", None),
    ("https://user:pw@example.org/", None), ("https://exa mple.org/", None), ("https://example.org:99999/", None),
    ("https://example.org/\x00", None), ("https://-bad-.org/", None),
])
def test_web_addresses(text, expected):
    assert web_address(text) == expected


def test_the_database_keeps_one_owner_http_and_a_language_for_channels(app):
    event = f.make_event("constraints")
    room = f.make_room(event)
    session = f.make_session(event, room=room)
    for bad in (
        {"room_id": room.id, "session_id": session.id, "kind": LinkKind.STREAM, "url": "https://x.org"},
        {"kind": LinkKind.STREAM, "url": "https://x.org"},
        {"room_id": room.id, "kind": LinkKind.STREAM, "url": "javascript:alert(1)"},
        {"room_id": room.id, "kind": LinkKind.INTERPRETATION, "url": "https://x.org"},
    ):
        db.session.add(MediaLink(event_id=event.id, **bad))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()


# --- the organizer's pages ------------------------------------------------------------------------

@pytest.fixture
def organizer(app, auth):
    _, event = f.make_organizer_event(slug="linked", source="en", languages=["en", "sq", "ar"])
    room = f.make_room(event, "Plenary hall")
    session = f.make_session(event, "09:00", "10:00", room=room, title="Opening")
    db.session.commit()
    auth.login()
    return event, room, session


def _add(client, page: str, **data):
    token = csrf_token(client, page)
    once = re.search(r'name="once" type="hidden" value="([^"]+)"', client.get(page).get_data(as_text=True))
    return client.post(page, data={"csrf_token": token, "once": once.group(1) if once else "", **data},
                       follow_redirects=True)


def _stored(event_id: int) -> list[tuple]:
    db.session.expire_all()
    return [(x.room_id, x.session_id, x.kind, x.lang, x.url) for x in db.session.scalars(
        sa.select(MediaLink).where(MediaLink.event_id == event_id).order_by(MediaLink.id))]


def test_an_organizer_adds_links_to_a_room_and_a_session(client, organizer):
    event, room, session = organizer
    room_page, session_page = f"/manage/linked/rooms/{room.id}/links", f"/manage/linked/sessions/{session.id}/links"
    assert "Online links" in client.get(f"/manage/linked/sessions/{session.id}").get_data(as_text=True)
    response = _add(client, room_page, kind="stream", lang="", url="https://live.example.org/hall")
    assert response.status_code == 200 and "The link was added." in response.get_data(as_text=True)
    response = _add(client, session_page, kind="interpretation", lang="ar", url="https://live.example.org/ar")
    page = response.get_data(as_text=True)
    assert "https://live.example.org/ar" in page
    assert "https://live.example.org/hall" in page  # the room's, shown as inherited
    assert _stored(event.id) == [
        (room.id, None, LinkKind.STREAM, None, "https://live.example.org/hall"),
        (None, session.id, LinkKind.INTERPRETATION, "ar", "https://live.example.org/ar"),
    ]


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "stream", "lang": "", "url": "javascript:alert(1)"}, "starts with http:// or https://"),
    ({"kind": "stream", "lang": "", "url": "not a link"}, "starts with http:// or https://"),
    ({"kind": "stream", "lang": "", "url": "https://x.org/" + "a" * 2100}, "2000"),
    ({"kind": "interpretation", "lang": "", "url": "https://x.org/ar"}, "needs its language"),
    ({"kind": "webcast", "lang": "", "url": "https://x.org/"}, "Not a valid choice"),
    ({"kind": "stream", "lang": "xx", "url": "https://x.org/"}, "Not a valid choice"),
])
def test_bad_input_is_told_and_nothing_is_saved(client, organizer, data, message):
    event, room, _session = organizer
    response = _add(client, f"/manage/linked/rooms/{room.id}/links", **data)
    assert response.status_code == 200
    assert message in unescape(response.get_data(as_text=True))
    assert _stored(event.id) == []


def test_links_are_removed_and_moved_with_the_form_token_only(client, organizer):
    event, room, _session = organizer
    page = f"/manage/linked/rooms/{room.id}/links"
    for n in (1, 2):
        _add(client, page, kind="stream", lang="", url=f"https://x.org/{n}")
    first, second = db.session.scalars(sa.select(MediaLink).order_by(MediaLink.id)).all()
    assert client.post(f"/manage/linked/links/{first.id}/delete").status_code == 400  # no CSRF token
    token = csrf_token(client, page)
    client.post(f"/manage/linked/links/{second.id}/move", data={"csrf_token": token, "direction": "up"})
    assert [u for *_, u in sorted(_stored(event.id))] and [x.url for x in db.session.scalars(
        sa.select(MediaLink).order_by(MediaLink.position))] == ["https://x.org/2", "https://x.org/1"]
    client.post(f"/manage/linked/links/{first.id}/delete", data={"csrf_token": token})
    assert [u for *_, u in _stored(event.id)] == ["https://x.org/2"]


def test_links_of_another_event_are_not_found(client, organizer):
    other = f.make_event("someone-else")
    room = f.make_room(other)
    row = MediaLink(event_id=other.id, room_id=room.id, kind=LinkKind.STREAM, url="https://x.org/")
    db.session.add(row)
    db.session.commit()
    token = csrf_token(client, f"/manage/linked/rooms/{organizer[1].id}/links")
    assert client.get(f"/manage/linked/rooms/{room.id}/links").status_code == 404
    assert client.post(f"/manage/linked/links/{row.id}/delete", data={"csrf_token": token}).status_code == 404
    assert db.session.get(MediaLink, row.id) is not None


# --- the public: the gate, the page and the feeds -------------------------------------------------

@pytest.fixture
def demo(app):
    event, _ = load_demo(day=DAY)
    return event


@pytest.fixture
def at(monkeypatch):
    def set_now(moment: datetime) -> None:
        monkeypatch.setattr("app.public.services.now_utc", lambda: moment)
    return set_now


def opening(event) -> Session:
    """The opening plenary meeting: the day's first session."""
    return min(event.sessions, key=lambda s: (s.starts_at, s.id))


def page_links(client, lang: str, public_id: str) -> dict[str, str]:
    """The session page's online links: address → text."""
    page = client.get(f"/{lang}/e/{DEMO_SLUG}/s/{public_id}").get_data(as_text=True)
    section = re.search(r'<section class="media-links".*?</section>', page, re.S)
    if section is None:
        return {}
    return {unescape(m.group(1)): unescape(re.sub(r"<[^>]+>", "", m.group(2))).strip() for m in re.finditer(
        r'<a class="media-[a-z]+" href="([^"]+)" rel="noopener noreferrer"[^>]*>(.*?)</a>', section.group(0))}


def json_links(client, lang: str, public_id: str) -> dict[str, str]:
    data = client.get(f"/{lang}/e/{DEMO_SLUG}/schedule.json").get_json()
    jsonschema.validate(data, json.loads((SCHEMAS / "schedule.schema.json").read_text(encoding="utf-8")),
                        format_checker=jsonschema.FormatChecker())
    events = [e for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    record = next(e for e in events if e["slug"].endswith(public_id))
    return {x["url"]: x["title"] for x in record["links"] if "example.org" in x["url"]}


def xml_links(client, lang: str, public_id: str) -> dict[str, str]:
    doc = etree.fromstring(client.get(f"/{lang}/e/{DEMO_SLUG}/schedule.xml").data)
    schema = xsd()
    assert schema.validate(doc), schema.error_log
    event = next(e for e in doc.iter("event") if e.findtext("slug").endswith(public_id))
    return {x.get("href"): x.text for x in event.findall("links/link") if "example.org" in x.get("href")}


def ics_links(client, lang: str, public_id: str) -> dict[str, str]:
    cal = icalendar.Calendar.from_ical(client.get(f"/{lang}/e/{DEMO_SLUG}/s/{public_id}.ics").data)
    (vevent,) = cal.walk("VEVENT")
    found = vevent.get("CONFERENCE", [])
    found = found if isinstance(found, list) else [found]
    for conference in found:
        assert conference.params["VALUE"] == "URI" and conference.params["FEATURE"]
    return {str(c): c.params["LABEL"] for c in found}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_page_and_every_feed_carry_the_same_links(client, demo, at, lang):
    plenary = opening(demo)
    at(DURING)
    during = page_links(client, lang, plenary.public_id)
    assert set(during) == {"https://stream.example.org/pristina/main-hall",
                           "https://stream.example.org/pristina/main-hall/ar",
                           "https://stream.example.org/pristina/main-hall/sr"}
    for feed in (json_links, xml_links, ics_links):
        assert set(feed(client, lang, plenary.public_id)) == set(during), feed.__name__
    at(AFTER)
    after = page_links(client, lang, plenary.public_id)
    assert set(after) == {"https://media.example.org/pristina/opening-plenary"}
    for feed in (json_links, xml_links, ics_links):
        assert feed(client, lang, plenary.public_id) == after, feed.__name__


def test_while_it_runs_the_page_says_watch_live_and_the_now_screen_too(client, demo, at):
    plenary = opening(demo)
    at(BEFORE)
    stream = "https://stream.example.org/pristina/main-hall"
    assert page_links(client, "en", plenary.public_id)[stream] == "Live stream"
    at(DURING)
    assert page_links(client, "en", plenary.public_id)[stream] == "Watch live"
    page = client.get(f"/en/e/{DEMO_SLUG}/s/{plenary.public_id}").get_data(as_text=True)
    assert "Interpretation" in page and ">Arabic</a>" in page and ">Serbian</a>" in page
    now = client.get(f"/en/e/{DEMO_SLUG}/now?at=2026-12-18T09:30").get_data(as_text=True)
    assert f'class="media-stream" href="{stream}" rel="noopener noreferrer"' in now
    later = client.get(f"/en/e/{DEMO_SLUG}/now?at=2026-12-18T10:30").get_data(as_text=True)
    assert stream in later  # the general debate, in the same hall, inherits the hall's stream


def test_the_join_link_of_a_roundtable_and_nothing_for_a_session_without_links(client, demo, at):
    at(BEFORE)
    roundtable = next(s for s in demo.sessions if s.number == 1)
    assert set(page_links(client, "en", roundtable.public_id)) == {"https://meet.example.org/pristina-roundtable-1"}
    other = next(s for s in demo.sessions if s.number == 3)
    assert page_links(client, "en", other.public_id) == {} == json_links(client, "en", other.public_id)
    assert "CONFERENCE" not in client.get(f"/en/e/{DEMO_SLUG}/s/{other.public_id}.ics").get_data(as_text=True)


def test_the_session_page_changes_when_its_session_ends(client, demo, at):
    """The validator follows the links' clock: a copy cached while it ran is not served after the end."""
    plenary = opening(demo)
    url = f"/en/e/{DEMO_SLUG}/s/{plenary.public_id}"
    at(DURING)
    first = client.get(url)
    at(DURING + timedelta(minutes=10))
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    at(AFTER)
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 200
    assert "opening-plenary" in client.get(url).get_data(as_text=True)


def test_links_reach_the_public_only_by_publishing(client, demo, at):
    at(BEFORE)
    plenary = opening(demo)
    db.session.add(MediaLink(event_id=demo.id, session_id=plenary.id, kind=LinkKind.JOIN,
                             url="https://meet.example.org/draft"))
    room = db.session.get(MediaLink, db.session.scalar(sa.select(MediaLink.id).where(MediaLink.room_id.is_not(None))))
    room.url = "https://stream.example.org/changed"
    db.session.commit()
    shown = set(page_links(client, "en", plenary.public_id))
    assert "https://meet.example.org/draft" not in shown and "https://stream.example.org/changed" not in shown
    assert "https://meet.example.org/draft" not in json.dumps(client.get(f"/en/e/{DEMO_SLUG}/schedule.json").json)
    f.release(demo)
    shown = set(page_links(client, "en", plenary.public_id))
    assert {"https://meet.example.org/draft", "https://stream.example.org/changed"} <= shown


def test_the_read_model_gives_the_rule_what_the_working_copy_holds(app, demo):
    """Two places: the links stored for the demo, and those the released agenda resolves."""
    from app.public.agenda import load_published

    agenda = load_published(DEMO_SLUG)
    plenary = next(s for s in agenda.sessions if s.id == opening(demo).id)
    stored = {x.url for x in db.session.scalars(sa.select(MediaLink).where(
        sa.or_(MediaLink.session_id == plenary.id, MediaLink.room_id == plenary.room_id)))}
    seen = set(urls(links_for(plenary, "en", DURING))) | set(urls(links_for(plenary, "en", AFTER)))
    assert seen == stored


def _owned_links(event_id: int) -> list[tuple]:
    """Each link of an event with the name of its room or the start of its session."""
    rows = db.session.execute(
        sa.select(MediaLink.kind, MediaLink.lang, MediaLink.url, Room.name, Session.starts_at)
        .outerjoin(Room, Room.id == MediaLink.room_id).outerjoin(Session, Session.id == MediaLink.session_id)
        .where(MediaLink.event_id == event_id))
    return sorted((kind, lang, url, room, starts.astimezone(UTC).time() if starts else None)
                  for kind, lang, url, room, starts in rows)


def test_an_archive_and_a_copy_carry_the_links_to_the_copied_rooms_and_sessions(app, demo):
    data, _files = serialize(demo)
    assert sorted(row["url"] for row in data["tables"]["media_link"]) == sorted(
        db.session.scalars(sa.select(MediaLink.url).where(MediaLink.event_id == demo.id)))
    owner = f.make_user("copier@example.org")
    copy = copy_to(demo, date(2027, 12, 18), owner)
    assert copy.id != demo.id
    assert _owned_links(copy.id) == _owned_links(demo.id) and len(_owned_links(copy.id)) == 5
    assert not db.session.scalar(sa.select(sa.func.count()).select_from(MediaLink).where(
        MediaLink.event_id == copy.id, sa.or_(MediaLink.room_id.in_(sa.select(Room.id).where(Room.event_id == demo.id)),
                                              MediaLink.session_id.in_(
                                                  sa.select(Session.id).where(Session.event_id == demo.id)))))

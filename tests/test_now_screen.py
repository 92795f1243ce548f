"""The now screen by the door: before the first day, one room only, a mistyped room, and a cache that
expires at the minute boundary the screen's script fetches it again after."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from app.demo import DEMO_SLUG, load_demo
from app.public import services

BASE = f"/en/e/{DEMO_SLUG}"


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    return event


@pytest.fixture
def clock(monkeypatch):
    """Set the server's clock: clock(datetime) makes every page read that moment as now."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(services, "now_utc", lambda: moment)

    return set_to


def rooms_by_name(event):
    return {room.name: room for room in event.rooms}


def text(html: str) -> str:
    """The page's words, tags and runs of blanks dropped."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def sections(html: str) -> list[str]:
    return re.findall(r'<section class="now-room".*?</section>', html, re.S)


def test_before_the_first_day_it_says_when_the_event_starts_and_what_comes_first(client, demo, clock):
    clock(datetime(2026, 12, 10, 8, 0, tzinfo=UTC))
    html = client.get(BASE + "/now").get_data(as_text=True)
    # Pristina is UTC+1 in December: the first session is at 09:00 there.
    assert "Starts on Friday, 18 December 2026 at 09:00" in text(html)
    assert "Nothing more is on today." not in html
    # The first sessions, in the order the agenda gives them.
    agenda = client.get(BASE + "/").get_data(as_text=True)
    listed = [text(t) for t in re.findall(r'<h3><a href="[^"]*">(.*?)</a>', agenda, re.S)]
    shown = [text(t) for t in re.findall(r'<span class="next-title">(.*?)</span>', html, re.S)]
    assert shown == listed[:services.FIRST_SESSIONS]
    assert shown[0] == "Opening plenary meeting"


def test_on_the_day_it_shows_now_and_next_not_the_start(client, demo, clock):
    clock(datetime(2026, 12, 18, 7, 30, tzinfo=UTC))  # 08:30 in Pristina, before the first session
    html = client.get(BASE + "/now").get_data(as_text=True)
    assert "Starts on" not in html
    assert "Opening plenary meeting" in text(html)


def test_one_room_for_the_door_by_id_or_by_name(client, demo):
    room_a = rooms_by_name(demo)["Salla e konferencave A"]
    at = "at=2026-12-18T10:30"
    by_id = client.get(f"{BASE}/now?{at}&room={room_a.id}").get_data(as_text=True)
    assert len(sections(by_id)) == 1
    assert "now-door" in by_id
    assert "Roundtable 1" in text(by_id)
    assert "General debate" not in text(by_id)  # the main hall's session is not on this door
    # The same screen from its English name (any case and spacing) and from its source name.
    for name in ("conference  ROOM a", "Salla e konferencave A"):
        named = client.get(f"{BASE}/now", query_string={"at": "2026-12-18T10:30", "room": name})
        assert named.status_code == 200
        assert sections(named.get_data(as_text=True)) == sections(by_id)
    # The whole screen has the other rooms too.
    everything = client.get(f"{BASE}/now?{at}").get_data(as_text=True)
    assert len(sections(everything)) == 3


def test_a_room_with_nothing_more_today_still_has_its_screen(client, demo):
    room_b = rooms_by_name(demo)["Salla e konferencave B"]
    html = client.get(f"{BASE}/now?at=2026-12-18T20:00&room={room_b.id}").get_data(as_text=True)
    assert len(sections(html)) == 1
    assert "Nothing more is on today." in html


@pytest.mark.parametrize("room", ["Broom cupboard", "999999", "<script>x</script>", "x" * 5000])
def test_an_unknown_room_is_told_not_a_server_error(client, demo, room):
    response = client.get(f"{BASE}/now", query_string={"room": room})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "This event has no room called" in html
    assert "<script>x" not in html
    # Links to the rooms there are, each a working door screen.
    offered = html[html.index('class="now-room-links"'):]
    links = re.findall(r'href="(/en/[^"]*/now\?room=\d+)"', offered)
    assert len(links) == len(demo.rooms)
    assert client.get(links[0]).status_code == 200


def test_the_room_is_part_of_the_cache_key_and_junk_is_not(client, demo):
    rooms = rooms_by_name(demo)
    a, b = rooms["Salla e konferencave A"].id, rooms["Salla e konferencave B"].id
    at = "at=2026-12-18T10:30"
    etag_a = client.get(f"{BASE}/now?{at}&room={a}").headers["ETag"]
    assert client.get(f"{BASE}/now?{at}&room={b}").headers["ETag"] != etag_a
    assert client.get(f"{BASE}/now?{at}").headers["ETag"] != etag_a
    assert client.get(f"{BASE}/now?room={a}&utm_source=door&{at}").headers["ETag"] == etag_a
    assert client.get(f"{BASE}/now?{at}&room={a}", headers={"If-None-Match": etag_a}).status_code == 304


def test_the_cache_expires_at_the_next_minute_and_the_page_changes_there(client, demo, clock):
    clock(datetime(2026, 12, 18, 9, 29, 42, 500000, tzinfo=UTC))
    before = client.get(BASE + "/now")
    assert before.cache_control.public
    assert before.cache_control.max_age == 17  # 17.5 s to 09:30:00, never past it
    assert parsedate_to_datetime(before.headers["Expires"]) == datetime(2026, 12, 18, 9, 30, tzinfo=UTC)
    # Just after the boundary, the copy the screen holds is out of date: a full page, the new minute.
    clock(datetime(2026, 12, 18, 9, 30, 1, tzinfo=UTC))
    after = client.get(BASE + "/now", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.cache_control.max_age == 59
    assert 'datetime="2026-12-18T09:30:00+00:00"' in after.get_data(as_text=True)
    # Within the same minute, the screen's copy stays good.
    clock(datetime(2026, 12, 18, 9, 30, 50, tzinfo=UTC))
    same = client.get(BASE + "/now", headers={"If-None-Match": after.headers["ETag"]})
    assert same.status_code == 304
    assert same.cache_control.max_age == 10


def test_seconds_to_the_next_minute():
    start = datetime(2026, 12, 18, 10, 0, tzinfo=UTC)
    assert services.seconds_to_next_minute(start) == 60
    assert services.seconds_to_next_minute(start + timedelta(seconds=59, microseconds=999)) == 1
    assert services.seconds_to_next_minute(start + timedelta(seconds=1)) == 59

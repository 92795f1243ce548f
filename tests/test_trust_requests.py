"""Issue 12, the reader's side: plain requests that answered wrongly.

- a session's day is formatted in its own event's zone, not one cached from another event (item 11);
- ids too large for the database and `?at=` moments at the edges of the calendar are no page
  (404) or ignored, never a 500 or a 503 (item 13);
- the change log's `<time datetime>` values are valid HTML date-times, without microseconds (item 15);
- schedule.json meets the constraints of the schema the c3voc project publishes (item 14).
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import jsonschema
import pytest

from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.models import Paper, Release
from app.publishing import publish
from tests.conftest import AuthActions
from tests.factories import make_organizer_event, make_paper, make_room, make_session

UTC = UTC


def _published(slug: str, zone: str, day: date, **fields):
    owner_email = f"{slug}@example.org"
    _, event = make_organizer_event(owner_email, slug=slug, day=day, timezone=zone, source="en", languages=["en"],
                                    **fields)
    return event


# Item 11 --------------------------------------------------------------------------------------

def test_the_same_utc_moment_shows_each_events_own_day(app, client):
    moment = datetime(2026, 12, 18, 20, 0, tzinfo=UTC)  # Los Angeles: Fri 18 Dec, 12:00; Auckland: Sat 19 Dec, 09:00
    west = _published("west", "America/Los_Angeles", date(2026, 12, 18))
    east = _published("east", "Pacific/Auckland", date(2026, 12, 19))
    sessions = {}
    for event in (west, east):
        s = make_session(event, title=f"Opening {event.slug}")
        s.starts_at, s.ends_at = moment, moment.replace(hour=21)
        sessions[event.slug] = s.public_id
        publish(event)
    db.session.commit()
    west_page = client.get(f"/en/e/west/s/{sessions['west']}").get_data(as_text=True)
    east_page = client.get(f"/en/e/east/s/{sessions['east']}").get_data(as_text=True)
    assert "Friday, 18 December 2026" in west_page and "Saturday, 19 December 2026" not in west_page
    assert "Saturday, 19 December 2026" in east_page and "Friday, 18 December 2026" not in east_page
    # And again in the other order, each from the cache this time.
    assert "Friday, 18 December 2026" in client.get(f"/en/e/west/s/{sessions['west']}").get_data(as_text=True)


# Item 13 --------------------------------------------------------------------------------------

TOO_LARGE = "99999999999999999999999"


@pytest.fixture
def published(app):
    event = _published("edges", "Europe/Belgrade", date(2026, 12, 18))
    room = make_room(event, "Hall")
    session = make_session(event, room=room, title="Opening")
    make_paper(session, "Concept note", external_url="https://example.org/note")
    publish(event)
    db.session.commit()
    return event, session


@pytest.mark.parametrize("number", [TOO_LARGE, str(2**31), str(2**63), "0"])
def test_ids_the_database_cannot_hold_are_404(app, client, published, number):
    event, session = published
    AuthActions(client).login("edges@example.org")
    urls = [
        f"/en/e/edges/papers/{number}",
        f"/en/e/edges/speakers/{number}",
        f"/manage/edges/sessions/{session.id}/papers/{number}",
        f"/manage/edges/sessions/{number}",
        f"/manage/edges/rooms/{number}",
        f"/manage/edges/people/{number}",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_the_largest_id_is_still_looked_up(app, client, published):
    AuthActions(client).login("edges@example.org")
    assert client.get(f"/manage/edges/sessions/{2**31 - 1}").status_code == 404
    paper = db.session.query(Paper).one()
    assert client.get(f"/manage/edges/sessions/{paper.session_id}/papers/{paper.id}").status_code == 200


@pytest.mark.parametrize("at", [
    "0001-01-01T00:00", "9999-12-31T23:59-05:00", "9999-12-31T23:59", "0001-01-01T00:00+14:00",
    "1899-12-31T23:59:59-12:00", "3000-01-01T00:00Z", "2026-13-01T00:00", "x" * 500,
])
def test_now_at_the_edges_of_the_calendar_is_ignored(client, published, at):
    response = client.get("/en/e/edges/now", query_string={"at": at})
    assert response.status_code == 200


def test_now_at_a_real_moment_still_previews_it(client, published):
    page = client.get("/en/e/edges/now", query_string={"at": "2026-12-18T09:30"}).get_data(as_text=True)
    assert "Opening" in page


# Item 15 --------------------------------------------------------------------------------------

#: A valid global date and time string (HTML Living Standard, "dates and times"): fractions of a
#: second up to three digits; Dita writes whole seconds.
HTML_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$")


class TimeElements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "time":
            self.values.extend(value for name, value in attrs if name == "datetime")


def test_change_log_times_are_valid_html_datetimes(client, published):
    event, session = published
    session.title = "Opening plenary"
    publish(event)
    for release in db.session.query(Release).filter_by(event_id=event.id):
        release.published_at = release.published_at.replace(microsecond=123456)
    db.session.commit()
    parser = TimeElements()
    parser.feed(client.get("/en/e/edges/changes").get_data(as_text=True))
    assert len(parser.values) >= 2
    for value in parser.values:
        assert HTML_DATETIME.match(value), value
        assert datetime.fromisoformat(value).microsecond == 0


# Item 14 --------------------------------------------------------------------------------------

#: The constraints of the c3voc schedule JSON schema as the c3voc project publishes it
#: (https://c3voc.de/schedule/schema.json; repository voc/schedule, validator/json/schema.json,
#: read at commit 08187a26db49e5c4700ad902e5132d7f949d8bed), restated here for what a Dita export
#: contains: closed objects where that schema closes them, its patterns and its types. The file
#: itself is not copied into this repository (see tests/schemas/README.md).
PUBLISHED = {
    "type": "object",
    "additionalProperties": False,
    "required": ["schedule"],
    "properties": {
        "$schema": {"type": "string"},
        "generator": {"type": "object", "properties": {"url": {"type": "string", "format": "uri"}}},
        "schedule": {
            "type": "object",
            "required": ["conference", "version"],
            "properties": {
                "version": {"type": "string"},
                "base_url": {"type": "string", "format": "uri"},
                "conference": {"$ref": "#/$defs/conference"},
                "rooms": False,
            },
        },
    },
    "$defs": {
        "conference": {
            "type": "object",
            "additionalProperties": False,
            "required": ["title", "acronym", "days", "daysCount", "start", "end", "timeslot_duration"],
            "properties": {
                "acronym": {"type": "string", "pattern": "^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$"},
                "title": {"type": "string"}, "description": {"type": "string"},
                "start": {"type": "string"}, "end": {"type": "string", "format": "date"},
                "daysCount": {"type": "integer"}, "timeslot_duration": {"type": "string"},
                "time_zone_name": {"type": "string", "pattern": "^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$"},
                "logo": {"type": "string", "format": "uri"}, "colors": {"type": "object"},
                "keywords": {"type": "array", "items": {"type": "string"}},
                "url": {"type": "string", "format": "uri"}, "tracks": {"type": "array"},
                "rooms": {"type": "array", "items": {"$ref": "#/$defs/room"}},
                "meta": {"type": "object"},
                "days": {"type": "array", "items": {"$ref": "#/$defs/day"}},
            },
        },
        "day": {
            "type": "object",
            "additionalProperties": False,
            "required": ["date", "day_end", "day_start", "index", "rooms"],
            "properties": {
                "index": {"type": "integer"}, "date": {"type": "string", "format": "date"},
                "day_start": {"type": "string", "format": "date-time"},
                "day_end": {"type": "string", "format": "date-time"},
                "rooms": {"type": "object",
                          "patternProperties": {".*": {"type": "array", "items": {"$ref": "#/$defs/event"}}}},
            },
        },
        "event": {
            "type": "object",
            "additionalProperties": False,
            "required": ["abstract", "date", "duration", "guid", "id", "language", "links", "persons", "room", "slug",
                         "start", "subtitle", "title", "track", "type", "url"],
            "properties": {
                "id": {"type": "integer", "minimum": 1}, "guid": {"type": "string", "format": "uuid"},
                "logo": {"type": "string", "format": "uri"}, "date": {"type": "string", "format": "date-time"},
                "start": {"type": "string"}, "duration": {"type": "string", "pattern": "^[0-9]+:[0-9]{2}$"},
                "room": {"type": "string"}, "slug": {"type": "string", "pattern": "^[a-z0-9_-]+[a-z0-9]$"},
                "url": {"type": "string", "format": "uri"}, "title": {"type": "string"},
                "subtitle": {"type": ["string", "null"]}, "track": {"type": ["string", "null"]},
                "type": {"type": "string"}, "language": {"type": "string"},
                "abstract": {"type": ["string", "null"]}, "description": {"type": ["string", "null"]},
                "recording_license": {"type": "string"}, "do_not_record": {"type": ["string", "null"]},
                "do_not_stream": {"type": ["string", "null"]},
                "persons": {"type": "array", "items": {"$ref": "#/$defs/person"}},
                "links": {"type": "array"}, "attachments": {"type": "array"}, "answers": {"type": "array"},
            },
        },
        "person": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "guid": {"type": "string", "format": "uuid"},
                           "id": {"type": "integer"}},
            "oneOf": [
                {"type": "object", "properties": {"id": {"type": "integer"}, "public_name": {"type": "string"}},
                 "required": ["public_name", "id"]},
                {"type": "object", "properties": {"code": {"type": "string", "pattern": "^[A-Z0-9]+$"},
                                                  "name": {"type": "string"}}, "required": ["name"]},
            ],
        },
        "room": {
            "type": "object",
            "additionalProperties": False,
            "required": ["guid", "name"],
            "properties": {"name": {"type": "string"}, "guid": {"type": "string", "format": "uuid"},
                           "description": {"type": ["string", "null"]}, "capacity": {"type": ["number", "null"]}},
        },
    },
}


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    return event


@pytest.mark.parametrize("lang", ["en", "ar", "sq"])
def test_schedule_json_meets_the_published_c3voc_schema(client, demo, lang):
    data = client.get(f"/{lang}/e/{DEMO_SLUG}/schedule.json").get_json()
    jsonschema.Draft202012Validator(PUBLISHED, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["schedule"]["conference"]["acronym"] == DEMO_SLUG.replace("-", "_")


def test_the_published_constraints_catch_what_the_old_export_wrote(client, demo):
    data = client.get(f"/en/e/{DEMO_SLUG}/schedule.json").get_json()
    validator = jsonschema.Draft202012Validator(PUBLISHED, format_checker=jsonschema.FormatChecker())
    conference = data["schedule"]["conference"]
    assert not validator.is_valid({**data, "schedule": {**data["schedule"],
                                                       "conference": {**conference, "acronym": DEMO_SLUG}}})
    day = conference["days"][0]
    name, events = next(iter(day["rooms"].items()))
    broken_day = {**day, "rooms": {name: [{**events[0], "do_not_record": True}]}}
    assert not validator.is_valid({**data, "schedule": {**data["schedule"],
                                                       "conference": {**conference, "days": [broken_day]}}})


@pytest.mark.parametrize("slug", ["mig", "md-2026", "dita2026", "a1-b2-c3"])
def test_every_slug_becomes_a_valid_acronym(slug):
    from app.exports.schedule_json import acronym

    assert re.match(PUBLISHED["$defs"]["conference"]["properties"]["acronym"]["pattern"], acronym(slug))

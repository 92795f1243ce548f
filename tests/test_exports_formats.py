"""Exports read back by real parsers: icalendar, lxml against the frab XSD, jsonschema against the c3voc schema."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import icalendar
import jsonschema
import pytest
from lxml import etree

from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.models import TranslationStatus
from config import BASE_DIR

BASE = f"/en/e/{DEMO_SLUG}"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
SHARED_XSD = BASE_DIR.parent / "shared" / "schemas" / "schedule.xml.xsd"


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    return event


def xsd() -> etree.XMLSchema:
    path = SHARED_XSD if SHARED_XSD.is_file() else SCHEMAS / "schedule.xml.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def events_of(data: bytes) -> list:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def test_schedule_ics(client, demo):
    response = client.get(f"{BASE}/schedule.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(response.data)
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Belgrade"]
    assert {c["TZOFFSETTO"].to_ical() for c in zones[0].walk("STANDARD")} == {"+0100"}
    vevents = cal.walk("VEVENT")
    assert len(vevents) == len(demo.sessions) == 10
    uids = [str(e["UID"]) for e in vevents]
    assert uids == [f"{s.public_id}@dita" for s in demo.sessions]
    assert uids == [str(e["UID"]) for e in events_of(client.get(f"{BASE}/schedule.ics").data)]  # stable
    rt2 = next(e for e in vevents if "Roundtable 2" in str(e["CATEGORIES"].to_ical()))
    assert rt2["DTSTART"].params["TZID"] == "Europe/Belgrade"
    assert rt2.decoded("DTSTART").hour == 10
    assert "DTSTAMP" in rt2
    assert "Conference room B" in str(rt2["LOCATION"])
    assert "Co-chair: " in str(rt2["DESCRIPTION"])
    assert str(rt2["URL"]).endswith(f"/en/e/{DEMO_SLUG}/s/{demo.sessions[3].public_id}")


def test_ics_is_in_the_requested_language(client, demo):
    sq = events_of(client.get(f"/sq/e/{DEMO_SLUG}/schedule.ics").data)
    assert "Salla e konferencave B" in str(sq[3]["LOCATION"])
    assert "Bashkëkryesues" in str(sq[3]["DESCRIPTION"]) or "Co-chair" not in str(sq[3]["DESCRIPTION"])


def test_starred_set_contains_exactly_the_chosen_sessions(client, demo):
    chosen = [demo.sessions[0], demo.sessions[3], demo.sessions[7]]
    ids = ",".join(s.public_id for s in chosen)
    vevents = events_of(client.get(f"{BASE}/schedule.ics?s={ids},nothere").data)
    assert sorted(str(e["UID"]) for e in vevents) == sorted(f"{s.public_id}@dita" for s in chosen)
    assert events_of(client.get(f"{BASE}/schedule.ics?s=").data) == []


def test_one_session_ics(client, demo):
    session = demo.sessions[2]
    response = client.get(f"{BASE}/s/{session.public_id}.ics")
    cal = icalendar.Calendar.from_ical(response.data)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [f"{session.public_id}@dita"]
    assert len(cal.walk("VTIMEZONE")) == 1


def test_frab_xml_is_valid(client, demo):
    response = client.get(f"{BASE}/schedule.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    doc = etree.fromstring(response.data)
    schema = xsd()
    assert schema.validate(doc), schema.error_log
    assert len(doc.findall("day/room/event")) == 10
    assert doc.findtext("conference/title") == "International Migrants Day — Pristina"
    rooms = [r.get("name") for r in doc.findall("day/room")]
    assert rooms[:3] == ["Main hall", "Conference room A", "Conference room B"]
    rt2 = doc.find("day/room[@name='Conference room B']/event")
    assert rt2.findtext("start") == "10:00" and rt2.findtext("duration") == "03:00"
    assert len(rt2.findall("persons/person")) == 5


def test_frab_xml_valid_in_arabic_and_serbian(client, app, demo):
    set_translation(demo.id, demo, "title", "ar", "اليوم الدولي للمهاجرين — بريشتينا", TranslationStatus.REVIEWED)
    db.session.commit()
    schema = xsd()
    for lang in ("ar", "sr"):
        doc = etree.fromstring(client.get(f"/{lang}/e/{DEMO_SLUG}/schedule.xml").data)
        assert schema.validate(doc), schema.error_log
    ar = etree.fromstring(client.get(f"/ar/e/{DEMO_SLUG}/schedule.xml").data)
    assert ar.findtext("conference/title") == "اليوم الدولي للمهاجرين — بريشتينا"


def test_schedule_json_is_valid(client, demo):
    response = client.get(f"{BASE}/schedule.json")
    assert response.mimetype == "application/json"
    data = response.get_json()
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    conference = data["schedule"]["conference"]
    assert conference["time_zone_name"] == "Europe/Belgrade" and conference["daysCount"] == 1
    day = conference["days"][0]
    assert day["date"] == "2026-12-18"
    assert [e["start"] for e in day["rooms"]["Conference room B"]] == ["10:00", "14:30"]
    assert sum(len(events) for events in day["rooms"].values()) == 10
    rt1 = day["rooms"]["Conference room A"][0]
    assert [a["url"].rsplit("/", 1)[0].endswith("/papers") for a in rt1["attachments"]] == [True, True]
    rt3 = day["rooms"]["Conference room A"][1]
    assert rt3["links"][0]["url"].startswith("https://www.un.org/")


def test_json_schema_rejects_a_broken_schedule(client, demo):
    """The schema is not a rubber stamp: an event without a start fails."""
    data = client.get(f"{BASE}/schedule.json").get_json()
    del next(iter(data["schedule"]["conference"]["days"][0]["rooms"].values()))[0]["start"]
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)

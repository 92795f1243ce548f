"""The frab schedule XML, for Fahrplan apps (Giggity, ConfClerk), built from the schedule data."""
from __future__ import annotations

from lxml import etree

from app.security import xml_safe


def _text(parent, tag: str, value) -> etree._Element:
    """A child element with text; characters XML 1.0 forbids (a control character already in the
    database) are left out, so one bad title cannot break the export for everyone."""
    element = etree.SubElement(parent, tag)
    element.text = "" if value is None else xml_safe(str(value))
    return element


def _attr(value) -> str:
    return xml_safe(str(value))


def build_xml(schedule: dict) -> bytes:
    """frab XML from `schedule_json.build_schedule`'s result; valid against schedule.xml.xsd."""
    data = schedule["schedule"]
    conf = data["conference"]
    root = etree.Element("schedule")
    _text(root, "version", data["version"])
    conference = etree.SubElement(root, "conference")
    for tag in ("title", "acronym", "start", "end"):
        _text(conference, tag, conf[tag])
    _text(conference, "days", conf["daysCount"])
    _text(conference, "timeslot_duration", conf["timeslot_duration"])
    for day in conf["days"]:
        day_el = etree.SubElement(
            root, "day", index=str(day["index"]), date=_attr(day["date"]), start=_attr(day["day_start"]),
            end=_attr(day["day_end"]),
        )
        for room_name, events in day["rooms"].items():
            room_el = etree.SubElement(day_el, "room", name=_attr(room_name))
            for record in events:
                _event(room_el, record)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _event(parent, record: dict) -> None:
    el = etree.SubElement(parent, "event", id=str(record["id"]), guid=_attr(record["guid"]))
    for tag in ("date", "start", "duration", "room", "slug", "title", "subtitle", "track", "type",
                "language", "abstract", "description"):
        _text(el, tag, record[tag])
    persons = etree.SubElement(el, "persons")
    for person in record["persons"]:
        _text(persons, "person", person["public_name"]).set("id", str(person["id"]))
    links = etree.SubElement(el, "links")
    _text(links, "link", record["url"]).set("href", _attr(record["url"]))
    for link in record["links"] + record["attachments"]:
        _text(links, "link", link["title"]).set("href", _attr(link["url"]))

"""A world-sized dataset for the benchmark.

2,000 small published events in many countries, and one large event: 3 days, 12 rooms,
300 sessions, 600 people, papers for the roundtables, every text translated into all 8
languages. Built with bulk inserts so that it takes seconds, not minutes.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import records
from app.extensions import db
from app.languages import LANGUAGES
from app.models import (
    Event,
    EventLanguage,
    EventStatus,
    Paper,
    Participation,
    ParticipationRole,
    Person,
    Release,
    Room,
    Session,
    SessionFormat,
    StakeholderGroup,
    Translation,
    TranslationStatus,
    fingerprint,
)
from app.models.translation import LINKED_KINDS
from app.publishing import publish

LARGE_SLUG = "world-migrants-day"
COUNTRIES = ["XK", "AL", "RS", "MK", "DE", "CH", "AT", "IT", "FR", "ES", "US", "CA", "MX", "BR", "AR", "MA", "EG",
             "JO", "LB", "TR", "IN", "PH", "CN", "JP", "KE", "NG", "ZA", "AU", "RU", "UA", "SE", "NO", "GB", "IE"]
CITIES = ["Prishtinë", "Prizren", "Tirana", "Belgrade", "Skopje", "Berlin", "Zürich", "Vienna", "Rome", "Paris",
          "Madrid", "New York", "Toronto", "Mexico City", "São Paulo", "Buenos Aires", "Rabat", "Cairo", "Amman",
          "Beirut", "Istanbul", "Delhi", "Manila", "Beijing", "Tokyo", "Nairobi", "Lagos", "Cape Town", "Sydney",
          "Moscow", "Kyiv", "Stockholm", "Oslo", "London", "Dublin"]
FORMATS = [SessionFormat.PLENARY, SessionFormat.GENERAL_DEBATE, SessionFormat.ROUNDTABLE,
           SessionFormat.INTERACTIVE_PANEL, SessionFormat.HEARING, SessionFormat.SIDE_EVENT, SessionFormat.CULTURAL]
THEMES = [
    "Migration and sustainable development", "The human rights of all migrants", "Partnership and cooperation",
    "Labour mobility and development", "Young people and a future at home", "The diaspora bond",
    "Remittances and investment", "Women and children on the move", "Safe, orderly and regular migration",
]


def _insert(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(sa.insert(model), rows)


def build_small_events(count: int, day: date, first_id: int = 1) -> None:
    rng = random.Random(7)
    events, languages, rooms, sessions = [], [], [], []
    room_id, session_id = 10_000_000, 10_000_000
    for n in range(count):
        event_id = first_id + n
        country = rng.choice(COUNTRIES)
        city = rng.choice(CITIES)
        year_offset = rng.choice([0, 0, 0, -1, -2, 1])
        start = date(day.year + year_offset, 12, 18)
        events.append(dict(
            id=event_id, slug=f"migrants-day-{n:04d}", title=f"International Migrants Day — {city} #{n}",
            description="A day of dialogue on migration and development.", start_date=start, end_date=start,
            timezone="Europe/Belgrade", venue="City Hall", city=city, country=country, source_language="en",
            status=EventStatus.PUBLISHED, published_version=1, version=1,
            created_at=datetime.now(ZoneInfo("UTC")), updated_at=datetime.now(ZoneInfo("UTC")),
        ))
        languages += [dict(event_id=event_id, lang="en"), dict(event_id=event_id, lang=rng.choice(LANGUAGES[:2]))]
        room_id += 1
        rooms.append(dict(id=room_id, event_id=event_id, name="Main hall", accessibility="", position=0))
        for k in range(3):
            session_id += 1
            begins = datetime.combine(start, time(9 + 2 * k), tzinfo=ZoneInfo("Europe/Belgrade"))
            sessions.append(dict(
                id=session_id, event_id=event_id, public_id=f"s{session_id:x}", format=FORMATS[k], number=None,
                title=rng.choice(THEMES), description="", starts_at=begins,
                ends_at=begins + timedelta(hours=1, minutes=30),
                room_id=room_id, version=1,
            ))
    languages = [dict(t) for t in {tuple(sorted(d.items())) for d in languages}]
    _insert(Event, events)
    _insert(EventLanguage, languages)
    _insert(Room, rooms)
    _insert(Session, sessions)
    # Each event's first release, as a publish records it: the public reads releases only.
    connection = db.session.connection()
    released = []
    for event in events:
        listing, snapshot = records.release_record(connection, db.metadata.tables, event["id"])
        released.append(dict(event_id=event["id"], number=1, published_at=datetime.now(ZoneInfo("UTC")), changes=[],
                             snapshot=snapshot, listing=listing))
    _insert(Release, released)


def build_large_event(day: date) -> Event:
    """3 days × 12 rooms × 300 sessions, 600 people, all texts in 8 languages."""
    rng = random.Random(11)
    zone = "Europe/Belgrade"
    event = Event(slug=LARGE_SLUG, title="International Migrants Day — World Forum",
                  description="Three days of plenaries, roundtables and hearings.\n\n" + " ".join(THEMES),
                  start_date=day, end_date=day + timedelta(days=2), timezone=zone, venue="Palais des Nations",
                  city="Geneva", country="CH", source_language="en")
    event.offered_languages = LANGUAGES
    db.session.add(event)
    rooms = [Room(event=event, name=f"Room {chr(65 + i)}", capacity=100 + 20 * i, position=i) for i in range(12)]
    people = [Person(event=event, name=f"Speaker {i:03d}", honorific=rng.choice(["Ms.", "Mr.", "Dr.", "H.E."]),
                     function="Director", organization=f"Organization {i % 97}", country=rng.choice(COUNTRIES),
                     stakeholder_group=rng.choice(list(StakeholderGroup)), bio="Works on migration and development.")
              for i in range(600)]
    db.session.add_all(rooms + people)
    sessions = []
    roundtable = 0
    for i in range(300):
        day_index, slot = divmod(i, 100)
        room = rooms[slot % 12]
        hour = 9 + (slot // 12)
        begins = datetime.combine(day + timedelta(days=day_index), time(hour), tzinfo=ZoneInfo(zone))
        fmt = FORMATS[i % len(FORMATS)]
        number = None
        if fmt == SessionFormat.ROUNDTABLE:
            roundtable += 1
            number = roundtable
        session = Session(event=event, format=fmt, number=number, title=f"{THEMES[i % len(THEMES)]} ({i})",
                          description=f"Session {i}: **dialogue** on {THEMES[(i + 3) % len(THEMES)].lower()}.",
                          starts_at=begins, ends_at=begins + timedelta(minutes=50), room=room)
        session.languages = ["en", "fr"]
        session.interpretation = ["ar", "zh", "es", "ru"]
        for position, person in enumerate(rng.sample(people, 4)):
            role = ParticipationRole.CO_CHAIR if position < 2 and number else ParticipationRole.PANELIST
            session.participations.append(Participation(person=person, role=role, position=position))
        if number:
            session.papers.append(Paper(title=f"Roundtable {number} background paper",
                                        external_url="https://www.un.org/en/development/desa/population/migration/"))
        sessions.append(session)
    db.session.add_all(sessions)
    db.session.flush()

    rows = []
    objects = [(event, "event", ("title", "description", "venue"))]
    objects += [(r, "room", ("name",)) for r in rooms]
    objects += [(s, "session", ("title", "description")) for s in sessions]
    objects += [(p, "paper", ("title",)) for s in sessions for p in s.papers]
    objects += [(p, "person", ("function", "bio")) for p in people]
    for obj, kind, fields in objects:
        for field in fields:
            source = getattr(obj, field)
            for lang in LANGUAGES:
                if lang != "en":
                    links = {f"{linked}_id": obj.id if linked == kind else None for linked in LINKED_KINDS}
                    rows.append(dict(event_id=event.id, object_type=kind, object_id=obj.id, field=field, lang=lang,
                                     **links,
                                     text=f"[{lang}] {source}", status=TranslationStatus.REVIEWED,
                                     source_fingerprint=fingerprint(source), source_text=source, version=1,
                                     updated_at=datetime.now(ZoneInfo("UTC"))))
    _insert(Translation, rows)
    publish(event)
    return event


def build(day: date, small_events: int = 2000) -> dict[str, int]:
    large = build_large_event(day)
    db.session.commit()
    build_small_events(small_events, day, first_id=large.id + 1)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT setval(pg_get_serial_sequence('event', 'id'), (SELECT MAX(id) FROM event))"))
        db.session.commit()
    return {"events": small_events + 1, "large_sessions": len(large.sessions), "large_people": len(large.people)}

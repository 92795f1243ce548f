"""Integrity lives in the database: constraints, cascades, time zones."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from app.content import set_translation
from app.extensions import db
from app.models import (
    Event,
    Participation,
    ParticipationRole,
    Person,
    Room,
    Session,
    SessionFormat,
    Translation,
)
from tests import factories as f


def test_duplicate_slug_refused(app):
    f.make_event("pristina")
    with pytest.raises(IntegrityError):
        f.make_event("pristina")


def test_end_before_start_refused(app):
    event = f.make_event()
    with pytest.raises(IntegrityError):
        f.make_session(event, "11:00", "10:00")


def test_event_end_date_before_start_refused(app):
    event = f.make_event()
    event.end_date = date(2026, 12, 17)
    with pytest.raises(IntegrityError):
        db.session.flush()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE session SET format = 'party'",
        "UPDATE person SET stakeholder_group = 'lobby'",
        "UPDATE participation SET role = 'host'",
        "UPDATE event SET source_language = 'de'",
        "UPDATE event SET status = 'archived'",
        "UPDATE session SET number = 0",
    ],
)
def test_invalid_values_refused_by_the_database(app, sql):
    event = f.make_event()
    session = f.make_session(event)
    f.make_participation(session, f.make_person(event))
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.text(sql))
    db.session.rollback()


def test_invalid_enum_refused_by_the_orm(app):
    event = f.make_event()
    with pytest.raises((StatementError, LookupError, ValueError)):
        f.make_session(event, format="party")


def test_roundtable_numbers_unique_per_event(app):
    event = f.make_event()
    f.make_session(event, format=SessionFormat.ROUNDTABLE, number=1)
    with pytest.raises(IntegrityError):
        f.make_session(event, "11:00", "12:00", format=SessionFormat.ROUNDTABLE, number=1)


def test_deleting_an_event_deletes_its_agenda_but_not_other_events_people(app):
    first = f.make_event("first")
    second = f.make_event("second")
    room = f.make_room(first)
    session = f.make_session(first, room=room)
    person = f.make_person(first, "Arta Krasniqi")
    same_human_elsewhere = f.make_person(second, "Arta Krasniqi")
    other_session = f.make_session(second)
    f.make_participation(session, person)
    f.make_participation(other_session, same_human_elsewhere)
    set_translation(first.id, session, "title", "en", "Opening")
    db.session.commit()

    db.session.delete(first)
    db.session.commit()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Session)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Room)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Translation)) == 0
    people = db.session.scalars(sa.select(Person)).all()
    assert [p.event_id for p in people] == [second.id]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 1


def test_database_cascade_without_the_orm(app):
    """ON DELETE CASCADE holds in the database itself, not only in SQLAlchemy."""
    event = f.make_event()
    session = f.make_session(event)
    f.make_participation(session, f.make_person(event))
    db.session.commit()
    db.session.execute(sa.delete(Event).where(Event.id == event.id))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 0


def test_deleting_a_session_keeps_its_people_and_removes_its_translations(app):
    event = f.make_event()
    session = f.make_session(event)
    keep = f.make_session(event, "10:00", "11:00")
    person = f.make_person(event)
    f.make_participation(session, person, ParticipationRole.CO_CHAIR)
    f.make_participation(keep, person)
    paper = f.make_paper(session)
    set_translation(event.id, session, "title", "en", "Opening")
    set_translation(event.id, paper, "title", "en", "Background paper")
    set_translation(event.id, keep, "title", "en", "Kept")
    db.session.commit()

    db.session.delete(session)
    db.session.commit()

    assert db.session.get(Person, person.id) is not None
    remaining = db.session.scalars(sa.select(Translation.text)).all()
    assert remaining == ["Kept"]


def test_deleting_a_room_leaves_its_sessions_without_room(app):
    event = f.make_event()
    room = f.make_room(event)
    session = f.make_session(event, room=room)
    db.session.commit()
    db.session.execute(sa.delete(Room).where(Room.id == room.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Session, session.id).room_id is None


def test_datetimes_stored_in_utc_and_shown_in_the_event_zone(app):
    event = f.make_event(timezone="Europe/Belgrade")
    session = f.make_session(event, "09:00", "10:00")
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.get(Session, session.id)
    assert loaded.starts_at.tzinfo is not None
    assert loaded.starts_at == datetime(2026, 12, 18, 8, 0, tzinfo=UTC)
    assert loaded.starts_at.astimezone(ZoneInfo("Europe/Belgrade")).hour == 9


def test_naive_datetimes_refused(app):
    event = f.make_event()
    db.session.add(Session(event=event, format=SessionFormat.PLENARY, title="x",
                           starts_at=datetime(2026, 12, 18, 9), ends_at=datetime(2026, 12, 18, 10)))
    with pytest.raises(StatementError):
        db.session.flush()
    db.session.rollback()


def test_languages_kept_in_order_and_source_first(app):
    event = f.make_event(source="sq", languages=("en", "ar", "sr"))
    assert event.offered_languages == ["sq", "sr", "en", "ar"]
    session = f.make_session(event)
    session.languages = ["sq", "sr"]
    session.interpretation = ["en", "fr"]
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.get(Session, session.id)
    assert loaded.languages == ["sq", "sr"]
    assert loaded.interpretation == ["en", "fr"]
    loaded.interpretation = ["en"]
    db.session.commit()
    assert db.session.get(Session, session.id).interpretation == ["en"]


def test_stale_translation_detected(app):
    event = f.make_event()
    session = f.make_session(event, title="Hapja")
    row = set_translation(event.id, session, "title", "en", "Opening")
    db.session.commit()
    assert not row.is_stale(session.title)
    session.title = "Hapja zyrtare"
    assert row.is_stale(session.title)
    assert row.source_text == "Hapja"


def test_password_hashed_with_scrypt(app):
    user = f.make_user()
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password(f.PASSWORD)
    assert not user.check_password("wrong")


def test_republishing_an_unchanged_demo_records_no_change(app):
    from app.demo import load_demo
    from app.publishing import publish

    event, _ = load_demo(day=date(2026, 12, 18))
    db.session.expire_all()  # times now come back from the database in UTC
    release = publish(db.session.get(Event, event.id))
    db.session.commit()
    assert release.number == 2
    assert release.changes == []


def test_edits_to_an_events_agenda_update_the_event(app):
    """Caches and ETags read Event.updated_at; every change to the agenda moves it, not the version."""
    event = f.make_event()
    session = f.make_session(event)
    db.session.commit()
    stamps = [db.session.scalar(sa.select(Event.updated_at).where(Event.id == event.id))]
    version = event.version

    def stamp():
        db.session.commit()
        stamps.append(db.session.scalar(sa.select(Event.updated_at).where(Event.id == event.id)))
        assert stamps[-1] > stamps[-2]

    session.title = "Retitled"
    stamp()
    f.make_participation(session, f.make_person(event))
    stamp()
    session.interpretation = ["ar"]
    stamp()
    row = set_translation(event.id, session, "title", "en", "Retitled in English")
    db.session.commit()
    db.session.delete(row)
    stamp()
    db.session.delete(session)
    stamp()
    db.session.refresh(event)
    assert event.version == version

"""Conflicts, each kind on its own: errors block publishing, warnings do not."""
from __future__ import annotations

from app.extensions import db
from app.manage.conflicts import Kind, find_conflicts
from app.manage.releases import publish_checked
from app.models import PaperKind, ParticipationRole, SessionFormat, StakeholderGroup
from tests.conftest import csrf_token
from tests.factories import (
    make_event,
    make_organizer_event,
    make_paper,
    make_participation,
    make_person,
    make_room,
    make_session,
)


def kinds(event):
    db.session.expire_all()
    return sorted((c.kind, c.session.title) for c in find_conflicts(event))


def test_no_conflicts_in_a_clean_agenda(app):
    event = make_event()
    room = make_room(event)
    a = make_session(event, "09:00", "10:00", room=room, title="A")
    b = make_session(event, "10:00", "11:00", room=room, title="B")  # back to back is fine
    person = make_person(event)
    make_participation(a, person)
    make_participation(b, person)
    assert kinds(event) == []


def test_two_sessions_in_one_room_at_once(app):
    event = make_event()
    room, other_room = make_room(event), make_room(event)
    make_session(event, "09:00", "11:00", room=room, title="A")
    make_session(event, "10:30", "12:00", room=room, title="B")
    make_session(event, "09:00", "12:00", room=other_room, title="C")
    assert kinds(event) == [(Kind.ROOM_CLASH, "A"), (Kind.ROOM_CLASH, "B")]


def test_one_person_in_two_overlapping_sessions(app):
    event = make_event()
    a = make_session(event, "09:00", "11:00", room=make_room(event), title="A")
    b = make_session(event, "10:00", "12:00", room=make_room(event), title="B")
    c = make_session(event, "12:00", "13:00", room=make_room(event), title="C")
    person = make_person(event, "Ana Co-chair")
    for s in (a, b, c):
        make_participation(s, person, ParticipationRole.CO_CHAIR)
    found = find_conflicts(event)
    assert sorted((c.kind, c.session.title) for c in found) == [(Kind.PERSON_CLASH, "A"), (Kind.PERSON_CLASH, "B")]
    assert "Ana Co-chair" in found[0].message()


def test_session_outside_the_event_dates(app):
    event = make_event(days=2)
    make_session(event, "09:00", "10:00", title="In", day_offset=1)
    make_session(event, "09:00", "10:00", title="After", day_offset=2)
    make_session(event, "23:00", "23:30", title="Before", day_offset=-1)
    assert kinds(event) == [(Kind.OUTSIDE_DATES, "After"), (Kind.OUTSIDE_DATES, "Before")]


def test_roundtable_without_paper_or_co_chairs_is_a_warning(app):
    event = make_event()
    rt = make_session(event, format=SessionFormat.ROUNDTABLE, number=1, title="RT")
    make_paper(rt, kind=PaperKind.BACKGROUND_PAPER)  # an empty slot is not a paper yet
    found = find_conflicts(event)
    # An empty roundtable also lacks the five categories of participants (the multi-stakeholder rule,
    # tests/test_stakeholder_rule.py); all three are warnings.
    assert sorted(c.kind for c in found) == [Kind.MISSING_STAKEHOLDERS, Kind.NO_CO_CHAIRS, Kind.NO_PAPER]
    assert not any(c.is_error for c in found)
    rt.papers[0].external_url = "https://www.un.org/paper.pdf"
    groups = [StakeholderGroup.GOVERNMENT, StakeholderGroup.CIVIL_SOCIETY, StakeholderGroup.OBSERVER,
              StakeholderGroup.UN_SYSTEM, StakeholderGroup.PRIVATE_SECTOR]
    for n, group in enumerate(groups):
        role = ParticipationRole.CO_CHAIR if n < 2 else ParticipationRole.PANELIST
        make_participation(rt, make_person(event, group=group), role)
    assert kinds(event) == []


def test_sweep_handles_many_sessions(app):
    event = make_event()
    room = make_room(event)
    for hour in range(8, 20):
        make_session(event, f"{hour:02d}:00", f"{hour:02d}:59", room=room)
    make_session(event, "08:30", "19:30", room=make_room(event))
    assert kinds(event) == []


def test_errors_block_publishing_warnings_do_not(app, client, auth):
    _, event = make_organizer_event(slug="blocked")
    room = make_room(event)
    make_session(event, "09:00", "11:00", room=room, title="A")
    make_session(event, "10:00", "12:00", room=room, title="B")
    make_session(event, "14:00", "15:00", format=SessionFormat.ROUNDTABLE, number=1, title="RT")
    db.session.commit()
    auth.login()
    page = client.get("/manage/blocked/publish").get_data(as_text=True)
    assert "Publishing is blocked" in page and "is also booked" in page
    response = client.post("/manage/blocked/publish", data={"csrf_token": csrf_token(client, "/manage/blocked/")})
    assert response.status_code == 200
    db.session.expire_all()
    assert not event.is_published and event.releases == []
    b = next(s for s in event.sessions if s.title == "B")
    b.room = make_room(event)
    db.session.commit()
    release, check = publish_checked(event)
    assert release is not None and not check.errors
    db.session.commit()
    assert event.is_published


def test_timetable_shows_conflicts_where_they_are(app, client, auth):
    _, event = make_organizer_event(slug="timetable-test")
    room = make_room(event, "Plenary hall")
    make_session(event, "09:00", "11:00", room=room, title="Opening")
    make_session(event, "10:00", "12:00", room=room, title="Debate")
    db.session.commit()
    auth.login()
    page = client.get("/manage/timetable-test/timetable").get_data(as_text=True)
    assert page.count("Plenary hall is also booked") == 2
    assert "tt-session" in page and "has-error" in page

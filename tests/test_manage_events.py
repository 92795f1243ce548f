"""Creating events from templates, the events list, settings and deleting."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.manage.agenda_templates import agenda_templates
from app.models import Event, EventMember, MemberRole, Translation
from tests.conftest import csrf_token
from tests.factories import make_organizer_event, make_user

# DESIGN.md, "The HLD agenda format": day offset, start, end, format, number.
HLD_2013 = [
    (0, "09:00", "10:00", "plenary", None, "Plenary meeting (opening)"),
    (0, "10:00", "13:00", "general_debate", None, "General debate of HLD"),
    (0, "10:00", "13:00", "roundtable", 1,
     "Roundtable 1: Assessing the effects of international migration on sustainable development and identifying "
     "relevant priorities in view of the preparation of the post-2015 development framework"),
    (0, "15:00", "18:00", "roundtable", 2,
     "Roundtable 2: Measures to ensure respect for and protection of the human rights of all migrants, with "
     "particular reference to women and children, as well as to prevent and combat the smuggling of migrants and "
     "trafficking in persons and to ensure orderly, regular and safe migration"),
    (0, "17:30", "18:00", "plenary", None, "Plenary meeting"),
    (1, "09:00", "10:00", "interactive_panel", None,
     "Interactive Panel – The 2013 High-level Dialogue: Next steps and beyond"),
    (1, "10:00", "13:00", "general_debate", None, "General debate of HLD"),
    (1, "10:00", "13:00", "roundtable", 3,
     "Roundtable 3: Strengthening partnership and cooperation on international migration, mechanisms to effectively "
     "integrate migration into development policies and promoting coherence at all levels"),
    (1, "15:00", "17:30", "roundtable", 4,
     "Roundtable 4: International and regional labour mobility and its impact on development"),
    (1, "17:30", "18:00", "plenary", None, "Plenary meeting (closing)"),
]


def _new_event_form(client, **overrides):
    data = {
        "csrf_token": csrf_token(client, "/manage/new"), "title": "18 December 2026 — Migrants Day in Prizren",
        "start_date": "2026-12-18", "number_of_days": "", "end_date": "", "timezone": "Europe/Belgrade",
        "venue": "Lidhja e Prizrenit",
        "city": "Prizren", "country": "XK", "source_language": "en", "languages": ["en", "sq", "sr"],
        "template": "hld-2013", "slug": "",
    }
    data.update(overrides)
    return client.post("/manage/new", data=data)


def test_new_event_from_hld_2013_equals_the_design_table(app, client, auth):
    owner = make_user("organizer@example.org")
    db.session.commit()
    auth.login()
    response = _new_event_form(client)
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event))
    assert event.slug == "18-december-2026-migrants-day-in-prizren"
    assert (event.start_date, event.end_date) == (date(2026, 12, 18), date(2026, 12, 19))
    assert [(m.user_id, m.role) for m in event.members] == [(owner.id, MemberRole.OWNER)]
    tz = ZoneInfo("Europe/Belgrade")
    got = []
    for s in sorted(event.sessions,
                    key=lambda s: (s.starts_at, s.format != "plenary" and s.format != "general_debate", s.id)):
        start, end = s.starts_at.astimezone(tz), s.ends_at.astimezone(tz)
        got.append(((start.date() - event.start_date).days, start.strftime("%H:%M"), end.strftime("%H:%M"),
                    s.format.value, s.number, s.title))
    assert sorted(got, key=str) == sorted(HLD_2013, key=str)
    roundtables = [s for s in event.sessions if s.format == "roundtable"]
    assert all(len(s.papers) == 1 and s.papers[0].kind == "background_paper" for s in roundtables)
    assert not any(s.papers for s in event.sessions if s.format != "roundtable")
    # The template's Albanian and Serbian titles became translations; other languages did not.
    langs = set(db.session.scalars(sa.select(Translation.lang).where(Translation.event_id == event.id)))
    assert langs == {"sq", "sr"}
    rt1 = next(s for s in roundtables if s.number == 1)
    sq_title = db.session.scalar(sa.select(Translation.text).where(
        Translation.object_type == "session", Translation.object_id == rt1.id, Translation.lang == "sq"))
    assert sq_title.startswith("Tryeza e rrumbullakët 1:")


def test_templates_are_the_four_data_files():
    templates = agenda_templates()
    assert list(templates) == ["hld-2013", "hld-2013-afternoon", "migrants-day", "blank"]
    assert templates["hld-2013"].days == 2 and templates["blank"].sessions == []


def test_template_in_source_language_and_other_zone(app, client, auth):
    make_user("organizer@example.org")
    db.session.commit()
    auth.login()
    response = _new_event_form(client, template="migrants-day", source_language="sq", languages=["sq", "en"],
                               timezone="America/New_York", start_date="2027-12-18")
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event))
    assert event.start_date == event.end_date == date(2027, 12, 18)
    opening = min(event.sessions, key=lambda s: s.starts_at)
    assert opening.title == "Mbledhja plenare e hapjes"
    assert opening.starts_at == datetime(2027, 12, 18, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    assert opening.starts_at.astimezone(ZoneInfo("America/New_York")).time() == time(9, 0)


def test_slug_unique_and_editable(app, client, auth):
    make_organizer_event(slug="prizren")
    db.session.commit()
    auth.login()
    response = _new_event_form(client, slug="prizren", template="blank")
    assert response.status_code == 200
    assert "Another event has this address" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
    assert _new_event_form(client, title="Prizren", template="blank").status_code == 302
    assert db.session.scalar(sa.select(Event.slug).where(Event.slug != "prizren")) == "prizren-2"


def test_new_event_bad_input_gives_messages_and_saves_nothing(app, client, auth):
    make_user("organizer@example.org")
    db.session.commit()
    auth.login()
    response = _new_event_form(client, title="", timezone="Mars/Olympus", start_date="2026-13-40",
                               end_date="2026-12-01", template="nope", slug="../x")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Choose a time zone from the list" in page
    assert "Use small letters" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
    response = _new_event_form(client, start_date="2026-12-18", end_date="2026-12-01")
    assert "The last day cannot be before the first day." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0


def test_new_event_form_defaults(app, client, auth):
    make_user("organizer@example.org")
    db.session.commit()
    auth.login()
    page = client.get("/manage/new").get_data(as_text=True)
    assert 'value="Europe/Belgrade"' in page and '<datalist id="timezones">' in page
    assert "-12-18" in page
    assert "HLD 2013, two days" in page and "Migrants Day, one day" in page and "Blank" in page


def test_index_lists_own_events_with_progress(app, client, auth):
    _, mine = make_organizer_event(title="Mine")
    make_user("other@example.org")
    make_organizer_event("other2@example.org", title="Not mine")
    db.session.commit()
    auth.login()
    page = client.get("/manage/").get_data(as_text=True)
    assert "Mine" in page and "Not mine" not in page
    assert "<progress" in page and "Draft" in page


def test_delete_event_with_confirmation(app, client, auth):
    _, event = make_organizer_event(slug="to-delete")
    db.session.commit()
    auth.login()
    page = client.get("/manage/to-delete/delete").get_data(as_text=True)
    assert "Delete this event?" in page
    response = client.post("/manage/to-delete/delete",
                           data={"csrf_token": csrf_token(client, "/manage/to-delete/delete")})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(Event).where(Event.slug == "to-delete")) is None


def test_only_owner_deletes(app, client, auth):
    owner, event = make_organizer_event("owner@example.org", slug="owned")
    editor = make_user("organizer@example.org")
    event.members.append(EventMember(user=editor, role=MemberRole.EDITOR))
    db.session.commit()
    auth.login()
    assert client.get("/manage/owned/").status_code == 200
    assert client.get("/manage/owned/delete").status_code == 403
    assert client.get("/manage/owned/members").status_code == 403


def test_settings_saves_and_refuses_stale(app, client, auth):
    _, event = make_organizer_event(slug="settings")
    db.session.commit()
    auth.login()
    token = csrf_token(client, "/manage/settings/settings")
    data = {"csrf_token": token, "title": "New title", "slug": "settings", "start_date": "2026-12-18",
            "number_of_days": "2", "end_date": "", "timezone": "Europe/Belgrade", "source_language": "sq",
            "languages": ["sq", "en"], "country": "", "version": str(event.version)}
    assert client.post("/manage/settings/settings", data=data).status_code == 302
    db.session.expire_all()
    assert event.title == "New title" and event.end_date == date(2026, 12, 19)
    response = client.post("/manage/settings/settings", data={**data, "title": "Older"})
    assert "Someone else changed this event" in response.get_data(as_text=True)
    db.session.expire_all()
    assert event.title == "New title"


def _local_agenda(event) -> list[tuple]:
    """(day of the event, start, end, title) of every session, in the event's zone."""
    tz = ZoneInfo(event.timezone)
    return sorted(((s.starts_at.astimezone(tz).date() - event.start_date).days,
                   s.starts_at.astimezone(tz).strftime("%H:%M"), s.ends_at.astimezone(tz).strftime("%H:%M"), s.title)
                  for s in event.sessions)


def _settings_form(client, event, **overrides) -> dict:
    data = {"csrf_token": csrf_token(client, f"/manage/{event.slug}/settings"), "title": event.title,
            "slug": event.slug, "start_date": event.start_date.isoformat(), "number_of_days": "",
            "end_date": event.end_date.isoformat(), "timezone": event.timezone, "venue": event.venue,
            "city": event.city, "country": event.country, "source_language": event.source_language,
            "languages": event.offered_languages, "version": str(event.version), "move_sessions": "y"}
    data.update(overrides)
    return data


@pytest.fixture
def hld_event(app, client, auth):
    """An organizer, signed in, with an event made from the HLD 2013 template."""
    make_user("organizer@example.org")
    db.session.commit()
    auth.login()
    _new_event_form(client)
    return db.session.scalar(sa.select(Event))


def test_new_dates_and_zone_move_the_sessions_with_the_event(client, hld_event):
    event = hld_event
    before = _local_agenda(event)
    page = client.get(f"/manage/{event.slug}/settings").get_data(as_text=True)
    assert '<input checked id="move_sessions" name="move_sessions" type="checkbox" value="y">' in page

    # A year later, a day earlier, and in New York: every session on the same day of the event, same time of day.
    data = _settings_form(client, event, start_date="2027-12-17", end_date="2027-12-18", timezone="America/New_York")
    response = client.post(f"/manage/{event.slug}/settings", data=data, follow_redirects=True)
    assert "its 10 sessions moved with it" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (event.start_date, event.timezone) == (date(2027, 12, 17), "America/New_York")
    assert _local_agenda(event) == before
    opening = min(event.sessions, key=lambda s: s.starts_at)
    assert opening.starts_at == datetime(2027, 12, 17, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    assert "outside the event" not in client.get(f"/manage/{event.slug}/timetable").get_data(as_text=True)


def test_dates_changed_without_moving_the_sessions_leave_them_where_they_were(client, hld_event):
    event = hld_event
    times = sorted((s.id, s.starts_at, s.ends_at) for s in event.sessions)
    data = _settings_form(client, event, start_date="2027-12-18", end_date="2027-12-19")
    del data["move_sessions"]  # the box unticked
    response = client.post(f"/manage/{event.slug}/settings", data=data, follow_redirects=True)
    assert "The event was saved." in response.get_data(as_text=True)
    db.session.expire_all()
    assert event.start_date == date(2027, 12, 18)
    assert sorted((s.id, s.starts_at, s.ends_at) for s in event.sessions) == times
    assert "outside the event" in client.get(f"/manage/{event.slug}/timetable").get_data(as_text=True)


def test_the_move_box_is_offered_only_when_there_are_sessions(app, client, auth):
    _, event = make_organizer_event(slug="empty-day")
    db.session.commit()
    auth.login()
    assert 'name="move_sessions"' not in client.get("/manage/empty-day/settings").get_data(as_text=True)

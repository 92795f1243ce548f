"""The list of speakers: precedence, expected times, the organizer's page, the trust gate, the public page."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Event, MemberRole, SessionFormat, StakeholderGroup
from app.models.speakers import EntryStatus, RepresentationLevel, SpeakerEntry
from app.speakers import expected_times, ordered_by_precedence
from tests import factories as f
from tests.conftest import csrf_token

T0 = datetime(2026, 12, 18, 9, 0, tzinfo=UTC)


def _entry(id, level, minute, *, position=0, minutes=None, status=EntryStatus.INSCRIBED):
    return SimpleNamespace(id=id, level=level, inscribed_at=T0 + timedelta(minutes=minute), position=position,
                           minutes=minutes, status=status)


def test_precedence_is_level_then_order_of_request():
    L = RepresentationLevel
    entries = [_entry(1, L.OTHER, 0), _entry(2, L.MINISTER, 5), _entry(3, L.HEAD_OF_STATE, 9),
               _entry(4, L.MINISTER, 1), _entry(5, L.VICE_PRESIDENT, 3), _entry(6, L.HEAD_OF_GOVERNMENT, 8),
               _entry(7, L.HEAD_OF_DELEGATION, 2), _entry(8, L.VICE_MINISTER, 4), _entry(9, L.MINISTER, 1)]
    assert [e.id for e in ordered_by_precedence(entries)] == [3, 6, 5, 4, 9, 2, 8, 7, 1]


def test_expected_times_follow_the_list_and_skip_withdrawn_and_moved():
    session = SimpleNamespace(starts_at=T0, ends_at=T0 + timedelta(minutes=15))
    entries = [_entry(1, "minister", 0, position=2, minutes=3), _entry(2, "other", 0, position=0),
               _entry(3, "other", 0, position=1, status=EntryStatus.WITHDRAWN),
               _entry(4, "other", 0, position=3, minutes=7, status=EntryStatus.SPOKEN),
               _entry(5, "other", 0, position=4, status="moved")]
    slots = expected_times(session, entries, 5)
    assert [(s.entry.id, s.starts_at - T0, s.minutes) for s in slots] == [
        (2, timedelta(0), 5), (1, timedelta(minutes=5), 3), (4, timedelta(minutes=8), 7)]
    assert [s.overruns for s in slots] == [False, False, False]
    assert expected_times(session, [*entries, _entry(6, "other", 0, position=9)], 5)[-1].overruns


@pytest.fixture
def debate(app, auth):
    _, event = f.make_organizer_event(slug="debate", source="en", languages=["en", "sq", "ar"])
    session = f.make_session(event, "10:00", "13:00", format=SessionFormat.GENERAL_DEBATE, title="General debate")
    minister = f.make_person(event, "Arta Krasniqi", honorific="H.E. Ms", function="Minister of Internal Affairs",
                             group=StakeholderGroup.GOVERNMENT)
    db.session.commit()
    auth.login()
    return SimpleNamespace(event=event, session=session, minister=minister,
                           url=f"/manage/debate/sessions/{session.id}/speakers")


def _add(client, debate, **fields):
    data = {"csrf_token": csrf_token(client, debate.url), "person": "0", "on_behalf_of": "", "level": "other",
            "minutes": "", "status": "inscribed", "once": ""}
    data.update(fields)
    return client.post(debate.url, data=data)


def _entries(session_id) -> list[SpeakerEntry]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(SpeakerEntry).where(SpeakerEntry.session_id == session_id)
                                   .order_by(SpeakerEntry.position, SpeakerEntry.id)))


def test_organizer_adds_orders_and_removes_entries(client, debate):
    assert _add(client, debate, on_behalf_of="UNHCR").status_code == 302
    assert _add(client, debate, person=str(debate.minister.id), on_behalf_of="Kosovo",
                level="minister", minutes="3").status_code == 302
    assert _add(client, debate, on_behalf_of="IOM", level="head_of_delegation").status_code == 302
    page = client.get(debate.url).get_data(as_text=True)
    # Expected times in the event's zone: 10:00, 10:05 (UNHCR, 5 min default), 10:08 (after 3 min).
    assert re.search(r"1\.</span> <strong>10:00</strong>\s*<bdi>UNHCR", page)
    assert re.search(r"10:05</strong>\s*<bdi>H.E. Ms Arta Krasniqi", page)
    assert re.search(r"10:08</strong>\s*<bdi>IOM", page)
    assert "5 minutes (default)" in page and "3 minutes" in page

    entries = _entries(debate.session.id)
    shown = ",".join(f"{e.id}:{e.version}" for e in entries)
    url = f"{debate.url}/precedence"
    response = client.post(url, data={"csrf_token": csrf_token(client, debate.url), "shown": shown})
    assert response.status_code == 302
    assert [e.on_behalf_of for e in _entries(debate.session.id)] == ["Kosovo", "IOM", "UNHCR"]

    iom = _entries(debate.session.id)[1]
    client.post(f"{debate.url}/{iom.id}/move", data={"csrf_token": csrf_token(client, debate.url),
                                                     "direction": "up", "version": str(iom.version)})
    assert [e.on_behalf_of for e in _entries(debate.session.id)] == ["IOM", "Kosovo", "UNHCR"]

    unhcr = _entries(debate.session.id)[2]
    remove = f"{debate.url}/{unhcr.id}/remove"
    assert "UNHCR" in client.get(remove).get_data(as_text=True)
    assert len(_entries(debate.session.id)) == 3  # asking first changes nothing
    client.post(remove, data={"csrf_token": csrf_token(client, remove)})
    assert [e.on_behalf_of for e in _entries(debate.session.id)] == ["IOM", "Kosovo"]


def test_ordering_an_outdated_list_changes_nothing(client, debate):
    _add(client, debate, on_behalf_of="UNDP")
    _add(client, debate, on_behalf_of="Ministry of Foreign Affairs and Diaspora", level="minister")
    entries = _entries(debate.session.id)
    shown = ",".join(f"{e.id}:{e.version}" for e in entries)
    _add(client, debate, on_behalf_of="Municipality of Prishtina", level="head_of_state")  # meanwhile
    response = client.post(f"{debate.url}/precedence", data={"csrf_token": csrf_token(client, debate.url),
                                                             "shown": shown}, follow_redirects=True)
    assert "Someone else changed this" in response.get_data(as_text=True)
    assert [e.position for e in _entries(debate.session.id)] == [0, 1, 2]


@pytest.mark.parametrize("fields, message", [
    ({}, "Choose a speaker or say on whose behalf"),
    ({"on_behalf_of": "IOM", "minutes": "0"}, "Number must be between 1 and 60"),
    ({"on_behalf_of": "IOM", "minutes": "abc"}, "Not a valid integer value"),
    ({"on_behalf_of": "IOM", "level": "emperor"}, "Not a valid choice"),
    ({"on_behalf_of": "IOM", "status": "shouting"}, "Not a valid choice"),
    ({"person": "999999"}, "Not a valid choice"),
    ({"person": "x"}, "Invalid Choice"),
    ({"on_behalf_of": "x" * 301}, "Field cannot be longer than 300 characters"),
    ({"on_behalf_of": "IOM\x00"}, "null character"),
])
def test_bad_input_is_told_and_nothing_saved(client, debate, fields, message):
    response = _add(client, debate, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _entries(debate.session.id) == []


def test_a_stale_edit_is_refused(client, debate):
    _add(client, debate, on_behalf_of="IOM")
    entry = _entries(debate.session.id)[0]
    url = f"{debate.url}/{entry.id}"
    token = csrf_token(client, url)
    data = {"csrf_token": token, "person": "0", "on_behalf_of": "IOM Kosovo", "level": "other", "minutes": "7",
            "status": "spoken", "version": str(entry.version)}
    assert client.post(url, data=data).status_code == 302
    saved = _entries(debate.session.id)[0]
    assert (saved.on_behalf_of, saved.minutes, saved.status) == ("IOM Kosovo", 7, EntryStatus.SPOKEN)
    response = client.post(url, data=data | {"on_behalf_of": "Old view"})  # the version shown is old now
    assert response.status_code == 409 and "Someone else changed this" in response.get_data(as_text=True)
    assert _entries(debate.session.id)[0].on_behalf_of == "IOM Kosovo"


def test_other_events_entries_are_out_of_reach(client, debate):
    _, other = f.make_organizer_event("someone@example.org", slug="other")
    session = f.make_session(other, format=SessionFormat.GENERAL_DEBATE)
    session.speaker_entries.append(SpeakerEntry(on_behalf_of="UNDP"))
    db.session.commit()
    entry_id = session.speaker_entries[0].id
    assert client.get(f"/manage/other/sessions/{session.id}/speakers").status_code == 403
    assert client.get(f"{debate.url}/{entry_id}").status_code == 404


def test_event_default_minutes_setting(client, debate):
    url = "/manage/debate/settings"
    page = client.get(url).get_data(as_text=True)
    assert 'name="statement_minutes"' in page and 'value="5"' in page
    event = db.session.get(Event, debate.event.id)
    data = {"csrf_token": csrf_token(client, url), "title": event.title, "slug": "debate", "start_date": "2026-12-18",
            "number_of_days": "1", "timezone": event.timezone, "source_language": "en", "languages": ["en", "sq", "ar"],
            "version": str(event.version), "statement_minutes": "61", "country": "", "designation_footnote": "",
            "dates_language": "sq", "fallback_languages": ""}
    response = client.post(url, data=data)
    assert response.status_code == 200 and "Number must be between 1 and 60" in response.get_data(as_text=True)
    assert client.post(url, data=data | {"statement_minutes": "4"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, debate.event.id).statement_minutes == 4


def test_translators_translate_the_delegation_and_readers_see_it_once_published(client, auth, app):
    from tests.test_translate_editor import form_of

    owner = f.make_user("owner@example.org")
    translator = f.make_user("sr@example.org", organizer=False)
    event = f.make_event("pristina", owner=owner, languages=("sq", "sr", "en"))
    session = f.make_session(event, "10:00", "12:00", format=SessionFormat.GENERAL_DEBATE,
                             title="Debati i përgjithshëm")
    session.speaker_entries.append(SpeakerEntry(on_behalf_of="Ministria e Punëve të Brendshme"))
    f.add_member(event, translator, MemberRole.TRANSLATOR, "sr")
    f.release(event)
    entry_id = session.speaker_entries[0].id
    auth.login("sr@example.org")
    editor = client.get("/translate/pristina/sr/").get_data(as_text=True)
    context = f"speaker_entry:{entry_id}:on_behalf_of"
    assert "On behalf of" in editor
    # Under its session, after the session's own fields.
    assert editor.index("Debati i përgjithshëm") < editor.index(context)
    values = form_of(editor, context)
    response = client.post("/translate/pristina/sr/", data={**values, "text": "Ministarstvo unutrašnjih poslova",
                                                            "status": "reviewed"})
    assert response.status_code == 302
    page = client.get(f"/sr/e/pristina/s/{session.public_id}").get_data(as_text=True)
    assert "Ministarstvo unutrašnjih poslova" in page and "Ministria e Punëve" not in page


def test_a_copy_to_next_year_and_an_archive_keep_the_list(app):
    from datetime import date

    from app.content import set_translation
    from app.manage.archive import copy_to, export_zip, import_zip
    from app.models import Translation, TranslationStatus

    owner = f.make_user("owner@example.org")
    event = f.make_event("debate-2026", owner=owner, languages=("sq", "en"))
    session = f.make_session(event, "10:00", "12:00", format=SessionFormat.GENERAL_DEBATE)
    person = f.make_person(event, "Arta Krasniqi")
    session.speaker_entries.extend([
        SpeakerEntry(person=person, on_behalf_of="Kosova", level=RepresentationLevel.MINISTER, minutes=3),
        SpeakerEntry(on_behalf_of="UNHCR", position=1, status=EntryStatus.SPOKEN),
    ])
    db.session.flush()
    set_translation(event.id, session.speaker_entries[0], "on_behalf_of", "en", "Kosovo", TranslationStatus.REVIEWED)
    db.session.commit()

    def shape(made):
        [debate] = made.sessions
        rows = [(e.person.name if e.person else None, e.on_behalf_of, e.level, e.minutes, e.position)
                for e in debate.speaker_entries]
        translated = db.session.scalars(sa.select(Translation.text).where(
            Translation.speaker_entry_id.in_([e.id for e in debate.speaker_entries]))).all()
        return rows, translated

    expected = ([("Arta Krasniqi", "Kosova", RepresentationLevel.MINISTER, 3, 0),
                 (None, "UNHCR", RepresentationLevel.OTHER, None, 1)], ["Kosovo"])
    copy = copy_to(event, date(2027, 12, 18), owner)
    db.session.commit()
    assert copy.id != event.id and shape(copy) == expected
    # Next year nobody has spoken yet; an archive keeps the list as it was.
    assert [e.status for e in copy.sessions[0].speaker_entries] == [EntryStatus.INSCRIBED] * 2
    imported = import_zip(export_zip(event), owner)
    db.session.commit()
    assert imported.id not in (event.id, copy.id) and shape(imported) == expected
    assert [e.status for e in imported.sessions[0].speaker_entries] == [EntryStatus.INSCRIBED, EntryStatus.SPOKEN]


def test_the_publish_page_says_how_the_list_changed(client, debate):
    _add(client, debate, on_behalf_of="UNDP")
    _add(client, debate, on_behalf_of="UNHCR")
    f.release(db.session.get(Event, debate.event.id))
    publish_url = "/manage/debate/publish"
    undp, unhcr = _entries(debate.session.id)
    client.post(f"{debate.url}/{unhcr.id}/move", data={"csrf_token": csrf_token(client, debate.url),
                                                        "direction": "up", "version": str(unhcr.version)})
    page = client.get(publish_url).get_data(as_text=True)
    assert "The list of speakers of “General debate” changed (order, times or status)." in page
    remove = f"{debate.url}/{undp.id}/remove"
    client.post(remove, data={"csrf_token": csrf_token(client, remove)})
    page = client.get(publish_url).get_data(as_text=True)
    assert "Off the list of speakers of “General debate”: UNDP." in page
    assert "changed (order, times or status)" not in page  # the removal says it all

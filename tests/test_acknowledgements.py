"""The list-of-speakers rule and acknowledged conflicts, end to end.

The realistic case: a minister co-chairs Roundtable 1 and gives a statement in the general debate
that runs beside it. Their statement slot misses the roundtable: a warning. The list grows and
the slot moves into the roundtable: an error, publishing is refused; the organizer acknowledges it
with a reason and publishing succeeds; the acknowledgement is recorded and shown. When the facts
change, it no longer applies.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.i18n import LANG_COOKIE
from app.manage.conflicts import Kind, blocking, find_conflicts
from app.models import (
    Acknowledgement,
    EntryStatus,
    ParticipationRole,
    Release,
    SessionFormat,
    SpeakerEntry,
    StakeholderGroup,
)
from tests.conftest import csrf_token
from tests.factories import (
    at,
    make_event,
    make_organizer_event,
    make_participation,
    make_person,
    make_room,
    make_session,
    make_user,
)

SLUG = "dita-2026"


def entry(session, person=None, *, position, minutes=5, on_behalf_of="", status=EntryStatus.INSCRIBED):
    row = SpeakerEntry(session=session, person=person, position=position, minutes=minutes, on_behalf_of=on_behalf_of,
                       status=status)
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def agenda(app):
    """General debate 10:00–13:00 beside Roundtable 1 (10:30–13:00); the minister co-chairs the
    roundtable and is first on the debate's list (10:00–10:05)."""
    owner, event = make_organizer_event(slug=SLUG, title="Dita e Migrantëve 2026")
    owner.name = "Arbëresha Organizer"
    hall, room1 = make_room(event, "Plenary hall"), make_room(event, "Conference room 1")
    debate = make_session(event, "10:00", "13:00", format=SessionFormat.GENERAL_DEBATE, room=hall,
                          title="General debate")
    rt1 = make_session(event, "10:30", "13:00", format=SessionFormat.ROUNDTABLE, number=1, room=room1,
                       title="Roundtable 1")
    minister = make_person(event, "Minister Arta Krasniqi", group=StakeholderGroup.GOVERNMENT)
    make_participation(rt1, minister, ParticipationRole.CO_CHAIR)
    make_participation(rt1, make_person(event, "Dr. Amina Diallo", group=StakeholderGroup.UN_SYSTEM),
                       ParticipationRole.CO_CHAIR)
    entry(debate, minister, position=1)
    db.session.commit()
    return event, debate, rt1, minister


def person_conflicts(event):
    db.session.expire_all()
    return [c for c in find_conflicts(event) if c.kind in (Kind.PERSON_CLASH, Kind.STATEMENT_BESIDE_DUTY)]


def move_the_statement_into_the_roundtable(debate):
    """A delegation inscribed before the minister, speaking 30 minutes: the minister's slot is 10:30–10:35."""
    entry(debate, position=0, minutes=30, on_behalf_of="Group of 77 and China")
    db.session.commit()


def publish(client):
    return client.post(f"/manage/{SLUG}/publish", data={"csrf_token": csrf_token(client, f"/manage/{SLUG}/")})


def acknowledge_url(conflict, back="publish"):
    return f"/manage/{SLUG}/conflicts/{conflict.key}/acknowledge?back={back}"


# The list-of-speakers rule

def test_a_statement_beside_a_duty_is_a_warning_on_both_sessions(agenda):
    event, debate, rt1, _ = agenda
    found = person_conflicts(event)
    assert sorted((c.kind, c.session.title) for c in found) == [
        (Kind.STATEMENT_BESIDE_DUTY, "General debate"), (Kind.STATEMENT_BESIDE_DUTY, "Roundtable 1")]
    assert not blocking(find_conflicts(event))
    assert found[0].key == found[1].key  # one conflict, reported where it is


def test_a_statement_in_the_duty_is_a_person_clash(agenda, client):
    event, debate, rt1, minister = agenda
    move_the_statement_into_the_roundtable(debate)
    found = person_conflicts(event)
    assert {(c.kind, c.session.title) for c in found} == {(Kind.PERSON_CLASH, "General debate"),
                                                          (Kind.PERSON_CLASH, "Roundtable 1")}
    assert all(c.is_error and c.person_id == minister.id for c in found)
    statement = found[0].statement
    assert statement is not None and statement.session.id == debate.id
    assert statement.starts_at == at(event, "10:30") and statement.ends_at == at(event, "10:35")


def test_people_only_on_the_list_are_busy_only_in_their_slot(app):
    event = make_event()
    debate = make_session(event, "10:00", "13:00", format=SessionFormat.GENERAL_DEBATE, room=make_room(event))
    panel = make_session(event, "10:30", "11:30", format=SessionFormat.INTERACTIVE_PANEL, room=make_room(event))
    later = make_session(event, "14:00", "15:00", room=make_room(event))
    speaker = make_person(event, "Ambassador")
    make_participation(panel, speaker, ParticipationRole.PANELIST)
    make_participation(later, speaker, ParticipationRole.PANELIST)
    entry(debate, speaker, position=0, minutes=10)  # 10:00–10:10
    assert [c.kind for c in person_conflicts(event)] == [Kind.STATEMENT_BESIDE_DUTY] * 2
    # A withdrawn statement takes no time and no one's time.
    db.session.scalars(sa.select(SpeakerEntry)).one().status = EntryStatus.WITHDRAWN
    db.session.commit()
    assert person_conflicts(event) == []


def test_the_whole_debate_is_a_duty_of_its_participants(app):
    """The debate's chair is busy the whole debate, list of speakers or not; their own statement in it is no clash."""
    event = make_event()
    debate = make_session(event, "10:00", "13:00", format=SessionFormat.GENERAL_DEBATE, room=make_room(event))
    panel = make_session(event, "12:00", "12:30", room=make_room(event))
    chair = make_person(event, "President of the Assembly")
    make_participation(debate, chair, ParticipationRole.CHAIR)
    entry(debate, chair, position=0)
    assert person_conflicts(event) == []
    make_participation(panel, chair, ParticipationRole.PANELIST)
    assert {c.kind for c in person_conflicts(event)} == {Kind.PERSON_CLASH}


# Acknowledging, end to end

def test_acknowledged_error_no_longer_blocks_publishing(agenda, client, auth):
    event, debate, rt1, _ = agenda
    auth.login()
    publish_page = client.get(f"/manage/{SLUG}/publish").get_data(as_text=True)
    assert "Publishing is blocked" not in publish_page
    assert "is expected to speak in “General debate” at 10:00–10:05, not during “Roundtable 1”" in publish_page

    move_the_statement_into_the_roundtable(debate)
    response = publish(client)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Publishing is blocked" in page
    assert "Minister Arta Krasniqi is expected to speak in “General debate” at 10:30–10:35, during “Roundtable 1”." \
        in page
    db.session.expire_all()
    assert not event.is_published and db.session.scalar(sa.select(sa.func.count()).select_from(Release)) == 0

    clash = next(c for c in person_conflicts(event) if c.kind == Kind.PERSON_CLASH)
    assert acknowledge_url(clash).split("?")[0] in page  # the publish page offers to acknowledge it
    form = client.get(acknowledge_url(clash)).get_data(as_text=True)
    assert "Acknowledge a conflict" in form and "during “Roundtable 1”" in form
    token = csrf_token(client, acknowledge_url(clash))

    # No reason: refused with a message, nothing saved.
    refused = client.post(acknowledge_url(clash), data={"csrf_token": token, "reason": "   ", "back": "publish"})
    assert refused.status_code == 200 and "Say why this can stand" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Acknowledgement)) == 0

    reason = "The minister leaves the roundtable for five minutes; the other co-chair takes the chair."
    done = client.post(acknowledge_url(clash), data={"csrf_token": token, "reason": reason, "back": "publish"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/manage/{SLUG}/publish")

    ack = db.session.scalars(sa.select(Acknowledgement)).one()
    assert (ack.kind, ack.reason, ack.created_by_name) == (Kind.PERSON_CLASH, reason, "Arbëresha Organizer")
    assert {ack.session_id, ack.other_session_id} == {debate.id, rt1.id} and ack.person_id == clash.person_id
    assert ack.created_by is not None and ack.created_by.email == "organizer@example.org"

    # Shown on the publish page and on the timetable, with who and why.
    publish_page = client.get(f"/manage/{SLUG}/publish").get_data(as_text=True)
    assert "Publishing is blocked" not in publish_page
    assert "Acknowledged by Arbëresha Organizer" in publish_page and reason in publish_page
    timetable = client.get(f"/manage/{SLUG}/timetable").get_data(as_text=True)
    assert timetable.count(reason) == 2  # on both sessions of the clash
    assert "No errors." in timetable and "2 acknowledged" in timetable

    assert publish(client).status_code == 302
    db.session.expire_all()
    assert event.is_published and event.published_version == 1


def test_a_changed_conflict_is_seen_again(agenda, client, auth):
    event, debate, rt1, _ = agenda
    move_the_statement_into_the_roundtable(debate)
    clash = next(c for c in person_conflicts(event) if c.kind == Kind.PERSON_CLASH)
    auth.login()
    client.post(acknowledge_url(clash), data={"csrf_token": csrf_token(client, acknowledge_url(clash)),
                                              "reason": "Agreed with the minister's office."})
    assert not blocking(find_conflicts(event))

    # The roundtable starts ten minutes earlier: still a clash, but not the one acknowledged.
    rt1.starts_at -= timedelta(minutes=10)
    db.session.commit()
    found = [c for c in find_conflicts(event) if c.kind == Kind.PERSON_CLASH]
    assert found and all(c.acknowledgement is None for c in found) and blocking(found)
    page = client.get(f"/manage/{SLUG}/publish").get_data(as_text=True)
    assert "Publishing is blocked" in page
    assert "These acknowledgements no longer apply" in page and "Agreed with the minister" in page
    assert publish(client).status_code == 200
    db.session.expire_all()
    assert not event.is_published


def test_withdraw_after_confirmation(agenda, client, auth):
    event, debate, _, _ = agenda
    move_the_statement_into_the_roundtable(debate)
    clash = next(c for c in person_conflicts(event) if c.kind == Kind.PERSON_CLASH)
    auth.login()
    client.post(acknowledge_url(clash), data={"csrf_token": csrf_token(client, acknowledge_url(clash)),
                                              "reason": "Short statement."})
    ack_id = db.session.scalars(sa.select(Acknowledgement.id)).one()
    url = f"/manage/{SLUG}/acknowledgements/{ack_id}/withdraw?back=publish"
    ask = client.get(url)
    assert ask.status_code == 200 and "Withdraw this acknowledgement?" in ask.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Acknowledgement)) == 1
    done = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/publish")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Acknowledgement)) == 0
    assert blocking(find_conflicts(event))


def test_a_warning_can_be_acknowledged_too(agenda, client, auth):
    event, _, _, _ = agenda
    warning = person_conflicts(event)[0]
    auth.login()
    client.post(acknowledge_url(warning, "timetable"),
                data={"csrf_token": csrf_token(client, acknowledge_url(warning)), "reason": "She speaks first."})
    marked = person_conflicts(event)
    assert len(marked) == 2 and all(c.acknowledgement is not None for c in marked)
    timetable = client.get(f"/manage/{SLUG}/timetable").get_data(as_text=True)
    assert timetable.count("She speaks first.") == 2


def test_room_clashes_cannot_be_acknowledged(agenda, client, auth):
    event, debate, _, _ = agenda
    make_session(event, "12:00", "14:00", room=debate.room, title="Press conference")
    db.session.commit()
    clash = next(c for c in find_conflicts(event) if c.kind == Kind.ROOM_CLASH)
    assert not clash.acknowledgeable
    auth.login()
    page = client.get(acknowledge_url(clash)).get_data(as_text=True)
    assert "cannot be acknowledged" in page and 'name="reason"' not in page
    response = client.post(acknowledge_url(clash), data={"csrf_token": csrf_token(client, acknowledge_url(clash)),
                                                         "reason": "It is a small room."})
    assert response.status_code == 200 and "cannot be acknowledged" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Acknowledgement)) == 0
    timetable = client.get(f"/manage/{SLUG}/timetable").get_data(as_text=True)
    assert acknowledge_url(clash).split("?")[0] not in timetable


def test_a_conflict_gone_or_unknown_is_told_not_saved(agenda, client, auth):
    auth.login()
    url = f"/manage/{SLUG}/conflicts/{'0' * 64}/acknowledge"
    response = client.post(url, data={"csrf_token": csrf_token(client, f"/manage/{SLUG}/"), "reason": "x"},
                           follow_redirects=True)
    assert response.status_code == 200 and "no longer there as it was" in response.get_data(as_text=True)
    assert client.get(f"/manage/{SLUG}/conflicts/..%2F..%2Fx/acknowledge").status_code in (302, 404)
    assert client.get(f"/manage/{SLUG}/acknowledgements/999999/withdraw").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Acknowledgement)) == 0


def test_only_the_event_s_members_acknowledge(agenda, client, auth):
    event, debate, _, _ = agenda
    move_the_statement_into_the_roundtable(debate)
    clash = next(c for c in person_conflicts(event) if c.kind == Kind.PERSON_CLASH)
    assert client.get(acknowledge_url(clash)).status_code == 302  # to the sign-in page
    make_user("stranger@example.org")
    other_owner, other = make_organizer_event("other@example.org", slug="another-event")
    db.session.commit()
    auth.login("stranger@example.org")
    assert client.get(acknowledge_url(clash)).status_code == 403
    token = csrf_token(client, "/manage/")
    assert client.post(acknowledge_url(clash), data={"csrf_token": token, "reason": "mine"}).status_code == 403
    auth.logout()
    # A member of another event cannot reach this event's acknowledgements through theirs.
    auth.login()
    client.post(acknowledge_url(clash), data={"csrf_token": csrf_token(client, acknowledge_url(clash)),
                                              "reason": "Agreed."})
    ack_id = db.session.scalars(sa.select(Acknowledgement.id)).one()
    auth.logout()
    auth.login("other@example.org")
    assert client.get(f"/manage/another-event/acknowledgements/{ack_id}/withdraw").status_code == 404
    assert client.post(f"/manage/{SLUG}/acknowledgements/{ack_id}/withdraw",
                       data={"csrf_token": csrf_token(client, "/manage/")}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Acknowledgement)) == 1


def test_without_csrf_nothing_is_acknowledged(agenda, client, auth):
    event, debate, _, _ = agenda
    move_the_statement_into_the_roundtable(debate)
    clash = next(c for c in person_conflicts(event) if c.kind == Kind.PERSON_CLASH)
    auth.login()
    response = client.post(acknowledge_url(clash), data={"reason": "no token"})
    assert response.status_code in (200, 400)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Acknowledgement)) == 0


def test_the_database_refuses_an_acknowledged_room_clash(agenda):
    event, debate, rt1, _ = agenda
    db.session.add(Acknowledgement(event_id=event.id, kind=Kind.ROOM_CLASH, session_id=debate.id, key="k",
                                   reason="no"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_in_arabic_acknowledging_works_and_reads_right_to_left(agenda, client, auth):
    event, debate, _, _ = agenda
    move_the_statement_into_the_roundtable(debate)
    clash = next(c for c in person_conflicts(event) if c.kind == Kind.PERSON_CLASH)
    auth.login()
    client.set_cookie(LANG_COOKIE, "ar")
    page = client.get(acknowledge_url(clash)).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page and 'name="reason"' in page
    reason = "تلقي الوزيرة بيانها ثم تعود إلى المائدة المستديرة."
    client.post(acknowledge_url(clash), data={"csrf_token": csrf_token(client, acknowledge_url(clash)),
                                              "reason": reason})
    assert db.session.scalars(sa.select(Acknowledgement.reason)).one() == reason
    timetable = client.get(f"/manage/{SLUG}/timetable").get_data(as_text=True)
    assert 'dir="rtl"' in timetable and timetable.count(reason) == 2


def test_an_acknowledgement_goes_with_its_session(agenda, client, auth):
    event, debate, rt1, _ = agenda
    move_the_statement_into_the_roundtable(debate)
    clash = next(c for c in person_conflicts(event) if c.kind == Kind.PERSON_CLASH)
    auth.login()
    client.post(acknowledge_url(clash), data={"csrf_token": csrf_token(client, acknowledge_url(clash)),
                                              "reason": "Agreed."})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Acknowledgement)) == 1
    url = f"/manage/{SLUG}/sessions/{rt1.id}/delete"
    assert client.post(url, data={"csrf_token": csrf_token(client, url)}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Acknowledgement)) == 0
    url = f"/manage/{SLUG}/delete"
    assert client.post(url, data={"csrf_token": csrf_token(client, url)}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SpeakerEntry)) == 0


def test_every_kind_has_a_severity_a_label_and_a_place_in_the_migration():
    """The kinds the code finds and the CHECK the migration writes (and the stakeholder groups) agree."""
    import importlib.util

    from app.manage.conflicts import KIND_LABELS, SEVERITY
    from app.models import StakeholderGroup
    from config import BASE_DIR

    assert set(SEVERITY) == set(KIND_LABELS) == set(Kind)
    path = BASE_DIR / "migrations" / "versions" / "0012_acknowledgements_stakeholders.py"
    spec = importlib.util.spec_from_file_location("step_0012", path)
    assert spec is not None and spec.loader is not None
    step = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(step)
    assert set(step.KINDS) == {k.value for k in Kind}
    assert set(step.NEW_GROUPS) == {g.value for g in StakeholderGroup}


def test_two_organizers_acknowledging_at_once_make_one_record(agenda, client, auth, monkeypatch):
    """The second submit, which found the conflict unacknowledged a moment before, is told; one record stays."""
    from app.manage import ack_routes

    event, debate, _, _ = agenda
    move_the_statement_into_the_roundtable(debate)
    clash = next(c for c in person_conflicts(event) if c.kind == Kind.PERSON_CLASH)
    auth.login()
    token = csrf_token(client, acknowledge_url(clash))
    client.post(acknowledge_url(clash), data={"csrf_token": token, "reason": "First."})
    monkeypatch.setattr(ack_routes, "_find", lambda key: clash)  # as it was before the first commit
    response = client.post(acknowledge_url(clash), data={"csrf_token": token, "reason": "Second."},
                           follow_redirects=True)
    assert response.status_code == 200 and "Someone else changed this" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Acknowledgement.reason)).all() == ["First."]

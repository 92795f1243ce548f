"""The chair's view and live progress of a list of speakers: one tap moves the released list on, the
public session page and the now screen show the new speaker on the next request, and nothing of it
passes through the release, the archive or a copy."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app import live, records
from app.extensions import db
from app.manage import chair as chair_module
from app.models import EntryStatus, RepresentationLevel, SessionFormat, SpeakerEntry, SpeakerProgress, SpeakerTurn
from app.public import services
from tests import factories as f
from tests.conftest import csrf_token

#: 10:00 in Belgrade's zone (the factories' events), the debate's first minute.
DEBATE_START = datetime(2026, 12, 18, 9, 0, tzinfo=UTC)
NAMES = ["Ana Krasniqi", "Milan Petrović", "Leyla Demir", "Jean Dupont", "Sara Haddad", "Wang Fang"]


class Clock:
    """The one clock of the chair's steps and the public pages, set by the test."""

    def __init__(self, monkeypatch):
        self.now = DEBATE_START + timedelta(minutes=5)
        monkeypatch.setattr(chair_module, "utcnow", lambda: self.now)
        monkeypatch.setattr(services, "now_utc", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def debate(app, auth):
    """A published general debate with six speakers (one withdrawn, one moved), the organizer signed in."""
    _, event = f.make_organizer_event(slug="debate-day", source="en", languages=["en", "ar"])
    session = f.make_session(event, "10:00", "13:00", format=SessionFormat.GENERAL_DEBATE)
    entries = []
    for n, name in enumerate(NAMES):
        person = f.make_person(event, name)
        status = {2: EntryStatus.WITHDRAWN, 4: EntryStatus.MOVED}.get(n, EntryStatus.INSCRIBED)
        entry = SpeakerEntry(session=session, person=person, position=n, status=status,
                             on_behalf_of="Albania" if n == 0 else "", level=RepresentationLevel.MINISTER,
                             minutes=3 if n == 0 else None)
        db.session.add(entry)
        entries.append(entry)
    db.session.flush()
    f.release(event)
    auth.login()
    return event, session, entries


def chair_url(event, session) -> str:
    return f"/manage/{event.slug}/sessions/{session.id}/chair"


def seen_step(client, event, session) -> str:
    html = client.get(chair_url(event, session)).get_data(as_text=True)
    match = re.search(r'name="seen" value="(\d+)"', html)
    assert match, "no step form on the chair's view"
    return match.group(1)


def tap(client, event, session, action: str, seen: str | None = None):
    token = csrf_token(client, chair_url(event, session))
    step = seen if seen is not None else seen_step(client, event, session)
    return client.post(chair_url(event, session), data={"csrf_token": token, "seen": step, "move": action})


def current_name(html: str) -> str | None:
    match = re.search(r'<p class="chair-name">(.*?)<p class="chair-level">', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else None


@pytest.fixture
def visitor(app):
    """A reader of the public pages, not signed in (the organizer's own pages are never cached)."""
    return app.test_client()


def public_session(client, event, session, **headers):
    return client.get(f"/en/e/{event.slug}/s/{session.public_id}", headers=headers)


def test_one_tap_moves_the_list_and_the_public_page_follows_at_once(client, visitor, debate, clock):
    event, session, entries = debate
    page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert "The list of speakers has not started." in page
    public = public_session(visitor, event, session)
    assert "Speaking now" not in public.get_data(as_text=True)

    assert tap(client, event, session, "start").status_code == 303
    chair_page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert current_name(chair_page) == "Ana Krasniqi on behalf of Albania"
    # The very next public request shows her, although the release has not changed.
    after = public_session(visitor, event, session, **{"If-None-Match": public.headers["ETag"]})
    assert after.status_code == 200
    assert "Speaking now: Ana Krasniqi, on behalf of Albania (live)" in " ".join(
        re.sub(r"<[^>]+>", "", after.get_data(as_text=True)).split())

    clock.advance(minutes=2)
    tap(client, event, session, "next")
    assert current_name(client.get(chair_url(event, session)).get_data(as_text=True)) == "Milan Petrović"
    html = public_session(visitor, event, session).get_data(as_text=True)
    assert "Speaking now: <bdi>Milan Petrović</bdi> (live)" in html
    spoken = html[html.index('class="live-spoken"'):]
    assert "Ana Krasniqi" in spoken.split("</ol>")[0]

    # Leyla Demir withdrew: the floor goes to Jean Dupont, then (Sara Haddad was moved) to Wang Fang.
    tap(client, event, session, "next")
    assert current_name(client.get(chair_url(event, session)).get_data(as_text=True)) == "Jean Dupont"
    tap(client, event, session, "next")
    assert current_name(client.get(chair_url(event, session)).get_data(as_text=True)) == "Wang Fang"
    tap(client, event, session, "next")
    end = client.get(chair_url(event, session)).get_data(as_text=True)
    assert "Everyone on the list of speakers has spoken." in end
    turns = db.session.scalars(sa.select(SpeakerTurn).order_by(SpeakerTurn.started_at)).all()
    assert [t.entry_id for t in turns] == [entries[n].id for n in (0, 1, 3, 5)]
    assert turns[0].ended_at - turns[0].started_at == timedelta(minutes=2)


def test_the_clock_runs_against_the_allotment_and_says_when_over(client, debate, clock):
    event, session, _ = debate
    tap(client, event, session, "start")
    clock.advance(minutes=1, seconds=18)
    page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert 'data-elapsed="78"' in page and 'data-allotted="180"' in page  # her own 3 minutes
    assert "1:42 left" in page and "is-over" not in page
    clock.advance(minutes=2, seconds=24)
    page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert "+0:42 over" in page
    assert "chair-budget is-over" in page
    # The next speaker has the event's default allotment, and the clock starts again.
    tap(client, event, session, "next")
    page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert 'data-elapsed="0"' in page and f'data-allotted="{event.statement_minutes * 60}"' in page


def test_pause_stops_the_clock_and_resume_runs_it_on(client, debate, clock):
    event, session, _ = debate
    tap(client, event, session, "start")
    clock.advance(seconds=30)
    tap(client, event, session, "pause")
    clock.advance(minutes=5)
    page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert 'data-elapsed="30"' in page and "data-paused" in page and "Clock paused" in page
    tap(client, event, session, "resume")
    clock.advance(seconds=10)
    assert 'data-elapsed="40"' in client.get(chair_url(event, session)).get_data(as_text=True)


def test_back_undoes_the_last_step(client, visitor, debate, clock):
    event, session, _ = debate
    tap(client, event, session, "start")
    clock.advance(minutes=1)
    tap(client, event, session, "next")
    tap(client, event, session, "back")
    page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert current_name(page) == "Ana Krasniqi on behalf of Albania"
    assert 'data-elapsed="60"' in page  # her clock runs on from her start
    assert "Milan Petrović" in page.split('class="chair-coming"')[1]
    html = public_session(visitor, event, session).get_data(as_text=True)
    assert "live-spoken" not in html and "Ana Krasniqi" in html
    tap(client, event, session, "back")
    assert "The list of speakers has not started." in client.get(chair_url(event, session)).get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(SpeakerTurn.id))) == 0


def test_a_tap_sent_for_a_state_that_moved_on_is_refused(client, debate, clock):
    event, session, _ = debate
    seen = seen_step(client, event, session)
    tap(client, event, session, "start", seen=seen)
    # A second phone (or a double tap) still showing the list before the start.
    response = tap(client, event, session, "next", seen=seen)
    assert response.status_code == 303
    page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert "nothing was changed" in page
    assert current_name(page) == "Ana Krasniqi on behalf of Albania"


@pytest.mark.parametrize("data", [{}, {"seen": "x"}, {"seen": "-1"}, {"seen": "99999999999999999999"},
                                  {"seen": "0", "move": "explode"}, {"seen": "0", "move": ""}])
def test_bad_forms_change_nothing(client, debate, data):
    event, session, _ = debate
    token = csrf_token(client, chair_url(event, session))
    response = client.post(chair_url(event, session), data={"csrf_token": token, "move": "start", **data})
    assert response.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(SpeakerProgress.session_id))) == 0


def test_without_a_csrf_token_nothing_moves(client, debate):
    event, session, _ = debate
    response = client.post(chair_url(event, session), data={"seen": "0", "move": "start"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(SpeakerProgress.session_id))) == 0


def test_only_the_events_members_chair(client, app, auth, debate):
    event, session, _ = debate
    elsewhere = f.make_session(f.make_event("another-day"), "10:00", "11:00")
    db.session.commit()
    assert client.get(f"/manage/{event.slug}/sessions/{elsewhere.id}/chair").status_code == 404
    other = f.make_user("other@example.org")
    db.session.commit()
    auth.logout()
    assert client.get(chair_url(event, session)).status_code == 302  # to the sign-in page
    auth.login(other.email)
    assert client.get(chair_url(event, session)).status_code == 403
    assert client.post(chair_url(event, session), data={"seen": "0", "move": "start"}).status_code in (400, 403)
    assert db.session.scalar(sa.select(sa.func.count(SpeakerProgress.session_id))) == 0


def test_the_chair_follows_the_released_list_not_the_working_copy(client, debate, clock):
    event, session, entries = debate
    # After the publish: the first speaker is deleted and a new one added, in the working copy only.
    db.session.delete(entries[0])
    db.session.add(SpeakerEntry(session=session, person=f.make_person(event, "Late Comer"), position=-1))
    db.session.commit()
    tap(client, event, session, "start")
    page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert current_name(page) == "Ana Krasniqi on behalf of Albania"
    assert "Late Comer" not in page


def test_a_session_without_a_published_list_says_so(client, app, auth):
    _, event = f.make_organizer_event(slug="no-list-day", source="en", languages=["en"])
    session = f.make_session(event, "10:00", "11:00", format=SessionFormat.PLENARY)
    db.session.commit()
    auth.login()
    page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert "publish the event first" in page
    f.release(event)
    page = client.get(chair_url(event, session)).get_data(as_text=True)
    assert "This session has no published list of speakers." in page
    token = csrf_token(client, "/manage/")
    response = client.post(chair_url(event, session), data={"csrf_token": token, "seen": "0", "move": "start"})
    assert response.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(SpeakerProgress.session_id))) == 0


def test_the_now_screen_shows_who_speaks_in_a_running_list(client, visitor, debate, clock):
    event, session, _ = debate
    before = visitor.get(f"/en/e/{event.slug}/now")
    assert "Speaking now" not in before.get_data(as_text=True)
    tap(client, event, session, "start")
    now = visitor.get(f"/en/e/{event.slug}/now", headers={"If-None-Match": before.headers["ETag"]})
    assert now.status_code == 200
    assert "Speaking now: <bdi>Ana Krasniqi</bdi>" in now.get_data(as_text=True)
    # While a list runs, public pages are kept only briefly by browsers and proxies.
    assert now.cache_control.max_age <= live.LIVE_MAX_AGE
    assert public_session(visitor, event, session).cache_control.max_age <= live.LIVE_MAX_AGE
    # A preview of another moment shows no live progress.
    assert "Speaking now" not in visitor.get(f"/en/e/{event.slug}/now?at=2026-12-18T11:00").get_data(as_text=True)


def test_arabic_public_page_shows_the_live_speaker(client, visitor, debate, clock):
    event, session, _ = debate
    tap(client, event, session, "start")
    html = visitor.get(f"/ar/e/{event.slug}/s/{session.public_id}").get_data(as_text=True)
    assert 'dir="rtl"' in html and "Ana Krasniqi" in html.split('class="live-progress"')[1]


def test_live_progress_stays_out_of_releases_archives_and_copies(client, debate, clock):
    event, session, _ = debate
    tap(client, event, session, "start")
    assert {"speaker_progress", "speaker_turn"} <= set(records.NOT_IN_ARCHIVES)
    listing, snapshot = records.release_record(db.session.connection(), db.metadata.tables, event.id)
    assert "speaker_progress" not in snapshot["tables"] and "speaker_turn" not in snapshot["tables"]
    # Deleting the session takes its progress with it.
    db.session.delete(db.session.get(type(session), session.id))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(SpeakerTurn.id))) == 0


def test_the_live_part_costs_the_same_queries_however_long_the_list_has_run(client, visitor, debate, clock):
    event, session, _ = debate
    tap(client, event, session, "start")
    public_session(visitor, event, session)  # the release's objects are built once per process
    tap(client, event, session, "next")
    counts = []
    for _ in range(2):
        with f.count_queries() as statements:
            assert public_session(visitor, event, session).status_code == 200
        counts.append(len(statements))
        tap(client, event, session, "next")
        tap(client, event, session, "next")
    assert counts[0] == counts[1]


def test_live_pages_stand_a_redis_outage(client, make_app, debate, clock):
    """Live progress is read from the database: with the page cache's Redis away, the public pages
    still show who speaks, and the next step, at once."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    down = make_app(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=f"redis://127.0.0.1:{closed_port}/0",
                    REDIS_RETRY_AFTER=0.5).test_client()
    event, session, _ = debate
    tap(client, event, session, "start")
    for url in (f"/en/e/{event.slug}/now", f"/en/e/{event.slug}/s/{session.public_id}"):
        response = down.get(url)
        assert response.status_code == 200, url
        assert "Ana Krasniqi" in response.get_data(as_text=True).split('class="live-now"')[1]
    tap(client, event, session, "next")
    assert "Milan Petrović" in down.get(f"/en/e/{event.slug}/s/{session.public_id}").get_data(
        as_text=True).split('class="live-now"')[1]


def test_a_backup_keeps_the_days_progress(tmp_path):
    """An instance backup carries who spoke when (an archive or a copy does not): restored into a new
    database made by the migrations, the public page shows the same speaker."""
    import io
    from datetime import date

    from flask_migrate import upgrade

    from app import create_app
    from app.backup import restore_backup, write_backup
    from app.demo import load_demo
    from config import TestingConfig

    def migrated(name: str):
        config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}",
                  "UPLOAD_DIR": str(tmp_path / f"{name}-papers")}
        app = create_app(type("C", (TestingConfig,), config))
        with app.app_context():
            upgrade()
        return app

    def rows() -> dict[str, list]:
        return {name: [tuple(r) for r in db.session.execute(sa.select(db.metadata.tables[name]).order_by(
            *db.metadata.tables[name].primary_key.columns))] for name in ("speaker_progress", "speaker_turn")}

    source = migrated("source.sqlite")
    with source.app_context():
        event, _ = load_demo(day=date(2026, 12, 18))
        debate = next(s for s in event.sessions if s.format == SessionFormat.GENERAL_DEBATE)
        first, second = debate.speaker_entries[:2]
        progress = SpeakerProgress(session_id=debate.id, event_id=event.id, updated_at=DEBATE_START, turns=[
            SpeakerTurn(entry_id=first.id, started_at=DEBATE_START, ended_at=DEBATE_START + timedelta(minutes=4)),
            SpeakerTurn(entry_id=second.id, started_at=DEBATE_START + timedelta(minutes=4))])
        db.session.add(progress)
        db.session.commit()
        before = rows()
        public_url = f"/en/e/{event.slug}/s/{debate.public_id}"
        speaking = source.test_client().get(public_url).get_data(as_text=True).split('class="live-now"')[1][:300]
        buffer = io.BytesIO()
        write_backup(buffer)
        db.engine.dispose()
    assert len(before["speaker_turn"]) == 2
    target = migrated("target.sqlite")
    with target.app_context():
        buffer.seek(0)
        restore_backup(buffer)
        assert rows() == before
        restored = target.test_client().get(public_url).get_data(as_text=True).split('class="live-now"')[1][:300]
        assert restored == speaking
        db.engine.dispose()


def test_two_taps_racing_each_other_make_one_step(app, debate, clock):
    """Both read the same step; the one that commits second is refused by the step counter in the
    UPDATE (nothing applied twice), as the chair's view tells the organizer."""
    from sqlalchemy.orm.exc import StaleDataError

    event, session, _ = debate
    agenda = live_agenda(event)
    released = next(s for s in agenda.sessions if s.id == session.id)
    progress = live.progress_for(session.id, event.id)
    live.start(progress, live.state_of(released.speaker_entries, session.id, progress, 5, clock.now), clock.now)
    db.session.commit()
    progress = live.progress_for(session.id, event.id)
    state = live.state_of(released.speaker_entries, session.id, progress, 5, clock.now)
    # Another request moves the list on meanwhile.
    table = SpeakerProgress.__table__
    db.session.execute(table.update().where(table.c.session_id == session.id).values(step=table.c.step + 1))
    live.next_speaker(progress, state, clock.now)
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()


def live_agenda(event):
    from app.public.agenda import load_published

    return load_published(event.slug)

"""Publishing: releases with their changes in sentences; unpublishing; the CLI."""
from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import ParticipationRole
from tests.conftest import csrf_token
from tests.factories import make_organizer_event, make_participation, make_person, make_room, make_session, make_user


def _publish(client, slug):
    return client.post(f"/manage/{slug}/publish", data={"csrf_token": csrf_token(client, f"/manage/{slug}/publish")})


def test_second_release_lists_the_changes(app, client, auth):
    _, event = make_organizer_event(slug="releases", source="en", languages=["en"])
    hall, annex = make_room(event, "Hall"), make_room(event, "Annex")
    opening = make_session(event, "09:00", "10:00", room=hall, title="Opening")
    panel = make_session(event, "10:00", "11:00", room=hall, title="Panel")
    gone = make_session(event, "11:00", "12:00", room=hall, title="Screening")
    speaker = make_person(event, "Vjosa Speaker")
    make_participation(panel, speaker, ParticipationRole.PANELIST)
    db.session.commit()
    auth.login()
    assert _publish(client, "releases").status_code == 302

    opening.title = "Opening plenary"
    panel.starts_at += timedelta(hours=1)
    panel.ends_at += timedelta(hours=1)
    panel.room = annex
    panel.participations.clear()
    db.session.delete(gone)
    added = make_session(event, "14:00", "15:00", room=hall, title="Concert")
    make_participation(added, make_person(event, "Era Musician"))
    db.session.commit()
    assert _publish(client, "releases").status_code == 302

    db.session.expire_all()
    assert [r.number for r in event.releases] == [2, 1] and event.published_version == 2
    kinds = sorted(c["kind"] for c in event.releases[0].changes)
    assert kinds == ["session_added", "session_moved", "session_removed", "session_retitled",
                     "session_room_changed", "speaker_removed"]
    page = client.get("/manage/releases/").get_data(as_text=True)
    assert "Release 2" in page
    assert "New session: “Concert”" in page
    assert "Cancelled: “Screening”" in page
    assert "“Opening” is now called “Opening plenary”." in page
    assert "“Panel” moved from" in page and "10:00" in page and "11:00" in page
    assert "“Panel” moved from room Hall to room Annex." in page
    assert "Vjosa Speaker no longer takes part in “Panel”." in page


def test_unpublish_hides_the_event(app, client, auth):
    _, event = make_organizer_event(slug="hide-me")
    db.session.commit()
    auth.login()
    _publish(client, "hide-me")
    assert client.get("/sq/e/hide-me/").status_code == 200
    # The overview's Unpublish leads to a confirmation first: one tap does not take the agenda down.
    overview = client.get("/manage/hide-me/").get_data(as_text=True)
    assert 'href="/manage/hide-me/unpublish"' in overview
    confirm = client.get("/manage/hide-me/unpublish")
    assert confirm.status_code == 200 and 'class="confirm-form"' in confirm.get_data(as_text=True)
    assert client.get("/sq/e/hide-me/").status_code == 200
    client.post("/manage/hide-me/unpublish", data={"csrf_token": csrf_token(client, "/manage/hide-me/unpublish")})
    db.session.expire_all()
    assert not event.is_published
    assert client.get("/sq/e/hide-me/").status_code == 404


def test_publish_warns_about_translation_gaps_but_publishes(app, client, auth):
    _, event = make_organizer_event(slug="gaps", source="sq", languages=["sq", "en"])
    make_session(event, title="Hapja")
    db.session.commit()
    auth.login()
    page = client.get("/manage/gaps/publish").get_data(as_text=True)
    assert "Some translations are missing" in page
    assert _publish(client, "gaps").status_code == 302
    db.session.expire_all()
    assert event.is_published


def test_cli_publish_refuses_errors(app, runner):
    _, event = make_organizer_event(slug="cli-publish")
    room = make_room(event)
    make_session(event, "09:00", "11:00", room=room, title="A")
    clash = make_session(event, "10:00", "12:00", room=room, title="B")
    db.session.commit()
    result = runner.invoke(args=["events", "publish", "cli-publish"])
    assert result.exit_code != 0 and "is also booked" in result.output
    clash.room = None
    db.session.commit()
    result = runner.invoke(args=["events", "publish", "cli-publish"])
    assert result.exit_code == 0, result.output
    assert "release 1" in result.output


def test_cli_new_from_template(app, runner):
    make_user("owner@example.org")
    db.session.commit()
    result = runner.invoke(args=["events", "new", "--template", "hld-2013", "--start", "2026-12-18",
                                 "--title", "Migrants Day in Prizren", "--owner", "owner@example.org"])
    assert result.exit_code == 0, result.output
    assert "migrants-day-in-prizren (2026-12-18–2026-12-19)" in result.output

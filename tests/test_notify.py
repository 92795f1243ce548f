"""Telling people about a release: each person's mail in their language, with their sessions, what
changed for them and a calendar file, through a real SMTP server; recorded on the release."""
from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa
from flask_babel import force_locale

from app.extensions import db
from app.labels import ROLE_LABELS
from app.languages import babel_locale
from app.models import ParticipationRole, Release, ReleaseNotification, TranslationStatus
from tests import factories as f
from tests.conftest import AuthActions, csrf_token

ZONE = ZoneInfo("Europe/Belgrade")


def _in(lang: str, lazy) -> str:
    with force_locale(str(babel_locale(lang))):
        return str(lazy)


def _world(people_extra: int = 0):
    owner, event = f.make_organizer_event("owner@example.org", slug="day", source="sq", languages=("sq", "en", "ar"))
    hall, small = f.make_room(event, "Salla e madhe"), f.make_room(event, "Salla e vogël")
    opening = f.make_session(event, "09:00", "10:00", title="Hapja", room=hall)
    panel = f.make_session(event, "11:00", "12:30", title="Paneli", room=small)
    closing = f.make_session(event, "16:00", "17:00", title="Mbyllja", room=hall)
    f.make_translation(event, opening, "title", "en", "Opening", TranslationStatus.REVIEWED)
    arta = f.make_person(event, "Arta Krasniqi", email="arta@example.org", phone="+383 44 000 000", language="sq")
    john = f.make_person(event, "John Smith", email="john@example.org", language="en")
    layla = f.make_person(event, "Layla Haddad", email="layla@example.org", language="ar")
    quiet = f.make_person(event, "Besa Gashi", email="besa@example.org", language="sq")
    nomail = f.make_person(event, "Drita Hoxha")
    f.make_participation(opening, arta, ParticipationRole.CHAIR)
    f.make_participation(panel, john, ParticipationRole.MODERATOR)
    f.make_participation(closing, layla, ParticipationRole.SPEAKER)
    f.make_participation(closing, quiet, ParticipationRole.RAPPORTEUR)
    f.make_participation(panel, nomail, ParticipationRole.PANELIST)
    for n in range(people_extra):
        extra = f.make_person(event, f"Extra {n}", email=f"extra{n}@example.org", language="en")
        f.make_participation(panel, extra, ParticipationRole.PANELIST, position=n + 1)
    f.release(event)
    # Release 2: Arta's session moves, John also moderates the closing, Layla leaves it; Besa is untouched.
    opening.starts_at, opening.ends_at = datetime(2026, 12, 18, 9, 30, tzinfo=ZONE), datetime(2026, 12, 18, 10, 30,
                                                                                          tzinfo=ZONE)
    f.make_participation(closing, john, ParticipationRole.MODERATOR, position=5)
    for part in list(closing.participations):
        if part.person_id == layla.id:
            db.session.delete(part)
    f.release(event)
    return event, {"arta": arta, "john": john, "layla": layla, "quiet": quiet, "nomail": nomail}


def test_people_are_told_in_their_language_what_changed_for_them(mail_app, smtp_server):
    event, people = _world()
    client = mail_app.test_client()
    AuthActions(client).login("owner@example.org")
    assert "Notify people" in client.get("/manage/day/").get_data(as_text=True)
    page = client.get("/manage/day/notify").get_data(as_text=True)
    # Who would be told, with their address; those whose sessions changed are preselected.
    for name in ("arta", "john", "layla"):
        person = people[name]
        assert f'name="person" value="{person.id}" checked' in page and f"{name}@example.org" in page
    assert f'name="person" value="{people["quiet"].id}">' in page  # listed, not preselected
    assert "Drita Hoxha" in page.split("Without an e-mail address")[1]
    assert smtp_server.messages == []  # nothing is sent before the organizer asks

    chosen = [people[n].id for n in ("arta", "john", "layla")]
    response = client.post("/manage/day/notify", data={"csrf_token": csrf_token(client, "/manage/day/notify"),
                                                       "person": chosen + [people["nomail"].id, 999999]})
    assert response.status_code == 302
    assert {tuple(m.recipients) for m in smtp_server.messages} == {
        ("arta@example.org",), ("john@example.org",), ("layla@example.org",)}

    arta = smtp_server.to("arta@example.org")[0].text()
    assert "Hapja" in arta and "Salla e madhe" in arta and "dhjetor" in arta and "09:30" in arta
    assert _in("sq", ROLE_LABELS[ParticipationRole.CHAIR]) in arta
    # Her change, in Albanian, as the change log says it.
    assert "09:00" in arta and "Paneli" not in arta

    john_mail = smtp_server.to("john@example.org")[0]
    john = john_mail.text()
    assert "Opening" not in john  # not his session
    assert "Paneli" in john and "Mbyllja" in john and "December" in john and "Moderator" in john
    assert "New for you: Moderator in “Mbyllja”" in john

    layla = smtp_server.to("layla@example.org")[0].text()
    assert "Mbyllja" in layla and "ديسمبر" in layla

    # The calendar file holds exactly the person's sessions, at their times.
    [(filename, mimetype, data)] = john_mail.attachments()
    assert filename == "day.ics" and mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(data)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [str(e["SUMMARY"]) for e in events] == ["Paneli", "Mbyllja"]
    assert events[0].decoded("DTSTART") == datetime(2026, 12, 18, 11, 0, tzinfo=ZONE)
    [(_, _, arta_ics)] = smtp_server.to("arta@example.org")[0].attachments()
    [arta_event] = icalendar.Calendar.from_ical(arta_ics).walk("VEVENT")
    assert arta_event.decoded("DTSTART") == datetime(2026, 12, 18, 9, 30, tzinfo=ZONE)
    # Layla has no session left: no calendar, and she is told so.
    assert smtp_server.to("layla@example.org")[0].attachments() == []

    # Recorded on release 2, and shown on the event page.
    release = db.session.scalar(sa.select(Release).where(Release.number == 2))
    rows = db.session.scalars(sa.select(ReleaseNotification).order_by(ReleaseNotification.email)).all()
    assert [(r.email, r.language, r.release_id, r.delivered) for r in rows] == [
        ("arta@example.org", "sq", release.id, True), ("john@example.org", "en", release.id, True),
        ("layla@example.org", "ar", release.id, True)]
    assert "Notified by mail: 3 people" in client.get("/manage/day/").get_data(as_text=True)
    assert "arta@example.org" in client.get("/manage/day/notify").get_data(as_text=True).split("Sent for this")[1]


def test_contacts_never_reach_the_public(mail_app, smtp_server):
    _world()
    release = db.session.scalar(sa.select(Release).where(Release.number == 2))
    text = json.dumps(release.snapshot) + json.dumps(release.listing)
    assert "arta@example.org" not in text and "+383 44" not in text
    client = mail_app.test_client()
    for url in ("/en/e/day/", "/en/e/day/speakers/", "/en/e/day/schedule.json", "/en/e/day/schedule.xml",
                "/en/e/day/schedule.ics"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert "arta@example.org" not in body and "+383 44" not in body, url


def test_a_failed_mail_is_recorded_as_not_sent(make_app, refusing_smtp_server):
    app = make_app(**refusing_smtp_server.config())
    with app.app_context():
        _, people = _world()
        client = app.test_client()
        AuthActions(client).login("owner@example.org")
        response = client.post("/manage/day/notify", data={"csrf_token": csrf_token(client, "/manage/day/notify"),
                                                           "person": [people["arta"].id]})
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "The mail could not be sent to: arta@example.org" in page
        [row] = db.session.scalars(sa.select(ReleaseNotification)).all()
        assert row.delivered is False and "not sent" in page


def test_without_mail_nothing_is_sent(app, client, auth, smtp_server):
    _, people = _world()
    auth.login("owner@example.org")
    page = client.get("/manage/day/notify").get_data(as_text=True)
    assert "This site cannot send mail" in page
    client.post("/manage/day/notify", data={"csrf_token": csrf_token(client, "/manage/day/notify"),
                                            "person": [people["arta"].id]})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReleaseNotification)) == 0


def test_the_page_costs_the_same_queries_for_more_people(app, client, auth):
    _world(people_extra=12)
    auth.login("owner@example.org")
    client.get("/manage/day/notify")
    with f.count_queries() as many:
        assert client.get("/manage/day/notify").status_code == 200
    db.session.execute(sa.text("DELETE FROM participation WHERE person_id IN "
                               "(SELECT id FROM person WHERE name LIKE 'Extra %')"))
    db.session.execute(sa.text("DELETE FROM person WHERE name LIKE 'Extra %'"))
    db.session.commit()
    with f.count_queries() as few:
        assert client.get("/manage/day/notify").status_code == 200
    assert len(many) == len(few)


def test_the_person_form_keeps_contacts_for_members_only(app, client, auth):
    _, people = _world()
    arta = people["arta"]
    auth.login("owner@example.org")
    url = f"/manage/day/people/{arta.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="arta@example.org"' in page and 'value="+383 44 000 000"' in page
    language = re.search(r'<select[^>]*name="language"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.findall(r'<option selected value="([^"]*)"', language) == ["sq"]
    data = {"csrf_token": csrf_token(client, url), "version": str(arta.version), "name": arta.name,
            "stakeholder_group": arta.stakeholder_group.value, "email": "not an address", "phone": "call me",
            "language": "fr"}
    page = client.post(url, data=data).get_data(as_text=True)
    assert "Invalid email address." in page and "Use digits, spaces and + ( ) - . / only." in page
    db.session.expire_all()
    assert (arta.email, arta.language) == ("arta@example.org", "sq")  # nothing saved half
    data.update(email=" arta.k@example.org ", phone="+383 49 111 222", language="fr")
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert (arta.email, arta.phone, arta.language) == ("arta.k@example.org", "+383 49 111 222", "fr")
    data.update(version=str(arta.version), language="")
    client.post(url, data=data)
    db.session.expire_all()
    assert arta.language is None
    # Never on the public speaker page.
    client.post("/manage/day/publish", data={"csrf_token": csrf_token(client, "/manage/day/publish")})
    body = client.get(f"/en/e/day/speakers/{arta.id}").get_data(as_text=True)
    assert "Arta Krasniqi" in body and "arta.k@example.org" not in body and "+383 49" not in body


def test_an_unpublished_event_has_nobody_to_notify(mail_app, smtp_server):
    _, people = _world()
    client = mail_app.test_client()
    AuthActions(client).login("owner@example.org")
    client.post("/manage/day/unpublish", data={"csrf_token": csrf_token(client, "/manage/day/unpublish")})
    page = client.get("/manage/day/notify")
    assert page.status_code == 200 and "there is no release to tell people about" in page.get_data(as_text=True)
    client.post("/manage/day/notify", data={"csrf_token": csrf_token(client, "/manage/day/"),
                                            "person": [people["arta"].id]})
    assert smtp_server.messages == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReleaseNotification)) == 0
    assert "Notify people" not in client.get("/manage/day/").get_data(as_text=True)

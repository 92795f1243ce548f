"""Every /manage route: anonymous users go to the sign-in page, non-members get 403, members get the page.

The routes are read from the app's url_map, so a new route cannot escape these tests.
"""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.manage.conflicts import find_conflicts
from app.manage.invitations import create_invitation
from app.models import (
    Acknowledgement,
    EventLink,
    EventMember,
    LinkKind,
    MediaLink,
    MemberRole,
    Organization,
    OrganizationType,
    PaperFile,
    PaperFormat,
    RepresentationLevel,
    SessionFormat,
    SpeakerEntry,
    User,
)
from app.storage import get_storage
from tests.conftest import csrf_token
from tests.factories import (
    make_event,
    make_paper,
    make_participation,
    make_person,
    make_room,
    make_session,
    make_user,
    pdf_bytes,
)
from tests.test_organizations import png_bytes

#: Routes that name no event: any signed-in user reaches them (rights are checked inside).
WITHOUT_EVENT = {"/manage/", "/manage/new", "/manage/import", "/manage/invitations/<token>"}
#: Routes only the owner may use (an editor gets 403).
OWNER_ONLY = {"/manage/<slug>/delete", "/manage/<slug>/members", "/manage/<slug>/members/<int:member_id>/remove",
              "/manage/<slug>/invitations/<int:invitation_id>/withdraw"}


@pytest.fixture
def world(app):
    owner = make_user("owner@example.org")
    editor = make_user("editor@example.org")
    make_user("stranger@example.org")
    make_user("translator@example.org", organizer=False, translator=True, languages=["en"])
    event = make_event("guarded", owner=owner)
    event.members.append(EventMember(user=editor, role=MemberRole.EDITOR))
    room = make_room(event)
    session = make_session(event, format=SessionFormat.ROUNDTABLE, number=1, room=room)
    person = make_person(event)
    part = make_participation(session, person)
    paper = make_paper(session)
    data = pdf_bytes()
    paper.files.append(PaperFile(lang="en", storage_key=get_storage().save(data, "pdf"), filename="p.pdf",
                                 format=PaperFormat.PDF, size=len(data), sha256="0" * 64))
    logo = png_bytes()
    organization = Organization(event_id=event.id, name="IOM", type=OrganizationType.INTERGOVERNMENTAL,
                                logo_key=get_storage().save(logo, "png"), logo_format="png", logo_sha256="0" * 64,
                                logo_width=40, logo_height=20)
    entry = SpeakerEntry(session_id=session.id, person_id=person.id, level=RepresentationLevel.MINISTER)
    link = MediaLink(event_id=event.id, session_id=session.id, kind=LinkKind.STREAM, url="https://example.org/live")
    db.session.add_all([organization, entry, link])
    programme = EventLink(event_id=event.id, related_event_id=make_event("guarded-hearing", owner=owner).id)
    db.session.add(programme)
    made = create_invitation(event, "new@example.org", MemberRole.EDITOR, None, owner)
    invitation, token = made.invitation, made.token
    db.session.commit()
    member = next(m for m in event.members if m.user_id == editor.id)
    # The roundtable's warnings: one acknowledged (for withdrawing), one to acknowledge.
    first, second, *_ = (c for c in find_conflicts(event) if c.acknowledgeable)
    ack = Acknowledgement(event_id=event.id, kind=first.kind, session_id=session.id, key=first.key, reason="Known.")
    db.session.add(ack)
    db.session.commit()
    return {"slug": "guarded", "room_id": room.id, "session_id": session.id, "person_id": person.id,
            "part_id": part.id, "paper_id": paper.id, "lang": "en", "member_id": member.id,
            "invitation_id": invitation.id, "token": token, "key": second.key, "ack_id": ack.id,
            "organization_id": organization.id, "entry_id": entry.id, "link_id": link.id,
            "event_link_id": programme.id}


def manage_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.rule.startswith("/manage")), key=lambda r: r.rule)


def _url(rule: str, values) -> str:
    return re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>", lambda m: str(values[m.group(1)]), rule)


def _methods(rule):
    return sorted(rule.methods & {"GET", "POST"})


def test_the_area_has_routes(app):
    assert len(manage_rules(app)) >= 30


def test_anonymous_users_go_to_sign_in(app, client, world):
    token = csrf_token(client, "/auth/login")
    for rule in manage_rules(app):
        url = _url(rule.rule, world)
        for method in _methods(rule):
            response = client.open(url, method=method, data={"csrf_token": token, "direction": "up"})
            assert response.status_code == 302, (method, url)
            assert "/auth/login" in response.headers["Location"], (method, url)


def test_non_members_get_403(app, client, auth, world):
    auth.login("stranger@example.org")
    token = csrf_token(client, "/manage/")
    for rule in manage_rules(app):
        if rule.rule in WITHOUT_EVENT:
            continue
        url = _url(rule.rule, world)
        for method in _methods(rule):
            response = client.open(url, method=method, data={"csrf_token": token, "direction": "up"})
            assert response.status_code == 403, (method, url)


def test_translator_members_cannot_manage(app, client, auth, world):
    event_id = db.session.scalar(db.select(EventMember.event_id))
    user = db.session.scalar(db.select(User).where(User.email == "translator@example.org"))
    db.session.add(EventMember(event_id=event_id, user=user, role=MemberRole.TRANSLATOR, language="en"))
    db.session.commit()
    auth.login("translator@example.org")
    assert client.get("/manage/guarded/").status_code == 403
    assert client.get("/manage/new").status_code == 403
    assert client.get("/manage/import").status_code == 403
    assert client.get("/manage/").status_code == 200


def test_editors_reach_every_page_but_owner_pages(app, client, auth, world):
    auth.login("editor@example.org")
    for rule in manage_rules(app):
        if "GET" not in rule.methods:
            continue
        url = _url(rule.rule, world)
        response = client.get(url)
        if rule.rule in OWNER_ONLY:
            assert response.status_code == 403, url
        else:
            assert response.status_code == 200, url


def test_owner_reaches_owner_pages(app, client, auth, world):
    auth.login("owner@example.org")
    for rule in OWNER_ONLY - {"/manage/<slug>/invitations/<int:invitation_id>/withdraw"}:
        assert client.get(_url(rule, world)).status_code == 200, rule


def test_admins_see_every_event(app, client, auth, world):
    make_user("admin@example.org", admin=True, organizer=False)
    db.session.commit()
    auth.login("admin@example.org")
    assert client.get("/manage/guarded/timetable").status_code == 200
    assert "guarded" in client.get("/manage/").get_data(as_text=True)


def test_unknown_objects_are_404(app, client, auth, world):
    auth.login("owner@example.org")
    assert client.get("/manage/nope/").status_code == 404
    assert client.get("/manage/guarded/sessions/999999").status_code == 404
    assert client.get("/manage/guarded/people/999999").status_code == 404
    assert client.get("/manage/invitations/not-a-token").status_code == 404

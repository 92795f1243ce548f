"""Organizations as records of an event: the organizer's pages, logos checked by content, the
people and roles that link to them, the public pages that read them from the release, archives,
copies and translations."""
from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from app.manage.archive import copy_to, export_zip, import_zip
from app.models import (
    Organization,
    OrganizationRole,
    OrganizationRoleKind,
    OrganizationType,
    Person,
    SessionFormat,
    TranslationStatus,
)
from tests import factories as f
from tests.conftest import csrf_token

BASE = "/manage/orgs/organizations"


def png_bytes(size=(40, 20), color=(0, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), (200, 10, 10)).save(buffer, "JPEG")
    return buffer.getvalue()


def bomb_png(side=100_000) -> bytes:
    """A small PNG whose header claims side × side pixels: decoding it would take gigabytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def organizer(app, auth):
    _, event = f.make_organizer_event(slug="orgs", source="en", languages=["en", "sq", "ar"])
    db.session.commit()
    auth.login()
    return event


def _post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data}, content_type="multipart/form-data")


def _stored(tmp_path) -> list[str]:
    folder = tmp_path / "papers"
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []


def _organization(name: str) -> Organization:
    db.session.expire_all()
    return db.session.scalar(sa.select(Organization).where(Organization.name == name))


def test_create_edit_and_delete_with_a_logo(client, organizer, tmp_path):
    response = _post(client, f"{BASE}/new", name="International Organization for Migration", acronym="IOM",
                     type="intergovernmental", website="https://www.iom.int",
                     logo=(io.BytesIO(png_bytes()), "iom.png"))
    assert response.status_code == 302
    iom = _organization("International Organization for Migration")
    assert (iom.acronym, iom.type, iom.website) == ("IOM", OrganizationType.INTERGOVERNMENTAL, "https://www.iom.int")
    assert iom.logo_format == "png" and (iom.logo_width, iom.logo_height) == (40, 20)
    assert _stored(tmp_path) == [iom.logo_key]
    listing = client.get(BASE).get_data(as_text=True)
    assert "International Organization for Migration" in listing and "Intergovernmental organization" in listing
    logo = client.get(f"{BASE}/{iom.id}/logo")
    assert logo.mimetype == "image/png" and logo.data == png_bytes()

    # A new logo (JPEG) replaces the old one's file.
    form = client.get(f"{BASE}/{iom.id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
    _post(client, f"{BASE}/{iom.id}", name="IOM – UN Migration", acronym="IOM", type="un_system", website="",
          version=version, logo=(io.BytesIO(jpeg_bytes()), "logo.jpg"))
    iom = _organization("IOM – UN Migration")
    assert iom.logo_format == "jpeg" and iom.website is None and iom.type == OrganizationType.UN_SYSTEM
    assert _stored(tmp_path) == [iom.logo_key]

    # The confirmation says what happens to the people and roles first.
    person = f.make_person(organizer, "Ugochi Daniels", organization="")
    person.organization_id = iom.id
    session = f.make_session(organizer, format=SessionFormat.SIDE_EVENT)
    db.session.add(OrganizationRole(event_id=organizer.id, organization_id=iom.id, session_id=session.id,
                                    role=OrganizationRoleKind.CO_CONVENOR))
    db.session.commit()
    confirm = client.get(f"{BASE}/{iom.id}/delete").get_data(as_text=True)
    assert "1 person belongs to it" in confirm and "named in 1 place" in confirm
    _post(client, f"{BASE}/{iom.id}/delete")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OrganizationRole)) == 0
    assert db.session.get(Person, person.id).organization_id is None
    assert _stored(tmp_path) == []


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"just some text, not an image", "logo.png", "must be a PNG or JPEG image"),
    (SVG, "logo.svg", "must be a PNG or JPEG image"),
    (SVG, "logo.png", "must be a PNG or JPEG image"),
    (png_bytes()[:60], "cut.png", "damaged or not a PNG or JPEG"),
    (bomb_png(), "bomb.png", "at most 2000 × 2000 pixels"),
    (png_bytes((2500, 10)), "wide.png", "at most 2000 × 2000 pixels"),
])
def test_logos_are_checked_by_content(client, organizer, tmp_path, content, name, message):
    response = _post(client, f"{BASE}/new", name="Network", type="civil_society", logo=(io.BytesIO(content), name))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page.replace("&#215;", "×")
    assert _organization("Network") is None and _stored(tmp_path) == []


def test_bad_input_is_refused_with_a_message(client, organizer):
    for website in ("javascript:alert(1)", "ftp://example.org", "www.example.org"):
        page = _post(client, f"{BASE}/new", name="Network", type="civil_society", website=website)
        assert "starting with https:// or http://" in page.get_data(as_text=True)
    assert _post(client, f"{BASE}/new", name="", type="civil_society").status_code == 200
    assert _post(client, f"{BASE}/new", name="Network", type="no_such_type").status_code == 200
    assert _organization("Network") is None
    _post(client, f"{BASE}/new", name="Network", type="civil_society")
    page = _post(client, f"{BASE}/new", name="Network", type="academia").get_data(as_text=True)
    assert "already" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 1


def test_other_events_organizations_are_out_of_reach(client, organizer):
    _, other = f.make_organizer_event("other@example.org", slug="theirs")
    theirs = Organization(event=other, name="Theirs")
    db.session.add(theirs)
    db.session.commit()
    assert client.get(f"{BASE}/{theirs.id}").status_code == 404
    assert client.get(f"{BASE}/{theirs.id}/logo").status_code == 404
    assert client.get("/manage/theirs/organizations").status_code == 403


def test_person_form_links_a_person_and_roles_form_names_convenors(client, organizer):
    iom = Organization(event=organizer, name="International Organization for Migration", acronym="IOM",
                       type=OrganizationType.INTERGOVERNMENTAL)
    unhcr = Organization(event=organizer, name="UNHCR", type=OrganizationType.UN_SYSTEM)
    db.session.add_all([iom, unhcr])
    session = f.make_session(organizer, format=SessionFormat.SIDE_EVENT, title="Diaspora and development")
    db.session.commit()
    url = "/manage/orgs/people/new"
    assert "International Organization for Migration (IOM)" in client.get(url).get_data(as_text=True)
    _post(client, url, name="Ugochi Daniels", stakeholder_group="un_system", affiliation=str(iom.id))
    person = db.session.scalar(sa.select(Person).where(Person.name == "Ugochi Daniels"))
    assert person.organization_id == iom.id
    # A choice that is not one of the event's organizations is refused, nothing saved.
    _post(client, url, name="Someone Else", stakeholder_group="other", affiliation="999999")
    assert db.session.scalar(sa.select(Person).where(Person.name == "Someone Else")) is None

    roles_url = f"/manage/orgs/sessions/{session.id}/organizations"
    _post(client, roles_url, co_convenor=[str(iom.id), str(unhcr.id)], partner=[str(unhcr.id)])
    db.session.expire_all()
    held = db.session.execute(sa.select(OrganizationRole.organization_id, OrganizationRole.role,
                                        OrganizationRole.session_id)).all()
    assert sorted(held) == sorted([(iom.id, OrganizationRoleKind.CO_CONVENOR, session.id),
                                   (unhcr.id, OrganizationRoleKind.CO_CONVENOR, session.id),
                                   (unhcr.id, OrganizationRoleKind.PARTNER, session.id)])
    _post(client, "/manage/orgs/organizations/roles", convenor=[str(iom.id)], sponsor=["999999"])
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OrganizationRole)
                             .where(OrganizationRole.session_id.is_(None))) == 0  # a bad choice saves nothing
    _post(client, "/manage/orgs/organizations/roles", convenor=[str(iom.id)])
    db.session.expire_all()
    assert db.session.scalar(sa.select(OrganizationRole.organization_id)
                             .where(OrganizationRole.session_id.is_(None))) == iom.id
    edit_form = client.get(f"/manage/orgs/sessions/{session.id}/edit").get_data(as_text=True)
    assert "Co-convenors" in edit_form and "UNHCR" in edit_form

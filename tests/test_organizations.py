"""Organizations as records of an event: the organizer's pages, logos checked by content, the
people and roles that link to them, the public pages that read them from the release, archives,
copies and translations."""
from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from urllib.parse import urlsplit

import jsonschema
import pytest
import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from app.manage.archive import ArchiveError, copy_to, export_zip, import_zip
from app.models import (
    MemberRole,
    Organization,
    OrganizationRole,
    OrganizationRoleKind,
    OrganizationType,
    Person,
    SessionFormat,
    Translation,
    TranslationStatus,
)
from app.storage import get_storage
from config import BASE_DIR
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


@pytest.fixture
def convened(app, tmp_path):
    """A published event with organizations: a convenor with a logo, co-convenors of a side event,
    a speaker affiliated to one of them, and an English translation of a name."""
    _, event = f.make_organizer_event(slug="convened", source="sq", languages=["sq", "en", "ar"])
    logo = png_bytes()
    ministry = Organization(event=event, name="Ministria e Punëve të Brendshme", acronym="MPB",
                            type=OrganizationType.STATE, logo_key=get_storage().save(logo, "png"),
                            logo_format="png", logo_sha256=hashlib.sha256(logo).hexdigest(),
                            logo_width=40, logo_height=20, website="https://mpb.rks-gov.net")
    iom = Organization(event=event, name="Organizata Ndërkombëtare për Migracion", acronym="IOM",
                       type=OrganizationType.INTERGOVERNMENTAL)
    db.session.add_all([ministry, iom])
    side = f.make_session(event, "14:00", "15:00", format=SessionFormat.SIDE_EVENT, title="Diaspora dhe zhvillimi")
    person = f.make_person(event, "Arta Krasniqi", organization="")
    person.affiliation = iom
    f.make_participation(side, person)
    db.session.add_all([
        OrganizationRole(event_id=event.id, organization=ministry, role=OrganizationRoleKind.CONVENOR),
        OrganizationRole(event_id=event.id, organization=iom, session=side, role=OrganizationRoleKind.CO_CONVENOR),
        OrganizationRole(event_id=event.id, organization=ministry, session=side,
                         role=OrganizationRoleKind.CO_CONVENOR, position=1),
    ])
    db.session.flush()
    f.make_translation(event, iom, "name", "en", "International Organization for Migration",
                       TranslationStatus.REVIEWED)
    f.release(event)
    return {"event": event, "side": side, "person": person, "ministry": ministry, "iom": iom, "logo": logo}


def test_public_pages_show_released_organizations_translated(client, convened):
    side, ministry = convened["side"], convened["ministry"]
    agenda = client.get("/en/e/convened/").get_data(as_text=True)
    assert "Convenors, partners and sponsors" in agenda
    assert 'alt="Ministria e Punëve të Brendshme"' in agenda  # a logo's alt text is the name
    assert "Co-convenors" in agenda and "International Organization for Migration" in agenda
    session = client.get(f"/en/e/convened/s/{side.public_id}").get_data(as_text=True)
    assert session.count("International Organization for Migration") == 2  # co-convenor, and the speaker's
    assert "Organizata Ndërkombëtare" not in session  # the reviewed translation, not the source
    # Arabic falls back to English (the event's order), marked as such.
    arabic = client.get(f"/ar/e/convened/s/{side.public_id}").get_data(as_text=True)
    assert '<span lang="en" dir="auto">International Organization for Migration</span>' in arabic
    logo = client.get(f"/en/e/convened/organizations/{ministry.id}/logo.png")
    assert logo.status_code == 200 and logo.data == convened["logo"] and logo.mimetype == "image/png"
    assert "max-age" in logo.headers.get("Cache-Control", "") or logo.headers.get("ETag")
    assert client.get(f"/en/e/convened/organizations/{ministry.id}/logo.jpeg").status_code == 404  # not its format
    assert client.get(f"/en/e/convened/organizations/{convened['iom'].id}/logo.png").status_code == 404  # no logo
    assert client.get("/en/e/convened/organizations/999999/logo.png").status_code == 404


def test_the_public_sees_organizations_only_once_published(client, convened):
    event, side = convened["event"], convened["side"]
    unhcr = Organization(event=event, name="UNHCR", type=OrganizationType.UN_SYSTEM)
    db.session.add(unhcr)
    db.session.add(OrganizationRole(event_id=event.id, organization=unhcr, session_id=side.id,
                                    role=OrganizationRoleKind.PARTNER))
    convened["iom"].name = "IOM Kosovo"
    db.session.commit()
    page = client.get(f"/sq/e/convened/s/{side.public_id}").get_data(as_text=True)
    assert "UNHCR" not in page and "IOM Kosovo" not in page and "Organizata Ndërkombëtare" in page
    f.release(event)
    page = client.get(f"/sq/e/convened/s/{side.public_id}").get_data(as_text=True)
    assert "UNHCR" in page
    assert "IOM Kosovo" in page
    # A translation made from the older name is stale: English readers see the new source, marked.
    english = client.get(f"/en/e/convened/s/{side.public_id}").get_data(as_text=True)
    assert "International Organization for Migration" not in english and "IOM Kosovo" in english


def test_archive_and_copy_carry_organizations_logos_and_links(app, convened, tmp_path):
    event = convened["event"]
    owner = event.members[0].user
    copied = copy_to(event, event.start_date.replace(year=event.start_date.year + 1), owner)
    imported = import_zip(export_zip(event), owner)
    for other in (copied, imported):
        names = {o.name: o for o in other.organizations}
        assert set(names) == {o.name for o in event.organizations}
        ministry = names["Ministria e Punëve të Brendshme"]
        assert ministry.logo_key and ministry.logo_key != convened["ministry"].logo_key
        assert (tmp_path / "papers" / ministry.logo_key).read_bytes() == convened["logo"]
        person = next(p for p in other.people if p.name == "Arta Krasniqi")
        assert person.affiliation is names["Organizata Ndërkombëtare për Migracion"]
        roles = sorted((r.organization.name, r.role.value, r.session_id is None) for r in other.organization_roles)
        assert roles == sorted((r.organization.name, r.role.value, r.session_id is None)
                               for r in event.organization_roles)
        assert any(t.object_type == "organization" and t.field == "name" for t in db.session.scalars(
            sa.select(Translation).where(Translation.event_id == other.id)))


def test_an_archive_with_a_logo_that_is_not_an_image_is_refused(app, convened):
    event = convened["event"]
    owner = event.members[0].user
    data = io.BytesIO(export_zip(event))
    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("files/logo-"):
                content = SVG
            target.writestr(info, content)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Organization))
    with pytest.raises(ArchiveError, match="logo"):
        import_zip(out.getvalue(), owner)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == count


def test_agenda_and_session_pages_cost_the_same_queries_with_many_organizations(client, app):
    def build(slug: str, n: int):
        _, event = f.make_organizer_event(f"{slug}@example.org", slug=slug, source="en", languages=["en", "sq"])
        sessions = f.make_agenda(event, 6)
        made = [Organization(event=event, name=f"Organization {i}", acronym=f"O{i}") for i in range(n)]
        db.session.add_all(made)
        db.session.flush()
        for i, organization in enumerate(made):
            db.session.add(OrganizationRole(event_id=event.id, organization=organization, session_id=sessions[0].id,
                                            role=OrganizationRoleKind.PARTNER, position=i))
            db.session.add(OrganizationRole(event_id=event.id, organization=organization,
                                            role=OrganizationRoleKind.SPONSOR, position=i))
            f.make_translation(event, organization, "name", "sq", f"Organizata {i}", TranslationStatus.REVIEWED)
        for part in (p for s in sessions for p in s.participations):
            part.person.affiliation = made[0] if made else None
        f.release(event)
        return sessions[0]

    counts = []
    for slug, n in (("few-orgs", 1), ("many-orgs", 40)):
        first = build(slug, n)
        pages = (f"/sq/e/{slug}/", f"/sq/e/{slug}/s/{first.public_id}")
        with f.count_queries() as statements:
            for url in pages:
                page = client.get(url)
                assert page.status_code == 200 and "Organizata 0" in page.get_data(as_text=True)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_manage_list_costs_the_same_queries_with_many_organizations(client, organizer):
    counts = []
    for n in (2, 30):
        for i in range(n):
            organization = Organization(event=organizer, name=f"Org {n}-{i}")
            db.session.add(organization)
            db.session.add(Person(event=organizer, name=f"Person {n}-{i}", affiliation=organization))
        db.session.commit()
        with f.count_queries() as statements:
            assert client.get(BASE).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_demo_has_convenors_partners_and_affiliated_people(client, app):
    from app.demo import DEMO_SLUG, load_demo

    event, _ = load_demo()
    kinds = {o.name: o.type for o in event.organizations}
    assert kinds["Ministria e Punëve të Brendshme"] == OrganizationType.STATE
    assert kinds["Komuna e Prishtinës"] == OrganizationType.LOCAL_GOVERNMENT
    assert OrganizationType.MIGRANT_ASSOCIATION in kinds.values() and OrganizationType.CIVIL_SOCIETY in kinds.values()
    assert {o.acronym for o in event.organizations} >= {"IOM", "UNHCR", "MPB"}
    linked = {p.name: p.affiliation.name for p in event.people if p.affiliation is not None}
    assert linked["Marco Bellini"] == "Organizata Ndërkombëtare për Migracion"
    assert len(linked) >= 4
    assert any(r.session_id is not None for r in event.organization_roles)
    page = client.get(f"/en/e/{DEMO_SLUG}/").get_data(as_text=True)
    assert "Ministry of Internal Affairs" in page and "International Organization for Migration" in page
    assert "Municipality of Prishtina" in page


def test_translators_translate_an_organization_name_and_readers_see_it(client, auth, convened):
    """The translator's editor lists an organization's name and acronym; a reviewed translation saved
    there reaches the public page once it is made from the released name."""
    from tests.test_translate_editor import form_of

    event, iom = convened["event"], convened["iom"]
    translator = f.make_user("ar@example.org", organizer=False)
    f.add_member(event, translator, MemberRole.TRANSLATOR, "ar")
    db.session.commit()
    auth.login("ar@example.org")
    editor = client.get("/translate/convened/ar/").get_data(as_text=True)
    context = f"organization:{iom.id}:name"
    assert context in editor and f"organization:{iom.id}:acronym" in editor
    values = form_of(editor, context)
    response = client.post("/translate/convened/ar/", data={**values, "text": "المنظمة الدولية للهجرة",
                                                             "status": "reviewed"})
    assert response.status_code == 302
    page = client.get(f"/ar/e/convened/s/{convened['side'].public_id}").get_data(as_text=True)
    assert page.count("المنظمة الدولية للهجرة") == 2  # co-convenor and the speaker's affiliation


def test_an_edit_from_an_older_version_is_refused_and_says_what_is_stored(client, organizer):
    network = Organization(event=organizer, name="Network", type=OrganizationType.CIVIL_SOCIETY)
    db.session.add(network)
    db.session.commit()
    url = f"{BASE}/{network.id}"
    token = csrf_token(client, url)
    network.acronym = "NW"  # someone else saves first
    db.session.commit()
    page = client.post(url, data={"csrf_token": token, "name": "Network of Shelters", "acronym": "",
                                  "type": "civil_society", "version": "1"}).get_data(as_text=True)
    assert "Someone else changed this" in page
    assert _organization("Network").acronym == "NW" and _organization("Network of Shelters") is None


def test_deleting_a_session_or_a_person_keeps_the_organization(client, organizer):
    network = Organization(event=organizer, name="Network", type=OrganizationType.CIVIL_SOCIETY)
    db.session.add(network)
    session = f.make_session(organizer, format=SessionFormat.SIDE_EVENT)
    person = f.make_person(organizer, "Blerta Zeka")
    person.affiliation = network
    db.session.add(OrganizationRole(event_id=organizer.id, organization=network, session=session,
                                    role=OrganizationRoleKind.CO_CONVENOR))
    db.session.commit()
    for url in (f"/manage/orgs/sessions/{session.id}/delete", f"/manage/orgs/people/{person.id}/delete"):
        assert _post(client, url).status_code == 302
    db.session.expire_all()
    assert _organization("Network") is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OrganizationRole)) == 0


def test_the_json_export_lists_the_organizations_the_agenda_shows(client, convened):
    """Two places: the agenda page and the c3voc JSON export name the same convenors, in the same language."""
    exported = client.get("/en/e/convened/schedule.json")
    assert exported.status_code == 200
    data = exported.get_json()
    schema = json.loads((BASE_DIR / "tests" / "schemas" / "schedule.schema.json").read_text())
    jsonschema.validate(data, schema)
    listed = data["schedule"]["conference"]["meta"]["organizations"]
    assert [(o["role"], o["name"], o["acronym"]) for o in listed] == [
        ("convenor", "Ministria e Punëve të Brendshme", "MPB")]
    assert listed[0]["logo"].endswith(f"/en/e/convened/organizations/{convened['ministry'].id}/logo.png")
    page = client.get("/en/e/convened/").get_data(as_text=True)
    assert f'alt="{listed[0]["name"]}"' in page
    assert client.get(urlsplit(listed[0]["logo"]).path).data == convened["logo"]


def test_the_forms_that_list_roles_cost_the_same_queries_with_many_organizations(client, organizer):
    session = f.make_session(organizer, format=SessionFormat.SIDE_EVENT)
    db.session.commit()
    counts = []
    for n in (1, 25):
        for i in range(n):
            organization = Organization(event=organizer, name=f"Org {n}-{i}")
            db.session.add(organization)
            db.session.flush()
            db.session.add_all([
                OrganizationRole(event_id=organizer.id, organization_id=organization.id,
                                 role=OrganizationRoleKind.PARTNER),
                OrganizationRole(event_id=organizer.id, organization_id=organization.id, session_id=session.id,
                                 role=OrganizationRoleKind.SPONSOR)])
        db.session.commit()
        with f.count_queries() as statements:
            for url in ("/manage/orgs/settings", f"/manage/orgs/sessions/{session.id}/edit",
                        "/manage/orgs/organizations/roles"):
                page = client.get(url)
                assert page.status_code == 200 and f"Org {n}-0" in page.get_data(as_text=True)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_backups_carry_logos_and_check_them(app, convened):
    from app.backup import BackupError, verify_backup, write_backup

    key = convened["ministry"].logo_key
    buffer = io.BytesIO()
    write_backup(buffer)
    with zipfile.ZipFile(buffer) as archive:
        assert archive.read(f"papers/{key}") == convened["logo"]
        rows = json.loads(archive.read("data/organization.json"))
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    assert {r["logo_key"] for r in rows} == {key, None}
    # A logo changed inside the archive (its checksum in the manifest updated too) no longer matches its row.
    manifest = json.loads(members["manifest.json"])
    members[f"papers/{key}"] = jpeg_bytes()
    manifest["sha256"][f"papers/{key}"] = hashlib.sha256(members[f"papers/{key}"]).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    tampered.seek(0)
    with pytest.raises(BackupError, match=f"papers/{key} does not match the checksum of its row"):
        verify_backup(tampered)


def test_the_static_copy_keeps_logos_as_images(app, convened):
    from app.exports.site import build_site

    site = build_site("convened", app)
    path = next(p for p in site.files if p.endswith(f"organizations/{convened['ministry'].id}/logo.png"))
    assert site.files[path] == convened["logo"]
    agenda = next(body for p, body in site.files.items() if p.startswith("en/") and p.endswith("index.html")
                  and b"Convenors, partners and sponsors" in body)
    assert b"/logo.png" in agenda and b'src="/' not in agenda  # relative, like every link of the copy


def test_a_released_logo_stays_until_no_release_shows_it_and_goes_with_its_event(client, organizer, tmp_path):
    """The public keeps seeing the released logo after the working copy replaces it; the publish that
    stops showing it removes its file, and deleting the event removes the rest."""
    _post(client, f"{BASE}/new", name="UNHCR", acronym="UNHCR", type="un_system", website="",
          logo=(io.BytesIO(png_bytes()), "unhcr.png"))
    unhcr = _organization("UNHCR")
    released = unhcr.logo_key
    f.release(organizer)
    form = client.get(f"{BASE}/{unhcr.id}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
    _post(client, f"{BASE}/{unhcr.id}", name="UNHCR", acronym="UNHCR", type="un_system", website="",
          version=version, logo=(io.BytesIO(jpeg_bytes()), "unhcr.jpg"))
    replaced = _organization("UNHCR").logo_key
    assert replaced != released and _stored(tmp_path) == sorted([released, replaced])
    f.release(organizer)
    assert _stored(tmp_path) == [replaced]
    url = f"/manage/{organizer.slug}/delete"
    assert client.get(url).status_code == 200
    client.post(url, data={"csrf_token": csrf_token(client, url), "confirm": organizer.slug})
    db.session.expire_all()
    assert _stored(tmp_path) == []

"""The released list of speakers in every place the public reads it: the session page, the c3voc JSON,
the frab XML and the printable PDF; and only after publishing."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from lxml import etree
from pypdf import PdfReader

from app.content import set_translation
from app.exports.pdf import UNAVAILABLE
from app.extensions import db
from app.models import SessionFormat, StakeholderGroup, TranslationStatus
from app.models.speakers import EntryStatus, RepresentationLevel, SpeakerEntry
from app.publishing import publish
from config import BASE_DIR
from tests import factories as f
from tests.conftest import csrf_token
from tests.test_public_queries import count_queries

XSD = BASE_DIR.parent / "shared" / "schemas" / "schedule.xml.xsd"
LOCAL_XSD = Path(__file__).resolve().parent / "schemas" / "schedule.xml.xsd"
AR_BEHALF = "كوسوفو"


@pytest.fixture
def world(app):
    owner = f.make_user("owner@example.org")
    event = f.make_event("gdebate", owner=owner, source="en", languages=("en", "sq", "ar", "zh", "sr", "fr"),
                         statement_minutes=5)
    session = f.make_session(event, "10:00", "11:00", format=SessionFormat.GENERAL_DEBATE, title="General debate")
    minister = f.make_person(event, "Arta Krasniqi", honorific="H.E. Ms", group=StakeholderGroup.GOVERNMENT)
    mayor = f.make_person(event, "Përparim Rama", group=StakeholderGroup.GOVERNMENT)
    t = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    session.speaker_entries.extend([
        SpeakerEntry(position=0, person=minister, on_behalf_of="Kosovo", level=RepresentationLevel.MINISTER,
                     minutes=3, inscribed_at=t),
        SpeakerEntry(position=1, on_behalf_of="UNHCR", level=RepresentationLevel.HEAD_OF_DELEGATION, inscribed_at=t),
        SpeakerEntry(position=2, person=mayor, level=RepresentationLevel.OTHER, status=EntryStatus.WITHDRAWN,
                     inscribed_at=t),
        SpeakerEntry(position=3, on_behalf_of="IOM", level=RepresentationLevel.OTHER, minutes=7,
                     status=EntryStatus.SPOKEN, inscribed_at=t),
    ])
    db.session.flush()
    set_translation(event.id, session.speaker_entries[0], "on_behalf_of", "ar", AR_BEHALF,
                    TranslationStatus.REVIEWED)
    f.release(event)
    return {"event": event, "session": session, "owner": owner}


def _page_rows(html: str) -> list[tuple[str, str, str]]:
    """(expected time, speaker's name, all the entry's words) for each entry of the public list."""
    section = html.split('id="speakers-list-heading"', 1)[1].split("</section>", 1)[0]
    rows = []
    for item in re.findall(r'<li class="speaker-entry[^"]*">(.*?)</li>', section, re.S):
        time = re.search(r"<time[^>]*>([^<]+)</time>", item)
        text = re.sub(r"<[^>]+>", "", item.split('class="speaker-who">', 1)[1])
        name = re.search(r"<bdi>([^<]+)</bdi>", item).group(1)
        rows.append((time.group(1) if time else "—", name, " ".join(text.split())))
    return rows


def test_page_json_and_xml_show_the_same_list(client, world):
    public_id = world["session"].public_id
    page = client.get(f"/en/e/gdebate/s/{public_id}").get_data(as_text=True)
    rows = _page_rows(page)
    assert [time for time, _, _ in rows] == ["10:00", "10:03", "—", "10:08"]
    assert [name for _, name, _ in rows] == ["H.E. Ms Arta Krasniqi", "UNHCR", "Përparim Rama", "IOM"]
    assert "on behalf of Kosovo" in rows[0][2] and "3 minutes" in rows[0][2]
    assert "Withdrawn" in rows[2][2] and "Spoken" in rows[3][2] and "7 minutes" in rows[3][2]

    data = client.get("/en/e/gdebate/schedule.json").get_json()
    [record] = [e for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    lines = record["description"].split("\n")
    assert lines[0] == "List of speakers"
    assert [line.split(" ")[1] for line in lines[1:]] == [time for time, _, _ in rows]
    for line, (_, name, words) in zip(lines[1:], rows, strict=True):
        assert name in line
        assert re.search(r"\d+ minutes", words).group(0) in line

    response = client.get("/en/e/gdebate/schedule.xml")
    doc = etree.fromstring(response.data)
    schema = etree.XMLSchema(etree.parse(str(XSD if XSD.is_file() else LOCAL_XSD)))
    assert schema.validate(doc), schema.error_log
    assert doc.findtext("day/room/event/description") == record["description"]


def test_arabic_page_and_export_carry_the_translated_delegation(client, world):
    public_id = world["session"].public_id
    page = client.get(f"/ar/e/gdebate/s/{public_id}").get_data(as_text=True)
    assert AR_BEHALF in page and 'dir="rtl"' in page
    data = client.get("/ar/e/gdebate/schedule.json").get_json()
    [record] = [e for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    assert AR_BEHALF in record["description"]


def test_an_edit_is_public_only_after_publishing(client, world, auth):
    session = world["session"]
    auth.login("owner@example.org")
    url = f"/manage/gdebate/sessions/{session.id}/speakers"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "person": "0", "level": "minister",
                                      "on_behalf_of": "Ministry of Labour and Social Welfare", "minutes": "",
                                      "status": "inscribed"})
    assert response.status_code == 302
    auth.logout()
    public = f"/en/e/gdebate/s/{session.public_id}"
    assert "Ministry of Labour" not in client.get(public).get_data(as_text=True)
    assert "Ministry of Labour" not in client.get("/en/e/gdebate/schedule.json").get_data(as_text=True)
    auth.login("owner@example.org")
    assert "Ministry of Labour" in client.get(f"{public}?preview=draft").get_data(as_text=True)
    publish_page = client.get("/manage/gdebate/publish").get_data(as_text=True)
    assert "On the list of speakers of “General debate”: Ministry of Labour and Social Welfare." in publish_page
    auth.logout()
    event = world["event"]
    db.session.expire_all()
    publish(db.session.merge(event))
    db.session.commit()
    assert "Ministry of Labour" in client.get(public).get_data(as_text=True)
    changes = client.get("/en/e/gdebate/changes").get_data(as_text=True)
    assert "On the list of speakers of “General debate”: Ministry of Labour and Social Welfare." in changes


def test_session_page_queries_do_not_grow_with_the_list(client, world):
    session = world["session"]
    url = f"/en/e/gdebate/s/{session.public_id}"
    small = count_queries(client, url)
    for n in range(30):
        session.speaker_entries.append(SpeakerEntry(position=10 + n, on_behalf_of=f"Delegation {n}"))
    f.release(world["event"])
    assert "Delegation 29" in client.get(url).get_data(as_text=True)
    f.release(world["event"])  # a new release: the page is made again, not read from the render cache
    assert count_queries(client, url) == small


def _font_families() -> str:
    if not shutil.which("fc-list"):
        return ""
    return subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout


@pytest.mark.skipif(bool(UNAVAILABLE), reason=f"WeasyPrint cannot load Pango: {UNAVAILABLE}")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdf_in_every_offered_language_names_the_speakers(client, world, tmp_path):
    public_id = world["session"].public_id
    families = _font_families()
    for lang in world["event"].offered_languages:
        response = client.get(f"/{lang}/e/gdebate/s/{public_id}/speakers.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf", lang
        assert len(PdfReader(io.BytesIO(response.data)).pages) >= 1
        path = tmp_path / f"{lang}.pdf"
        path.write_bytes(response.data)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Arta Krasniqi" in text and "UNHCR" in text and "IOM" in text, lang
        if lang == "ar" and "Arabic" in families:
            assert AR_BEHALF in text
    assert client.get(f"/en/e/gdebate/s/{public_id}/speakers.pdf?preview=draft").status_code == 404  # not a member
    other = f.make_session(world["event"], "12:00", "13:00")
    f.release(world["event"])
    assert client.get(f"/en/e/gdebate/s/{other.public_id}/speakers.pdf").status_code == 404  # no list
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SpeakerEntry)) == 4


@pytest.mark.skipif(bool(UNAVAILABLE), reason=f"WeasyPrint cannot load Pango: {UNAVAILABLE}")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_members_print_the_working_copy_the_public_the_release(client, world, auth, tmp_path):
    session = world["session"]
    session.speaker_entries.append(SpeakerEntry(position=9, on_behalf_of="Municipality of Mitrovica"))
    db.session.commit()

    def text(url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / "list.pdf"
        path.write_bytes(response.data)
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    url = f"/en/e/gdebate/s/{session.public_id}/speakers.pdf"
    assert "Mitrovica" not in text(url)
    auth.login("owner@example.org")
    assert "Mitrovica" in text(f"{url}?preview=draft")

"""The poster and the door signs: QR codes read back from the rasterized PDF and followed, text read back
with pdftotext in English, Arabic and Chinese, one sign per room, the released agenda only."""
from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, date, datetime, time

import pytest
from lxml import html
from pypdf import PdfReader

from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.exports.pdf import UNAVAILABLE
from app.extensions import db
from app.models import MemberRole, TranslationStatus
from app.public import services
from app.public.agenda import load_published
from tests import factories

pytestmark = [
    pytest.mark.skipif(bool(UNAVAILABLE), reason=f"WeasyPrint cannot load Pango: {UNAVAILABLE}"),
    pytest.mark.skipif(not all(shutil.which(tool) for tool in ("pdftoppm", "zbarimg", "pdftotext")),
                       reason="poppler-utils and zbar-tools are needed to read the PDFs back"),
]

DAY = date(2026, 12, 18)
AR_ROOM = "قاعة المجلس"
ZH_ROOM = "会议厅"


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=DAY)
    room = event.rooms[0]
    set_translation(event.id, room, "name", "ar", AR_ROOM, TranslationStatus.REVIEWED)
    set_translation(event.id, room, "name", "zh", ZH_ROOM, TranslationStatus.REVIEWED)
    db.session.commit()
    return event


def fetch(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def pdf_bytes(client, url: str) -> bytes:
    response = fetch(client, url)
    assert response.mimetype == "application/pdf"
    return response.data


def qr_codes(data: bytes, tmp_path) -> list[list[str]]:
    """The QR codes of each page, decoded by zbarimg from the page rasterized by pdftoppm."""
    source = tmp_path / "in.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "110", "-gray", "-png", str(source), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    found = []
    for page in pages:
        out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(page)],
                             capture_output=True, text=True)
        found.append(out.stdout.split())
        page.unlink()
    return found


def page_texts(data: bytes, tmp_path) -> list[str]:
    source = tmp_path / "text.pdf"
    source.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[: len(PdfReader(io.BytesIO(data)).pages)]


def test_poster_qr_leads_to_the_agenda_in_its_language(client, demo, tmp_path):
    for lang in ("en", "sq"):
        data = pdf_bytes(client, f"/{lang}/e/{DEMO_SLUG}/poster.pdf")
        [codes] = qr_codes(data, tmp_path)
        assert codes == [f"http://localhost/{lang}/e/{DEMO_SLUG}/"]
        page = fetch(client, codes[0]).get_data(as_text=True)
        assert f'lang="{lang}"' in page
        [text] = page_texts(data, tmp_path)
        assert codes[0] in text.replace("\n", "")  # the address is printed under the code
    text = " ".join(page_texts(pdf_bytes(client, f"/en/e/{DEMO_SLUG}/poster.pdf"), tmp_path)[0].split())
    # The title and the day as the English agenda page shows them.
    agenda = html.fromstring(fetch(client, f"/en/e/{DEMO_SLUG}/").data)
    title = " ".join(agenda.findtext(".//h1").split())
    assert title and title in text and "18 December 2026" in text
    # The languages offered, each in its own name.
    assert "Shqip" in text and "English" in text and "Srpski" in text


def test_poster_qr_uses_the_public_origin_not_the_request_host(make_app, tmp_path):
    app = make_app(PUBLIC_URL="https://dita.example.org")
    with app.app_context():
        load_demo(day=DAY)
        db.session.commit()
        client = app.test_client()
        response = client.get(f"/fr/e/{DEMO_SLUG}/poster.pdf", headers={"Host": "evil.example"})
        [codes] = qr_codes(response.data, tmp_path)
        assert codes == [f"https://dita.example.org/fr/e/{DEMO_SLUG}/"]
        assert client.get(codes[0]).status_code == 200


def test_poster_sizes(client, demo):
    def points(url):
        box = PdfReader(io.BytesIO(pdf_bytes(client, url))).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    assert points(f"/en/e/{DEMO_SLUG}/poster.pdf") == (595, 842)
    assert points(f"/en/e/{DEMO_SLUG}/poster.pdf?size=A3") == (842, 1191)


def test_bad_size_or_day_is_a_clear_400(client, demo):
    for url, words in ((f"/en/e/{DEMO_SLUG}/poster.pdf?size=letter", "A4 or A3"),
                       (f"/en/e/{DEMO_SLUG}/signs.pdf?day=2026-12-19", "YYYY-MM-DD"),
                       (f"/en/e/{DEMO_SLUG}/signs.pdf?day=18.12.2026", "YYYY-MM-DD"),
                       (f"/en/e/{DEMO_SLUG}/signs.pdf?day=99999-01-01", "YYYY-MM-DD")):
        response = client.get(url)
        assert response.status_code == 400 and words in response.get_data(as_text=True), url
    assert client.get("/en/e/no-such-event/poster.pdf").status_code == 404
    assert client.get("/en/e/no-such-event/signs.pdf?day=x").status_code in (400, 404)


def test_one_door_sign_per_room_with_its_sessions_and_now_code(client, demo, tmp_path):
    # In the source language (Albanian), so that the released texts are the ones printed.
    released = load_published(DEMO_SLUG)
    data = pdf_bytes(client, f"/sq/e/{DEMO_SLUG}/signs.pdf?day={DAY.isoformat()}")
    codes, texts = qr_codes(data, tmp_path), page_texts(data, tmp_path)
    assert len(codes) == len(texts) == len(released.rooms) > 1
    for room, page_codes, text in zip(released.rooms, codes, texts, strict=True):
        url = f"http://localhost/sq/e/{DEMO_SLUG}/now?room={room.id}"
        assert page_codes == [url]
        assert fetch(client, url).status_code == 200
        flat = " ".join(text.split())
        assert " ".join(room.name.split()) in flat
        mine = [s for s in released.sessions if s.room_id == room.id]
        others = [s for s in released.sessions if s.room_id != room.id and s.title not in {m.title for m in mine}]
        for session in mine:
            assert " ".join(session.title.split())[:40] in flat, (room.name, session.title)
        for session in others:
            assert " ".join(session.title.split())[:40] not in flat


def test_signs_and_poster_in_arabic_and_chinese(client, demo, tmp_path):
    for lang, room_name in (("ar", AR_ROOM), ("zh", ZH_ROOM)):
        data = pdf_bytes(client, f"/{lang}/e/{DEMO_SLUG}/signs.pdf")
        texts = page_texts(data, tmp_path)
        first = texts[0]
        assert all(word in first for word in room_name.split()) or room_name[::-1] in first
        codes = qr_codes(data, tmp_path)
        assert codes[0] == [f"http://localhost/{lang}/e/{DEMO_SLUG}/now?room={demo.rooms[0].id}"]
        poster = pdf_bytes(client, f"/{lang}/e/{DEMO_SLUG}/poster.pdf")
        assert qr_codes(poster, tmp_path) == [[f"http://localhost/{lang}/e/{DEMO_SLUG}/"]]
        assert "English" in page_texts(poster, tmp_path)[0]  # named in itself on every poster
    fonts = {str(f.get_object()["/BaseFont"]) for page in PdfReader(io.BytesIO(
        pdf_bytes(client, f"/zh/e/{DEMO_SLUG}/signs.pdf"))).pages for f in page["/Resources"]["/Font"].values()}
    assert any("CJK" in name for name in fonts)


def test_signs_of_a_two_day_event_by_day_from_the_release_only(client, app, tmp_path, monkeypatch):
    _, event = factories.make_organizer_event(slug="two-days", source="en", languages=["en"], days=2)
    hall = factories.make_room(event, "Main hall", position=0)
    factories.make_room(event, "Annex", position=1)
    first = factories.make_session(event, title="Opening of day one", room=hall)
    factories.make_session(event, title="Closing of day two", room=hall, day_offset=1)
    factories.release(event)
    # An edit after publishing is not on the signs until the next publish.
    first.title = "Renamed in the working copy"
    db.session.commit()

    def texts(day):
        return [" ".join(t.split()) for t in page_texts(pdf_bytes(client, f"/en/e/two-days/signs.pdf?day={day}"),
                                                       tmp_path)]

    one, two = texts(event.start_date.isoformat()), texts(event.end_date.isoformat())
    assert len(one) == len(two) == 2
    assert "Opening of day one" in one[0] and "Closing of day two" not in one[0]
    assert "Renamed" not in one[0]
    assert "Closing of day two" in two[0] and "Annex" in two[1] and "No sessions in this room" in two[1]
    # The default is the first day while the event is not running, and today while it is.
    assert texts("")[0] == one[0]
    monkeypatch.setattr(services, "now_utc", lambda: datetime.combine(event.end_date, time(12), UTC))
    assert texts("")[0] == two[0]


def test_unpublished_event_signs_only_for_members_preview(client, app, auth):
    _, event = factories.make_organizer_event(slug="draft-signs", source="en", languages=["en"])
    factories.make_room(event, "Hall")
    db.session.commit()
    assert client.get("/en/e/draft-signs/signs.pdf").status_code == 404
    assert client.get("/en/e/draft-signs/poster.pdf?preview=draft").status_code == 404
    auth.login()
    assert client.get("/en/e/draft-signs/signs.pdf?preview=draft").mimetype == "application/pdf"
    assert client.get("/en/e/draft-signs/poster.pdf?preview=draft&size=a3").mimetype == "application/pdf"


def test_event_page_links_poster_and_signs_per_language(client, demo, auth):
    owner = factories.make_user("owner@example.org")
    factories.add_member(demo, owner, role=MemberRole.OWNER)
    db.session.commit()
    auth.login("owner@example.org")
    page = client.get(f"/manage/{DEMO_SLUG}/").get_data(as_text=True)
    for lang in demo.offered_languages:
        assert f"/{lang}/e/{DEMO_SLUG}/poster.pdf" in page and f"/{lang}/e/{DEMO_SLUG}/signs.pdf" in page


def test_the_query_count_does_not_grow_with_the_agenda(client, app):
    def queries(slug: str, sessions: int, rooms: int) -> list[int]:
        _, event = factories.make_organizer_event(f"{slug}@example.org", slug=slug, source="en", languages=["en"])
        factories.make_agenda(event, sessions, rooms=rooms)
        factories.release(event)
        counts = []
        for url in (f"/en/e/{slug}/poster.pdf", f"/en/e/{slug}/signs.pdf"):
            with factories.count_queries() as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
        return counts

    assert queries("small-print", 3, 1) == queries("big-print", 40, 8)


def test_a_crowded_day_still_fits_one_sign_per_door(client, app):
    _, event = factories.make_organizer_event(slug="crowded", source="en", languages=["en"])
    factories.make_agenda(event, 24, rooms=1)
    factories.release(event)
    data = pdf_bytes(client, "/en/e/crowded/signs.pdf")
    assert len(PdfReader(io.BytesIO(data)).pages) == 1

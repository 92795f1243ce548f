"""Offline reading: the service worker is served from the root with its scope and short caching, the
event's pages name it and link a manifest per language, and each manifest is valid JSON whose names,
addresses and icons agree with the pages and files they point at."""
from __future__ import annotations

import io
import json
from datetime import date

import pytest
from lxml import html as lxml_html
from PIL import Image

from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.languages import INTERFACE_LANGUAGES, html_lang, text_direction
from app.models import EventMember, MemberRole, TranslationStatus
from config import BASE_DIR
from tests import factories as f

AR_TITLE = "اليوم الدولي للمهاجرين — بريشتينا"


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    set_translation(event.id, event, "title", "ar", AR_TITLE, TranslationStatus.REVIEWED)
    db.session.commit()
    return event


def head_of(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.get_data(as_text=True))


def test_the_service_worker_is_served_from_the_root_with_its_scope(client, demo):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"  # a new version reaches phones at once
    assert response.data == (BASE_DIR / "app/static/js/sw.js").read_bytes()
    policy = response.headers["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy
    # Every public page names the worker and the scope it registers with, and the offline line's text.
    for url in ("/en/", f"/en/e/{DEMO_SLUG}/", f"/ar/e/{DEMO_SLUG}/my"):
        meta = head_of(client, url).xpath("//meta[@name='dita-offline']")[0]
        assert meta.get("content") == "/sw.js" and meta.get("data-scope") == "/"
        assert "{time}" in meta.get("data-line")


def test_the_agenda_asks_for_itself_and_my_agenda_to_be_kept(client, demo):
    keep = head_of(client, f"/sq/e/{DEMO_SLUG}/").xpath("//meta[@name='dita-keep']")[0].get("content").split()
    assert keep == [f"/sq/e/{DEMO_SLUG}/", f"/sq/e/{DEMO_SLUG}/my"]
    for url in keep:
        assert client.get(url).status_code == 200
    assert not head_of(client, f"/sq/e/{DEMO_SLUG}/grid").xpath("//meta[@name='dita-keep']")


@pytest.mark.parametrize("lang", INTERFACE_LANGUAGES)
def test_a_manifest_per_event_and_language(client, demo, lang):
    page = head_of(client, f"/{lang}/e/{DEMO_SLUG}/")
    href = page.xpath("//link[@rel='manifest']/@href")[0]
    assert href == f"/{lang}/e/{DEMO_SLUG}/manifest.webmanifest"
    response = client.get(href)
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    assert response.headers["Cache-Control"].startswith("public") and response.headers["ETag"]
    manifest = json.loads(response.get_data(as_text=True))
    # Its name is the title the agenda's page has in that language.
    assert manifest["name"] == page.xpath("string(//title)").rsplit(" · Dita", 1)[0]
    assert manifest["lang"] == html_lang(lang) and manifest["dir"] == text_direction(lang)
    assert manifest["display"] == "standalone" and 0 < len(manifest["short_name"]) <= 12
    assert manifest["start_url"] == f"/{lang}/e/{DEMO_SLUG}/" and manifest["start_url"].startswith(manifest["scope"])
    assert client.get(manifest["start_url"]).status_code == 200
    sizes = set()
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == icon["type"], icon
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(image.data)).size
            assert icon["sizes"] == f"{width}x{height}"
            sizes.add(width)
    assert {192, 512} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_the_arabic_manifest_reads_right_to_left_in_arabic(client, demo):
    manifest = client.get(f"/ar/e/{DEMO_SLUG}/manifest.webmanifest").get_json(force=True)
    assert manifest["name"] == AR_TITLE and manifest["dir"] == "rtl" and manifest["lang"] == "ar"
    english = client.get(f"/en/e/{DEMO_SLUG}/manifest.webmanifest").get_json(force=True)
    assert english["name"] != AR_TITLE and english["dir"] == "ltr"


def test_drafts_and_unknown_events_have_no_manifest(client, demo):
    f.make_event("hidden-day")
    db.session.commit()
    assert client.get("/en/e/hidden-day/manifest.webmanifest").status_code == 404
    assert client.get("/en/e/no-such-day/manifest.webmanifest").status_code == 404
    assert client.get(f"/xx/e/{DEMO_SLUG}/manifest.webmanifest").status_code == 404


def test_a_draft_preview_links_no_worker_and_no_manifest(client, auth, demo):
    owner = f.make_user("organizer@example.org")
    demo.members.append(EventMember(user=owner, role=MemberRole.OWNER))
    db.session.commit()
    auth.login("organizer@example.org")
    preview = head_of(client, f"/en/e/{DEMO_SLUG}/?preview=draft")
    assert not preview.xpath("//meta[@name='dita-offline']") and not preview.xpath("//link[@rel='manifest']")

"""The static copy of an event's site: what the ZIP holds, every internal link resolving to a file of it,
the released agenda only, `--to DIR` refreshed in place, and the owners' download."""
from __future__ import annotations

import io
import json
import posixpath
import zipfile
from datetime import date
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html

from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.exports.pdf import UNAVAILABLE
from app.exports.site import LEFT_OUT, build_site, seed_endpoints
from app.extensions import db
from app.models import MemberRole, SessionFormat, TranslationStatus
from tests import factories
from tests.conftest import csrf_token

DAY = date(2026, 12, 18)
AR_TITLE = "اليوم الدولي للمهاجرين"


def export_zip(runner, slug: str, tmp_path) -> zipfile.ZipFile:
    target = tmp_path / f"{slug}.zip"
    result = runner.invoke(args=["events", "export-site", slug, "-o", str(target)])
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(io.BytesIO(target.read_bytes()))


def internal_links(path: str, body: bytes) -> list[tuple[str, str]]:
    """(attribute value, the file it names in the copy) for every internal address of an HTML file."""
    document = html.fromstring(body)
    found = []
    for element in document.iter():
        for name in ("href", "src", "action"):
            value = element.get(name) if isinstance(element.tag, str) else None
            if value is None:
                continue
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("#", "//")):
                continue  # another site, mail, data; or a place on the same page
            found.append((value, posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path)))))
    return found


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=DAY)
    event.offered_languages = [*event.offered_languages, "ar"]
    set_translation(event.id, event, "title", "ar", AR_TITLE, TranslationStatus.REVIEWED)
    db.session.flush()
    factories.release(event)
    return event


def test_the_copy_holds_every_page_and_export_in_every_language_with_links_that_resolve(
        client, runner, demo, tmp_path):
    site = export_zip(runner, DEMO_SLUG, tmp_path)
    names = set(site.namelist())
    assert "index.html" in names and "static/css/dita.css" in names and "static/js/dita.js" in names
    languages = demo.offered_languages
    assert "ar" in languages and "sr" in languages
    languages = [*languages, "sr-Cyrl"]  # Serbian's pages in Cyrillic too
    for lang in languages:
        for page in ("index.html", "grid/index.html", "speakers/index.html", "my/index.html", "now/index.html",
                     "changes/index.html", "schedule.ics", "schedule.json", "schedule.xml"):
            assert f"{lang}/{page}" in names, (lang, page)
        if not UNAVAILABLE:
            assert site.read(f"{lang}/agenda.pdf").startswith(b"%PDF")
        # Every session of the released agenda, as its JSON feed lists them, has its page and calendar.
        feed = json.loads(client.get(f"/{lang}/e/{DEMO_SLUG}/schedule.json").data)
        ids = {talk["url"].rstrip("/").rsplit("/", 1)[-1]
               for day in feed["schedule"]["conference"]["days"] for room in day["rooms"].values()
               for talk in room}
        assert ids and all(f"{lang}/s/{i}/index.html" in names and f"{lang}/s/{i}.ics" in names for i in ids)
        # The feeds are the site's own.
        assert site.read(f"{lang}/schedule.ics") == client.get(f"/{lang}/e/{DEMO_SLUG}/schedule.ics").data
    # Paper files are the bytes the site serves.
    papers = [n for n in names if n.startswith("en/papers/")]
    assert papers
    for name in papers:
        file_id = name.split("/")[2]
        assert site.read(name) == client.get(f"/en/e/{DEMO_SLUG}/papers/{file_id}").data
    # Every internal href/src/action of every page names a file of the copy, by a relative path.
    pages = [n for n in names if n.endswith(".html")]
    assert len(pages) > 50
    for page in pages:
        for value, target in internal_links(page, site.read(page)):
            assert not value.startswith("/"), (page, value)
            assert target in names, (page, value)
    # Languages the event does not offer are not linked; nothing leads to the server's forms.
    agenda = site.read("en/index.html").decode()
    assert "../ar/index.html" in agenda and "../zh/" not in agenda
    assert "<form" not in agenda and "csrf_token" not in agenda
    assert "sw.js" not in agenda and "manifest" not in agenda  # no service worker, no home-screen app
    # Arabic reads right to left.
    arabic = html.fromstring(site.read("ar/index.html"))
    assert arabic.get("dir") == "rtl" and arabic.get("lang") == "ar" and AR_TITLE in arabic.text_content()
    # Stylesheets name their files relatively too.
    for name in (n for n in names if n.endswith(".css")):
        assert "url(/" not in site.read(name).decode()


def test_filters_become_pages_and_my_agenda_shows_stars_from_the_browser(runner, app, tmp_path):
    _, event = factories.make_organizer_event(slug="small", source="en", languages=["en"])
    hall = factories.make_room(event, "Hall")
    factories.make_session(event, title="Opening", room=hall)
    factories.make_session(event, "10:00", "11:00", title="Debate", room=hall,
                           format=SessionFormat.GENERAL_DEBATE)
    factories.release(event)
    site = export_zip(runner, "small", tmp_path)
    names = set(site.namelist())
    plenary = "en/q-format-plenary/index.html"
    assert plenary in names
    text = html.fromstring(site.read(plenary)).text_content()
    assert "Opening" in text and "Debate" not in text
    my = html.fromstring(site.read("en/my/index.html"))
    [page] = my.xpath("//*[@data-static-my]")
    assert {li.get("id") for li in page.xpath(".//li[contains(@class, 'session')]")} == {
        f"s-{s.public_id}" for s in event.sessions}
    assert my.xpath("//script[@src='../../static/js/static-site.js']") and "static/js/static-site.js" in names
    assert my.xpath("//*[@data-static-empty][@hidden]")
    assert not my.xpath("//a[contains(@href, '.ics')]")  # a calendar of the stars needs the server
    assert not my.xpath("//*[@data-refresh]") and not html.fromstring(site.read("en/now/index.html")).xpath(
        "//*[@data-refresh]")


def test_the_copy_shows_the_release_not_the_working_copy(runner, app, tmp_path):
    _, event = factories.make_organizer_event(slug="released", source="en", languages=["en"])
    session = factories.make_session(event, title="Released title")
    factories.release(event)
    session.title = "Draft title"
    db.session.commit()
    site = export_zip(runner, "released", tmp_path)
    everything = b"".join(site.read(n) for n in site.namelist() if not n.endswith(".pdf"))
    assert b"Released title" in everything and b"Draft title" not in everything


def test_refreshing_a_directory_removes_what_the_copy_no_longer_holds(runner, app, tmp_path):
    _, event = factories.make_organizer_event(slug="refresh", source="en", languages=["en"])
    kept = factories.make_session(event, title="Kept")
    gone = factories.make_session(event, "11:00", "12:00", title="Removed")
    factories.release(event)
    out = tmp_path / "site"
    assert runner.invoke(args=["events", "export-site", "refresh", "--to", str(out)]).exit_code == 0
    assert (out / "en" / "s" / gone.public_id / "index.html").is_file()
    (out / "en" / "leftover.txt").write_text("old")
    gone_id = gone.public_id
    db.session.delete(gone)
    db.session.flush()
    factories.release(event)
    result = runner.invoke(args=["events", "export-site", "refresh", "--to", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "en" / "s" / gone_id).exists() and not (out / "en" / "leftover.txt").exists()
    assert (out / "en" / "s" / kept.public_id / "index.html").is_file()
    assert "Removed" not in (out / "en" / "index.html").read_text()
    # A directory that holds other files, and no earlier copy, is left alone.
    other = tmp_path / "home"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    result = runner.invoke(args=["events", "export-site", "refresh", "--to", str(other)])
    assert result.exit_code != 0 and "not empty" in result.output
    assert [p.name for p in other.iterdir()] == ["notes.txt"]


def test_unpublished_or_unknown_event_is_a_clear_error(runner, app, tmp_path):
    factories.make_organizer_event(slug="draft-only", source="en", languages=["en"])
    db.session.commit()
    result = runner.invoke(args=["events", "export-site", "draft-only", "-o", str(tmp_path / "x.zip")])
    assert result.exit_code != 0 and "not published" in result.output and not (tmp_path / "x.zip").exists()
    result = runner.invoke(args=["events", "export-site", "nothing-here", "--to", str(tmp_path / "d")])
    assert result.exit_code != 0 and "No event" in result.output
    result = runner.invoke(args=["events", "export-site", "draft-only"])
    assert result.exit_code != 0 and "-o" in result.output


def test_owners_download_the_copy_from_the_event_page(client, auth, app):
    owner, event = factories.make_organizer_event(slug="owned", source="en", languages=["en"])
    factories.make_session(event, title="Opening")
    editor = factories.make_user("editor@example.org")
    factories.add_member(event, editor, role=MemberRole.EDITOR)
    db.session.commit()
    auth.login()
    # Not published yet: no button, and the address says why.
    assert "site.zip" not in client.get("/manage/owned/").get_data(as_text=True)
    token = csrf_token(client, "/manage/owned/")
    response = client.post("/manage/owned/site.zip", data={"csrf_token": token}, follow_redirects=True)
    assert "Publish the event first" in response.get_data(as_text=True)
    factories.release(db.session.merge(event))
    page = client.get("/manage/owned/").get_data(as_text=True)
    assert "/manage/owned/site.zip" in page
    assert client.post("/manage/owned/site.zip", data={}).mimetype != "application/zip"  # no CSRF token
    assert client.get("/manage/owned/site.zip").status_code == 405
    response = client.post("/manage/owned/site.zip", data={"csrf_token": csrf_token(client, "/manage/owned/")})
    assert response.mimetype == "application/zip"
    assert "en/index.html" in zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    auth.logout()
    auth.login("editor@example.org")
    assert "site.zip" not in client.get("/manage/owned/").get_data(as_text=True)
    token = csrf_token(client, "/manage/owned/")
    assert client.post("/manage/owned/site.zip", data={"csrf_token": token}).status_code == 403


def test_the_pages_copied_are_derived_from_the_url_map(app):
    seeds = seed_endpoints(app)
    assert {"public.agenda", "public.grid", "public.my_agenda", "exports.agenda_pdf"} <= set(seeds)
    assert not set(LEFT_OUT) & set(seeds)


@pytest.mark.skipif(bool(UNAVAILABLE), reason=f"WeasyPrint cannot load Pango: {UNAVAILABLE}")
def test_the_copy_is_not_held_back_by_the_anonymous_pdf_rate_limit(make_app):
    app = make_app(PDF_RATE_LIMIT="1 per hour")
    with app.app_context():
        _, event = factories.make_organizer_event(slug="limited", source="en", languages=["en", "sq", "fr"])
        factories.make_session(event, title="Opening")
        factories.release(event)
        site = build_site("limited", app)
        assert all(site.files[f"{lang}/agenda.pdf"].startswith(b"%PDF") for lang in ("en", "sq", "fr"))
        # A visitor is limited, whatever headers the request carries.
        client = app.test_client()
        statuses = [client.get(f"/{lang}/e/limited/poster.pdf", headers={"dita.in_process": "1"}).status_code
                    for lang in ("en", "sq", "fr")]
        assert statuses[0] == 200 and 429 in statuses

"""Being found and shared: the favicon, robots.txt, the sitemap (every published event's pages in every
language it is offered in, with alternates, in one query however many events), and the Open Graph and
Twitter card tags that make a shared agenda link preview with its title, date and place."""
from __future__ import annotations

import io
from datetime import date
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from lxml import etree
from lxml import html as lxml_html
from PIL import Image

from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.extensions import cache, db
from app.languages import html_lang
from app.models import TranslationStatus
from app.public.offline import SITEMAP_PAGES
from app.publishing import publish
from tests import factories as f

PUBLIC_URL = "https://dita.example.org"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
AR_TITLE = "اليوم الدولي للمهاجرين — بريشتينا"


@pytest.fixture
def site(make_app):
    """The demo day published, a second published event and a draft, on an app with a public address."""
    app = make_app(PUBLIC_URL=PUBLIC_URL)
    with app.app_context():
        event, _ = load_demo(day=date(2026, 12, 18))
        set_translation(event.id, event, "title", "ar", AR_TITLE, TranslationStatus.REVIEWED)
        other = f.make_event("dita-tirana", languages=("sq", "en"))
        f.make_session(other)
        publish(other)
        f.make_event("draft-day")
        db.session.commit()
        cache.clear()
        db.session.remove()
    return app


def local(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == PUBLIC_URL, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_favicon_is_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
    icon = Image.open(io.BytesIO(response.data))
    assert icon.format == "ICO" and {(16, 16), (32, 32)} <= set(icon.info["sizes"])
    assert response.headers["Cache-Control"].startswith("public")


def test_robots_allows_public_pages_and_keeps_out_work_and_previews(site):
    response = site.test_client().get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *" and "Allow: /" in lines
    disallowed = [line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")]
    for area in ("/manage/", "/auth/", "/translate/", "/admin/"):
        assert area in disallowed
    assert any("preview=" in rule for rule in disallowed)
    assert not any(rule in ("/", "/en/", "/*/e/") for rule in disallowed)
    assert f"Sitemap: {PUBLIC_URL}/sitemap.xml" in lines


def read_sitemap(client) -> etree._Element:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    return etree.fromstring(response.data)


def test_sitemap_lists_every_published_events_pages_in_every_language(site):
    client = site.test_client()
    root = read_sitemap(client)
    entries = root.findall("sm:url", NS)
    locs = [e.findtext("sm:loc", namespaces=NS) for e in entries]
    assert len(locs) == len(set(locs))
    paths = [local(loc) for loc in locs]
    assert not any("draft-day" in p for p in paths)
    with site.app_context():
        from app.public.queries import published_events

        events = {e.slug: e for e in published_events()}
    assert set(events) == {DEMO_SLUG, "dita-tirana"}
    for slug, event in events.items():
        for code in event.offered_languages:
            assert f"/{code}/e/{slug}/" in paths, (slug, code)
        mine = [p for p in paths if f"/e/{slug}/" in p]
        languages = {p.split("/")[1] for p in mine}
        assert len(mine) == len(languages) * len(SITEMAP_PAGES)
    # Serbian content is offered in both scripts.
    assert f"/sr-Cyrl/e/{DEMO_SLUG}/" in paths
    # Each entry names its alternates in every language of its event, itself included, with BCP 47 tags.
    for entry, loc in zip(entries, locs, strict=True):
        links = entry.findall("xhtml:link", NS)
        alternates = {link.get("hreflang"): link.get("href") for link in links}
        assert all(link.get("rel") == "alternate" for link in links)
        language = local(loc).split("/")[1]
        assert alternates[html_lang(language)] == loc
        assert len(alternates) == len({local(h).split("/")[1] for h in alternates.values()})
        assert entry.findtext("sm:lastmod", namespaces=NS)
    assert "sr-Latn" in {link.get("hreflang") for link in root.iterfind(".//xhtml:link", NS)}
    # Every address resolves.
    for path in paths:
        assert client.get(path).status_code == 200, path


def count_queries(app, client, url: str) -> int:
    calls = []

    def count(*args):
        calls.append(args[2])

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(calls)


def test_sitemap_reads_all_events_in_one_query(site):
    client = site.test_client()
    few = count_queries(site, client, "/sitemap.xml")
    with site.app_context():
        for n in range(6):
            event = f.make_event(f"more-days-{n}")
            f.make_session(event)
            publish(event)
        db.session.commit()
        cache.clear()
    many = count_queries(site, client, "/sitemap.xml")
    assert many == few <= 3
    listed = " ".join(e.text for e in read_sitemap(client).iterfind(".//sm:loc", NS))
    assert all(f"/e/more-days-{n}/" in listed for n in range(6))


def og(tree, name: str) -> str:
    found = tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content")
    assert len(found) == 1, name
    return found[0]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_event_pages_carry_open_graph_and_twitter_tags(site, lang):
    client = site.test_client()
    session = None
    for path in ("/", "/grid", "/my", "/speakers/", "SESSION"):
        if path == "SESSION":
            path = f"/s/{session}"
        url = f"/{lang}/e/{DEMO_SLUG}{path}"
        tree = lxml_html.fromstring(client.get(url).get_data(as_text=True))
        session = session or tree.xpath("//li[@class and starts-with(@id, 's-')]/@id")[0][2:]
        title = og(tree, "og:title")
        assert title == (AR_TITLE if lang == "ar" else "International Migrants Day — Pristina")
        assert og(tree, "twitter:title") == title and og(tree, "twitter:card") == "summary"
        assert og(tree, "og:url") == PUBLIC_URL + url
        assert og(tree, "og:locale") == html_lang(lang).replace("-", "_")
        # The date and place are the ones the page's header shows.
        header = " ".join(tree.xpath("string(//header[@class='event-header']//p[@class='meta'])").split())
        day = header.split(" · ")[0]
        description = og(tree, "og:description")
        assert description.startswith(day)
        assert ("كوسوفو" if lang == "ar" else "Kosovo") in description
        assert og(tree, "twitter:description") in description
        image = og(tree, "og:image")
        assert client.get(local(image)).mimetype == "image/png"
    # The list of events has none of an event's tags.
    home = lxml_html.fromstring(client.get(f"/{lang}/").get_data(as_text=True))
    assert not home.xpath("//meta[@property='og:title']")

"""A static copy of an event's public site: every page and export of its released agenda, in every offered
language (and Serbian in Cyrillic too), with relative links, so that it reads from a disk (file://), a USB
stick at the venue, or any static host or CDN.

The pages are the app's own: each is asked of the app in-process (its test client, each request in an app
context of its own, as anonymous as any attendee), so the copy shows exactly what the site shows and
nothing the public does not see (the released agenda; `?preview=draft` is never asked for). The requests
carry app.exports.pdf.IN_PROCESS, which a client's request cannot, so the PDFs are not counted by the
anonymous rate limit.

The copy is found by following links, from the pages of the event that take no argument but the language
(derived from the URL map) and the static files. Every internal link of a page, a stylesheet or a form is
then written as a relative path to a file of the copy: a page `/<lang>/e/<slug>/grid` is `<lang>/grid/
index.html`, a page with one filter argument `<lang>/grid/q-day-2026-12-18/index.html`, a paper's file
`papers/<id>/<name>`, a static file `static/…`. A link to something the copy does not hold (the list of all
events, signing in, a language the event does not offer) loses its address. Forms that need the server
degrade: a filter form becomes a list of links to its filtered pages, a form that posts (the star without
scripts) keeps its button for the page's script and loses its address. "My agenda" holds every session
and shows the starred ones from the browser's store (a small script of the copy's own); "now" is as of the
export, without refreshing itself.
"""
from __future__ import annotations

import copy
import io
import posixpath
import re
import shutil
import zipfile
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

import sqlalchemy as sa
from flask import Flask, current_app, url_for
from lxml import etree
from lxml import html as lxml_html
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_options_header

from app.exports.pdf import IN_PROCESS
from app.extensions import db
from app.languages import readers_of
from app.models import Event, EventStatus
from app.public.agenda import load_published
from app.public.caching import PAGE_ARGS

#: Blueprints whose pages belong in the copy.
BLUEPRINTS = ("public", "exports", "offline")
#: Pages of an event left out of the copy, and why.
LEFT_OUT = {
    "offline.manifest": "a home-screen app of the agenda needs the live site (and its service worker)",
    "exports.poster_pdf": "printed for the venue from the live site, whose address its QR code names",
    "exports.signs_pdf": "printed for the venue from the live site, whose address its QR codes name",
}
#: Query arguments never followed: a moment, a set of stars (the copy's "My agenda" reads the browser's).
NOT_FOLLOWED_ARGS = frozenset({"at", "s", "preview"})
#: A copy larger than this many files is refused rather than written.
MAX_FILES = 50_000
#: Attributes that hold addresses.
URL_ATTRIBUTES = ("href", "src", "action", "poster")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
#: The file that marks a directory as a copy written by `--to` (only such a directory is refreshed).
MARKER = ".dita-site"
#: The copy's own script: "My agenda" holds every session and shows the ones starred in this browser.
STATIC_SCRIPT_PATH = "static/js/static-site.js"
STATIC_SCRIPT = """/* Dita static copy: "My agenda" shows the sessions starred in this browser (dita.js keeps them). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var page = document.querySelector("[data-static-my]");
    if (!page) { return; }
    var ids = [];
    try {
      ids = JSON.parse(window.localStorage.getItem("dita:starred:" + page.dataset.event) || "[]");
    } catch (e) { ids = []; }
    if (!Array.isArray(ids)) { ids = []; }
    // Shown or not by the element's own style: a stylesheet's display would win over `hidden`.
    function show(element, on) { element.hidden = !on; element.style.display = on ? "" : "none"; }
    var shown = 0;
    page.querySelectorAll("section").forEach(function (section) {
      var mine = 0;
      section.querySelectorAll("li.session[id^='s-']").forEach(function (item) {
        var on = ids.indexOf(item.id.slice(2)) !== -1;
        show(item, on);
        if (on) { mine += 1; }
      });
      if (section.querySelector("li.session")) { show(section, mine > 0); }
      shown += mine;
    });
    page.querySelectorAll("[data-static-empty]").forEach(function (note) { show(note, shown === 0); });
  });
}());
"""


class SiteError(Exception):
    """The event cannot be exported (said in a sentence for the organizer or the command line)."""


class NotPublished(SiteError):
    """No such event, or it has no release: the copy holds the released agenda only."""


@dataclass
class Fetched:
    url: str  # path and query, as asked
    mimetype: str
    body: bytes
    filename: str | None  # from Content-Disposition


@dataclass(frozen=True)
class SiteFiles:
    """The copy: each file's path (relative, `/`-separated) and content."""

    files: dict[str, bytes]

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(self.files):
                archive.writestr(zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0)), self.files[path],
                                 compress_type=zipfile.ZIP_DEFLATED)
        return buffer.getvalue()

    def write_to(self, directory: Path) -> tuple[int, int]:
        """Refresh `directory` in place: write every file, remove the files (and emptied folders) the
        copy no longer holds. Returns (files written, files removed). A directory that is not empty is
        refreshed only when an earlier copy left its mark there (MARKER): other files are never removed."""
        if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).is_file():
            raise SiteError(f"{directory} is not empty and holds no earlier copy of a site: nothing was written.")
        directory.mkdir(parents=True, exist_ok=True)
        root = directory.resolve()
        (root / MARKER).write_text("A static copy of a Dita event; refreshed in place by flask events export-site.\n")
        for path, content in self.files.items():
            target = (root / path).resolve()
            if root not in target.parents:  # the copy's own paths never leave it; make sure
                raise SiteError(f"refused path {path}")
            if target.is_dir():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.is_file() or target.read_bytes() != content:
                target.write_bytes(content)
        kept = {(root / path).resolve() for path in [*self.files, MARKER]}
        removed = 0
        for found in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if found.is_symlink() or found.is_file():
                if found not in kept:
                    found.unlink()
                    removed += 1
            elif found.is_dir() and not any(found.iterdir()):
                found.rmdir()
        return len(self.files), removed


def published_event(slug: str) -> Event:
    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    if event is None:
        raise NotPublished(f"No event with the slug {slug}.")
    if event.status != EventStatus.PUBLISHED or not event.published_version:
        raise NotPublished(f"The event {slug} is not published: the copy holds the released agenda only.")
    return event


def seed_endpoints(app: Flask) -> list[str]:
    """The event's pages that take nothing but the language (from the URL map), in a fixed order."""
    found = []
    for rule in app.url_map.iter_rules():
        if (rule.endpoint.split(".")[0] in BLUEPRINTS and "GET" in (rule.methods or ()) and
                set(rule.arguments) == {"lang", "slug"} and rule.endpoint not in LEFT_OUT):
            found.append(rule.endpoint)
    return sorted(found)


class _Builder:
    def __init__(self, app: Flask, event: Event):
        self.app = app
        self.slug = event.slug
        # The offered languages and their other scripts (Serbian's Cyrillic pages, transliterated).
        self.languages = list(dict.fromkeys(reader for code in event.offered_languages for reader in readers_of(code)))
        self.source = event.source_language if event.source_language in self.languages else self.languages[0]
        self.client = app.test_client()
        self.client.environ_base.update({IN_PROCESS: "1", "REMOTE_ADDR": "127.0.0.1"})
        self.adapter = app.url_map.bind("localhost")
        self.fetched: dict[str, Fetched] = {}
        self.failed: set[str] = set()
        self.paths: dict[str, str] = {}  # url → file path in the copy
        self.hosts = {"localhost"}
        public_url = app.config.get("PUBLIC_URL") or ""
        if public_url:
            self.hosts.add(urlsplit(public_url).netloc)

    # -- which addresses belong to the copy ---------------------------------------------------------

    def event_part(self, path: str) -> tuple[str, str] | None:
        """(language, the rest) of an address of this event's pages in an offered language."""
        parts = path.split("/", 4)  # "", lang, "e", slug, rest
        if len(parts) >= 4 and parts[2] == "e" and parts[3] == self.slug and parts[1] in self.languages:
            return parts[1], "/" + (parts[4] if len(parts) > 4 else "")
        return None

    def endpoint(self, path: str) -> str | None:
        try:
            endpoint, _args = self.adapter.match(path, method="GET")
        except HTTPException:
            return None
        return endpoint if endpoint.split(".")[0] in BLUEPRINTS or endpoint == "static" else None

    def normalize(self, base: str, link: str) -> str | None:
        """The copy's key (path and kept query) for a link found on page `base`; None when external,
        a fragment of the same page, or not a page of the copy."""
        link = link.strip()
        if not link or link.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return None
        parts = urlsplit(urljoin("http://localhost" + base, link))
        if parts.scheme not in ("http", "https") or parts.netloc not in self.hosts:
            return None
        path = unquote(parts.path) or "/"
        endpoint = self.endpoint(path)
        if endpoint is None:
            return None
        if endpoint == "static":
            return path
        if endpoint in LEFT_OUT or self.event_part(path) is None:
            return None
        wanted = set(PAGE_ARGS.get(endpoint, ())) - NOT_FOLLOWED_ARGS
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if k in wanted]
        if len(query) != 1:  # one filter at a time: every combination would be too many pages
            query = []
        return path + ("?" + urlencode(query) if query else "")

    # -- fetching --------------------------------------------------------------------------------

    def get(self, url: str) -> Fetched | None:
        asked = url
        path = urlsplit(url).path
        if self.endpoint(path) == "public.my_agenda" and "?" not in url:
            asked = url + "?s=" + ",".join(self.all_session_ids)
        for _attempt in range(3):  # a PDF answers 503 while another layout holds the slot: ask again
            with self.app.app_context():
                response = self.client.get(asked)
            if response.status_code != 503:
                break
            response.close()
        try:
            if response.status_code != 200:
                return None
            filename = None
            disposition = response.headers.get("Content-Disposition")
            if disposition:
                filename = parse_options_header(disposition)[1].get("filename")
            return Fetched(url, response.mimetype or "", response.get_data(), filename)
        finally:
            response.close()

    def crawl(self) -> None:
        queue: deque[str] = deque()
        for lang in self.languages:
            for endpoint in seed_endpoints(self.app):
                with self.app.test_request_context():
                    queue.append(url_for(endpoint, lang=lang, slug=self.slug))
        seen = set(queue)
        while queue:
            url = queue.popleft()
            fetched = self.get(url)
            if fetched is None:
                self.failed.add(url)
                continue
            self.fetched[url] = fetched
            if len(self.fetched) > MAX_FILES:
                raise SiteError(f"The copy would hold more than {MAX_FILES} files.")
            for link in self.links(fetched):
                key = self.normalize(url, link)
                if key is not None and key not in seen:
                    seen.add(key)
                    queue.append(key)

    def links(self, fetched: Fetched) -> list[str]:
        if fetched.mimetype == "text/html":
            document = self.parse(fetched.body)
            self.degrade_forms(document, fetched.url)  # the links a filter form becomes are followed too
            found = [value for element in document.iter(etree.Element) for name in URL_ATTRIBUTES
                     if (value := element.get(name)) is not None]
            found += [match.group(2) for style in document.iter("style")
                      for match in CSS_URL.finditer(style.text or "")]
            return found
        if fetched.mimetype == "text/css":
            return [match.group(2) for match in CSS_URL.finditer(fetched.body.decode("utf-8", "replace"))]
        return []

    @staticmethod
    def parse(body: bytes):
        return lxml_html.document_fromstring(body, parser=lxml_html.HTMLParser(encoding="utf-8"))

    # -- where each file goes ----------------------------------------------------------------------

    def file_path(self, fetched: Fetched) -> str:
        parts = urlsplit(fetched.url)
        path = parts.path
        if self.endpoint(path) == "static":
            return path.lstrip("/")
        lang, rest = self.event_part(path)  # type: ignore[misc]  # only the event's pages are fetched
        if self.endpoint(path) == "public.paper_file":
            file_id = rest.rstrip("/").rsplit("/", 1)[-1]
            name = re.sub(r"[^\w.-]+", "_", (fetched.filename or "paper").rsplit("/", 1)[-1]).strip("._") or "paper"
            return f"{lang}/papers/{file_id}/{name}"
        query = "-".join(re.sub(r"[^0-9A-Za-z_.-]+", "-", f"{k}-{v}") for k, v in parse_qsl(parts.query))
        last = rest.rsplit("/", 1)[-1]
        if "." in last:
            if query:
                stem, dot, extension = rest.rpartition(".")
                rest = f"{stem}-q-{query}{dot}{extension}"
            return f"{lang}{rest}"
        directory = f"{lang}{rest.rstrip('/')}"
        return f"{directory}/q-{query}/index.html" if query else f"{directory}/index.html"

    # -- rewriting -------------------------------------------------------------------------------

    def relative(self, source_path: str, base_url: str, link: str) -> str | None:
        """The link as a relative path from the file at `source_path`; the link itself when it is not
        internal; None when it is internal but the copy does not hold it."""
        stripped = link.strip()
        if not stripped or stripped.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return link
        parts = urlsplit(urljoin("http://localhost" + base_url, stripped))
        if parts.scheme not in ("http", "https") or parts.netloc not in self.hosts:
            return link
        key = self.normalize(base_url, stripped)
        target = self.paths.get(key) if key is not None else None
        if target is None:
            return None
        relative = posixpath.relpath(target, posixpath.dirname(source_path) or ".")
        relative = quote(relative, safe="/-._~")
        return relative + (f"#{parts.fragment}" if parts.fragment else "")

    def rewrite_css(self, source_path: str, base_url: str, text: str) -> str:
        def replace(match: re.Match) -> str:
            target = self.relative(source_path, base_url, match.group(2))
            return f"url({match.group(1)}{target or 'data:,'}{match.group(1)})"

        return CSS_URL.sub(replace, text)

    def rewrite_html(self, source_path: str, fetched: Fetched) -> bytes:
        document = self.parse(fetched.body)
        base = fetched.url
        self.degrade_forms(document, base)
        # The home-screen app and the service worker (offline reading) need the live site.
        for element in document.xpath("//link[@rel='manifest'] | //meta[@name='dita-offline' or @name='dita-keep']"):
            element.drop_tree()
        for element in document.xpath("//*[@data-refresh]"):  # "now" as of the export: nothing to fetch
            del element.attrib["data-refresh"]
        if self.endpoint(urlsplit(base).path) == "public.my_agenda":
            self.static_my_agenda(document, source_path)
        for element in list(document.iter(etree.Element)):
            for name in URL_ATTRIBUTES:
                value = element.get(name)
                if value is None:
                    continue
                target = self.relative(source_path, base, value)
                if target is not None:
                    element.set(name, target)
                else:
                    self.unlink(element, name)
        for style in document.iter("style"):
            if style.text:
                style.text = self.rewrite_css(source_path, base, style.text)
        return lxml_html.tostring(document, doctype="<!doctype html>", encoding="utf-8", method="html")

    @staticmethod
    def unlink(element, name: str) -> None:
        """An address the copy does not hold: a language not offered leaves the switch, a lone link
        its paragraph, any other link keeps its text; other elements (images, scripts) go."""
        if element.getparent() is None:
            return
        if element.tag != "a":
            if element.tag in ("link", "script", "img", "source", "iframe", "video", "audio"):
                element.drop_tree()
            else:
                del element.attrib[name]
            return
        parent = element.getparent()
        alone = parent.tag in ("li", "p") and not (parent.text or "").strip() and len(parent) == 1 and \
            not (element.tail or "").strip()
        if alone:
            parent.drop_tree()
        else:
            for attribute in ("href", "hreflang", "download"):
                element.attrib.pop(attribute, None)

    def degrade_forms(self, document, base: str) -> None:
        for form in list(document.iter("form")):
            method = (form.get("method") or "get").lower()
            if method != "get":
                # It needs the server: its buttons stay for the page's script, the form goes.
                for hidden in form.xpath(".//input[@type='hidden']"):
                    hidden.drop_tree()
                form.tag = "div"
                for attribute in ("action", "method", "enctype"):
                    form.attrib.pop(attribute, None)
                continue
            action = urljoin(base, form.get("action") or base)
            items: list[tuple[str, str, str]] = []  # (group, label, href)
            for box in form.xpath(".//input[@type='checkbox' or @type='radio']"):
                label = box.getparent() if box.getparent().tag == "label" else None
                text = " ".join((label.text_content() if label is not None else box.get("value", "")).split())
                items.append(("", text, f"{action}?{urlencode({box.get('name', ''): box.get('value', '')})}"))
            for select in form.iter("select"):
                labels = form.xpath(f".//label[@for='{select.get('id', '')}']") if select.get("id") else []
                group = " ".join(labels[0].text_content().split()) if labels else ""
                for option in select.iter("option"):
                    if option.get("value"):
                        items.append((group, " ".join(option.text_content().split()),
                                      f"{action}?{urlencode({select.get('name', ''): option.get('value')})}"))
            kept_links = [a for a in form.iter("a") if a.get("href")]
            nav = etree.Element("nav", {"class": (form.get("class", "") + " static-links").strip()})
            legend = form.find(".//legend")
            groups: dict[str, list[tuple[str, str]]] = {}
            for group, text, href in items:
                if self.normalize(base, href) is not None:
                    groups.setdefault(group, []).append((text, href))
            for group, links in groups.items():
                title = group or (" ".join(legend.text_content().split()) if legend is not None else "")
                if title:
                    etree.SubElement(nav, "p").text = title
                listing = etree.SubElement(nav, "ul")
                for text, href in links:
                    etree.SubElement(etree.SubElement(listing, "li"), "a", href=href).text = text
            if kept_links:
                listing = etree.SubElement(nav, "ul")
                for link in kept_links:
                    link.tail = None
                    etree.SubElement(listing, "li").append(link)
            if len(nav):
                form.getparent().replace(form, nav)
            else:
                form.drop_tree()

    def static_my_agenda(self, document, source_path: str) -> None:
        """Every session is on the page; the copy's script shows the starred ones (no clashes marked and
        no calendar of the starred sessions: both depend on the stars)."""
        pages = document.xpath("//*[@data-my-page]")
        if not pages:
            return
        page = pages[0]
        page.set("data-static-my", "")
        page.set("data-my-page", "")
        for element in page.xpath(".//*[contains(concat(' ', @class, ' '), ' badge-clash ')]"
                                  " | .//p[contains(concat(' ', @class, ' '), ' notice ')]"):
            element.drop_tree()
        for link in page.xpath(".//a[contains(@href, '.ics?s=')]"):  # "these sessions" would be all of them
            (link.getparent() if link.getparent().tag == "p" else link).drop_tree()
        for element in page.xpath(".//li[contains(concat(' ', @class, ' '), ' clash ')]"):
            element.set("class", " ".join(c for c in element.get("class", "").split() if c != "clash"))
        lang = source_path.split("/", 1)[0] if "/" in source_path else self.source
        empty = self.my_empty_note(lang)
        if empty is not None:
            note = copy.deepcopy(empty)
            note.set("data-static-empty", "")
            note.set("hidden", "")
            heading = page.find(".//h1")
            if heading is not None:
                heading.addnext(note)
        head = document.find("head")
        if head is not None:
            script = etree.SubElement(head, "script", src="/" + STATIC_SCRIPT_PATH, defer="defer")
            script.text = ""

    # -- the whole copy ----------------------------------------------------------------------------

    def build(self) -> SiteFiles:
        with self.app.app_context():
            event = db.session.scalar(sa.select(Event).where(Event.slug == self.slug))
            released = load_published(self.slug)
            if event is None or released is None:
                raise NotPublished(f"The event {self.slug} is not published.")
            self.all_session_ids = [s.public_id for s in released.sessions]
        self.crawl()
        self.paths["/" + STATIC_SCRIPT_PATH] = STATIC_SCRIPT_PATH
        for url, fetched in self.fetched.items():
            self.paths[url] = self.file_path(fetched)
        files: dict[str, bytes] = {STATIC_SCRIPT_PATH: STATIC_SCRIPT.encode("utf-8")}
        # The copy opens on the agenda in the event's own language.
        with self.app.test_request_context():
            home = url_for("public.agenda", lang=self.source, slug=self.slug)
        if home in self.fetched:
            files["index.html"] = self.rewrite_html("index.html", self.fetched[home])
        while self.fetched:  # each answer is let go once written: a large event's copy is held once, not twice
            url, fetched = self.fetched.popitem()
            path = self.paths[url]
            if fetched.mimetype == "text/html":
                files[path] = self.rewrite_html(path, fetched)
            elif fetched.mimetype == "text/css":
                files[path] = self.rewrite_css(path, url, fetched.body.decode("utf-8")).encode("utf-8")
            else:
                files[path] = fetched.body
        return SiteFiles(files)

    def my_empty_note(self, lang: str):
        """The "nothing starred yet" paragraph of My agenda in a language, as a page without stars shows it."""
        with self.app.test_request_context():
            url = url_for("public.my_agenda", lang=lang, slug=self.slug)
        with self.app.app_context():
            response = self.client.get(url)
            body = response.get_data()
            response.close()
        if response.status_code != 200:
            return None
        found = self.parse(body).xpath("//*[@data-my-page]//p[contains(concat(' ', @class, ' '), ' empty ')]")
        if not found:
            return None
        note = found[0]
        for link in note.iter("a"):  # its link leads to the agenda of the source language only
            link.drop_tag()
        return note


def build_site(slug: str, app: Flask | None = None) -> SiteFiles:
    """The static copy of a published event; SiteError when it is not published or is unknown."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    with app.app_context():
        event = published_event(slug)
        builder = _Builder(app, event)
    return builder.build()

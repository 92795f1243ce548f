"""HTTP caching of public pages and exports: validators from the event's release, 304 before rendering.

Every public view calls `cached(freshness, render)`: the validator comes from one cheap
query (the event's published version, its last release and edit, the newest translation
into the page's language), so a matching conditional GET answers 304 without loading or
rendering the agenda. The rendered body is kept in the render cache (Flask-Caching) under
that validator: a publish, an edit or a translation changes the validator, so nothing needs
to be deleted and no process can serve a stale page. Signed-in visitors, and pages carrying
a one-time message, are never served from or stored in any shared cache.

Text bodies are kept gzip-compressed (a 400 KB agenda is 20 KB) and sent as they are to every
client that accepts gzip, which is every browser; others get them decompressed. The ETag is weak,
since it names the page, not one encoding of its bytes.

A page is keyed by what it reads and nothing else: its language and path, and the query arguments it
declares (`PAGE_ARGS`, or `cached(..., args=...)`), each normalized (known values only, sorted, without
duplicates). Every other argument — `fbclid`, `gclid`, `utm_*`, a random cache-buster — is dropped
before the page is rendered, so it neither makes a new entry nor shows up in the page's links. The
render cache itself is bounded (app.extensions): least recently used pages go first. Links are built
from PUBLIC_URL when it is set; otherwise the request's origin is part of the key, so that a forged
Host is only ever served back to its sender.
"""
from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Response, abort, current_app, make_response, request, session
from flask_login import current_user
from sqlalchemy.orm import aliased
from werkzeug.datastructures import ImmutableMultiDict

from app.extensions import cache, db
from app.i18n import negotiated_interface
from app.languages import LANGUAGES, readers_of
from app.models import Event, EventLink, EventStatus, Release, SpeakerProgress, Translation

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Freshness:
    """What a response depends on: parts of the validator and the time of the last change."""

    parts: tuple
    last_modified: datetime
    #: The newest step of any list of speakers of the event on the day (app/models/live.py), if any.
    live_at: datetime | None = None

    def with_live(self) -> Freshness:
        """The freshness of a page that shows the day's live progress too: it changes with every step."""
        return Freshness((*self.parts, _iso(self.live_at)), _latest(self.last_modified, self.live_at), self.live_at)


def _latest(*moments: datetime | None) -> datetime:
    return max((m if m.tzinfo else m.replace(tzinfo=UTC)) for m in (*moments, EPOCH) if m is not None)


# The validators' statements are built once: every public request runs one of them, and making
# the statement anew would cost more than running it (an index lookup each, see migration 0003).
# A public page shows the event's current release, so edits to the working copy do not change it;
# translations are read live, those of the fallback languages too, so any newer one does.
_CURRENT_RELEASE = (
    sa.select(Release.published_at)
    .where(Release.event_id == Event.id, Release.number == Event.published_version)
    .scalar_subquery()
)


def _last_translation_into(code: str) -> sa.ColumnElement:
    """The newest translation of the event into one language, if a reader of `lang` may be shown it
    (the reader's own, English, the organizer's fallback languages "fr,en"), else NULL. One index seek
    (event, language, time) when it counts; a single condition over all languages would read every
    translation of the event in the index, 10 ms for a large one."""
    shown = Event.source_language != sa.bindparam("lang")
    if code != "en":
        # A reader of sr-Cyrl is shown the sr translations transliterated where there is no Cyrillic one.
        shown = sa.and_(shown, sa.or_(sa.bindparam("lang").in_(readers_of(code)),
                                      (sa.literal(",") + Event.fallback_languages + ",").like(f"%,{code},%")))
    newest = (sa.select(sa.func.max(Translation.updated_at))
              .where(Translation.event_id == Event.id, Translation.lang == code).scalar_subquery())
    return sa.case((shown, newest))


# Live progress on the day is read outside the release: one index seek (event, time of the step).
_LIVE_STEP = (
    sa.select(sa.func.max(SpeakerProgress.updated_at)).where(SpeakerProgress.event_id == Event.id).scalar_subquery()
)


def _programme_links() -> sa.ScalarSelect:
    """What the agenda's links to programme pages depend on, as one string: links between events are read
    live (app/models/programme.py), so a link made or taken out, or the other event published, unpublished
    or edited, changes the validator. An index seek on each side of event_link; for most events, nothing."""
    hub, related = aliased(Event), aliased(Event)
    other_changed = sa.case((EventLink.event_id == Event.id, related.updated_at), else_=hub.updated_at)
    return (
        sa.select(sa.cast(sa.func.count(EventLink.id), sa.String) + ":"
                  + sa.func.coalesce(sa.cast(sa.func.max(EventLink.created_at), sa.String), "") + ":"
                  + sa.func.coalesce(sa.cast(sa.func.max(other_changed), sa.String), ""))
        .join(hub, hub.id == EventLink.event_id).join(related, related.id == EventLink.related_event_id)
        .where(sa.or_(EventLink.event_id == Event.id, EventLink.related_event_id == Event.id),
               hub.status == EventStatus.PUBLISHED, related.status == EventStatus.PUBLISHED)
        .scalar_subquery()
    )


_EVENT_FRESHNESS = (
    sa.select(Event.id, Event.published_version, _CURRENT_RELEASE, _LIVE_STEP, _programme_links(),
              *map(_last_translation_into, LANGUAGES))
    .where(Event.slug == sa.bindparam("slug"), Event.status == EventStatus.PUBLISHED)
)
_PUBLISHED = Event.status == EventStatus.PUBLISHED
_LISTING_FRESHNESS = sa.select(
    sa.select(sa.func.count(Event.id)).where(_PUBLISHED).scalar_subquery(),
    # Publishing and unpublishing change the event row, and so does any edit: a draft edit then
    # costs one more rendering of the list, never a stale one.
    sa.select(sa.func.max(Event.updated_at)).where(_PUBLISHED).scalar_subquery(),
    sa.select(sa.func.max(Translation.updated_at))
    .where(Translation.object_type == "event", Translation.field == "title")
    .scalar_subquery(),
)


def event_freshness(slug: str, lang: str) -> Freshness:
    """The freshness of a published event in one language; 404 for drafts and unknown slugs."""
    row = db.session.connection().execute(_EVENT_FRESHNESS, {"slug": slug, "lang": lang}).first()
    if row is None:
        abort(404)
    event_id, version, released_at, live_at, programmes, *translated = row
    released_at = _as_utc(released_at)
    translated_at = max((t for t in map(_as_utc, translated) if t is not None), default=None)
    links_at = _links_clock(slug, (event_id, version, released_at))
    return Freshness(
        (event_id, version, _iso(released_at), _iso(translated_at), lang, programmes,
         *((_iso(links_at),) if links_at else ())),
        _latest(released_at, translated_at, links_at), _as_utc(live_at),
    )


def _links_clock(slug: str, release: tuple) -> datetime | None:
    """Pages showing stream and recording links change when a session with links starts or ends."""
    from app import media
    from app.public.services import now_utc

    if request.endpoint not in media.TIMED_ENDPOINTS:
        return None
    return media.links_clock(slug, release, now_utc())


def listing_freshness(lang: str) -> Freshness:
    """The freshness of the list of published events in one language."""
    row = db.session.connection().execute(_LISTING_FRESHNESS).one()
    count, updated_at, translated_at = row[0], _as_utc(row[1]), _as_utc(row[2])
    return Freshness((count, _iso(updated_at), _iso(translated_at), lang), _latest(updated_at, translated_at))


def _as_utc(value):
    """Aggregates bypass the column type, so SQLite gives strings or naive datetimes: make them aware."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


#: The query arguments each page reads (by endpoint); a page not named here reads none.
PAGE_ARGS: dict[str, tuple[str, ...]] = {
    "public.home": ("country", "city", "q"),
    "public.agenda": ("format", "day", "room", "follow"),
    "public.grid": ("format", "day", "room", "follow"),
    "public.my_agenda": ("s",),
    "public.now": ("at", "room"),
    "public.embed": ("day", "room"),
    "exports.schedule_ics": ("s",),
}
#: Longest value kept of a free-text argument (a search, a place); longer ones are cut.
MAX_ARG_LENGTH = 100


def _formats(values: list[str]) -> str:
    from app.public.services import parse_formats

    return ",".join(sorted(f.value for f in parse_formats(values)))


def _ids(values: list[str]) -> str:
    from app.public.services import parse_ids

    return ",".join(sorted(parse_ids(values[0])))


def _moment(values: list[str]) -> str:
    try:
        return datetime.fromisoformat(values[0].strip()).isoformat()
    except ValueError:
        return ""


def _text(values: list[str]) -> str:
    return " ".join(values[0].split())[:MAX_ARG_LENGTH]


#: How each argument's values become one canonical value ("" means: as if absent).
_NORMALIZERS: dict[str, Callable[[list[str]], str]] = {"format": _formats, "s": _ids, "at": _moment}
#: Arguments whose mere presence means something, even empty (`schedule.ics?s=` is an empty calendar).
_PRESENCE_COUNTS = frozenset({"s"})


def page_args(names: Iterable[str]) -> ImmutableMultiDict:
    """This request's arguments among `names`, normalized, in a fixed order; nothing else."""
    kept = []
    for name in sorted(set(names)):
        values = request.args.getlist(name)
        if not values:
            continue
        value = _NORMALIZERS.get(name, _text)(values)
        if value or name in _PRESENCE_COUNTS:
            kept.append((name, value))
    return ImmutableMultiDict(kept)


def _origin() -> str:
    """The origin links are built from: the configured one, else (development) the request's."""
    return current_app.config.get("PUBLIC_URL") or current_app.config.get("SERVER_NAME") or request.host_url


def etag_for(freshness: Freshness, *extra) -> str:
    """A validator for this page (language and path, its declared arguments) and what it shows."""
    args = sorted(request.args.items(multi=True))
    # A page in a language without an interface catalog (Romani) speaks the reader's next language.
    material = repr((request.path, args, _origin(), freshness.parts, extra, negotiated_interface()))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def _signed_in() -> bool:
    return bool(current_user and current_user.is_authenticated)


def _not_modified(etag: str, last_modified: datetime) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return since is not None and last_modified.replace(microsecond=0) <= since


def cached(freshness: Freshness, render: Callable[[], object], *extra, args: Iterable[str] | None = None) -> Response:
    """Answer 304 when the client's copy is current, else render with caching headers.

    `extra` adds what else the response depends on (for example the current minute). `args` names
    the query arguments the page reads (by default its endpoint's in `PAGE_ARGS`); the page is
    rendered seeing only those, normalized.
    """
    request.args = page_args(PAGE_ARGS.get(request.endpoint or "", ()) if args is None else args)
    if _signed_in() or session.get("_flashes"):
        response = make_response(render())
        response.headers["Cache-Control"] = "private, no-store"
        return response
    etag = etag_for(freshness, *extra)
    last_modified = freshness.last_modified
    response = Response(status=304) if _not_modified(etag, last_modified) else _rendered(etag, render)
    response.set_etag(etag, weak=True)
    response.last_modified = last_modified
    response.headers["Cache-Control"] = f"public, max-age={current_app.config['PUBLIC_MAX_AGE']}"
    response.vary.add("Accept-Encoding")
    if negotiated_interface() is not None:
        response.vary.add("Accept-Language")
    return response


#: Headers of a rendered page that are kept with it in the render cache.
_KEPT_HEADERS = ("Content-Type", "Content-Disposition")
#: Fast rather than smallest: level 2 compresses a 350 KB schedule in 2 ms (level 6: 4–5 ms)
#: to within a sixth of level 6's size, and the cold render is what waits for it.
GZIP_LEVEL = 2
#: Types worth compressing (a PDF is compressed inside already).
_TEXT_TYPES = ("text/", "application/json", "application/xml")


def _rendered(etag: str, render: Callable[[], object]) -> Response:
    """The page for this validator from the render cache, else rendered and stored there."""
    key = f"page:gz:{etag}"  # the entry shape changed with compression: a new name, no old entry misread
    hit = cache.get(key)
    if hit is None:
        response = make_response(render())
        if response.status_code != 200 or response.direct_passthrough or response.is_streamed:
            return response
        headers = [(name, response.headers[name]) for name in _KEPT_HEADERS if name in response.headers]
        body, compressed = response.get_data(), (response.mimetype or "").startswith(_TEXT_TYPES)
        hit = (gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0) if compressed else body, compressed, headers)
        cache.set(key, hit)
    body, compressed, headers = hit
    if not compressed:
        return Response(body, headers=headers)
    if request.accept_encodings["gzip"]:
        return Response(body, headers=[*headers, ("Content-Encoding", "gzip")])
    return Response(gzip.decompress(body), headers=headers)

"""Which stream, recording, join and interpretation links apply to a session, at a moment, in a language.

The one rule every place follows (the session page, the now screen, the iCal, frab XML and c3voc
JSON feeds):

- a session's own links of a kind replace its room's links of that kind; a session without any
  of a kind inherits its room's;
- among the links of a kind, those in the reader's language (or in the language it is written
  from in another script) come first; else those without a language; else whatever there is;
- the stream, the join link and the interpretation channels apply until the session ends; the
  recording applies only after it ends, in place of the stream;
- interpretation channels are one per language, the reader's first, then in Dita's order.

Pages that show links change when a session that has links starts or ends: `links_clock` gives
the last such moment, which their cache validator includes (app/public/caching.py).
"""
from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from flask_babel import gettext

from app.i18n import language_name
from app.languages import LANGUAGES, readers_of
from app.models.media import LinkKind


class Link(Protocol):
    kind: LinkKind
    lang: str | None
    url: str
    position: int


@dataclass(frozen=True)
class SessionLinks:
    """The links of one session at one moment, in one language."""

    running: bool = False
    ended: bool = False
    stream: list = field(default_factory=list)
    recording: list = field(default_factory=list)
    join: list = field(default_factory=list)
    interpretation: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.stream or self.recording or self.join or self.interpretation)

    def all(self) -> list:
        """Every link that applies, in the order pages and feeds list them."""
        return [*self.stream, *self.recording, *self.join, *self.interpretation]


def _in_language(links: Sequence[Link], lang: str) -> list:
    """The links of one kind a reader of `lang` is given: their language's, else neutral, else all."""
    for wanted in (lambda x: x.lang == lang, lambda x: x.lang is not None and lang in readers_of(x.lang),
                   lambda x: x.lang is None):
        chosen = [x for x in links if wanted(x)]
        if chosen:
            return chosen
    return list(links)


def _channels(links: Sequence[Link], lang: str) -> list:
    """One interpretation channel per language, the reader's first, then in Dita's language order."""
    by_lang: dict[str, Link] = {}
    for link in links:
        if link.lang is not None:
            by_lang.setdefault(link.lang, link)
    order = {code: n for n, code in enumerate(LANGUAGES)}
    return sorted(by_lang.values(), key=lambda x: (x.lang != lang, order.get(x.lang or "", len(order))))


def resolve(own: Iterable[Link], inherited: Iterable[Link], starts_at: datetime, ends_at: datetime, lang: str,
            at: datetime) -> SessionLinks:
    """The links that apply: `own` are the session's, `inherited` its room's (see the module's rules)."""
    mine = sorted(own, key=lambda x: x.position)
    room = sorted(inherited, key=lambda x: x.position)

    def of(kind: LinkKind) -> list:
        return [x for x in mine if x.kind == kind] or [x for x in room if x.kind == kind]

    ended = at >= ends_at
    if ended:
        return SessionLinks(ended=True, recording=_in_language(of(LinkKind.RECORDING), lang))
    return SessionLinks(
        running=starts_at <= at, stream=_in_language(of(LinkKind.STREAM), lang),
        join=_in_language(of(LinkKind.JOIN), lang), interpretation=_channels(of(LinkKind.INTERPRETATION), lang),
    )


def link_label(link, running: bool = False) -> str:
    """What a link is called on pages and in feeds, in the interface language: "Watch live" for the
    stream of a session that is running, "Interpretation: Arabic" for a channel."""
    if link.kind == LinkKind.STREAM:
        return gettext("Watch live") if running else gettext("Live stream")
    if link.kind == LinkKind.RECORDING:
        return gettext("Watch the recording")
    if link.kind == LinkKind.JOIN:
        return gettext("Join online")
    return labelled_text(gettext("Interpretation"), language_name(link.lang or ""))


def labelled_text(label: str, value: str) -> str:
    """ "Label: value" as plain text, in the language's punctuation (app.i18n.labelled gives markup)."""
    return gettext("%(label)s: %(value)s", label=label, value=value)


#: What each kind of link carries, for iCalendar's CONFERENCE FEATURE (RFC 7986 5.11).
FEATURES = {LinkKind.STREAM: "VIDEO", LinkKind.RECORDING: "VIDEO", LinkKind.JOIN: "AUDIO,VIDEO",
            LinkKind.INTERPRETATION: "AUDIO"}


def links_for(session, lang: str, at: datetime) -> SessionLinks:
    """The links of a released session (app/public/agenda.py's objects) at `at`, for a reader of `lang`."""
    room = session.room
    return resolve(session.media_links, room.media_links if room is not None else (), session.starts_at,
                   session.ends_at, lang, at)


def has_links(session) -> bool:
    return bool(session.media_links or (session.room is not None and session.room.media_links))


def boundaries(event) -> tuple[datetime, ...]:
    """The moments at which some session's links change: the start and end of each session with links."""
    return tuple(sorted({moment for s in event.sessions if has_links(s) for moment in (s.starts_at, s.ends_at)}))


#: Which pages and feeds show links that change with time; their validators carry `links_clock`.
TIMED_ENDPOINTS = frozenset({
    "public.session", "exports.schedule_ics", "exports.session_ics", "exports.schedule_json", "exports.schedule_xml",
})
#: Boundaries of recent releases, by (event id, release number, time of publishing).
_BOUNDARIES: OrderedDict[tuple, tuple[datetime, ...]] = OrderedDict()
BOUNDARIES_KEPT = 64


def links_clock(slug: str, release: tuple, at: datetime) -> datetime | None:
    """The last moment up to `at` at which a link of the released event started or stopped applying.

    Kept per release in the process; the first request after a publish reads the released agenda,
    which the page then renders from anyway."""
    found = _BOUNDARIES.get(release)
    if found is None:
        from app.public.agenda import load_published

        agenda = load_published(slug)
        if agenda is None:
            return None
        found = boundaries(agenda)
        if (agenda.id, agenda.published_version, agenda.released_at) == release:
            _BOUNDARIES[release] = found
            while len(_BOUNDARIES) > BOUNDARIES_KEPT:
                _BOUNDARIES.popitem(last=False)
    else:
        _BOUNDARIES.move_to_end(release)
    index = bisect.bisect_right(found, at)
    return found[index - 1] if index else None

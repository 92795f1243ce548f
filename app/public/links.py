"""Links to an event's sessions and speakers, built once per page rather than once per row.

A large agenda links 300 sessions and 1,200 speakers; `url_for` walks the URL map for each
(tens of microseconds), so a page builds each kind of link once with a placeholder through
`url_for` and fills in the id by concatenation. The result is exactly what `url_for` gives.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import url_for

_TEXT_PLACEHOLDER = "Zz0placeholder0zZ"
#: `?preview=draft`: an event's organizers and translators see its working copy in the public pages.
DRAFT = "draft"
_NUMBER_PLACEHOLDER = 9081726354


class UrlPattern:
    """One endpoint's URL with every value fixed but one, e.g. `public.session` for one event."""

    def __init__(self, endpoint: str, name: str, numeric: bool = False, **values):
        placeholder: Any = _NUMBER_PLACEHOLDER if numeric else _TEXT_PLACEHOLDER
        url = url_for(endpoint, **values, **{name: placeholder})
        self._prefix, self._suffix = url.split(str(placeholder), 1)

    def __call__(self, value) -> str:
        text = str(value)
        if not (text.isascii() and text.isalnum()):  # ids and public ids are; anything else is quoted
            text = quote(text, safe="")
        return f"{self._prefix}{text}{self._suffix}"


class EventLinks:
    """The links a page of one event repeats per session or person, in the page's language."""

    def __init__(self, slug: str, lang: str, external: bool = False, draft: bool = False):
        values: dict[str, Any] = {"lang": lang, "slug": slug, "_external": external}
        if draft:  # a preview of the working copy links on to the preview
            values["preview"] = DRAFT
        self.session = UrlPattern("public.session", "public_id", **values)
        self.speaker = UrlPattern("public.speaker", "person_id", numeric=True, **values)
        self.paper_file = UrlPattern("public.paper_file", "file_id", numeric=True, **values)

"""Response headers every page carries; control characters kept out of requests, forms and exports."""
from __future__ import annotations

import re

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; "
    "worker-src 'self'; manifest-src 'self'"
)

#: The only pages other sites may frame (the embeddable agenda, app/public/embed.py): their policy allows
#: the framing origins of EMBED_FRAME_ANCESTORS (default "*", anyone) and they carry no X-Frame-Options.
FRAMABLE_ENDPOINTS = frozenset({"public.embed"})


def framable_policy(ancestors) -> str:
    """The content security policy of a framable page: `ancestors` is a CSP source list (a string
    such as "https://example.org https://*.example.net", or a list of them)."""
    sources = " ".join(ancestors) if isinstance(ancestors, list | tuple) else str(ancestors)
    sources = " ".join(s for s in sources.replace(";", " ").replace(",", " ").split()) or "'none'"
    return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", f"frame-ancestors {sources}")


#: C0 controls but tab, line feed and carriage return; DEL; C1 controls; the two non-characters
#: U+FFFE/U+FFFF; lone surrogates. None of them belongs in any text a person enters.
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
#: In a one-line field, line breaks and tabs become spaces.
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]+")
#: Everything XML 1.0 does not allow (its Char production), for the XML exports.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: CONTROL in RFC 5545 (iCalendar TEXT): C0 but tab (line breaks are escaped by the writer), and DEL.
_NOT_ICAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str, *, multiline: bool) -> str:
    """Text as it may be stored: control characters removed; in one-line text, line breaks and tabs
    become a space. NUL is removed too; forms refuse it with a message before this is reached."""
    if not text:
        return text
    text = _CONTROL_MULTILINE.sub("", text)
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    return text


def has_nul(text: str | None) -> bool:
    return bool(text and "\x00" in text)


def xml_safe(text: str) -> str:
    """Text with every character that XML 1.0 forbids removed (a control character already in the
    database must never break the XML exports)."""
    return _NOT_XML.sub("", text) if text else text


def ical_safe(text: str) -> str:
    """Text with the control characters RFC 5545 forbids in TEXT values removed."""
    return _NOT_ICAL.sub("", text) if text else text


def _refuse_nul_in_url() -> Response | None:
    """A NUL in the path or query string reaches no page: PostgreSQL cannot even compare it."""
    if "\x00" in request.path:
        from app.errors import render_error

        return render_error(404)
    if any(has_nul(key) or has_nul(value) for key, value in request.args.items(multi=True)):
        from app.errors import render_error

        return render_error(400)
    return None


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul_in_url)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        if request.endpoint in FRAMABLE_ENDPOINTS:
            response.headers.setdefault("Content-Security-Policy",
                                        framable_policy(app.config.get("EMBED_FRAME_ANCESTORS", "*")))
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if request.endpoint not in FRAMABLE_ENDPOINTS:
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

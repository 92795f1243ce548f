"""The printable agenda: HTML laid out like a UN programme, made into a PDF by WeasyPrint.

The HTML is rendered in the worker; WeasyPrint lays it out in a forked child (app.forked), so
the worker does not keep the layout's memory. The markup is kept lean (a fixed table layout,
bidirectional isolates instead of one element per name) because WeasyPrint's time grows with
the number of boxes. The fonts are the system's Noto families (fonts-noto-core, fonts-noto-cjk): Arabic is shaped
and set right to left by the page's `dir`, Chinese uses the CJK face. WeasyPrint needs Pango
from the system; where it is missing, the PDF answers 503 and everything else still works.

A layout costs a core for a second or more, so it is bounded three ways. The PDF of an event's
release in one language is laid out once and then served from the render cache, whatever the query
string (app.public.caching keys it by what it reads). At most PDF_MAX_CONCURRENT layouts run at a
time in one process; another request waits up to PDF_QUEUE_WAIT seconds for its turn, then answers
503 with Retry-After. And one anonymous client may cause at most PDF_RATE_LIMIT layouts (429 after).
"""
from __future__ import annotations

import threading

from flask import abort, current_app, g, render_template, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.exceptions import ServiceUnavailable

try:
    from weasyprint import CSS, HTML
except (OSError, ImportError) as missing:  # Pango (or WeasyPrint) is not installed here
    CSS = HTML = None
    UNAVAILABLE = str(missing)
else:
    UNAVAILABLE = ""

from app.extensions import limiter
from app.forked import ChildFailed, run_forked
from app.languages import text_direction
from app.public.agenda import AgendaEvent
from app.public.services import people_by_role, sessions_by_day, usual_languages
from config import BASE_DIR

STYLESHEET = BASE_DIR / "templates" / "exports" / "agenda_pdf.css"
#: Relative references in the PDF's HTML resolve to the app's own files, never to a request's host.
BASE_URL = (BASE_DIR / "app" / "static").as_uri() + "/"
#: A WSGI environ key that only the app's own in-process requests carry (the static site export:
#: app.exports.site), never a client's: such a request is not counted by the anonymous rate limit.
IN_PROCESS = "dita.in_process"
#: Seconds a client is asked to wait when every layout slot stays busy.
RETRY_AFTER = 30

_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def _layout_slots() -> threading.BoundedSemaphore:
    """This process's layout slots (one semaphore per configured size)."""
    size = max(1, int(current_app.config["PDF_MAX_CONCURRENT"]))
    with _slots_lock:
        return _slots.setdefault(size, threading.BoundedSemaphore(size))


def _busy() -> ServiceUnavailable:
    error = ServiceUnavailable()
    error.retry_after = RETRY_AFTER
    return error


def isolate(text) -> str:
    """Text set apart for the bidirectional algorithm (FSI…PDI), so that a Latin name or a title
    in another script keeps its own direction inside an Arabic line without an element of its own."""
    return f"\u2068{text}\u2069"


def as_is(text) -> str:
    """Left-to-right pages need no isolates, and each one costs WeasyPrint a text run of its own."""
    return str(text)


def agenda_html(event: AgendaEvent, tr, lang: str) -> str:
    """The programme as the HTML that WeasyPrint lays out."""
    return render_template(
        "exports/agenda_pdf.html", event=event, tr=tr, days=sessions_by_day(event, event.sessions),
        usual=usual_languages(event.sessions),
        people_by_role=people_by_role, isolate=isolate if text_direction(lang) == "rtl" else as_is,
    )


#: The printed list of speakers of a session (app.speakers): its own page and stylesheet.
SPEAKERS_STYLESHEET = BASE_DIR / "templates" / "exports" / "speakers_pdf.css"


def speakers_html(event: AgendaEvent, session, tr, lang: str) -> str:
    return render_template("exports/speakers_pdf.html", event=event, session=session, tr=tr,
                           isolate=isolate if text_direction(lang) == "rtl" else as_is)


def render_pdf(event: AgendaEvent, tr, lang: str, html=None, stylesheet=STYLESHEET) -> bytes:
    """The agenda as PDF; 503 where WeasyPrint cannot run or the layout fails or takes too long.
    Other printed pieces (poster, door signs) pass their own `html()` maker and stylesheet."""
    if UNAVAILABLE:
        current_app.logger.warning("PDF export unavailable: %s", UNAVAILABLE)
        abort(503)
    if not (current_user and current_user.is_authenticated or request.environ.get(IN_PROCESS)):
        with limiter.limit(lambda: current_app.config["PDF_RATE_LIMIT"], key_func=get_remote_address,
                           scope="pdf-layout"):
            pass
    slots = _layout_slots()
    if not slots.acquire(timeout=current_app.config["PDF_QUEUE_WAIT"]):
        current_app.logger.warning("PDF of %s in %s: every layout slot busy, answering 503", event.slug, lang)
        raise _busy()
    try:
        g.pdf_laid_out = True
        markup = html() if html is not None else agenda_html(event, tr, lang)
        extra = () if stylesheet == STYLESHEET else (str(stylesheet),)
        return run_forked(write_pdf, markup, BASE_URL, *extra, timeout=current_app.config["PDF_TIMEOUT"])
    except ChildFailed as failure:
        current_app.logger.error("PDF of %s in %s failed: %s", event.slug, lang, failure)
        abort(503)
    finally:
        slots.release()


def write_pdf(html: str, base_url: str, stylesheet: str = str(STYLESHEET)) -> bytes:
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[CSS(filename=stylesheet)])

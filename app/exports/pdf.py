"""The printable agenda: HTML laid out like a UN programme, made into a PDF by WeasyPrint.

The HTML is rendered in the worker; WeasyPrint lays it out in a forked child (app.forked), so
the worker does not keep the layout's memory. The markup is kept lean (a fixed table layout,
bidirectional isolates instead of one element per name) because WeasyPrint's time grows with
the number of boxes. The fonts are the system's Noto families (fonts-noto-core, fonts-noto-cjk): Arabic is shaped
and set right to left by the page's `dir`, Chinese uses the CJK face. WeasyPrint needs Pango
from the system; where it is missing, the PDF answers 503 and everything else still works.
"""
from __future__ import annotations

from flask import abort, current_app, render_template, request

try:
    from weasyprint import CSS, HTML
except (OSError, ImportError) as missing:  # Pango (or WeasyPrint) is not installed here
    CSS = HTML = None
    UNAVAILABLE = str(missing)
else:
    UNAVAILABLE = ""

from app.forked import ChildFailed, run_forked
from app.languages import text_direction
from app.models import Event
from app.public.services import people_by_role, sessions_by_day, usual_languages
from config import BASE_DIR

STYLESHEET = BASE_DIR / "templates" / "exports" / "agenda_pdf.css"


def isolate(text) -> str:
    """Text set apart for the bidirectional algorithm (FSI…PDI), so that a Latin name or a title
    in another script keeps its own direction inside an Arabic line without an element of its own."""
    return f"\u2068{text}\u2069"


def as_is(text) -> str:
    """Left-to-right pages need no isolates, and each one costs WeasyPrint a text run of its own."""
    return str(text)


def agenda_html(event: Event, tr, lang: str) -> str:
    """The programme as the HTML that WeasyPrint lays out."""
    return render_template(
        "exports/agenda_pdf.html", event=event, tr=tr, days=sessions_by_day(event, event.sessions),
        usual=usual_languages(event.sessions),
        people_by_role=people_by_role, isolate=isolate if text_direction(lang) == "rtl" else as_is,
    )


def render_pdf(event: Event, tr, lang: str) -> bytes:
    """The agenda as PDF; 503 where WeasyPrint cannot run or the layout fails or takes too long."""
    if UNAVAILABLE:
        current_app.logger.warning("PDF export unavailable: %s", UNAVAILABLE)
        abort(503)
    html = agenda_html(event, tr, lang)
    try:
        return run_forked(write_pdf, html, request.url_root, timeout=current_app.config["PDF_TIMEOUT"])
    except ChildFailed as failure:
        current_app.logger.error("PDF of %s in %s failed: %s", event.slug, lang, failure)
        abort(503)


def write_pdf(html: str, base_url: str) -> bytes:
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])

"""The printable agenda: HTML laid out like a UN programme, made into a PDF by WeasyPrint.

The fonts are the system's Noto families (fonts-noto-core, fonts-noto-cjk): Arabic is shaped
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

from app.models import Event
from app.public.services import people_by_role, sessions_by_day
from config import BASE_DIR

STYLESHEET = BASE_DIR / "templates" / "exports" / "agenda_pdf.css"


def render_pdf(event: Event, tr, lang: str) -> bytes:
    if UNAVAILABLE:
        current_app.logger.warning("PDF export unavailable: %s", UNAVAILABLE)
        abort(503)
    html = render_template(
        "exports/agenda_pdf.html", event=event, tr=tr, days=sessions_by_day(event, event.sessions),
        people_by_role=people_by_role,
    )
    return HTML(string=html, base_url=request.url_root).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])

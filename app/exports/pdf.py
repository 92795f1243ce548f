"""The printable agenda: HTML laid out like a UN programme, made into a PDF by WeasyPrint.

The fonts are the system's Noto families (fonts-noto-core, fonts-noto-cjk): Arabic is shaped
and set right to left by the page's `dir`, Chinese uses the CJK face.
"""
from __future__ import annotations

from flask import render_template, request
from weasyprint import CSS, HTML

from app.models import Event
from app.public.services import people_by_role, sessions_by_day
from config import BASE_DIR

STYLESHEET = BASE_DIR / "templates" / "exports" / "agenda_pdf.css"


def render_pdf(event: Event, tr, lang: str) -> bytes:
    html = render_template(
        "exports/agenda_pdf.html", event=event, tr=tr, days=sessions_by_day(event, event.sessions),
        people_by_role=people_by_role,
    )
    return HTML(string=html, base_url=request.url_root).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])

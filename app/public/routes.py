"""Public pages, in the language named by the URL."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import Blueprint, g, redirect, render_template, request, url_for

from app.auth.routes import safe_next
from app.content import ContentTranslator
from app.i18n import LANG_COOKIE, current_language, use_timezone
from app.public.queries import published_event_or_404, published_events

bp = Blueprint("public", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.url_value_preprocessor
def pull_language(endpoint, values):
    if values and "lang" in values:
        g.lang = values["lang"]


@bp.after_request
def remember_language(response):
    """A visit to a page in one language makes it the default for the next first visit."""
    lang = g.get("lang")
    if lang and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


@bp.route("/")
def home_redirect():
    """Send a first visit to the home page in the best language for the browser."""
    return redirect(url_for("public.home", lang=current_language()))


@bp.route("/language/<lang:lang>")
def set_language(lang: str):
    """Switch the interface language and go back to where the visitor was."""
    response = redirect(safe_next(request.args.get("next")) or url_for("public.home", lang=lang))
    response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


@bp.route("/<lang:lang>/")
def home(lang: str):
    """The 18 December events, upcoming first."""
    events = published_events()
    tr = ContentTranslator(events, lang)
    return render_template("public/home.html", events=events, tr=tr, today=date.today())


@bp.route("/<lang:lang>/e/<slug>/")
def agenda(lang: str, slug: str):
    """An event's agenda, day by day, in the event's time zone."""
    event = published_event_or_404(slug)
    use_timezone(event.timezone)
    tr = ContentTranslator(event, lang)
    by_day: dict[date, list] = defaultdict(list)
    for session in event.sessions:
        by_day[session.starts_at.astimezone(event.tz).date()].append(session)
    days = [(day, by_day[day]) for day in sorted(by_day)]
    return render_template("public/agenda.html", event=event, days=days, tr=tr)

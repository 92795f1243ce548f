"""Error pages, in the visitor's language; never a traceback.

A 404 is where an old address is recognized: a public page or feed under a slug the event had
before answers 301 to the same path and query under its slug now (app/addresses.py), and an
organizer's page under an old slug leads to the event the same way. A 404 inside an event the
organizer manages (a deleted session, an old link) offers the way back to its timetable. A 413
names the largest file the site takes and leads back to the page the upload came from.

During a database outage every request — signed in or not — gets the app's own 503 page with the
security headers: the page is rendered as for an anonymous visitor (nothing on it needs the
database), and should even that fail, a plain page in the same words is sent. Every response to a
signed-in visitor is `Cache-Control: private, no-store`, so no shared cache keeps it.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, current_user
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, NotFound

from app.addresses import current_slug, moved_event
from app.extensions import db
from app.form_tokens import AlreadySent, lead_to_result

bp = Blueprint("errors", __name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Please go back and try again.")),
        403: (_("Not allowed"), _("You do not have permission to open this page.")),
        404: (_("Page not found"),
              _("There is no page at this address. It may have moved, or the link may be mistyped.")),
        405: (_("Not allowed"), _("This address does not accept that kind of request.")),
        413: (_("File too large"), _("The file you sent is too large.")),
        429: (_("Too many attempts"), _("Too many attempts in a short time. Please wait a few minutes and try again.")),
        500: (_("Something went wrong"),
              _("An unexpected error happened on our side. Nothing you entered was saved; please try again.")),
        503: (_("Temporarily unavailable"),
              _("The agenda cannot be read at the moment. Please try again in a minute.")),
    }


def render_error(code: int, message: str | None = None, back: tuple[str, str] | None = None):
    """The error page; `back` is (address, label) of a way back that fits the page the visitor was on."""
    title, text = _messages().get(code, _messages()[500])
    if request.accept_mimetypes.best == "application/json":
        return {"error": title, "message": message or text}, code
    try:
        response: str | Response = render_template("errors/error.html", code=code, title=title,
                                                   message=message or text, back=back)
    except Exception:  # noqa: BLE001 - an error page must not fail in turn
        current_app.logger.exception("error page %s could not be rendered", code)
        _forget_session_state()
        response = Response(
            f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body><section class="error-page"><h1>{escape(title)}</h1><p>{escape(message or text)}</p>'
            f"</section></body></html>",
            mimetype="text/html",
        )
    return response, code


def _forget_session_state() -> None:
    """Roll back what the failed request left; the connection may be gone entirely."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001
        db.session.remove()


@bp.after_app_request
def private_when_signed_in(response):
    """Pages for a signed-in visitor (or one carrying a remember-me cookie) are never stored by a shared cache."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if "_user_id" in session or remember in request.cookies:
        response.headers["Cache-Control"] = "private, no-store"
        response.vary.add("Cookie")
    return response


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    db.session.rollback()
    return render_error(
        400, _("Your form expired or was sent from another site. Please reload the page and try again."))


@bp.app_errorhandler(AlreadySent)
def already_sent(error: AlreadySent):
    """A create form sent again (a double tap, a reload): lead to what its first submit created."""
    db.session.rollback()
    return lead_to_result(error.token)


#: Blueprints whose URLs are shared (links, QR codes, subscribed calendars): an old slug answers 301.
PUBLIC_BLUEPRINTS = frozenset({"public", "exports"})


def _url_arguments() -> tuple[str | None, dict]:
    """The endpoint and arguments of the request's URL, as the URL map reads them (a blueprint's
    preprocessor may have taken some out of `request.view_args` already)."""
    try:
        endpoint, args = current_app.url_map.bind_to_environ(request.environ).match(method=request.method)
    except HTTPException:
        return None, {}
    return endpoint, dict(args)


def _same_path_under(slug: str) -> str | None:
    endpoint, args = _url_arguments()
    if endpoint is None or "slug" not in args:
        return None
    url = url_for(endpoint, **{**args, "slug": slug})
    query = request.query_string.decode("latin-1")
    return f"{url}?{query}" if query else url


def _old_address():
    """A redirect for a URL whose slug is an event's old one, or None."""
    if request.method not in ("GET", "HEAD"):
        return None
    _endpoint, args = _url_arguments()
    slug = args.get("slug")
    if not isinstance(slug, str):
        return None
    if request.blueprint in PUBLIC_BLUEPRINTS:
        target = current_slug(slug)
        location = _same_path_under(target) if target else None
        if location is None:
            return None
        response = redirect(location, 301)
        response.headers["Cache-Control"] = f"public, max-age={current_app.config.get('PUBLIC_MAX_AGE', 60)}"
        return response
    if request.blueprint == "manage" and current_user.is_authenticated:
        from app.auth.permissions import can_manage

        event = moved_event(slug)
        if event is not None and can_manage(current_user, event):
            location = _same_path_under(event.slug)
            return redirect(location, 302) if location else None
    return None


def _way_back() -> tuple[str, str] | None:
    """On an organizer's 404 inside an event they manage: back to its timetable."""
    event = g.get("event")
    if request.blueprint == "manage" and event is not None:
        try:
            return url_for("manage.timetable", slug=event.slug), _("Back to the timetable of “%(title)s”",
                                                                   title=event.title)
        except Exception:  # noqa: BLE001 - a way back must not make the error page fail
            return None
    return None


def _megabytes(size: int) -> str:
    return format_decimal(round(size / (1024 * 1024), 1), format="#,##0.#")


def _too_large():
    """413: the largest file the site takes, in the visitor's number format, and the way back to the
    page the upload came from when it is one of ours (else the organizer's events)."""
    from app.auth.routes import safe_next
    from app.papers import MAX_PAPER_BYTES

    limit = min(current_app.config.get("MAX_CONTENT_LENGTH") or MAX_PAPER_BYTES, MAX_PAPER_BYTES)
    message = " ".join((_("The file you sent is too large."),
                        _("The largest file Dita accepts is %(size)s MB.", size=_megabytes(limit))))
    referrer = urlsplit(request.referrer or "")
    back = None
    if referrer.netloc == request.host and referrer.scheme in ("http", "https"):
        back = safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))
    if back is None:
        back = url_for("manage.index")
    return render_error(413, message, back=(back, _("Back to the page you came from")))


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    code = error.code or 500
    if isinstance(error, NotFound):
        moved = _old_address()
        if moved is not None:
            return moved
        back = _way_back()
        if back is not None:
            return render_error(404, _("This is not in the event (any more): it may have been deleted by someone, "
                                       "or the link is old."), back=back)
        return render_error(404)
    if code == 413:
        return _too_large()
    if code >= 500:
        _forget_session_state()
    response, code = render_error(code if code in _messages() else (400 if code < 500 else 500))
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        return response, code, {"Retry-After": str(retry_after)}
    return response, code


@bp.app_errorhandler(OperationalError)
@bp.app_errorhandler(DBAPIError)
def database_unavailable(error):
    """The database went away (or refused): a polite 503; the pool reconnects by itself."""
    current_app.logger.warning("database error: %s", error)
    _forget_session_state()
    # Nothing on the error page may ask the database again: whoever is signed in is shown the
    # page as an anonymous visitor would see it (the session itself is left as it is).
    g._login_user = AnonymousUserMixin()
    response, code = render_error(503)
    return response, code, {"Retry-After": "30"}


@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    current_app.logger.exception("unhandled error")
    _forget_session_state()
    return render_error(500)

"""Error pages, in the visitor's language; never a traceback.

During a database outage every request — signed in or not — gets the app's own 503 page with the
security headers: the page is rendered as for an anonymous visitor (nothing on it needs the
database), and should even that fail, a plain page in the same words is sent. Every response to a
signed-in visitor is `Cache-Control: private, no-store`, so no shared cache keeps it.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, g, render_template, request, session
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from app.extensions import db

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


def render_error(code: int, message: str | None = None):
    title, text = _messages().get(code, _messages()[500])
    if request.accept_mimetypes.best == "application/json":
        return {"error": title, "message": message or text}, code
    try:
        response: str | Response = render_template("errors/error.html", code=code, title=title,
                                                   message=message or text)
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


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    code = error.code or 500
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

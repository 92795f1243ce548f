"""Error pages, in the visitor's language; never a traceback."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from app.extensions import db

bp = Blueprint("errors", __name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Please go back and try again.")),
        403: (_("Not allowed"), _("You do not have permission to open this page.")),
        404: (_("Page not found"), _("There is no page at this address. It may have moved, or the link may be mistyped.")),
        405: (_("Not allowed"), _("This address does not accept that kind of request.")),
        413: (_("File too large"), _("The file you sent is too large.")),
        429: (_("Too many attempts"), _("Too many attempts in a short time. Please wait a few minutes and try again.")),
        500: (_("Something went wrong"), _("An unexpected error happened on our side. Nothing you entered was saved; please try again.")),
        503: (_("Temporarily unavailable"), _("The agenda cannot be read at the moment. Please try again in a minute.")),
    }


def render_error(code: int, message: str | None = None):
    title, text = _messages().get(code, _messages()[500])
    if request.accept_mimetypes.best == "application/json":
        return {"error": title, "message": message or text}, code
    response = render_template("errors/error.html", code=code, title=title, message=message or text)
    return response, code


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    db.session.rollback()
    return render_error(400, _("Your form expired or was sent from another site. Please reload the page and try again."))


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    code = error.code or 500
    if code >= 500:
        db.session.rollback()
    return render_error(code if code in _messages() else (400 if code < 500 else 500))


@bp.app_errorhandler(OperationalError)
@bp.app_errorhandler(DBAPIError)
def database_unavailable(error):
    """The database went away (or refused): a polite 503; the pool reconnects by itself."""
    current_app.logger.warning("database error: %s", error)
    try:
        db.session.rollback()
    except Exception:  # the connection may be gone entirely
        db.session.remove()
    response, code = render_error(503)
    return response, code, {"Retry-After": "30"}


@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    current_app.logger.exception("unhandled error")
    try:
        db.session.rollback()
    except Exception:
        db.session.remove()
    return render_error(500)

"""One-time form tokens: a create form submitted twice (a double tap, a reload, three rapid
clicks, two tabs) creates one thing, and the later submits are led to it.

A create form carries a random token in a hidden field (`OnceForm`). The first submit that
passes validation claims the token by inserting its row in the same transaction as the thing
it creates (`claim`), and records where that thing is (`record`); a view does both by saving
through `guard(form, save, url_of)`. The token's primary key makes a second submit meet the
first in the database, whichever worker or host it reaches: it finds the row before doing
anything, or — when both run at once — its insert waits for the first transaction and then
fails. Either way it raises AlreadySent, which the app answers with a redirect to what the
first submit created (app/errors). Tokens older than a day are pruned as new ones are claimed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from app.extensions import db
from app.models import FormToken, utcnow

T = TypeVar("T")

KEEP = timedelta(days=1)
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def token_of(form) -> str | None:
    """The one-time token the submitted form carried, when it is well formed; None for a form sent
    without one (a page from before the tokens, a script), which is then saved as any form is.
    Read from what was sent, not from the field's data: a missing field would take a new default."""
    field = getattr(form, "once", None)
    sent = getattr(field, "raw_data", None) or []
    value = sent[0] if sent else None
    return value if isinstance(value, str) and TOKEN_RE.match(value) else None


def lead_to_result(token: str | None) -> Response:
    """The answer to a repeated submit: what the first submit created, with a note saying so."""
    row = db.session.get(FormToken, token) if token else None
    flash(_("This form was sent already, and what it created was saved once. Here it is."), "info")
    target = row.result_url if row is not None and row.result_url.startswith("/") else ""
    return redirect(target or url_for("manage.index"))


def claim(form) -> bool:
    """Consume the form's token in the current transaction (nothing happens without one).

    False when another submit of the same form consumed it already or is consuming it now (the
    database makes the second of two simultaneous submits wait for the first, then refuses its
    row); the transaction is then rolled back. Call it before creating anything."""
    token = token_of(form)
    if token is None:
        return True
    if db.session.get(FormToken, token) is not None:
        return False
    db.session.execute(sa.delete(FormToken).where(FormToken.created_at < utcnow() - KEEP))
    db.session.add(FormToken(token=token, created_at=utcnow(), result_url=""))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def record(form, url: str) -> None:
    """Remember where the thing created with the form's token is; committed with it."""
    token = token_of(form)
    if token is None:
        return
    row = db.session.get(FormToken, token)
    if row is not None:
        row.result_url = url[:500]


class AlreadySent(Exception):
    """Another submit of the same form consumed its token first. The app answers it (app/errors)
    with `lead_to_result`: a redirect to what the first submit created."""

    def __init__(self, token: str | None):
        super().__init__(token)
        self.token = token


def once(form, save: Callable[[], T | None], url_of: Callable[[Any], str]) -> T | None:
    """Claim the form's token, then run `save`; when it saved something, remember its address.

    The token, the thing created and its address are committed together or not at all. Raises
    AlreadySent when the token was consumed by another submit."""
    if not claim(form):
        db.session.rollback()
        raise AlreadySent(token_of(form))
    saved = save()
    if saved is not None:
        db.session.flush()
        record(form, url_of(saved))
    return saved


def guard(form, save: Callable[[], T | None], url_of: Callable[[Any], str]) -> Callable[[], T | None]:
    """`save` guarded by the form's one-time token, for a view's save-and-commit helper:
    `save_or_conflict(guard(form, lambda: save_room(event, None, form), lambda room: back))`."""
    return lambda: once(form, save, url_of)

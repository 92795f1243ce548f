"""The organizer's blueprint. Every route needs a signed-in user; a route under `/<slug>/` gets its
event loaded and authorized once, before the view runs (`g.event`, read with `current_event()`).

Editors and owners may use every event route; a view marked `@owners_only` is for owners alone.
URLs built inside such a request get the event's slug by default."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort, current_app, g, request
from flask_login import current_user, login_required

from app.auth.permissions import can_manage, event_or_404, is_owner
from app.models import Event

bp = Blueprint("manage", __name__)

View = TypeVar("View", bound=Callable)


def owners_only(view: View) -> View:
    """Mark an event route as one only the event's owners may use."""
    view.owners_only = True  # type: ignore[attr-defined]
    return view


def current_event() -> Event:
    """The event of this request's URL, already authorized for the signed-in user."""
    return g.event


@bp.url_value_preprocessor
def take_event_slug(endpoint: str | None, values: dict | None) -> None:
    """Views do not take the slug: the event is loaded from it once, after sign-in is checked."""
    if values and "slug" in values:
        g.event_slug = values.pop("slug")


@bp.url_defaults
def add_event_slug(endpoint: str, values: dict) -> None:
    """Links to another route of the same event need not repeat its slug."""
    event = g.get("event")
    slug = event.slug if event is not None else g.get("event_slug")  # an error page before the event loaded
    if slug is not None and "slug" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "slug"):
        values["slug"] = slug


@bp.before_request
@login_required
def load_event():
    """Anonymous visitors go to the sign-in page; an event route answers 404 for no such event and
    403 for someone who may not manage it (or, for `@owners_only` views, does not own it)."""
    slug = g.get("event_slug")
    if slug is None:
        return None
    event = event_or_404(slug)
    view = current_app.view_functions.get(request.endpoint or "")
    allowed = is_owner if getattr(view, "owners_only", False) else can_manage
    if not allowed(current_user, event):
        abort(403)
    g.event = event
    return None

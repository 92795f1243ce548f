"""The organizer's area. Every route needs a signed-in organizer or admin; event routes check membership."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from app.auth.permissions import events_for_manager
from app.extensions import db

bp = Blueprint("manage", __name__)


@bp.before_request
@login_required
def require_organizer():
    if not (current_user.is_organizer or current_user.is_admin):
        abort(403)


@bp.route("/")
def index():
    """The events this organizer owns or edits."""
    events = db.session.scalars(events_for_manager(current_user)).all()
    return render_template("manage/index.html", events=events)

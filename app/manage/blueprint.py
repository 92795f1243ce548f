"""The organizer's blueprint. Every route needs a signed-in user; each view checks its event's rights."""
from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("manage", __name__)


@bp.before_request
@login_required
def require_login():
    """Anonymous visitors go to the sign-in page; rights are checked per view (app.auth.permissions)."""
    return None

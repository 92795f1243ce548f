"""The translator's area. Every route needs a signed-in user; event routes check the language."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from app.auth.permissions import translatable_languages
from app.extensions import db
from app.models import Event

bp = Blueprint("translate", __name__)


@bp.before_request
@login_required
def require_login():
    return None


@bp.route("/")
def index():
    """The events this user may translate, with the languages they may translate into."""
    events = db.session.scalars(sa.select(Event).order_by(Event.start_date.desc())).all()
    work = [(e, translatable_languages(current_user, e)) for e in events]
    work = [(e, langs) for e, langs in work if langs]
    return render_template("translate/index.html", work=work)

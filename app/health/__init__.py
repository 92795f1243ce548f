"""`/healthz` for load balancers and monitors."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(sa.select(1))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "down"}, 503, {"Cache-Control": "no-store"}
    return {"status": "ok", "database": "up"}, 200, {"Cache-Control": "no-store"}

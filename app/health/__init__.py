"""`/healthz` for load balancers and monitors: each dependency's state; 503 only without the database.

Redis is an accelerator (shared page cache, shared rate-limit counters): when it is down the app
still serves every page, so `/healthz` reports it (`"redis": "down"`, status `degraded`) but answers
200, and a load balancer keeps sending traffic. Without the database nothing works: 503.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import ResilientRedisCache, cache, db, limiter

bp = Blueprint("health", __name__)


def _database() -> str:
    try:
        db.session.execute(sa.select(1))
    except SQLAlchemyError:
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.remove()
        return "down"
    return "up"


def _redis() -> str:
    """"up", "down", or "unused" when neither the page cache nor the limits are configured for Redis."""
    checks = []
    store = cache.cache
    if isinstance(store, ResilientRedisCache):
        checks.append(store.ping())
    if str(current_app.config.get("RATELIMIT_STORAGE_URI", "")).startswith(("redis", "unix")):
        storage = getattr(limiter, "_storage", None)  # the configured storage, not the in-memory fallback
        checks.append(bool(storage is not None and storage.check()))
    if not checks:
        return "unused"
    return "up" if all(checks) else "down"


@bp.route("/healthz")
def healthz():
    """200 while the database answers (with Redis down: `degraded`), 503 when it does not."""
    report = {"database": _database(), "redis": _redis()}
    headers = {"Cache-Control": "no-store"}
    if report["database"] == "down":
        return {"status": "unavailable", **report}, 503, headers
    return {"status": "ok" if report["redis"] != "down" else "degraded", **report}, 200, headers

"""Sign in and out; who may do what."""
from datetime import timedelta

from app.auth import tokens  # noqa: F401  (the user loader and the token rotation on password change)
from app.auth.routes import bp

#: How long "Keep me signed in" lasts when the configuration does not say.
REMEMBER_DAYS = 14


@bp.record_once
def _cookie_defaults(state) -> None:
    """Remember-me cookies: two weeks, and as Secure as the session cookie (HttpOnly and SameSite
    come from the configuration)."""
    config = state.app.config
    config.setdefault("REMEMBER_COOKIE_DURATION", timedelta(days=REMEMBER_DAYS))
    config.setdefault("REMEMBER_COOKIE_SECURE", config.get("SESSION_COOKIE_SECURE", False))
    config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    config.setdefault("REMEMBER_COOKIE_SAMESITE", config.get("SESSION_COOKIE_SAMESITE", "Lax"))


__all__ = ["bp"]

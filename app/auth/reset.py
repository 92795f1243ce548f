"""Links that let an account holder choose a new password ("forgot password").

The link carries the account's id and a fingerprint of its current password hash, signed with
the site's secret (itsdangerous) and dated: it works until PASSWORD_RESET_MAX_AGE has passed and
only once, since the new password changes the hash it names. The new password also gives the
account a new login token (app.auth.tokens), which ends its sessions on every device.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.extensions import db
from app.models import User

SALT = "dita-password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    """Names the password hash without giving it away (the link is signed, not encrypted)."""
    return hashlib.sha256(f"{user.id}:{user.password_hash}".encode()).hexdigest()[:32]


def make_reset_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "p": _fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """The account a reset link was made for, while the link is valid: signed here, not expired,
    not used (the password is still the one it was made with), the account active."""
    if not token or len(token) > 500:
        return None
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("p"), str) \
            or not 0 < data["u"] < 2**31:
        return None
    user = db.session.get(User, data["u"])
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(_fingerprint(user).encode(), data["p"].encode()):
        return None
    return user

"""What a session or remember-me cookie carries: the account's id and its current login token.

Flask-Login's "alternative tokens": the cookie names `<user id>:<login token>`, and the user
loader accepts it only while the account still has that token. A new token (on sign-out, on
any password change) ends every session and every remember-me cookie of the account at once,
on every device; a deactivated account is signed out everywhere as well.
"""
from __future__ import annotations

import hmac
import secrets

import sqlalchemy as sa
from flask import session
from flask_login import login_user

from app.extensions import db, login_manager
from app.models import User


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def rotate_login_token(user: User) -> None:
    """End every session and remember-me cookie of the account (committed by the caller)."""
    user.login_token = new_login_token()


def session_id(user: User) -> str:
    """The value that sessions and remember-me cookies carry for this account."""
    if not user.login_token:
        rotate_login_token(user)
    return f"{user.id}:{user.login_token}"


def sign_in(user: User, remember: bool) -> None:
    """Flask-Login's login_user, with the session (and so the remember-me cookie) naming the token."""
    token_id = session_id(user)
    login_user(user, remember=remember)
    session["_user_id"] = token_id


@login_manager.user_loader
def load_user(value: str) -> User | None:
    """The account a session or remember-me cookie names, if its token is still the account's."""
    user_id, sep, token = (value or "").partition(":")
    if not sep or not token or not user_id.isdigit():
        return None  # includes sessions from before tokens: they sign in again
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or not user.login_token:
        return None
    if not hmac.compare_digest(user.login_token.encode(), token.encode()):
        return None
    return user


@sa.event.listens_for(User.password_hash, "set")
def _new_token_with_new_password(target: User, value, oldvalue, initiator) -> None:
    """Any change of password (admin form, command line, anything else) ends the old sessions."""
    if value != oldvalue:
        target.login_token = new_login_token()

"""Login and logout.

Failed sign-ins are limited per client address and per address and account together, never per
account alone: wrong passwords sent from anywhere cannot lock the owner of an account out. An
unknown address costs the same password-hash check as a known one, so neither the answer nor
its time tells which addresses have accounts.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, logout_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.forms import LoginForm
from app.auth.tokens import rotate_login_token, sign_in
from app.extensions import db, limiter, login_manager
from app.models import User, utcnow

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = None  # the login page says enough
login_manager.session_protection = "strong"

_dummy_hash: str | None = None


def dummy_password_hash() -> str:
    """A hash of no one's password, made like the real ones, to check when the account does not exist."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = generate_password_hash("no account has this password", method="scrypt")
    return _dummy_hash


def safe_next(target: str | None) -> str | None:
    """Only local paths may be redirected to after signing in; no control characters in them."""
    if not target or len(target) > 2000:
        return None
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in target):
        return None  # line breaks (header injection), NUL, and invisible direction marks
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def _address_limit() -> str:
    config = current_app.config
    return config.get("LOGIN_FAIL_LIMIT_PER_ADDRESS") or config["LOGIN_FAIL_LIMIT"]


def _pair_limit() -> str:
    return current_app.config["LOGIN_FAIL_LIMIT"]


def _pair_key() -> str:
    """The client's address and the account asked for, together."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"login-pair:{get_remote_address()}:{email}"


def _failed() -> bool:
    return bool(g.get("login_failed"))


@bp.errorhandler(429)
def too_many_attempts(error):
    """Refused by the login limits: say so, and that it is this address, not the account, that waits."""
    from app.errors import render_error

    return render_error(429, _("There were too many failed sign-ins from your address. Please wait a few "
                               "minutes and try again; your account itself is not locked."))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"], deduct_when=lambda response: _failed())
@limiter.limit(_pair_limit, key_func=_pair_key, methods=["POST"], deduct_when=lambda response: _failed())
def login():
    """The sign-in page for organizers, translators and admins."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("public.home_redirect"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(sa.select(User).where(User.email == email))
        # One hash check whether or not the account exists (or is active).
        password_ok = check_password_hash(user.password_hash if user is not None else dummy_password_hash(),
                                          form.password.data)
        if user is not None and user.active and password_ok:
            user.last_login_at = utcnow()
            db.session.commit()
            sign_in(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name or user.email), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("public.home_redirect"))
        g.login_failed = True
        form.password.errors.append(_("Wrong email or password."))
    status = 401 if g.get("login_failed") else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out (a POST, so that no link or image can sign anyone out): every session and
    remember-me cookie of the account ends, on every device."""
    user = current_user._get_current_object()
    rotate_login_token(user)
    try:
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("sign-out: the login token of user %s could not be renewed", user.id)
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home_redirect"))


@bp.app_context_processor
def navigation_user():
    """The signed-in user for the page header; none when the database cannot say."""
    try:
        user = current_user if current_user.is_authenticated else None
    except SQLAlchemyError:
        db.session.rollback()
        user = None
    return {"nav_user": user}

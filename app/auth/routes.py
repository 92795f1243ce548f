"""Login and logout."""
from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

from app.auth.forms import LoginForm
from app.extensions import db, limiter, login_manager
from app.models import User, utcnow

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = None  # the login page says enough
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None


def safe_next(target: str | None) -> str | None:
    """Only local paths may be redirected to after signing in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def _login_fail_limit() -> str:
    return current_app.config["LOGIN_FAIL_LIMIT"]


def _email_key() -> str:
    return "login-email:" + (request.form.get("email") or "").strip().lower()[:254]


def _failed() -> bool:
    return bool(g.get("login_failed"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_fail_limit, methods=["POST"], deduct_when=lambda response: _failed())
@limiter.limit(_login_fail_limit, key_func=_email_key, methods=["POST"], deduct_when=lambda response: _failed())
def login():
    """The sign-in page for organizers, translators and admins."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("public.home_redirect"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None and user.active and user.check_password(form.password.data):
            user.last_login_at = utcnow()
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name or user.email), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("public.home_redirect"))
        g.login_failed = True
        form.password.errors.append(_("Wrong email or password."))
    status = 401 if g.get("login_failed") else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out (a POST, so that no link or image can sign anyone out)."""
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

"""Sign in and out, join by invitation, choose a new password by a mailed link.

Failed sign-ins are limited per client address and per address and account together, never per
account alone: wrong passwords sent from anywhere cannot lock the owner of an account out. An
unknown address costs the same password-hash check as a known one, so neither the answer nor
its time tells which addresses have accounts.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, logout_user
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.forms import ForgotPasswordForm, JoinForm, LoginForm, ResetPasswordForm
from app.auth.reset import make_reset_token, user_for_reset_token
from app.auth.tokens import rotate_login_token, sign_in
from app.extensions import db, limiter, login_manager
from app.labels import MEMBER_ROLE_LABELS
from app.mail import Outgoing, mail_configured, send_mails
from app.models import EventMember, MemberRole, User, utcnow

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

    if request.endpoint != "auth.login":
        return render_error(429, _("There were too many requests from your address. Please wait a few minutes "
                                   "and try again."))
    return render_error(429, _("There were too many failed sign-ins from your address. Please wait a few "
                               "minutes and try again; your account itself is not locked."))


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_LIMIT"]


def _forgot_key() -> str:
    """The address a reset link is asked for, from any client: no one can flood one mailbox."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"forgot:{email}"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"], deduct_when=lambda response: _failed())
@limiter.limit(_pair_limit, key_func=_pair_key, methods=["POST"], deduct_when=lambda response: _failed())
def login():
    """The sign-in page for organizers, translators and admins."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or landing_url(current_user))
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
            return redirect(safe_next(request.args.get("next")) or landing_url(user))
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


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def join(token: str):
    """The link of an invitation: someone without an account creates one for exactly the invited
    address (name and password) and joins at once; someone with an account signs in to accept."""
    from app.manage.invitations import InvitationError, accept, find_invitation

    invitation = find_invitation(token) if len(token) <= 200 else None
    if invitation is None:
        abort(404)
    accept_url = url_for("manage.invitation", token=token)
    if current_user.is_authenticated:
        return redirect(accept_url)
    has_account = db.session.scalar(sa.select(User.id).where(User.email == invitation.email)) is not None
    form = JoinForm()
    error = None
    if invitation.is_open and not has_account and form.validate_on_submit():
        user = User(email=invitation.email, name=form.name.data.strip(), last_login_at=utcnow())
        user.set_password(form.password.data)
        db.session.add(user)
        try:
            db.session.flush()
            member = accept(invitation, user)
            event = invitation.event
            db.session.commit()
        except InvitationError as refused:
            db.session.rollback()
            error = str(refused)
        except IntegrityError:  # the same address joined a moment ago, in another request
            db.session.rollback()
            flash(_("An account for %(email)s exists now: sign in to accept the invitation.",
                    email=invitation.email), "info")
            return redirect(url_for("auth.login", next=accept_url))
        else:
            sign_in(user, remember=False)
            flash(_("Welcome, %(name)s. You are now %(role)s of “%(title)s”.", name=user.name,
                    role=MEMBER_ROLE_LABELS[member.role], title=event.title), "success")
            if member.role == MemberRole.TRANSLATOR:
                return redirect(url_for("translate.index"))
            return redirect(url_for("manage.event", slug=event.slug))
    return render_template("auth/join.html", invitation=invitation, form=form, has_account=has_account,
                           error=error, login_url=url_for("auth.login", next=accept_url),
                           role_labels=MEMBER_ROLE_LABELS)


def _link_hours() -> int:
    return max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600)


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_limit, key_func=_forgot_key, methods=["POST"])
def forgot_password():
    """Ask for a link to choose a new password. The answer is the same whether or not the address
    has an account, so the page tells no one who has one."""
    form = ForgotPasswordForm()
    can_mail = mail_configured()
    if can_mail and form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None and user.active:
            link = url_for("auth.reset_password", token=make_reset_token(user), _external=True)
            hours = _link_hours()
            body = "\n\n".join([
                _("Someone (we hope you) asked to choose a new password for your account %(email)s on Dita.",
                  email=user.email),
                _("Open this link to choose it:"), link,
                ngettext("The link works once, for %(num)d hour.", "The link works once, for %(num)d hours.",
                         hours),
                _("If you did not ask for it, ignore this mail: your password stays as it is."),
            ])
            outgoing = Outgoing(user.email, _("Choose a new password for Dita"), body + "\n")
        else:
            outgoing = None
        flash(_("If %(email)s has an account here, a mail with a link to choose a new password is on its way.",
                email=email), "info")
        response = redirect(url_for("auth.login"))
        if outgoing is not None:
            # Sent once the answer is on its way: its time does not tell who has an account.
            app = current_app._get_current_object()

            def send_after_response() -> None:
                with app.app_context():
                    send_mails([outgoing])

            response.call_on_close(send_after_response)
        return response
    return render_template("auth/forgot.html", form=form, can_mail=can_mail)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token: str):
    """Choose a new password by a mailed link; every session of the account ends."""
    user = user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset.html", form=None), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)  # a new login token too: other sessions end
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        flash(_("Your new password is saved, and the account is signed out everywhere. Sign in with "
                "the new password."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, email=user.email)


def member_roles(user: User) -> set[MemberRole]:
    """The roles the user holds in any event, asked once per request."""
    roles = g.get("member_roles")
    if roles is None:
        roles = g.member_roles = set(db.session.scalars(
            sa.select(EventMember.role).where(EventMember.user_id == user.id).distinct()))
    return roles


def landing_url(user: User) -> str:
    """Where a person's work is: their events for organizers and editors, the translation dashboard
    for translators, the public home page for anyone else."""
    work = work_areas(user)
    if "manage" in work:
        return url_for("manage.index")
    if "translate" in work:
        return url_for("translate.index")
    return url_for("public.home_redirect")


def work_areas(user: User) -> set[str]:
    """The signed-in areas with work for this user: "manage" (events they organize or edit) and
    "translate" (events they translate); the global roles answer without a query."""
    if user.is_admin or user.is_organizer:
        return {"manage", "translate"}
    roles = member_roles(user)
    areas = {"manage", "translate"} if roles & {MemberRole.OWNER, MemberRole.EDITOR} else set()
    if user.is_translator or MemberRole.TRANSLATOR in roles:
        areas.add("translate")
    return areas


@bp.app_context_processor
def navigation_user():
    """The signed-in user for the page header, with the areas that hold their work; none when the
    database cannot say."""
    try:
        user = current_user if current_user.is_authenticated else None
        work = work_areas(user) if user is not None else set()
    except SQLAlchemyError:
        db.session.rollback()
        user, work = None, set()
    return {"nav_user": user, "nav_work": work}

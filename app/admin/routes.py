"""Accounts: list, create, change roles and languages. Admins only."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.admin.forms import EditAccountForm, NewAccountForm
from app.extensions import db
from app.models import User

bp = Blueprint("admin", __name__)


@bp.before_request
@login_required
def require_admin():
    if not current_user.is_admin:
        abort(403)


def _apply(form, user: User) -> None:
    user.name = (form.name.data or "").strip()
    user.is_admin = form.is_admin.data
    user.is_organizer = form.is_organizer.data
    user.is_translator = form.is_translator.data
    user.translator_languages = form.languages.data if form.is_translator.data else []
    user.active = form.active.data
    if form.password.data:
        user.set_password(form.password.data)


@bp.route("/users")
def users():
    """Every account with its roles."""
    accounts = db.session.scalars(sa.select(User).order_by(User.email)).all()
    return render_template("admin/users.html", accounts=accounts)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    """Create an account."""
    form = NewAccountForm()
    if form.validate_on_submit():
        user = User(email=form.email.data.strip().lower())
        _apply(form, user)
        db.session.add(user)
        db.session.commit()
        flash(_("The account %(email)s was created.", email=user.email), "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/account.html", form=form, account=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    """Change an account's roles, languages, state or password."""
    user = db.get_or_404(User, user_id)
    form = EditAccountForm(obj=user, data={"languages": user.translator_languages} if not user else None)
    if not form.is_submitted():
        form.languages.data = user.translator_languages
    if form.validate_on_submit():
        if user.id == current_user.id and (not form.is_admin.data or not form.active.data):
            form.is_admin.errors.append(_("You cannot remove your own administrator role or deactivate yourself."))
        else:
            _apply(form, user)
            db.session.commit()
            flash(_("The account %(email)s was saved.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/account.html", form=form, account=user)

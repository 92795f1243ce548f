"""Acknowledging a conflict of the agenda with a reason, and withdrawing an acknowledgement.

A conflict is named in the URL by its fingerprint (Conflict.key); it is looked for again on
every request, so a conflict that changed meanwhile is not acknowledged by an old form. Room
clashes cannot be acknowledged: the page says so and the form refuses.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.extensions import db
from app.forms import FlaskForm
from app.i18n import use_timezone
from app.manage.blueprint import bp, current_event
from app.manage.conflicts import KIND_LABELS, Conflict, find_conflicts
from app.manage.queries import load_agenda
from app.manage.services import text
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, in_event
from app.models import Acknowledgement

#: Where an organizer came from and goes back to.
BACK = ("timetable", "publish", "balance")
REASON_MAX = 1000


class AcknowledgeForm(FlaskForm):
    reason = TextAreaField(_l("Why this can stand"), validators=[
        DataRequired(message=_l("Say why this can stand: the reason is kept with the acknowledgement.")),
        Length(max=REASON_MAX),
    ])
    back = HiddenField()


def _back_url(back: str | None) -> str:
    return url_for(f"manage.{back if back in BACK else 'timetable'}")


def _find(key: str) -> Conflict | None:
    event = current_event()
    return next((c for c in find_conflicts(event, load_agenda(event)) if c.key == key), None)


@bp.route("/<slug>/conflicts/<key>/acknowledge", methods=["GET", "POST"])
def acknowledge(key: str):
    """Acknowledge one conflict with a reason; it then no longer blocks publishing."""
    event = current_event()
    use_timezone(event.timezone)
    form = AcknowledgeForm()
    back = (form.back.data if form.is_submitted() else None) or request.args.get("back")
    form.back.data = back if back in BACK else "timetable"
    conflict = _find(key)
    if conflict is None:
        flash(_("This conflict is no longer there as it was: the agenda changed. Look at it again."), "info")
        return redirect(_back_url(back))
    if conflict.acknowledgement is not None:
        flash(_("This conflict was already acknowledged."), "info")
        return redirect(_back_url(back))
    # A room clash gets the page that says why it cannot be acknowledged, whatever was sent.
    if conflict.acknowledgeable and form.validate_on_submit():
        reason = text(form.reason.data)
        if reason:
            return _save(conflict, reason, back)
        form.reason.errors.append(_("Say why this can stand: the reason is kept with the acknowledgement."))
    return render_template("manage/acknowledge.html", event=event, conflict=conflict, form=form,
                           back_url=_back_url(back), kind_label=KIND_LABELS[conflict.kind])


def _save(conflict: Conflict, reason: str, back: str | None):
    other = conflict.other.id if conflict.other is not None else None
    db.session.add(Acknowledgement(
        event_id=current_event().id, kind=conflict.kind, session_id=conflict.session.id, other_session_id=other,
        person_id=conflict.person_id, key=conflict.key, reason=reason, created_by_id=current_user.id,
        created_by_name=current_user.name or current_user.email,
    ))
    try:
        db.session.commit()
    except IntegrityError:  # acknowledged meanwhile by someone else, or its session was deleted
        db.session.rollback()
        flash(conflict_message(), "error")
        return redirect(_back_url(back))
    flash(_("The conflict is acknowledged."), "success")
    return redirect(_back_url(back))


@bp.route("/<slug>/acknowledgements/<int:ack_id>/withdraw", methods=["GET", "POST"])
def withdraw_acknowledgement(ack_id: int):
    """Withdraw an acknowledgement, after confirmation: its conflict counts again."""
    ack = in_event(Acknowledgement, ack_id)
    back = request.args.get("back")
    cancel = _back_url(back)

    def withdraw():
        db.session.delete(ack)
        if commit_or_conflict():
            flash(_("The acknowledgement was withdrawn."), "success")
        else:
            flash(conflict_message(), "error")
        return redirect(cancel)

    return confirm_then(
        withdraw, title=_("Withdraw this acknowledgement?"),
        message=_("“%(reason)s” (%(who)s). The conflict counts again: an error blocks publishing until it is "
                  "fixed or acknowledged again.", reason=ack.reason, who=ack.created_by_name),
        button=_("Withdraw"), cancel=cancel,
    )

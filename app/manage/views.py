"""What every organizer's view shares: the object named by the URL within the event, the
confirm-then-act pattern, and committing.

The transaction rule of the manage area: services (app/manage/services.py, events.py,
invitations.py, app/publishing.py) change and flush; views commit, through the helpers here, so
a lost race is told the same way everywhere. The one exception is building an event from an
archive or a copy (app/manage/archive.py), which commits with the files it writes."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.extensions import db
from app.manage.blueprint import current_event
from app.manage.forms import ConfirmForm
from app.manage.services import LOST_RACE

T = TypeVar("T")


def in_event(model: type[T], object_id: int) -> T:
    """The room, session, person, member, … with this id in the request's event, or 404."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.event_id != current_event().id:  # type: ignore[attr-defined]
        abort(404)
    return obj


def confirm_then(act: Callable[[], ResponseReturnValue], *, title: str, message: str, button: str | None,
                 cancel: str) -> ResponseReturnValue:
    """Ask first (GET, or a POST without a valid form), act on a confirmed POST."""
    form = ConfirmForm()
    if button is not None and form.validate_on_submit():
        return act()
    return render_template("manage/confirm.html", event=current_event(), form=form, title=title,
                           message=message, button=button, cancel=cancel)


def conflict_message() -> str:
    """What an organizer is told when someone else saved the same thing first."""
    return _("Someone else changed this since you opened it. Nothing was saved.")


def save_or_conflict(save: Callable[[], T | None]) -> tuple[T | None, bool]:
    """Run a save and commit it, all or nothing.

    Returns (the saved object, False); (None, False) when the save refused (its messages are
    on the form's fields); (None, True) when another request changed or removed the same rows
    between the version check and the commit (the version column's check in the UPDATE, or a
    unique constraint). Everything is rolled back unless it was saved."""
    try:
        saved = save()
        if saved is None:
            db.session.rollback()
            return None, False
        db.session.commit()
        return saved, False
    except LOST_RACE:
        db.session.rollback()
        return None, True


def commit_or_conflict() -> bool:
    """Commit; False (everything rolled back) when another request got there first."""
    try:
        db.session.commit()
        return True
    except LOST_RACE:
        db.session.rollback()
        return False


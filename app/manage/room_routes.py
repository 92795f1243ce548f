"""Rooms of an event: list, add, change, reorder, delete."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.form_tokens import guard
from app.manage.blueprint import bp, current_event
from app.manage.forms import ConfirmForm, RoomForm
from app.manage.services import changed_fields, is_stale, move, room_values, save_room, stored_now
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, in_event, save_or_conflict
from app.models import Room


def direction() -> str:
    """The `direction` of a move button: up or down."""
    value = request.form.get("direction")
    if value not in ("up", "down"):
        abort(400)
    return value


def version_is_stale(obj) -> bool:
    """A button that names the version it was shown at (`version`), for something changed since."""
    shown = request.form.get("version")
    return shown is not None and shown != str(obj.version)


def gone(back: str):
    """The thing being saved was removed by someone else meanwhile: say so, save nothing."""
    db.session.rollback()
    flash(conflict_message(), "error")
    return redirect(back)


@bp.route("/<slug>/rooms")
def rooms():
    """The event's rooms, in order."""
    return render_template("manage/rooms.html", event=current_event(), form=RoomForm(), confirm=ConfirmForm())


@bp.route("/<slug>/rooms/new", methods=["GET", "POST"])
@bp.route("/<slug>/rooms/<int:room_id>", methods=["GET", "POST"])
def edit_room(room_id: int | None = None):
    """Add a room or change one."""
    event = current_event()
    room = in_event(Room, room_id) if room_id is not None else None
    form = RoomForm(obj=room)
    back = url_for("manage.rooms", slug=event.slug)
    stale: list | None = []
    if form.validate_on_submit():
        if room is not None and is_stale(room, form):
            stale = changed_fields(form, room_values(room)) or [(_("Version"), room.version)]
        else:
            saved, lost = save_or_conflict(
                (lambda: save_room(event, room, form)) if room is not None
                else guard(form, lambda: save_room(event, None, form), lambda _room: back))
            if saved is not None:
                flash(_("The room was saved."), "success")
                return redirect(back)
            if lost and room is None:
                taken = save_room(event, None, form) is None  # another room took the name meanwhile
                db.session.rollback()
                if not taken:
                    return gone(back)
            elif lost:
                stale = stored_now(room, room_values, form)
                if stale is None:
                    return gone(back)
    return render_template("manage/room_form.html", event=event, room=room, form=form, stale=stale)


@bp.route("/<slug>/rooms/<int:room_id>/move", methods=["POST"])
def move_room(room_id: int):
    """Move a room one place up or down."""
    event = current_event()
    room = in_event(Room, room_id)
    if ConfirmForm().validate_on_submit():
        if version_is_stale(room):
            flash(conflict_message(), "error")
        else:
            move(event.rooms, room, direction())
            if not commit_or_conflict():
                flash(conflict_message(), "error")
    return redirect(url_for("manage.rooms", slug=event.slug))


@bp.route("/<slug>/rooms/<int:room_id>/delete", methods=["GET", "POST"])
def delete_room(room_id: int):
    """Delete a room after confirmation; its sessions keep their times, without a room."""
    room = in_event(Room, room_id)
    back = url_for("manage.rooms")

    def delete():
        db.session.delete(room)
        if commit_or_conflict():
            flash(_("The room was deleted."), "success")
        else:
            flash(conflict_message(), "error")
        return redirect(back)

    return confirm_then(
        delete, title=_("Delete this room?"),
        message=_("“%(name)s” will be deleted; its sessions stay in the agenda without a room.", name=room.name),
        button=_("Delete the room"), cancel=back,
    )

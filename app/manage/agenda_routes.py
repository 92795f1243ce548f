"""Rooms, sessions and the people taking part in them: create, edit, reorder, delete."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from app.auth.permissions import managed_event_or_403
from app.content.markdown import render_markdown
from app.extensions import db
from app.i18n import use_timezone
from app.manage.balance import lacks_grassroots_voice, session_balance
from app.manage.blueprint import bp
from app.manage.conflicts import by_session, find_conflicts
from app.manage.forms import ConfirmForm, ParticipationForm, RoomForm, SessionForm
from app.manage.queries import load_agenda, load_people
from app.manage.services import (
    add_participation,
    changed_fields,
    commit_or_conflict,
    conflict_message,
    fill_session_form,
    is_stale,
    move,
    room_values,
    save_or_conflict,
    save_room,
    save_session,
    session_form_choices,
    session_values,
    stored_now,
)
from app.models import Event, Participation, ParticipationRole, Person, Room, Session
from app.storage import get_storage, still_released


def _room(event: Event, room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        abort(404)
    return room


def _session(event: Event, session_id: int) -> Session:
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    return session


def _direction() -> str:
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    return direction


@bp.route("/<slug>/rooms")
def rooms(slug: str):
    """The event's rooms, in order."""
    event = managed_event_or_403(slug)
    return render_template("manage/rooms.html", event=event, form=RoomForm(), confirm=ConfirmForm())


@bp.route("/<slug>/rooms/new", methods=["GET", "POST"])
@bp.route("/<slug>/rooms/<int:room_id>", methods=["GET", "POST"])
def edit_room(slug: str, room_id: int | None = None):
    """Add a room or change one."""
    event = managed_event_or_403(slug)
    room = _room(event, room_id) if room_id is not None else None
    form = RoomForm(obj=room)
    stale: list | None = []
    if form.validate_on_submit():
        if room is not None and is_stale(room, form):
            stale = changed_fields(form, room_values(room)) or [(_("Version"), room.version)]
        else:
            saved, lost = save_or_conflict(lambda: save_room(event, room, form))
            if saved is not None:
                flash(_("The room was saved."), "success")
                return redirect(url_for("manage.rooms", slug=event.slug))
            if lost and room is None:
                taken = save_room(event, None, form) is None  # another room took the name meanwhile
                db.session.rollback()
                if not taken:
                    return _gone(url_for("manage.rooms", slug=event.slug))
            elif lost:
                stale = stored_now(room, room_values, form)
                if stale is None:
                    return _gone(url_for("manage.rooms", slug=event.slug))
    return render_template("manage/room_form.html", event=event, room=room, form=form, stale=stale)


def _gone(back: str):
    """The thing being saved was removed by someone else meanwhile: say so, save nothing."""
    db.session.rollback()
    flash(conflict_message(), "error")
    return redirect(back)


@bp.route("/<slug>/rooms/<int:room_id>/move", methods=["POST"])
def move_room(slug: str, room_id: int):
    """Move a room one place up or down."""
    event = managed_event_or_403(slug)
    room = _room(event, room_id)
    if ConfirmForm().validate_on_submit():
        if _version_is_stale(room):
            flash(conflict_message(), "error")
        else:
            move(event.rooms, room, _direction())
            if not commit_or_conflict():
                flash(conflict_message(), "error")
    return redirect(url_for("manage.rooms", slug=event.slug))


def _version_is_stale(obj) -> bool:
    """A button that names the version it was shown at (`version`), for something changed since."""
    shown = request.form.get("version")
    return shown is not None and shown != str(obj.version)


@bp.route("/<slug>/rooms/<int:room_id>/delete", methods=["GET", "POST"])
def delete_room(slug: str, room_id: int):
    """Delete a room after confirmation; its sessions keep their times, without a room."""
    event = managed_event_or_403(slug)
    room = _room(event, room_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        db.session.delete(room)
        if commit_or_conflict():
            flash(_("The room was deleted."), "success")
        else:
            flash(conflict_message(), "error")
        return redirect(url_for("manage.rooms", slug=event.slug))
    return render_template(
        "manage/confirm.html", event=event, form=form, title=_("Delete this room?"),
        message=_("“%(name)s” will be deleted; its sessions stay in the agenda without a room.", name=room.name),
        button=_("Delete the room"), cancel=url_for("manage.rooms", slug=event.slug),
    )


@bp.route("/<slug>/sessions/new", methods=["GET", "POST"])
@bp.route("/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(slug: str, session_id: int | None = None):
    """Add a session or change one; a save based on an older version is refused."""
    event = managed_event_or_403(slug)
    use_timezone(event.timezone)
    session = _session(event, session_id) if session_id is not None else None
    form = SessionForm()
    session_form_choices(form, event, session)
    if session is not None and not form.is_submitted():
        fill_session_form(form, session)
    elif session is None and not form.is_submitted():
        form.day.data = event.start_date.isoformat()
        form.room.data = 0
        form.languages.data = [event.source_language]
    stale: list | None = []
    if form.validate_on_submit():
        if session is not None and is_stale(session, form):
            stale = changed_fields(form, session_values(session)) or [(_("Version"), session.version)]
        else:
            saved, lost = save_or_conflict(lambda: save_session(event, session, form))
            if saved is not None:
                flash(_("The session was saved."), "success")
                return redirect(url_for("manage.timetable", slug=event.slug))
            if lost and session is None:
                # Another session took this number meanwhile: say so beside the field.
                if save_session(event, None, form) is not None:
                    db.session.rollback()
                    return _gone(url_for("manage.timetable", slug=event.slug))
                db.session.rollback()
            elif lost:
                stale = stored_now(session, session_values, form)
                if stale is None:
                    return _gone(url_for("manage.timetable", slug=event.slug))
            session_form_choices(form, event, session)
    preview = render_markdown(form.description.data) if form.description.data else None
    return render_template("manage/session_form.html", event=event, session=session, form=form, stale=stale,
                           preview=preview)


@bp.route("/<slug>/sessions/<int:session_id>")
def session(slug: str, session_id: int):
    """A session: its people in order, its papers, its balance and conflicts."""
    event = managed_event_or_403(slug)
    use_timezone(event.timezone)
    sessions = load_agenda(event)
    current = next((s for s in sessions if s.id == session_id), None)
    if current is None:
        abort(404)
    people = load_people(event)
    form = ParticipationForm()
    form.person.choices = [
        SelectChoice(p.id, f"{p.display_name} ({p.organization})" if p.organization else p.display_name)
        for p in people]
    return render_template(
        "manage/session.html", event=event, session=current, form=form, confirm=ConfirmForm(),
        conflicts=by_session(find_conflicts(event, sessions)).get(current.id, []),
        balance=session_balance(current), lacks_voice=lacks_grassroots_voice(current),
        description=render_markdown(current.description),
    )


@bp.route("/<slug>/sessions/<int:session_id>/delete", methods=["GET", "POST"])
def delete_session(slug: str, session_id: int):
    """Delete a session, its participations and papers, after confirmation."""
    event = managed_event_or_403(slug)
    current = _session(event, session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        from_papers = [f.storage_key for p in current.papers for f in p.files]
        db.session.delete(current)
        if not commit_or_conflict():
            flash(conflict_message(), "error")
            return redirect(url_for("manage.timetable", slug=event.slug))
        _delete_files(from_papers)
        flash(_("The session was deleted."), "success")
        return redirect(url_for("manage.timetable", slug=event.slug))
    return render_template(
        "manage/confirm.html", event=event, form=form, title=_("Delete this session?"),
        message=_("“%(title)s”, its list of people and its papers will be deleted.", title=current.title),
        button=_("Delete the session"), cancel=url_for("manage.session", slug=event.slug, session_id=current.id),
    )


def _delete_files(keys: list[str]) -> None:
    """Delete the files of deleted papers, except those the current release still shows."""
    storage = get_storage()
    kept = still_released(keys)
    for key in keys:
        if key not in kept:
            storage.delete(key)


@bp.route("/<slug>/sessions/<int:session_id>/people", methods=["POST"])
def add_person_to_session(slug: str, session_id: int):
    """Add a person of the event to a session with a role."""
    event = managed_event_or_403(slug)
    current = _session(event, session_id)
    form = ParticipationForm()
    form.person.choices = [SelectChoice(p.id, p.name) for p in event.people]
    if form.validate_on_submit():
        person = db.session.get(Person, form.person.data)
        if person is None:  # one of the choices, deleted by someone else a moment ago
            flash(conflict_message(), "error")
            return redirect(url_for("manage.session", slug=event.slug, session_id=current.id))
        name = person.name
        if add_participation(current, person, ParticipationRole(form.role.data)) is None:
            flash(_("This person has this role in the session already."), "error")
        elif not commit_or_conflict():  # the same person and role, added by someone else meanwhile
            flash(conflict_message(), "error")
        else:
            flash(_("%(name)s was added.", name=name), "success")
    else:
        flash(_("Choose a person and a role."), "error")
    return redirect(url_for("manage.session", slug=event.slug, session_id=current.id))


def _participation(event: Event, session_id: int, part_id: int) -> Participation | None:
    """The participation, or None when it is gone from a session of this event (removed by someone
    else meanwhile, or by this organizer's own earlier click); 404 when the session is not the event's."""
    _session(event, session_id)
    part = db.session.get(Participation, part_id)
    if part is None:
        return None
    if part.session_id != session_id:
        abort(404)
    return part


@bp.route("/<slug>/sessions/<int:session_id>/people/<int:part_id>/move", methods=["POST"])
def move_participation(slug: str, session_id: int, part_id: int):
    """Move a person one place up or down in the session's list."""
    event = managed_event_or_403(slug)
    part = _participation(event, session_id, part_id)
    if ConfirmForm().validate_on_submit():
        direction = _direction()
        if part is None or _version_is_stale(part):
            flash(conflict_message(), "error")
        else:
            move(part.session.participations, part, direction)
            if not commit_or_conflict():
                flash(conflict_message(), "error")
    return redirect(url_for("manage.session", slug=event.slug, session_id=session_id))


@bp.route("/<slug>/sessions/<int:session_id>/people/<int:part_id>/remove", methods=["POST"])
def remove_participation(slug: str, session_id: int, part_id: int):
    """Take a person out of a session (the person stays in the event)."""
    event = managed_event_or_403(slug)
    part = _participation(event, session_id, part_id)
    if ConfirmForm().validate_on_submit():
        if part is None:
            flash(_("This person is no longer in the session; nothing was changed."), "error")
        elif _version_is_stale(part):
            flash(conflict_message(), "error")
        else:
            # The name is read before the delete: after the commit the row and its person are gone
            # from this database session (reading them then failed with DetachedInstanceError).
            name = part.person.name
            db.session.delete(part)
            if commit_or_conflict():
                flash(_("%(name)s was removed from the session.", name=name), "success")
            else:
                flash(conflict_message(), "error")
    return redirect(url_for("manage.session", slug=event.slug, session_id=session_id))

"""Rooms, sessions and the people taking part in them: create, edit, reorder, delete."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice
from sqlalchemy.orm.exc import StaleDataError

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
    add_participation, changed_fields, fill_session_form, is_stale, move, save_room, save_session,
    session_form_choices, session_values,
)
from app.models import Event, Participation, ParticipationRole, Person, Room, Session
from app.storage import get_storage


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
    if form.validate_on_submit() and save_room(event, room, form) is not None:
        db.session.commit()
        flash(_("The room was saved."), "success")
        return redirect(url_for("manage.rooms", slug=event.slug))
    return render_template("manage/room_form.html", event=event, room=room, form=form)


@bp.route("/<slug>/rooms/<int:room_id>/move", methods=["POST"])
def move_room(slug: str, room_id: int):
    """Move a room one place up or down."""
    event = managed_event_or_403(slug)
    room = _room(event, room_id)
    if ConfirmForm().validate_on_submit():
        move(event.rooms, room, _direction())
        db.session.commit()
    return redirect(url_for("manage.rooms", slug=event.slug))


@bp.route("/<slug>/rooms/<int:room_id>/delete", methods=["GET", "POST"])
def delete_room(slug: str, room_id: int):
    """Delete a room after confirmation; its sessions keep their times, without a room."""
    event = managed_event_or_403(slug)
    room = _room(event, room_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        db.session.delete(room)
        db.session.commit()
        flash(_("The room was deleted."), "success")
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
    session_form_choices(form, event)
    if session is not None and not form.is_submitted():
        fill_session_form(form, session)
    elif session is None and not form.is_submitted():
        form.day.data = event.start_date.isoformat()
        form.room.data = 0
        form.languages.data = [event.source_language]
    stale = []
    if form.validate_on_submit():
        if session is not None and is_stale(session, form):
            stale = changed_fields(form, session_values(session)) or [(_("Version"), session.version)]
        elif save_session(event, session, form) is not None:
            try:
                db.session.commit()
            except StaleDataError:
                db.session.rollback()
                flash(_("Someone else saved this session just now; nothing was overwritten."), "error")
                return redirect(url_for("manage.edit_session", slug=event.slug, session_id=session_id))
            flash(_("The session was saved."), "success")
            return redirect(url_for("manage.timetable", slug=event.slug))
        else:
            db.session.rollback()
            session_form_choices(form, event)
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
    form.person.choices = [SelectChoice(p.id, f"{p.display_name} ({p.organization})" if p.organization else p.display_name)
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
        db.session.commit()
        _delete_files(from_papers)
        flash(_("The session was deleted."), "success")
        return redirect(url_for("manage.timetable", slug=event.slug))
    return render_template(
        "manage/confirm.html", event=event, form=form, title=_("Delete this session?"),
        message=_("“%(title)s”, its list of people and its papers will be deleted.", title=current.title),
        button=_("Delete the session"), cancel=url_for("manage.session", slug=event.slug, session_id=current.id),
    )


def _delete_files(keys: list[str]) -> None:
    storage = get_storage()
    for key in keys:
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
        if add_participation(current, person, ParticipationRole(form.role.data)) is None:
            flash(_("This person has this role in the session already."), "error")
        else:
            db.session.commit()
            flash(_("%(name)s was added.", name=person.name), "success")
    else:
        flash(_("Choose a person and a role."), "error")
    return redirect(url_for("manage.session", slug=event.slug, session_id=current.id))


def _participation(event: Event, session_id: int, part_id: int) -> Participation:
    part = db.session.get(Participation, part_id)
    if part is None or part.session_id != session_id or part.session.event_id != event.id:
        abort(404)
    return part


@bp.route("/<slug>/sessions/<int:session_id>/people/<int:part_id>/move", methods=["POST"])
def move_participation(slug: str, session_id: int, part_id: int):
    """Move a person one place up or down in the session's list."""
    event = managed_event_or_403(slug)
    part = _participation(event, session_id, part_id)
    if ConfirmForm().validate_on_submit():
        move(part.session.participations, part, _direction())
        db.session.commit()
    return redirect(url_for("manage.session", slug=event.slug, session_id=session_id))


@bp.route("/<slug>/sessions/<int:session_id>/people/<int:part_id>/remove", methods=["POST"])
def remove_participation(slug: str, session_id: int, part_id: int):
    """Take a person out of a session (the person stays in the event)."""
    event = managed_event_or_403(slug)
    part = _participation(event, session_id, part_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(part)
        db.session.commit()
        flash(_("%(name)s was removed from the session.", name=part.person.name), "success")
    return redirect(url_for("manage.session", slug=event.slug, session_id=session_id))

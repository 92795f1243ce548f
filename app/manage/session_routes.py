"""Sessions of an event and the people taking part in them: create, edit, reorder, delete."""
from __future__ import annotations

from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from app.content.markdown import render_markdown
from app.extensions import db
from app.form_tokens import guard
from app.i18n import use_timezone
from app.manage.balance import lacks_grassroots_voice, session_balance
from app.manage.blueprint import bp, current_event
from app.manage.conflicts import by_session, find_conflicts
from app.manage.forms import (
    BLANK_PEOPLE_ROWS,
    MAX_PEOPLE_ROWS,
    ArrangePeopleForm,
    ConfirmForm,
    ParticipationForm,
    PersonRowForm,
    SessionForm,
)
from app.manage.queries import event_people, load_agenda, load_people
from app.manage.report_back import apply_report_back, fill_report_back, report_back_choices
from app.manage.room_routes import direction, gone, version_is_stale
from app.manage.services import (
    LOST_RACE,
    add_blank_rows,
    add_participation,
    changed_fields,
    duplicate_session,
    fill_people_rows,
    fill_session_form,
    is_stale,
    move,
    people_row_choices,
    people_rows_stale,
    people_summary,
    person_label,
    save_people,
    save_session_with_people,
    session_form_choices,
    session_values,
    stored_now,
)
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, in_event, save_or_conflict
from app.models import Participation, ParticipationRole, Person, Session
from app.storage import get_storage, still_released


def session_page(session: Session | None) -> str:
    """Where a saved session is shown (a form's one-time token leads a second submit there)."""
    assert session is not None  # called with what was saved
    return url_for("manage.session", session_id=session.id)


@bp.route("/<slug>/sessions/new", methods=["GET", "POST"])
@bp.route("/<slug>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id: int | None = None):
    """Add a session or change one, with its people (chosen, or created on the spot), in one save;
    a save based on an older version of the session or of its people is refused."""
    event = current_event()
    use_timezone(event.timezone)
    session = in_event(Session, session_id) if session_id is not None else None
    people = event_people(event)
    form = SessionForm()
    session_form_choices(form, event, session)
    report_back_choices(form, event, session, people)
    more_rows = form.is_submitted() and "more_rows" in request.form
    if session is not None and not form.is_submitted():
        fill_session_form(form, session)
        fill_report_back(form, session)
    elif session is None and not form.is_submitted():
        form.day.data = event.start_date.isoformat()
        form.room.data = 0
        form.languages.data = [event.source_language]
    if not form.is_submitted():
        fill_people_rows(form.people, session, BLANK_PEOPLE_ROWS)
    elif more_rows:  # the page without JavaScript asks for more rows: nothing is saved, nothing lost
        add_blank_rows(form.people, BLANK_PEOPLE_ROWS)
    people_row_choices(form.people, people)
    stale: list | None = []
    if not more_rows and form.validate_on_submit():
        if session is not None and is_stale(session, form):
            stale = changed_fields(form, session_values(session)) or [(_("Version"), session.version)]
        else:
            def save() -> Session | None:
                saved = save_session_with_people(event, session, form, people)
                return saved if saved is not None and apply_report_back(event, saved, form) else None

            saved, lost = save_or_conflict(save if session is not None else guard(form, save, session_page))
            if saved is not None:
                flash(_("The session was saved."), "success")
                return redirect(url_for("manage.session", session_id=saved.id))
            if lost and session is None:
                # Another session took this number, or another organizer added the same new person,
                # meanwhile: say so beside the field; the form keeps everything typed.
                people = event_people(event)
                session_form_choices(form, event, session)
                try:
                    if save_session_with_people(event, None, form, people) is not None:
                        flash(conflict_message(), "error")
                except LOST_RACE:  # a row names a person's place that is gone
                    flash(conflict_message(), "error")
                db.session.rollback()
            elif lost and session is not None:
                stale = stored_now(session, session_values, form)
                if stale is None:
                    return gone(url_for("manage.timetable"))
                if people_rows_stale(session, form.people):
                    stale = [item for item in stale if item[0] != _("Version")]
                    stale.append((_("People"), people_summary(session)))
            people = event_people(event)
            session_form_choices(form, event, session)
            people_row_choices(form.people, people)
    preview = render_markdown(form.description.data) if form.description.data else None
    blank_row = PersonRowForm(formdata=None, prefix="people-__index__-")
    people_row_choices([SimpleNamespace(form=blank_row)], people)
    return render_template("manage/session_form.html", event=event, session=session, form=form, stale=stale,
                           preview=preview, blank_row=blank_row, people_by_id={p.id: p for p in people},
                           max_rows=MAX_PEOPLE_ROWS)


@bp.route("/<slug>/sessions/<int:session_id>")
def session(session_id: int):
    """A session: its people in order, its papers, its balance and conflicts."""
    event = current_event()
    use_timezone(event.timezone)
    sessions = load_agenda(event)
    current = next((s for s in sessions if s.id == session_id), None)
    if current is None:
        abort(404)
    people = load_people(event)
    form = ParticipationForm()
    form.person.choices = [SelectChoice(p.id, person_label(p)) for p in people]
    form.person.data = request.args.get("person", type=int)  # someone just added to the event from here
    arrange = ArrangePeopleForm(formdata=None)
    fill_people_rows(arrange.people, current, 0)
    return render_template(
        "manage/session.html", event=event, session=current, form=form, confirm=ConfirmForm(), arrange=arrange,
        conflicts=by_session(find_conflicts(event, sessions)).get(current.id, []),
        balance=session_balance(current), lacks_voice=lacks_grassroots_voice(current),
        description=render_markdown(current.description),
    )


@bp.route("/<slug>/sessions/<int:session_id>/delete", methods=["GET", "POST"])
def delete_session(session_id: int):
    """Delete a session, its participations and papers, after confirmation."""
    event = current_event()
    current = in_event(Session, session_id)
    timetable = url_for("manage.timetable", slug=event.slug)

    def delete():
        from_papers = [f.storage_key for p in current.papers for f in p.files]
        db.session.delete(current)
        if not commit_or_conflict():
            flash(conflict_message(), "error")
            return redirect(timetable)
        delete_files(from_papers)
        flash(_("The session was deleted."), "success")
        return redirect(timetable)

    return confirm_then(
        delete, title=_("Delete this session?"),
        message=_("“%(title)s”, its list of people and its papers will be deleted.", title=current.title),
        button=_("Delete the session"), cancel=url_for("manage.session", slug=event.slug, session_id=current.id),
    )


@bp.route("/<slug>/sessions/<int:session_id>/duplicate", methods=["GET", "POST"])
def duplicate(session_id: int):
    """Copy a session (people and roles too, no papers or translations) and open the copy's form."""
    event = current_event()
    use_timezone(event.timezone)
    current = in_event(Session, session_id)
    back = url_for("manage.session", session_id=current.id)

    def copy():
        made = duplicate_session(event, current)
        if made is None:
            db.session.rollback()
            flash(_("Every number from 1 to 99 is taken for this format: the session was not copied."), "error")
            return redirect(back)
        if not commit_or_conflict():
            flash(conflict_message(), "error")
            return redirect(back)
        flash(_("This is the copy, saved with the same people and roles. Change what differs and save."), "success")
        return redirect(url_for("manage.edit_session", session_id=made.id))

    return confirm_then(
        copy, title=_("Copy this session?"),
        message=_("A copy of “%(title)s” will be made with its people and roles, without its papers and translations.",
                  title=current.title),
        button=_("Copy the session"), cancel=back,
    )


@bp.route("/<slug>/sessions/<int:session_id>/people/arrange", methods=["POST"])
def arrange_people(session_id: int):
    """Save every role and place of a session's people at once (typed numbers, or dragged rows)."""
    event = current_event()
    current = in_event(Session, session_id)
    back = url_for("manage.session", session_id=current.id)
    form = ArrangePeopleForm()
    if not form.validate_on_submit():
        flash(_("Nothing was saved: a place must be a number from 1 to 999."), "error")
        return redirect(back)
    names = {part.id: part.person.display_name for part in current.participations}
    saved, lost = save_or_conflict(
        lambda: current if save_people(event, current, form.people, [], saved_only=True) else None)
    if saved is not None:
        flash(_("The roles and order were saved."), "success")
    elif lost:
        flash(conflict_message(), "error")
    else:
        for row in form.people:
            for message in row.form.role.errors:
                flash(f"{names.get(row.form.part_id() or 0, '')}: {message}", "error")
    return redirect(back)


def delete_files(keys: list[str]) -> None:
    """Delete the files of deleted papers, except those the current release still shows."""
    storage = get_storage()
    kept = still_released(keys)
    for key in keys:
        if key not in kept:
            storage.delete(key)


@bp.route("/<slug>/sessions/<int:session_id>/people", methods=["POST"])
def add_person_to_session(session_id: int):
    """Add a person of the event to a session with a role."""
    event = current_event()
    current = in_event(Session, session_id)
    back = url_for("manage.session", slug=event.slug, session_id=current.id)
    form = ParticipationForm()
    form.person.choices = [SelectChoice(p.id, p.name) for p in event.people]
    if form.validate_on_submit():
        person = db.session.get(Person, form.person.data)
        if person is None:  # one of the choices, deleted by someone else a moment ago
            flash(conflict_message(), "error")
            return redirect(back)
        name = person.name
        if add_participation(current, person, ParticipationRole(form.role.data)) is None:
            flash(_("This person has this role in the session already."), "error")
        elif not commit_or_conflict():  # the same person and role, added by someone else meanwhile
            flash(conflict_message(), "error")
        else:
            flash(_("%(name)s was added.", name=name), "success")
    else:
        flash(_("Choose a person and a role."), "error")
    return redirect(back)


def _participation(session_id: int, part_id: int) -> Participation | None:
    """The participation, or None when it is gone from a session of this event (removed by someone
    else meanwhile, or by this organizer's own earlier click); 404 when the session is not the event's."""
    in_event(Session, session_id)
    part = db.session.get(Participation, part_id)
    if part is None:
        return None
    if part.session_id != session_id:
        abort(404)
    return part


@bp.route("/<slug>/sessions/<int:session_id>/people/<int:part_id>/move", methods=["POST"])
def move_participation(session_id: int, part_id: int):
    """Move a person one place up or down in the session's list."""
    part = _participation(session_id, part_id)
    if ConfirmForm().validate_on_submit():
        way = direction()
        if part is None or version_is_stale(part):
            flash(conflict_message(), "error")
        else:
            move(part.session.participations, part, way)
            if not commit_or_conflict():
                flash(conflict_message(), "error")
    return redirect(url_for("manage.session", session_id=session_id))


@bp.route("/<slug>/sessions/<int:session_id>/people/<int:part_id>/remove", methods=["POST"])
def remove_participation(session_id: int, part_id: int):
    """Take a person out of a session (the person stays in the event)."""
    part = _participation(session_id, part_id)
    if ConfirmForm().validate_on_submit():
        if part is None:
            flash(_("This person is no longer in the session; nothing was changed."), "error")
        elif version_is_stale(part):
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
    return redirect(url_for("manage.session", session_id=session_id))

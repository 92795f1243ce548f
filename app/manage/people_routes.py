"""People of an event: each once per event, reused across sessions."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.form_tokens import guard
from app.manage.blueprint import bp, current_event
from app.manage.forms import PersonForm
from app.manage.queries import load_people
from app.manage.services import changed_fields, is_stale, person_values, save_person, stored_now, text
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, in_event, save_or_conflict
from app.models import Person


@bp.route("/<slug>/people")
def people():
    """Everyone taking part in the event, with how many sessions they are in."""
    event = current_event()
    return render_template("manage/people.html", event=event, people=load_people(event))


@bp.route("/<slug>/people/new", methods=["GET", "POST"])
@bp.route("/<slug>/people/<int:person_id>", methods=["GET", "POST"])
def edit_person(person_id: int | None = None):
    """Add a person or change one; a save based on an older version is refused."""
    event = current_event()
    person = in_event(Person, person_id) if person_id is not None else None
    form = PersonForm(obj=person)
    if person is not None and not form.is_submitted():
        form.version.data = str(person.version)
        form.stakeholder_group.data = person.stakeholder_group.value
    stale: list | None = []
    if form.validate_on_submit():
        if person is not None and is_stale(person, form):
            stale = changed_fields(form, person_values(person)) or [(_("Version"), person.version)]
        else:
            saved, lost = save_or_conflict(
                (lambda: save_person(event, person, form)) if person is not None
                else guard(form, lambda: save_person(event, None, form),
                                       lambda saved: url_for("manage.edit_person", person_id=saved.id)))
            if saved is not None:
                flash(_("%(name)s was saved.", name=text(form.name.data)), "success")
                return redirect(url_for("manage.people", slug=event.slug))
            if lost and person is None:
                # The same person was added by someone else meanwhile: say so beside the name.
                if save_person(event, None, form) is not None:
                    db.session.rollback()
                    flash(conflict_message(), "error")
                    return redirect(url_for("manage.people", slug=event.slug))
                db.session.rollback()
            elif lost:
                stale = stored_now(person, person_values, form)
                if stale is None:
                    db.session.rollback()
                    flash(conflict_message(), "error")
                    return redirect(url_for("manage.people", slug=event.slug))
    return render_template("manage/person_form.html", event=event, person=person, form=form, stale=stale)


@bp.route("/<slug>/people/<int:person_id>/delete", methods=["GET", "POST"])
def delete_person(person_id: int):
    """Delete a person and their places in sessions, after confirmation."""
    person = in_event(Person, person_id)
    back = url_for("manage.people")

    def delete():
        db.session.delete(person)
        if commit_or_conflict():
            flash(_("The person was deleted."), "success")
        else:
            flash(conflict_message(), "error")
        return redirect(back)

    return confirm_then(
        delete, title=_("Delete this person?"),
        message=_("%(name)s will be removed from the event and from all of its sessions.", name=person.name),
        button=_("Delete the person"), cancel=back,
    )

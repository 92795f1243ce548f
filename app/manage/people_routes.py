"""People of an event: each once per event, reused across sessions."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms.fields.choices import SelectChoice

from app.auth.routes import safe_next
from app.extensions import db
from app.form_tokens import guard
from app.labels import GENDER_LABELS
from app.manage.blueprint import bp, current_event
from app.manage.forms import PeopleImportForm, PersonForm
from app.manage.people_import import MAX_CHARS, create_people, decode_upload, fingerprint, read_table
from app.manage.queries import load_people
from app.manage.services import changed_fields, is_stale, person_values, save_person, stored_now, text
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, in_event, save_or_conflict
from app.models import Event, Person


def back_url(event: Event) -> str:
    """Where the person form leads back to: the page of this event named by `next` (a session, when
    a person is added from one), else the people list."""
    target = safe_next(request.args.get("next"))
    if target is not None and target.startswith(url_for("manage.event", slug=event.slug)):
        return target
    return url_for("manage.people", slug=event.slug)


def person_page(person: Person | None) -> str:
    """Where a saved person is edited (a form's one-time token leads a second submit there)."""
    assert person is not None  # called with what was saved
    return url_for("manage.edit_person", person_id=person.id)


def affiliation_choices(event: Event) -> list[SelectChoice]:
    """The person form's organizations: none, or one of the event's."""
    return [SelectChoice("", _("None (the text above)")),
            *(SelectChoice(str(o.id), f"{o.name} ({o.acronym})" if o.acronym else o.name) for o in event.organizations)]


def with_affiliation(person: Person | None, form: PersonForm) -> Person | None:
    """The saved person linked to the organization the form chose (or to none)."""
    if person is not None:
        person.organization_id = int(form.affiliation.data) if form.affiliation.data else None
    return person


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
    back = back_url(event)
    form = PersonForm(obj=person)
    form.affiliation.choices = affiliation_choices(event)
    if not form.is_submitted():
        form.affiliation.data = str(person.organization_id) if person is not None and person.organization_id else ""
    if person is not None and not form.is_submitted():
        form.version.data = str(person.version)
        form.stakeholder_group.data = person.stakeholder_group.value
    stale: list | None = []
    if form.validate_on_submit():
        if person is not None and is_stale(person, form):
            stale = changed_fields(form, person_values(person)) or [(_("Version"), person.version)]
        else:
            saved, lost = save_or_conflict(
                (lambda: with_affiliation(save_person(event, person, form), form)) if person is not None
                else guard(form, lambda: with_affiliation(save_person(event, None, form), form), person_page))
            if saved is not None:
                flash(_("%(name)s was saved.", name=text(form.name.data)), "success")
                if back != url_for("manage.people", slug=event.slug):  # back in a session: the new person ready to add
                    return redirect(f"{back}{'&' if '?' in back else '?'}person={saved.id}")
                return redirect(back)
            if lost and person is None:
                # The same person was added by someone else meanwhile: say so beside the name.
                if save_person(event, None, form) is not None:
                    db.session.rollback()
                    flash(conflict_message(), "error")
                    return redirect(back)
                db.session.rollback()
            elif lost:
                stale = stored_now(person, person_values, form)
                if stale is None:
                    db.session.rollback()
                    flash(conflict_message(), "error")
                    return redirect(back)
    return render_template("manage/person_form.html", event=event, person=person, form=form, stale=stale, back=back)


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


@bp.route("/<slug>/people/import", methods=["GET", "POST"])
def people_import():
    """Many people at once from a pasted table or a CSV file: previewed with every row's problems,
    then created together once the organizer confirms the table they saw."""
    event = current_event()
    form = PeopleImportForm()
    table = None
    if form.validate_on_submit():
        source = form.table.data or ""
        upload = form.file.data
        if upload is not None and getattr(upload, "filename", ""):
            data = upload.read(MAX_CHARS * 4 + 1)
            decoded = decode_upload(data) if len(data) <= MAX_CHARS * 4 else None
            if decoded is None:
                form.file.errors.append(_("Dita reads CSV files saved as UTF-8 text (in a spreadsheet: "
                                          "“CSV UTF-8”), of at most 1 MB."))
            else:
                source = decoded
        if not form.file.errors:
            source = source.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
            table = read_table(source, event)
            form.table.data = source
            confirmed = "confirm" in request.form and form.checked.data == fingerprint(source)
            if "confirm" in request.form and not confirmed:
                table.notes.append(_("The table changed since the preview: check it below and add the people again."))
            if confirmed and not table.has_errors:
                made, lost = save_or_conflict(lambda: create_people(event, table) or None)
                if made is not None:
                    flash(ngettext("%(num)d person was added to the event.", "%(num)d people were added to the event.",
                                   len(made)), "success")
                    return redirect(url_for("manage.people"))
                if lost:  # someone added one of these people meanwhile: the table shows which
                    flash(conflict_message(), "error")
                    table = read_table(source, event)
            form.checked.data = fingerprint(source)
    return render_template("manage/people_import.html", event=event, form=form, table=table,
                           GENDER_LABELS=GENDER_LABELS)

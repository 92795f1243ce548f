"""A session's list of speakers: inscribe, edit, reorder, order by precedence, remove.

Everything here edits the working copy; the public sees the list as the last publish released it.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.form_tokens import guard
from app.i18n import use_timezone
from app.labels import InLanguage
from app.manage.blueprint import bp, current_event
from app.manage.forms import ConfirmForm
from app.manage.queries import event_people
from app.manage.room_routes import direction, version_is_stale
from app.manage.services import move, text
from app.manage.speaker_forms import ListStateForm, SpeakerEntryForm
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, in_event, save_or_conflict
from app.models import Event, Person, Session, utcnow
from app.models.speakers import EntryStatus, RepresentationLevel, SpeakerEntry
from app.speakers import ENTRY_STATUS_LABELS, LEVEL_LABELS, expected_times, listed, ordered_by_precedence


@bp.record_once
def _template_helpers(state) -> None:
    """What the public session page, the exports and the PDF use to show a list (they may read a
    released list or a working copy: both go through app.speakers)."""
    state.app.jinja_env.globals.update(
        speakers_listed=listed, SPEAKER_LEVELS=InLanguage(LEVEL_LABELS),
        SPEAKER_STATUSES=InLanguage(ENTRY_STATUS_LABELS),
    )


def speaker_name(entry) -> str:
    """How an entry is named in the organizer's pages and messages: the person, else the delegation."""
    return entry.person.display_name if entry.person is not None else entry.on_behalf_of


def _session_with_list(session_id: int) -> Session:
    """The event's session with its list and the list's people, in a fixed number of queries."""
    in_event(Session, session_id)
    return db.session.execute(
        sa.select(Session).where(Session.id == session_id)
        .options(selectinload(Session.speaker_entries).selectinload(SpeakerEntry.person))
        .execution_options(populate_existing=True)
    ).scalar_one()


def _entry(session: Session, entry_id: int) -> SpeakerEntry | None:
    """The entry of this session's list, or None when it is gone (removed by someone else meanwhile)."""
    entry = db.session.get(SpeakerEntry, entry_id)
    if entry is None:
        return None
    if entry.session_id != session.id:
        abort(404)
    return entry


def list_state(entries) -> str:
    """The list as shown: each entry's id and version, in order."""
    return ",".join(f"{e.id}:{e.version}" for e in entries)


def _people_choices(form: SpeakerEntryForm, event: Event) -> dict[int, Person]:
    people = event_people(event)
    form.person.choices = [SelectChoice(0, _("— No person: the delegation only —")),
                           *(SelectChoice(p.id, p.display_name) for p in people)]
    return {p.id: p for p in people}


def _fill(entry: SpeakerEntry, form: SpeakerEntryForm, people: dict[int, Person]) -> None:
    entry.person = people.get(form.person.data or 0)
    entry.on_behalf_of = text(form.on_behalf_of.data)
    entry.level = RepresentationLevel(form.level.data)
    entry.minutes = form.minutes.data
    entry.status = EntryStatus(form.status.data)


def _render(session: Session, form: SpeakerEntryForm, status: int = 200):
    event = current_event()
    entries = session.speaker_entries
    slots = {slot.entry.id: slot for slot in expected_times(session, entries, event.statement_minutes)}
    page = render_template(
        "manage/speakers.html", event=event, session=session, entries=entries, slots=slots, form=form,
        state=ListStateForm(formdata=None, shown=list_state(entries)), confirm=ConfirmForm(),
        level_labels=LEVEL_LABELS, status_labels=ENTRY_STATUS_LABELS, speaker_name=speaker_name,
    )
    return page, status


@bp.route("/<slug>/sessions/<int:session_id>/speakers", methods=["GET", "POST"])
def speakers(session_id: int):
    """The list of speakers with expected times, and the form that inscribes a speaker at its end."""
    event = current_event()
    use_timezone(event.timezone)
    session = _session_with_list(session_id)
    form = SpeakerEntryForm()
    people = _people_choices(form, event)
    if form.validate_on_submit():
        person = people.get(form.person.data or 0)

        def save() -> SpeakerEntry | None:
            last = max((e.position for e in session.speaker_entries), default=-1)
            entry = SpeakerEntry(position=last + 1, inscribed_at=utcnow())
            _fill(entry, form, people)
            session.speaker_entries.append(entry)
            db.session.flush()
            return entry

        back = url_for("manage.speakers", session_id=session.id)
        saved, lost = save_or_conflict(guard(form, save, lambda entry: back))
        if saved is not None:
            flash(_("%(name)s was added to the list of speakers.",
                    name=person.display_name if person else text(form.on_behalf_of.data)), "success")
            return redirect(back)
        flash(conflict_message(), "error")
        session = _session_with_list(session_id)
        people = _people_choices(form, event)
    elif form.is_submitted():
        return _render(session, form, 400)
    return _render(session, form)


@bp.route("/<slug>/sessions/<int:session_id>/speakers/<int:entry_id>", methods=["GET", "POST"])
def edit_speaker(session_id: int, entry_id: int):
    """Change an entry; a save based on an older version of it is refused, nothing saved."""
    event = current_event()
    use_timezone(event.timezone)
    session = _session_with_list(session_id)
    back = url_for("manage.speakers", session_id=session.id)
    entry = _entry(session, entry_id)
    if entry is None:
        flash(conflict_message(), "error")
        return redirect(back)
    form = SpeakerEntryForm(obj=None if request.method == "POST" else entry)
    people = _people_choices(form, event)
    if request.method == "GET":
        form.person.data = entry.person_id or 0
        form.level.data = entry.level.value
        form.status.data = entry.status.value
        form.version.data = str(entry.version)
    status = 200
    if form.validate_on_submit():
        if form.version_number() != entry.version:
            flash(conflict_message(), "error")
            status = 409
        else:
            def save() -> SpeakerEntry:
                _fill(entry, form, people)
                db.session.flush()
                return entry

            saved, lost = save_or_conflict(save)
            if saved is not None:
                flash(_("The entry was saved."), "success")
                return redirect(back)
            flash(conflict_message(), "error")
            status = 409
    elif form.is_submitted():
        status = 400
    return render_template("manage/speakers.html", event=event, session=session, entry=entry, form=form,
                           speaker_name=speaker_name), status


@bp.route("/<slug>/sessions/<int:session_id>/speakers/<int:entry_id>/remove", methods=["GET", "POST"])
def remove_speaker(session_id: int, entry_id: int):
    """Take an entry off the list, after confirmation."""
    session = in_event(Session, session_id)
    back = url_for("manage.speakers", session_id=session.id)
    entry = _entry(session, entry_id)
    if entry is None:
        flash(_("This entry is no longer on the list; nothing was changed."), "error")
        return redirect(back)
    name = speaker_name(entry)

    def remove():
        if version_is_stale(entry):
            flash(conflict_message(), "error")
            return redirect(back)
        db.session.delete(entry)
        if commit_or_conflict():
            flash(_("%(name)s was taken off the list of speakers.", name=name), "success")
        else:
            flash(conflict_message(), "error")
        return redirect(back)

    return confirm_then(remove, title=_("Take this speaker off the list?"),
                        message=_("%(name)s will be taken off the list of speakers of “%(title)s”.",
                                  name=name, title=session.title),
                        button=_("Take off the list"), cancel=back)


@bp.route("/<slug>/sessions/<int:session_id>/speakers/<int:entry_id>/move", methods=["POST"])
def move_speaker(session_id: int, entry_id: int):
    """Move an entry one place up or down."""
    session = _session_with_list(session_id)
    if ConfirmForm().validate_on_submit():
        way = direction()
        entry = _entry(session, entry_id)
        if entry is None or version_is_stale(entry):
            flash(conflict_message(), "error")
        else:
            move(session.speaker_entries, entry, way)
            if not commit_or_conflict():
                flash(conflict_message(), "error")
    return redirect(url_for("manage.speakers", session_id=session_id))


@bp.route("/<slug>/sessions/<int:session_id>/speakers/precedence", methods=["POST"])
def order_speakers(session_id: int):
    """Put the list in UN order: those who have spoken stay first, in their order; the others follow by
    level of representation, then order of request. Refused if the list changed since it was shown."""
    session = _session_with_list(session_id)
    back = url_for("manage.speakers", session_id=session.id)
    form = ListStateForm()
    if not form.validate_on_submit():
        abort(400)
    entries = list(session.speaker_entries)
    if form.shown.data != list_state(entries):
        flash(conflict_message(), "error")
        return redirect(back)
    spoken = [e for e in entries if e.status == EntryStatus.SPOKEN]
    ordered = spoken + ordered_by_precedence(e for e in entries if e.status != EntryStatus.SPOKEN)
    for position, entry in enumerate(ordered):
        entry.position = position
    if commit_or_conflict():
        flash(_("The list is in order of precedence."), "success")
    else:
        flash(conflict_message(), "error")
    return redirect(back)

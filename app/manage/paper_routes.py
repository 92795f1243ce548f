"""Papers of a session: title, kind, a file per language or an external link; downloads for organizers."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.form_tokens import guard
from app.i18n import language_name
from app.manage.blueprint import bp, current_event
from app.manage.forms import ConfirmForm, PaperFileForm, PaperForm
from app.manage.room_routes import version_is_stale
from app.manage.services import LOST_RACE, changed_fields, is_stale, move, paper_values, stored_now, text
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, in_event, save_or_conflict
from app.models import Event, Paper, PaperFile, PaperKind, Session, SpeakerEntry
from app.papers import UploadRefused, check_upload, store_paper_file
from app.storage import FileChanges, get_storage


def _paper(event: Event, session_id: int, paper_id: int) -> Paper:
    """The paper of this session of the event, or 404."""
    paper = db.session.get(Paper, paper_id)
    if paper is None or paper.session_id != in_event(Session, session_id).id:
        abort(404)
    return paper


def _session_url(event: Event, session_id: int) -> str:
    return url_for("manage.session", slug=event.slug, session_id=session_id)


def entry_label(number: int, entry: SpeakerEntry) -> str:
    """How a list of speakers' entry is named in a choice: its place, the speaker, whom they speak for."""
    names = [name for name in (entry.person.display_name if entry.person else "", entry.on_behalf_of) if name]
    return f"{number}. {' · '.join(names)}"


def _entry_choices(form: PaperForm, session: Session) -> None:
    form.speaker_entry.choices = [SelectChoice(0, _("Not a statement of the list of speakers"))] + [
        SelectChoice(entry.id, entry_label(n, entry)) for n, entry in enumerate(session.speaker_entries, start=1)
    ]


def _file_form(event: Event) -> PaperFileForm:
    form = PaperFileForm()
    form.lang.choices = [SelectChoice(code, language_name(code)) for code in event.offered_languages]
    return form


@bp.route("/<slug>/sessions/<int:session_id>/papers/new", methods=["GET", "POST"])
@bp.route("/<slug>/sessions/<int:session_id>/papers/<int:paper_id>", methods=["GET", "POST"])
def edit_paper(session_id: int, paper_id: int | None = None):
    """Add a paper or change its title, kind or link; the page also holds its files."""
    event = current_event()
    paper = _paper(event, session_id, paper_id) if paper_id is not None else None
    session = paper.session if paper is not None else in_event(Session, session_id)
    form = PaperForm(obj=paper)
    if not isinstance(form.speaker_entry.data, int):  # filled from the paper's relationship, or not sent
        form.speaker_entry.data = paper.speaker_entry_id or 0 if paper is not None else 0
    _entry_choices(form, session)
    stale: list | None = []
    if form.validate_on_submit():
        if paper is not None and is_stale(paper, form):
            stale = changed_fields(form, paper_values(paper)) or [(_("Version"), paper.version)]
        else:
            def paper_page(made: Paper) -> str:
                return url_for("manage.edit_paper", session_id=session_id, paper_id=made.id)

            saved, lost = save_or_conflict(
                (lambda: _save_paper(session, paper, form)) if paper is not None
                else guard(form, lambda: _save_paper(session, None, form), paper_page))
            if saved is not None:
                flash(_("The paper was saved."), "success")
                return redirect(url_for("manage.edit_paper", slug=event.slug, session_id=session_id, paper_id=saved.id))
            stale = stored_now(paper, paper_values, form) if lost else []
            if stale is None:
                db.session.rollback()
                flash(conflict_message(), "error")
                return redirect(_session_url(event, session_id))
    return render_template("manage/paper_form.html", event=event, session=session, paper=paper, form=form,
                           file_form=_file_form(event), confirm=ConfirmForm(), stale=stale)


def _save_paper(session: Session, paper: Paper | None, form: PaperForm) -> Paper | None:
    """Fill a paper from its form; None (a message beside the field, nothing changed) when the entry
    on the list of speakers does not fit."""
    kind = PaperKind(form.kind.data)
    entry_id = form.speaker_entry.data or None
    if entry_id is not None:
        if entry_id not in {entry.id for entry in session.speaker_entries}:
            form.speaker_entry.errors.append(_("Choose an entry of this session’s list of speakers."))
            return None
        if kind != PaperKind.STATEMENT:
            form.speaker_entry.errors.append(_("Only a statement is made at an entry of the list of speakers."))
            return None
    if paper is None:
        paper = Paper(session=session, position=len(session.papers))
        db.session.add(paper)
    paper.title = text(form.title.data)
    paper.kind = kind
    paper.external_url = form.external_url.data or None
    paper.speaker_entry_id = entry_id
    return paper


@bp.route("/<slug>/sessions/<int:session_id>/papers/<int:paper_id>/files", methods=["POST"])
def upload_paper_file(session_id: int, paper_id: int):
    """Store (or replace) one language's file, checked by content; never left half-done."""
    event = current_event()
    paper = _paper(event, session_id, paper_id)
    form = _file_form(event)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("manage.edit_paper", slug=event.slug, session_id=session_id, paper_id=paper.id))
    try:
        checked = check_upload(form.file.data.stream, form.file.data.filename or "")
    except UploadRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("manage.edit_paper", slug=event.slug, session_id=session_id, paper_id=paper.id))
    changes = FileChanges(get_storage())
    old = paper.file_for(form.lang.data)
    if old is not None:
        changes.delete_after_commit(old.storage_key)
        paper.files.remove(old)
        db.session.flush()
    store_paper_file(changes, paper, form.lang.data, checked)
    if not _commit(changes):
        return redirect(url_for("manage.edit_paper", slug=event.slug, session_id=session_id, paper_id=paper_id))
    flash(_("The %(language)s file was saved.", language=language_name(form.lang.data)), "success")
    return redirect(url_for("manage.edit_paper", slug=event.slug, session_id=session_id, paper_id=paper.id))


def _commit(changes: FileChanges) -> bool:
    """Commit with the files; False (nothing kept, the organizer told) when someone else saved first."""
    try:
        changes.commit(db.session)
    except LOST_RACE:
        flash(conflict_message(), "error")
        return False
    return True


def _paper_file(paper: Paper, lang: str) -> PaperFile:
    found = paper.file_for(lang)
    if found is None:
        abort(404)
    return found


@bp.route("/<slug>/sessions/<int:session_id>/papers/<int:paper_id>/files/<lang:lang>")
def download_paper_file(session_id: int, paper_id: int, lang: str):
    """Download one language's file of a paper."""
    event = current_event()
    found = _paper_file(_paper(event, session_id, paper_id), lang)
    storage = get_storage()
    if not storage.exists(found.storage_key):
        abort(404)
    return send_file(storage.path(found.storage_key), mimetype=found.mimetype, as_attachment=True,
                     download_name=found.filename)


@bp.route("/<slug>/sessions/<int:session_id>/papers/<int:paper_id>/files/<lang:lang>/delete", methods=["GET", "POST"])
def delete_paper_file(session_id: int, paper_id: int, lang: str):
    """Delete one language's file after confirmation; the stored file goes once the database agrees."""
    event = current_event()
    paper = _paper(event, session_id, paper_id)
    found = _paper_file(paper, lang)
    back = url_for("manage.edit_paper", slug=event.slug, session_id=session_id, paper_id=paper.id)

    def delete():
        changes = FileChanges(get_storage())
        changes.delete_after_commit(found.storage_key)
        paper.files.remove(found)
        if _commit(changes):
            flash(_("The file was deleted."), "success")
        return redirect(back)

    return confirm_then(
        delete, title=_("Delete this file?"),
        message=_("The %(language)s file “%(name)s” will be deleted.", language=language_name(lang),
                  name=found.filename),
        button=_("Delete the file"), cancel=back,
    )


@bp.route("/<slug>/sessions/<int:session_id>/papers/<int:paper_id>/move", methods=["POST"])
def move_paper(session_id: int, paper_id: int):
    """Move a paper one place up or down in its session."""
    event = current_event()
    paper = _paper(event, session_id, paper_id)
    direction = request.form.get("direction")
    if ConfirmForm().validate_on_submit() and direction in ("up", "down"):
        if version_is_stale(paper):
            flash(conflict_message(), "error")
        else:
            move(paper.session.papers, paper, direction)
            if not commit_or_conflict():
                flash(conflict_message(), "error")
    return redirect(_session_url(event, session_id))


@bp.route("/<slug>/sessions/<int:session_id>/papers/<int:paper_id>/delete", methods=["GET", "POST"])
def delete_paper(session_id: int, paper_id: int):
    """Delete a paper and its files after confirmation."""
    event = current_event()
    paper = _paper(event, session_id, paper_id)

    def delete():
        changes = FileChanges(get_storage())
        for f in paper.files:
            changes.delete_after_commit(f.storage_key)
        db.session.delete(paper)
        if _commit(changes):
            flash(_("The paper was deleted."), "success")
        return redirect(_session_url(event, session_id))

    return confirm_then(
        delete, title=_("Delete this paper?"),
        message=_("“%(title)s” and all of its files will be deleted.", title=paper.title),
        button=_("Delete the paper"), cancel=_session_url(event, session_id),
    )

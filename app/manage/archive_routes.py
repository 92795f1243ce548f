"""An event as one archive: download it, or upload one to create a new draft event."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import can_create_events
from app.extensions import db
from app.form_tokens import AlreadySent, claim, record, token_of
from app.manage.archive import ArchiveError, export_zip, import_zip
from app.manage.blueprint import bp, current_event
from app.manage.forms import ImportForm


@bp.route("/<slug>/export.zip")
def export_event():
    """Download the event with its paper files as one ZIP archive."""
    event = current_event()
    return Response(
        export_zip(event), mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}.zip"'},
    )


@bp.route("/import", methods=["GET", "POST"])
def import_event():
    """Create a new draft event from an archive; a broken archive changes nothing and says why."""
    if not can_create_events(current_user):
        abort(403)
    form = ImportForm()
    if form.validate_on_submit():
        if not claim(form):  # the same upload sent again: the first one imported it
            db.session.rollback()
            raise AlreadySent(token_of(form))
        try:
            event = import_zip(form.archive.data.read(), current_user)
        except ArchiveError as refused:
            form.archive.errors.append(str(refused))
        else:
            record(form, url_for("manage.event", slug=event.slug))
            db.session.commit()
            flash(_("“%(title)s” was imported as a draft.", title=event.title), "success")
            return redirect(url_for("manage.event", slug=event.slug))
    return render_template("manage/import.html", form=form)

"""The static copy of an event's public site, downloaded by its owners as one ZIP file."""
from __future__ import annotations

from flask import Response, flash, redirect, url_for
from flask_babel import gettext as _

from app.exports.site import NotPublished, SiteError, build_site
from app.manage.blueprint import bp, current_event, owners_only
from app.manage.forms import ConfirmForm


@bp.route("/<slug>/site.zip", methods=["POST"])
@owners_only
def export_site():
    """Every public page and export of the released agenda, in every offered language, with relative
    links (app.exports.site); it takes some seconds for a large event."""
    event = current_event()
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("Your form expired or was sent from another site. Please reload the page and try again."), "error")
        return redirect(url_for("manage.event", slug=event.slug))
    if not event.is_published:
        flash(_("Publish the event first: the static copy holds the published agenda."), "error")
        return redirect(url_for("manage.event", slug=event.slug))
    try:
        site = build_site(event.slug)
    except NotPublished:
        flash(_("Publish the event first: the static copy holds the published agenda."), "error")
        return redirect(url_for("manage.event", slug=event.slug))
    except SiteError:
        flash(_("The event is too large for a static copy; the command line can write one."), "error")
        return redirect(url_for("manage.event", slug=event.slug))
    return Response(site.zip_bytes(), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{event.slug}-site.zip"',
                             "Cache-Control": "private, no-store"})

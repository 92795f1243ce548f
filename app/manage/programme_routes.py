"""An event's programme (app/models/programme.py): the organizer links related events they also manage —
a hearing before, side events, municipal events — and removes them. The public programme page shows
those that are published (public.programme)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from app.auth.permissions import can_manage, events_for_manager
from app.extensions import db
from app.forms import FlaskForm
from app.manage.blueprint import bp, current_event
from app.manage.views import commit_or_conflict, confirm_then, conflict_message, in_event
from app.models import Event
from app.models.programme import EventLink, ProgrammeRelation

#: What each relation is called, on the organizer's page and the public programme page.
RELATION_LABELS = {
    ProgrammeRelation.HEARING: _l("Hearing"),
    ProgrammeRelation.SIDE_EVENT: _l("Side event"),
    ProgrammeRelation.MUNICIPAL: _l("Municipal event"),
    ProgrammeRelation.RELATED: _l("Related event"),
}
bp.record_once(lambda state: state.app.jinja_env.globals.update(PROGRAMME_RELATIONS=RELATION_LABELS))


class ProgrammeLinkForm(FlaskForm):
    related_event = SelectField(_l("Related event"), coerce=int, validate_choice=False,
                                validators=[DataRequired(_l("Choose one of your events."))])
    relation = SelectField(_l("Its part in the programme"), default=ProgrammeRelation.RELATED.value,
                           choices=[SelectChoice(r.value, label) for r, label in RELATION_LABELS.items()])


def _links(event: Event) -> list[EventLink]:
    return list(db.session.scalars(
        sa.select(EventLink).where(EventLink.event_id == event.id)
        .options(selectinload(EventLink.related_event)).order_by(EventLink.position, EventLink.id)))


@bp.app_template_global()
def programme_section(event: Event) -> dict:
    """The event's related events and the organizer's other events that may join them (two queries)."""
    links = _links(event)
    taken = {link.related_event_id for link in links} | {event.id}
    candidates = [e for e in db.session.scalars(
        events_for_manager(current_user).order_by(Event.start_date, Event.title, Event.id)) if e.id not in taken]
    form = ProgrammeLinkForm()
    form.related_event.choices = [SelectChoice(e.id, f"{e.title} ({e.start_date.isoformat()})") for e in candidates]
    return {"links": links, "form": form}


@bp.route("/<slug>/programme", methods=["POST"])
def add_programme_link():
    """Link one of the organizer's other events to this event's programme."""
    event = current_event()
    form = ProgrammeLinkForm()
    back = redirect(url_for("manage.event", slug=event.slug) + "#programme")
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors) or _("Choose one of your events."),
              "error")
        return back
    related = db.session.get(Event, form.related_event.data)
    if related is None or not can_manage(current_user, related):
        flash(_("Choose one of your events."), "error")
        return back
    if related.id == event.id:
        flash(_("An event cannot be part of its own programme."), "error")
        return back
    links = _links(event)
    if any(link.related_event_id == related.id for link in links):
        flash(_("This event is in the programme already."), "success")
        return back
    db.session.add(EventLink(event_id=event.id, related_event_id=related.id,
                             relation=ProgrammeRelation(form.relation.data),
                             position=max((link.position for link in links), default=0) + 1))
    if commit_or_conflict():
        flash(_("The event was added to the programme. The public sees it once it is published."), "success")
    else:
        flash(conflict_message(), "error")
    return back


@bp.route("/<slug>/programme/<int:event_link_id>/remove", methods=["GET", "POST"])
def remove_programme_link(event_link_id: int):
    """Take a related event out of the programme (the event itself stays), after confirming."""
    event = current_event()
    link = in_event(EventLink, event_link_id)
    back = url_for("manage.event", slug=event.slug) + "#programme"

    def remove():
        db.session.delete(link)
        if commit_or_conflict():
            flash(_("The event was taken out of the programme."), "success")
        else:
            flash(conflict_message(), "error")
        return redirect(back)

    return confirm_then(
        remove, title=_("Take %(title)s out of the programme?", title=link.related_event.title),
        message=_("The event itself stays as it is; only its link to this event’s programme is removed."),
        button=_("Take it out"), cancel=back)

"""The chair's view of a list of speakers on the day: who has the floor, a clock against the allotment,
the next three, and one tap to move the list on.

It follows the RELEASED list (what the public sees); its progress is stored outside the release
(app/models/live.py) and public pages show it at once. Every step is a plain POST form with its
CSRF token and the step counter the page was showing: a tap sent for a state that has moved on
meanwhile (another phone, a double tap) is refused and the page shows where the list stands. With
JavaScript (app/static/js/chair.js) the clock runs and the buttons post without reloading.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms import IntegerField, StringField
from wtforms.validators import AnyOf, InputRequired, NumberRange

from app import live
from app.content import ContentTranslator
from app.extensions import db
from app.forms import FlaskForm
from app.i18n import current_language, use_timezone
from app.manage.blueprint import bp, current_event
from app.manage.views import commit_or_conflict, conflict_message, in_event
from app.models import Session, utcnow
from app.public.agenda import AgendaEvent, AgendaSession, load_published
from app.public.queries import OUTLINE

#: How many speakers after the current one the chair sees.
NEXT_SHOWN = 3
#: Without JavaScript the chair's page reloads itself this often (seconds).
CHAIR_REFRESH = 15


class ChairStepForm(FlaskForm):
    """One tap of the chair: what to do, and the step counter of the state it was sent for."""

    #: Not "action": a field of that name would hide the form's own action from scripts.
    move = StringField(validators=[InputRequired(), AnyOf(tuple(live.STEPS))])
    seen = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=2**31 - 1)])


def released_session(event_slug: str, session_id: int) -> tuple[AgendaEvent | None, AgendaSession | None]:
    """The published event and this session as its last release has them (None, None when unpublished)."""
    agenda = load_published(event_slug)
    if agenda is None:
        return None, None
    return agenda, next((s for s in agenda.sessions if s.id == session_id), None)


def _chair_url(session_id: int) -> str:
    return url_for("manage.chair", session_id=session_id)


@bp.route("/<slug>/sessions/<int:session_id>/chair")
def chair(session_id: int):
    """The chair's view: large type, for a phone on the podium."""
    event = current_event()
    session = in_event(Session, session_id)
    use_timezone(event.timezone)
    agenda, released = released_session(event.slug, session_id)
    state = tr = None
    if agenda is not None and released is not None and released.speaker_entries:
        progress = live.progress_of([session_id]).get(session_id)
        state = live.state_of(released.speaker_entries, session_id, progress, agenda.statement_minutes, utcnow())
        # Names as the public reads them in the chair's language: the delegations translated.
        tr = ContentTranslator(agenda, current_language(), skip=OUTLINE)
    return render_template(
        "manage/chair.html", event=event, session=session, released=released, published=agenda is not None,
        state=state, coming=state.upcoming[:NEXT_SHOWN] if state else [], form=ChairStepForm(formdata=None),
        refresh=CHAIR_REFRESH, public_id=session.public_id, tr=tr,
        default_minutes=agenda.statement_minutes if agenda is not None else event.statement_minutes,
    )


@bp.route("/<slug>/sessions/<int:session_id>/chair", methods=["POST"])
def chair_step(session_id: int):
    """One step of the list (start, next, back, pause, resume); then back to the chair's view."""
    event = current_event()
    in_event(Session, session_id)
    form = ChairStepForm()
    back_to = redirect(_chair_url(session_id), code=303)
    if not form.validate_on_submit():
        flash(_("The list could not be moved on from this page. Here is where it stands now."), "error")
        return back_to
    agenda, released = released_session(event.slug, session_id)
    if agenda is None or released is None or not released.speaker_entries:
        flash(_("This session has no published list of speakers."), "error")
        return back_to
    now = utcnow()
    progress = live.progress_for(session_id, event.id)
    state = live.state_of(released.speaker_entries, session_id, progress, agenda.statement_minutes, now)
    if form.seen.data != state.step:
        db.session.rollback()
        flash(_("The list had already moved on (from another device?): nothing was changed. "
                "Here is where it stands now."), "error")
        return back_to
    if not live.STEPS[form.move.data](progress, state, now):
        db.session.rollback()
        return back_to
    if not commit_or_conflict():
        flash(conflict_message(), "error")
    return back_to

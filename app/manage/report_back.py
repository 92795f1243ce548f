"""Report-back: a roundtable's summary is presented at a (closing) plenary by one of its co-chairs or
its rapporteur, as at the UN High-level Dialogues. The session form names the plenary and the presenter."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.i18n import format_day, format_time
from app.manage.services import person_label
from app.models import Event, ParticipationRole, Person, Session, SessionFormat

#: The formats whose summary is presented at a plenary.
REPORTING_FORMATS = frozenset({SessionFormat.ROUNDTABLE, SessionFormat.INTERACTIVE_PANEL, SessionFormat.HEARING})
#: Who may present a session's summary: its chair or co-chairs, or its rapporteur.
PRESENTER_ROLES = frozenset({ParticipationRole.CHAIR, ParticipationRole.CO_CHAIR, ParticipationRole.RAPPORTEUR})


def _plenaries(event: Event, session: Session | None) -> list[Session]:
    """The event's plenary meetings a session may report back to, in the agenda's order (one query)."""
    statement = (sa.select(Session).where(Session.event_id == event.id, Session.format == SessionFormat.PLENARY)
                 .order_by(Session.starts_at, Session.id))
    if session is not None and session.id is not None:
        statement = statement.where(Session.id != session.id)
    return list(db.session.scalars(statement))


def report_back_choices(form, event: Event, session: Session | None, people: list[Person]) -> None:
    """The plenaries and the people the form offers (times in the zone the request uses: the event's);
    the presenter is checked against the session's roles on saving."""
    form.report_back_session.choices = [SelectChoice(0, _("Does not report back"))] + [
        SelectChoice(p.id, f"{_('%(day)s, %(time)s', day=format_day(p.starts_at), time=format_time(p.starts_at))}"
                           f" · {p.title}")
        for p in _plenaries(event, session)
    ]
    form.report_back_person.choices = [SelectChoice(0, "—")] + [SelectChoice(p.id, person_label(p)) for p in people]


def fill_report_back(form, session: Session) -> None:
    form.report_back_session.data = session.report_back_session_id or 0
    form.report_back_person.data = session.report_back_person_id or 0


def apply_report_back(event: Event, session: Session, form) -> bool:
    """Set where the saved session reports back and who presents it; False (with a message beside the
    field, nothing set) when the plenary or the presenter does not fit."""
    target_id, person_id = form.report_back_session.data or 0, form.report_back_person.data or 0
    if not target_id:
        if person_id:
            form.report_back_person.errors.append(_("Choose the plenary where the summary is presented first."))
            return False
        session.report_back_session_id = session.report_back_person_id = None
        return True
    if session.format not in REPORTING_FORMATS:
        form.report_back_session.errors.append(
            _("Only roundtables, interactive panels and hearings report back to a plenary."))
        return False
    target = db.session.get(Session, target_id)
    if target is None or target.event_id != event.id or target.format != SessionFormat.PLENARY or target is session:
        form.report_back_session.errors.append(_("Choose a plenary meeting of this event."))
        return False
    if target.starts_at < session.ends_at:
        form.report_back_session.errors.append(_("The plenary must begin after this session ends."))
        return False
    if person_id:
        presenters = {part.person.id if part.person is not None else part.person_id
                      for part in session.participations if part.role in PRESENTER_ROLES}
        if person_id not in presenters:
            form.report_back_person.errors.append(
                _("The summary is presented by one of the session’s co-chairs or its rapporteur."))
            return False
    session.report_back_session_id = target.id
    session.report_back_person_id = person_id or None
    return True

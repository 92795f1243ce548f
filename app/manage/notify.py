"""Telling people about a release: each person of the event with an e-mail address gets, in their
own language, their sessions (role, day, time, room) as the release shows them, what changed for
them since the release before, and a calendar file of their sessions.

Nothing is sent unless the organizer asks on the page: it lists who would be told (those whose
sessions changed are preselected), with their addresses. Each mail sent is recorded on the
release (ReleaseNotification), whether the SMTP server took it or not.

The page costs a fixed number of queries whatever the number of people: the release's agenda,
the previous release, the people with an address, the records; sending adds one translation
query per language of the recipients.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.dates import format_date, format_time
from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app import records
from app.content import ContentTranslator
from app.exports import ics
from app.extensions import db
from app.labels import FORMAT_NAMES, ROLE_NAMES
from app.languages import LANGUAGES, babel_locale
from app.mail import Attachment, Outgoing, mail_configured, send_mails
from app.manage.blueprint import bp, current_event
from app.manage.releases import current_release
from app.models import Event, ParticipationRole, Person, Release, ReleaseNotification, utcnow
from app.public.agenda import AgendaEvent, AgendaSession, agenda_from_record

#: Changes for one person, by kind (see `describe`).
ADDED, REMOVED, ROLE, MOVED, ROOM, RETITLED = "added", "removed", "role", "moved", "room", "retitled"


@dataclass
class PersonChange:
    kind: str
    session: AgendaSession
    #: The session as the previous release showed it (moved, room, retitled, role, removed).
    before: AgendaSession | None = None
    roles: list[ParticipationRole] = field(default_factory=list)
    old_roles: list[ParticipationRole] = field(default_factory=list)


@dataclass
class Recipient:
    person: Person
    #: The person's sessions in the release, each with their roles in it.
    sessions: list[tuple[AgendaSession, list[ParticipationRole]]]
    changes: list[PersonChange]
    #: Told by default: their sessions changed (or this is the first release).
    affected: bool
    #: The language of their mail.
    language: str


def mail_language(person: Person, event: Event) -> str:
    """The person's language, else the event's source language, else English: one the interface speaks."""
    for code in (person.language, event.source_language):
        if code in LANGUAGES:
            return code
    return "en"


def _agenda(release: Release) -> AgendaEvent | None:
    if release.snapshot.get("format") != records.RELEASE_FORMAT:
        return None
    return agenda_from_record(release.listing, release.snapshot, release.event.status, release.number,
                              release.published_at, bios=False)


def _roles_by_person(agenda: AgendaEvent | None) -> dict[int, dict[str, tuple[AgendaSession, list]]]:
    """person id → session public id → (session, the person's roles in it)."""
    found: dict[int, dict[str, tuple[AgendaSession, list]]] = defaultdict(dict)
    for session in agenda.sessions if agenda is not None else ():
        for part in session.participations:
            entry = found[part.person_id].setdefault(session.public_id, (session, []))
            entry[1].append(part.role)
    return found


def person_changes(new: dict[str, tuple[AgendaSession, list]], old: dict[str, tuple[AgendaSession, list]]
                   ) -> list[PersonChange]:
    """What changed for one person between two releases."""
    changes = []
    for public_id, (session, roles) in new.items():
        if public_id not in old:
            changes.append(PersonChange(ADDED, session, roles=roles))
            continue
        before, old_roles = old[public_id]
        if sorted(roles) != sorted(old_roles):
            changes.append(PersonChange(ROLE, session, before, roles=roles, old_roles=old_roles))
        if (before.starts_at, before.ends_at) != (session.starts_at, session.ends_at):
            changes.append(PersonChange(MOVED, session, before))
        if (before.room.name if before.room else None) != (session.room.name if session.room else None):
            changes.append(PersonChange(ROOM, session, before))
        if before.title != session.title:
            changes.append(PersonChange(RETITLED, session, before))
    for public_id, (before, old_roles) in old.items():
        if public_id not in new:
            changes.append(PersonChange(REMOVED, before, before, old_roles=old_roles))
    return changes


@dataclass
class Plan:
    release: Release
    agenda: AgendaEvent
    recipients: list[Recipient]
    #: People in the release (or the one before) without an address.
    unreachable: list[Person]


def plan(event: Event, release: Release) -> Plan | None:
    """Who could be told about this release and what each would be told; None for an old-format release."""
    agenda = _agenda(release)
    if agenda is None:
        return None
    previous = next((r for r in event.releases if r.number < release.number), None)
    before = _roles_by_person(_agenda(previous)) if previous is not None else {}
    now = _roles_by_person(agenda)
    ids = set(now) | set(before)
    people = db.session.scalars(
        sa.select(Person).where(Person.event_id == event.id, Person.id.in_(ids)).order_by(Person.name, Person.id)
    ).all() if ids else []
    recipients, unreachable = [], []
    for person in people:
        if not person.email:
            unreachable.append(person)
            continue
        mine = now.get(person.id, {})
        changes = person_changes(mine, before.get(person.id, {})) if previous is not None else []
        recipients.append(Recipient(person, list(mine.values()), changes,
                                    affected=previous is None or bool(changes), language=mail_language(person, event)))
    return Plan(release, agenda, recipients, unreachable)


class MailWriter:
    """The mails of one language: the interface's words and the content's translations in it."""

    def __init__(self, agenda: AgendaEvent, lang: str):
        self.agenda, self.lang = agenda, lang
        self.tr = ContentTranslator(agenda, lang)
        self.locale = babel_locale(lang)
        self.zone = ZoneInfo(agenda.timezone)

    def when(self, session: AgendaSession) -> str:
        start, end = session.starts_at.astimezone(self.zone), session.ends_at.astimezone(self.zone)
        day = format_date(start.date(), "full", locale=self.locale)
        return _("%(day)s, %(start)s–%(end)s", day=day, start=format_time(start, "HH:mm", locale=self.locale),
                 end=format_time(end, "HH:mm", locale=self.locale))

    def title(self, session: AgendaSession) -> str:
        return str(self.tr(session, "title"))

    def room(self, session: AgendaSession) -> str:
        return str(self.tr(session.room, "name")) if session.room else _("no room")

    def roles(self, roles: list[ParticipationRole]) -> str:
        names = ROLE_NAMES.current()
        return ", ".join(names[role] for role in roles)

    def describe(self, change: PersonChange) -> str:
        s, before = change.session, change.before
        title = self.title(s)
        if change.kind == ADDED:
            return _("New for you: %(role)s in “%(title)s”, %(when)s, %(room)s.", role=self.roles(change.roles),
                     title=title, when=self.when(s), room=self.room(s))
        if change.kind == REMOVED:
            return _("You no longer take part in “%(title)s” (it was %(when)s).", title=title, when=self.when(s))
        assert before is not None
        if change.kind == ROLE:
            return _("In “%(title)s” you are now %(role)s (before: %(old)s).", title=title,
                     role=self.roles(change.roles), old=self.roles(change.old_roles))
        if change.kind == MOVED:
            return _("“%(title)s” moved from %(old)s to %(new)s.", title=title, old=self.when(before),
                     new=self.when(s))
        if change.kind == ROOM:
            return _("“%(title)s” moved from room %(old)s to room %(new)s.", title=title, old=self.room(before),
                     new=self.room(s))
        return _("“%(old)s” is now called “%(title)s”.", old=self.title(before), title=title)

    def mail(self, recipient: Recipient, release: Release) -> Outgoing:
        event_title = str(self.tr(self.agenda, "title"))
        formats = FORMAT_NAMES.current()
        lines = [_("Dear %(name)s,", name=recipient.person.display_name), ""]
        if recipient.sessions:
            lines.append(_("The agenda of “%(title)s” is published (release %(n)s). Your sessions:",
                           title=event_title, n=release.number))
            for session, roles in recipient.sessions:
                label = formats[session.format] + (f" {session.number}" if session.number else "")
                lines += ["", f"• {self.title(session)} ({label})", f"  {self.when(session)}",
                          "  " + _("Room: %(room)s", room=self.room(session)),
                          "  " + _("Your role: %(role)s", role=self.roles(roles))]
        else:
            lines.append(_("The agenda of “%(title)s” is published (release %(n)s). You have no session in it "
                           "any more.", title=event_title, n=release.number))
        if recipient.changes:
            lines += ["", _("What changed for you since the last release:")]
            lines += [f"• {self.describe(change)}" for change in recipient.changes]
        lines += ["", _("The whole agenda: %(link)s",
                        link=url_for("public.agenda", lang=self.lang, slug=self.agenda.slug, _external=True))]
        attachments: tuple[Attachment, ...] = ()
        if recipient.sessions:
            lines.append(_("The attached calendar file holds your sessions."))
            calendar = ics.build_calendar(self.agenda, [s for s, _roles in recipient.sessions], self.tr, self.lang,
                                          release.published_at)
            attachments = (Attachment(f"{self.agenda.slug}.ics", calendar, "text/calendar"),)
        subject = _("Your sessions at “%(title)s”", title=event_title)
        return Outgoing(recipient.person.email, subject, "\n".join(lines) + "\n", attachments)


def write_mails(the_plan: Plan, recipients: list[Recipient]) -> list[Outgoing]:
    """Each recipient's mail in their language (one translation query per language)."""
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, recipient in enumerate(recipients):
        by_language[recipient.language].append(index)
    mails: list[Outgoing | None] = [None] * len(recipients)
    for lang, indexes in by_language.items():
        with force_locale(str(babel_locale(lang))):
            writer = MailWriter(the_plan.agenda, lang)
            for index in indexes:
                mails[index] = writer.mail(recipients[index], the_plan.release)
    return [m for m in mails if m is not None]


def notify(the_plan: Plan, recipients: list[Recipient], by) -> list[ReleaseNotification]:
    """Send each recipient their mail and record it on the release; the caller commits."""
    sent = send_mails(write_mails(the_plan, recipients))
    now = utcnow()
    rows = [ReleaseNotification(release=the_plan.release, person_id=r.person.id, name=r.person.display_name,
                                email=r.person.email, language=r.language, sent_at=now, sent_by_id=by.id,
                                delivered=ok) for r, ok in zip(recipients, sent, strict=True)]
    db.session.add_all(rows)
    return rows


def notifications_of(release_ids: list[int]) -> dict[int, list[ReleaseNotification]]:
    """The notifications of these releases, newest first, in one query."""
    found: dict[int, list[ReleaseNotification]] = defaultdict(list)
    if release_ids:
        rows = db.session.scalars(
            sa.select(ReleaseNotification).where(ReleaseNotification.release_id.in_(release_ids))
            .options(selectinload(ReleaseNotification.sent_by))
            .order_by(ReleaseNotification.sent_at.desc(), ReleaseNotification.id)).all()
        for row in rows:
            found[row.release_id].append(row)
    return found


@bp.app_template_global()
def release_notifications(event: Event) -> dict[int, list[ReleaseNotification]]:
    """For the event page's release history: who was told about each release."""
    return notifications_of([r.id for r in event.releases])


@bp.route("/<slug>/notify", methods=["GET", "POST"])
def notify_people():
    """After a publish: choose who is told about the release (by mail), and tell them."""
    event = current_event()
    release = current_release(event)
    the_plan = plan(event, release) if release is not None else None
    if the_plan is None:  # not published (or a release from before releases carried their agenda)
        return render_template("manage/notify.html", event=event, plan=None, can_mail=mail_configured(),
                               history=[], role_names={})
    can_mail = mail_configured()
    if request.method == "POST":  # CSRF checked by CSRFProtect, as for every POST
        chosen = set(request.form.getlist("person"))
        recipients = [r for r in the_plan.recipients if str(r.person.id) in chosen]
        if not can_mail:
            flash(_("This site cannot send mail: nobody was notified."), "error")
        elif not recipients:
            flash(_("Choose at least one person to notify."), "error")
        else:
            rows = notify(the_plan, recipients, current_user)
            db.session.commit()
            delivered = sum(1 for row in rows if row.delivered)
            flash(ngettext("%(num)d person was notified.", "%(num)d people were notified.", delivered),
                  "success" if delivered == len(rows) else "info")
            failed = [row.email for row in rows if not row.delivered]
            if failed:
                flash(_("The mail could not be sent to: %(addresses)s. Try again later.",
                        addresses=", ".join(failed)), "error")
            return redirect(url_for("manage.notify_people", slug=event.slug))
    history = notifications_of([release.id])[release.id]
    return render_template("manage/notify.html", event=event, plan=the_plan, can_mail=can_mail, history=history,
                           role_names=ROLE_NAMES.current())

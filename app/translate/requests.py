"""Translators ask for a language an event does not offer; its organizers add it with one click.

A translator sees, beside the events they may translate, the events that do not offer one of
their languages yet, why (the organizer has not offered it), and a button that records a request
(app.models.translation.LanguageRequest). The event's owners and editors see pending requests on
the event's page and either add the language (which answers every request for it) or dismiss them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.permissions import can_manage
from app.extensions import db
from app.i18n import language_name
from app.languages import LANGUAGES
from app.manage.blueprint import bp as manage_bp
from app.manage.blueprint import current_event
from app.models import Event, EventMember, EventStatus, MemberRole, User
from app.models.translation import LanguageRequest
from app.models.types import ordered_languages, utcnow

#: At most this many events are listed as wanting one of a translator's languages.
OTHER_EVENTS_SHOWN = 50


def could_translate(user: User, event: Event, lang: str) -> bool:
    """Whether the user would translate the event into `lang` if the event offered it."""
    if not user.is_authenticated or lang == event.source_language or lang not in LANGUAGES:
        return False
    if can_manage(user, event):
        return True
    if any(m.user_id == user.id and m.role == MemberRole.TRANSLATOR and m.language == lang for m in event.members):
        return True
    return bool(user.is_translator and lang in user.translator_languages)


def wanted_languages(user: User, event: Event) -> list[str]:
    """The user's translation languages (their account's, their invitations to this event) that the
    event does not offer: what they could ask the organizers for. Organizers add languages themselves."""
    if not user.is_authenticated or can_manage(user, event):
        return []
    own = set(user.translator_languages if user.is_translator else ())
    own |= {m.language for m in event.members
            if m.user_id == user.id and m.role == MemberRole.TRANSLATOR and m.language}
    offered = set(event.offered_languages)
    return [lang for lang in ordered_languages(own) if lang not in offered and lang != event.source_language]


@dataclass
class Unoffered:
    """An event that does not offer some of a translator's languages, and which of them they asked for."""

    event: Event
    languages: list[tuple[str, bool]] = field(default_factory=list)  # (code, requested already)


def requested_by(user: User) -> set[tuple[int, str]]:
    """(event id, language) of every request the user has made, in one query."""
    rows = db.session.execute(sa.select(LanguageRequest.event_id, LanguageRequest.lang)
                              .where(LanguageRequest.user_id == user.id)).all()
    return {(event_id, lang) for event_id, lang in rows}


def unoffered_for(user: User, events: list[Event], requested: set[tuple[int, str]]) -> list[Unoffered]:
    found = []
    for event in events:
        langs = wanted_languages(user, event)
        if langs:
            found.append(Unoffered(event, [(lang, (event.id, lang) in requested) for lang in langs]))
    return found


def other_events(user: User, exclude: set[int]) -> list[Event]:
    """Events the user may see but not translate yet: those they were invited to and, for a translator
    with languages on their account, published ones still to come (at most OTHER_EVENTS_SHOWN, soonest
    first). The caller keeps those lacking one of the user's languages."""
    if not user.is_authenticated:
        return []
    reachable: list[sa.ColumnElement[bool]] = [
        Event.id.in_(sa.select(EventMember.event_id).where(EventMember.user_id == user.id))]
    if user.is_translator and user.translator_languages:
        reachable.append(sa.and_(Event.status == EventStatus.PUBLISHED, Event.end_date >= date.today()))
    stmt = (sa.select(Event).where(sa.or_(*reachable))
            .options(selectinload(Event.language_rows), selectinload(Event.members))
            .order_by(Event.start_date, Event.id).limit(OTHER_EVENTS_SHOWN + len(exclude)))
    return [event for event in db.session.scalars(stmt) if event.id not in exclude][:OTHER_EVENTS_SHOWN]


def ask_for_language(event: Event, lang: str, user: User) -> None:
    """Record the user's request for `lang` (once; asking again changes nothing)."""
    exists = db.session.scalar(sa.select(LanguageRequest.id).where(
        LanguageRequest.event_id == event.id, LanguageRequest.lang == lang, LanguageRequest.user_id == user.id))
    if exists is not None:
        return
    db.session.add(LanguageRequest(event_id=event.id, lang=lang, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:  # the same request sent twice at once: one is kept
        db.session.rollback()


@dataclass
class PendingLanguage:
    """A language translators asked an event for: who asked, and when first."""

    lang: str
    users: list[User]


def pending_requests(event: Event) -> list[PendingLanguage]:
    """The languages asked for that the event does not offer yet, in display order (one query)."""
    rows = db.session.execute(
        sa.select(LanguageRequest.lang, User).join(User, User.id == LanguageRequest.user_id)
        .where(LanguageRequest.event_id == event.id).order_by(LanguageRequest.created_at, LanguageRequest.id)
    ).all()
    offered = set(event.offered_languages)
    by_lang: dict[str, list[User]] = {}
    for lang, user in rows:
        if lang not in offered:
            by_lang.setdefault(lang, []).append(user)
    return [PendingLanguage(lang, by_lang[lang]) for lang in ordered_languages(by_lang)]


@manage_bp.app_template_global()
def language_requests(event: Event) -> list[PendingLanguage]:
    """For the organizer's event page: what translators asked for."""
    return pending_requests(event)


@manage_bp.route("/<slug>/language-requests/<lang:lang>/offer", methods=["POST"])
def offer_requested_language(lang: str):
    """Offer the event in a language translators asked for; their requests are answered."""
    event = current_event()
    if lang not in event.offered_languages:
        event.offered_languages = [*event.offered_languages, lang]
        event.updated_at = utcnow()  # a settings form opened before this sees that the event changed
    db.session.execute(sa.delete(LanguageRequest).where(LanguageRequest.event_id == event.id,
                                                        LanguageRequest.lang == lang))
    db.session.commit()
    flash(_("The event is now offered in %(language)s; its translators can start.", language=language_name(lang)),
          "success")
    return redirect(url_for("manage.event", slug=event.slug))


@manage_bp.route("/<slug>/language-requests/<lang:lang>/dismiss", methods=["POST"])
def dismiss_language_request(lang: str):
    """Decline the requests for a language: they are deleted, the event's languages stay as they are."""
    event = current_event()
    db.session.execute(sa.delete(LanguageRequest).where(LanguageRequest.event_id == event.id,
                                                        LanguageRequest.lang == lang))
    db.session.commit()
    flash(_("The requests for %(language)s were dismissed.", language=language_name(lang)), "success")
    return redirect(url_for("manage.event", slug=event.slug))

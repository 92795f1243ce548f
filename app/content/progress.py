"""How far an event's content is translated, per language: translated, reviewed, stale, missing."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import selectinload

from app.data.municipalities import place_name
from app.extensions import db
from app.i18n import current_language, language_name
from app.languages import written_from
from app.models import TRANSLATABLE_FIELDS, Event, Paper, Session, Translation, TranslationStatus, fingerprint
from app.text import join_text

MISSING, STALE, DRAFT, REVIEWED = "missing", "stale", "draft", "reviewed"


@dataclass
class SourceField:
    """One translatable field of one object, with its current source text."""

    object_type: str
    object_id: int
    field: str
    text: str
    obj: Any = None  # the event, room, session, person or paper

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.object_type, self.object_id, self.field)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)

    def automatic(self, lang: str) -> str | None:
        """The text readers of `lang` see without a translation, where there is one: the name of a city
        that is one of Kosovo's municipalities in that language (app.data.municipalities)."""
        if (self.object_type, self.field) == ("event", "city"):
            return place_name(self.text, lang)
        return None

    @property
    def context(self) -> str:
        """The field's name in PO files and editor forms: `session:<public id>:title`, `room:<id>:name`…"""
        if self.object_type == "event":
            name = self.obj.slug
        elif self.object_type == "session":
            name = self.obj.public_id
        else:
            name = str(self.object_id)
        return f"{self.object_type}:{name}:{self.field}"


def field_state(row: Translation | sa.Row | None, source: SourceField, lang: str | None = None) -> str:
    """missing, stale (made from another source text), draft or reviewed. Given the language, a field
    that readers see in it without a translation (a Kosovo municipality's name) counts as reviewed."""
    if row is None or not row.text.strip():
        return REVIEWED if lang is not None and source.automatic(lang) else MISSING
    if row.source_fingerprint != source.fingerprint:
        return STALE
    return REVIEWED if row.status == TranslationStatus.REVIEWED else DRAFT


@dataclass
class Progress:
    total: int = 0
    translated: int = 0  # up to date, draft or reviewed
    reviewed: int = 0  # up to date and reviewed
    stale: int = 0  # translated from a source that has changed since
    missing: int = 0
    stale_keys: list = field(default_factory=list)

    @property
    def percent(self) -> int:
        """Share of fields with an up-to-date translation, rounded down."""
        return 100 if self.total == 0 else (100 * self.translated) // self.total

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    def count(self, state: str, key) -> None:
        if state == MISSING:
            self.missing += 1
        elif state == STALE:
            self.stale += 1
            self.stale_keys.append(key)
        else:
            self.translated += 1
            self.reviewed += state == REVIEWED


def source_fields(event: Event) -> list[SourceField]:
    """Every non-empty translatable field of the event, in reading order (event, rooms, sessions, people)."""
    fields: list[SourceField] = []

    def add(obj, kind: str) -> None:
        for name in TRANSLATABLE_FIELDS[kind]:
            text = getattr(obj, name) or ""
            if text.strip():
                fields.append(SourceField(kind, obj.id, name, text, obj))

    add(event, "event")
    for room in event.rooms:
        add(room, "room")
    for session in event.sessions:
        add(session, "session")
        for paper in session.papers:
            add(paper, "paper")
        for entry in session.speaker_entries:
            add(entry, "speaker_entry")
    for person in event.people:
        add(person, "person")
    for organization in event.organizations:
        add(organization, "organization")
    return fields


def translation_options() -> tuple:
    """Loader options for everything of an event that has translatable text."""
    return (
        selectinload(Event.language_rows), selectinload(Event.members), selectinload(Event.rooms),
        selectinload(Event.people), selectinload(Event.sessions).selectinload(Session.papers).selectinload(Paper.files),
        selectinload(Event.sessions).selectinload(Session.speaker_entries),
        selectinload(Event.organizations),
    )


def load_event_for_translation(event_id: int) -> Event:
    """An event with everything that has translatable text, in a fixed number of queries."""
    return db.session.execute(
        sa.select(Event).where(Event.id == event_id).options(*translation_options())
        .execution_options(populate_existing=True)
    ).scalar_one()


def progress_of_events(work: Iterable[tuple[Event, list[str]]]) -> dict[int, dict[str, Progress]]:
    """Progress of several events, each in its languages, with one query for all their translations."""
    work = [(event, langs) for event, langs in work if langs]
    if not work:
        return {}
    # A language written from another in another script (sr-Cyrl) reads that one's translations too.
    wanted = sa.or_(*(sa.and_(Translation.event_id == e.id, Translation.lang.in_(_with_origins(langs)))
                      for e, langs in work))
    rows = db.session.execute(
        sa.select(Translation.event_id, Translation.object_type, Translation.object_id, Translation.field,
                  Translation.lang, Translation.text, Translation.status, Translation.source_fingerprint)
        .where(wanted)
    ).all()
    by_key = {(r.object_type, r.object_id, r.field, r.lang): r for r in rows}
    result: dict[int, dict[str, Progress]] = {}
    for event, langs in work:
        fields = source_fields(event)
        per_lang = result[event.id] = {}
        for lang in langs:
            progress = per_lang[lang] = Progress(total=len(fields))
            origin = written_from(lang)
            for f in fields:
                state = field_state(by_key.get((*f.key, lang)), f, lang)
                if origin and state in (MISSING, STALE):
                    # Readers of sr-Cyrl see the Serbian Latin text transliterated: the event's own
                    # when it is written in Serbian, else its current Serbian translation.
                    state = REVIEWED if event.source_language == origin else (
                        _shown_from_origin(field_state(by_key.get((*f.key, origin)), f, origin), state))
                progress.count(state, f.key)
    return result


def _with_origins(langs: list[str]) -> list[str]:
    return [*dict.fromkeys([*langs, *filter(None, map(written_from, langs))])]


def _shown_from_origin(origin_state: str, own_state: str) -> str:
    """A field without a current translation of its own counts as its origin's, where that is current."""
    return origin_state if origin_state in (DRAFT, REVIEWED) else own_state


def translation_progress(event: Event, languages: list[str] | None = None) -> dict[str, Progress]:
    """Progress per offered language other than the source (one query for all translations)."""
    languages = languages or [lang for lang in event.offered_languages if lang != event.source_language]
    return progress_of_events([(event, languages)]).get(event.id, {})


@dataclass(frozen=True)
class LanguageGap:
    lang: str
    missing: int
    stale: int
    percent: int


def translation_gaps(event: Event) -> list[LanguageGap]:
    """The offered languages whose content is not completely translated, in display order."""
    progress = translation_progress(event)
    return [
        LanguageGap(lang, p.missing, p.stale, p.percent)
        for lang, p in progress.items() if not p.complete
    ]


def gap_summary(event: Event) -> str:
    """A short sentence for a publish warning: per language, how much is missing or out of date.

    Empty when every offered language is complete.
    """
    parts = []
    for gap in translation_gaps(event):
        counts = []
        if gap.missing:
            counts.append(ngettext("%(num)d field untranslated", "%(num)d fields untranslated", gap.missing))
        if gap.stale:
            counts.append(ngettext("%(num)d out of date", "%(num)d out of date", gap.stale))
        parts.append(_("%(language)s: %(counts)s", language=language_name(gap.lang),
                       counts=join_text(counts, current_language())))
    return "; ".join(parts)

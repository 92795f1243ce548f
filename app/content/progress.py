"""How far an event's content is translated, per language: translated, reviewed, stale, missing."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import TRANSLATABLE_FIELDS, Event, Paper, Session, Translation, TranslationStatus, fingerprint


@dataclass
class SourceField:
    """One translatable field of one object, with its current source text."""

    object_type: str
    object_id: int
    field: str
    text: str
    obj: object = None

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.object_type, self.object_id, self.field)


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
    for person in event.people:
        add(person, "person")
    return fields


def load_event_for_translation(event_id: int) -> Event:
    """An event with everything that has translatable text, in a fixed number of queries."""
    return db.session.scalar(
        sa.select(Event).where(Event.id == event_id).options(
            selectinload(Event.language_rows), selectinload(Event.rooms), selectinload(Event.people),
            selectinload(Event.sessions).selectinload(Session.papers).selectinload(Paper.files),
        ).execution_options(populate_existing=True)
    )


def translation_progress(event: Event, languages: list[str] | None = None) -> dict[str, Progress]:
    """Progress per offered language other than the source (one query for all translations)."""
    languages = languages or [lang for lang in event.offered_languages if lang != event.source_language]
    fields = source_fields(event)
    rows = db.session.scalars(
        sa.select(Translation).where(Translation.event_id == event.id, Translation.lang.in_(languages))
    ).all()
    by_key = {(r.object_type, r.object_id, r.field, r.lang): r for r in rows}
    result: dict[str, Progress] = {}
    for lang in languages:
        progress = Progress(total=len(fields))
        for f in fields:
            row = by_key.get((*f.key, lang))
            if row is None or not row.text.strip():
                progress.missing += 1
            elif row.source_fingerprint != fingerprint(f.text):
                progress.stale += 1
                progress.stale_keys.append(f.key)
            else:
                progress.translated += 1
                if row.status == TranslationStatus.REVIEWED:
                    progress.reviewed += 1
        result[lang] = progress
    return result

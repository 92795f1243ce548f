"""The content-translation layer: an event's texts in the reader's language.

All of an event's translations into one language load in one query
(`ContentTranslator`); a field without a translation falls back to the source text,
marked with the source's language so that screen readers pronounce it right.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession

from app.content.markdown import render_markdown
from app.extensions import db
from app.models import TRANSLATABLE_FIELDS, Paper, Translation, TranslationStatus, fingerprint


def object_type(obj) -> str:
    return obj.__tablename__


@dataclass(frozen=True)
class Localized:
    """A content text in the language it is shown in."""

    text: str
    lang: str
    translated: bool
    stale: bool = False

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __html__(self) -> str:
        return self.inline()

    def inline(self) -> Markup:
        """The text; untranslated, wrapped in its own language with a discreet hint."""
        if self.translated:
            return escape(self.text)
        return Markup('<span lang="{0}" dir="auto">{1}</span>{2}').format(self.lang, self.text, _hint())

    def markdown(self) -> Markup:
        """The text rendered from Markdown and sanitized, in a block with its language."""
        body = render_markdown(self.text)
        if self.translated:
            return body
        return Markup('<div lang="{0}" dir="auto">{1}</div>{2}').format(self.lang, body, _hint())


def _hint() -> Markup:
    return Markup(' <small class="untranslated">{0}</small>').format(_("(not yet translated)"))


def _event_id(obj) -> int:
    if object_type(obj) == "event":
        return obj.id
    event_id = getattr(obj, "event_id", None)
    return obj.session.event_id if event_id is None else event_id  # an ORM paper knows its session only


class ContentTranslator:
    """The translations of one or more events into one language, loaded in one query.

    Call it with an object and a field name to get the text to show: `tr(session, "title")`.
    """

    def __init__(self, events, lang: str, skip: frozenset[tuple[str, str]] = frozenset()):
        """`skip` names (object type, field) pairs the page does not show, so their rows stay in the
        database; asking for one of them is a mistake and raises LookupError."""
        events = list(events) if isinstance(events, (list, tuple)) else [events]
        self.lang = lang
        self._skip = skip
        self._source_language = {e.id: e.source_language for e in events}
        self._rows: dict[tuple[str, int, str], tuple[str, str]] = {}
        self._shown: dict[tuple[str, int, str, str], Localized] = {}
        wanted = [e.id for e in events if e.source_language != lang]
        if wanted:
            query = (
                sa.select(Translation.object_type, Translation.object_id, Translation.field, Translation.text,
                          Translation.source_fingerprint)
                .where(Translation.event_id.in_(wanted), Translation.lang == lang)
            )
            for kind, name in sorted(skip):
                query = query.where(sa.not_(sa.and_(Translation.object_type == kind, Translation.field == name)))
            rows = db.session.connection().execute(query).all()  # Core rows: no ORM result layer
            self._rows = {(kind, object_id, name): (text, made_from) for kind, object_id, name, text, made_from in rows}

    def __call__(self, obj, field: str) -> Localized:
        source = getattr(obj, field) or ""
        key = (obj.__tablename__, obj.id, field, source)
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = self._localize(obj, field, source)
        return shown

    def _localize(self, obj, field: str, source: str) -> Localized:
        if (obj.__tablename__, field) in self._skip:
            raise LookupError(f"{obj.__tablename__}.{field} was not loaded for this page")
        source_language = self._source_language[_event_id(obj)]
        if self.lang == source_language or not source:
            return Localized(source, source_language, translated=True)
        row = self._rows.get((object_type(obj), obj.id, field))
        if row is not None and row[0].strip():
            text, made_from = row
            return Localized(text, self.lang, translated=True, stale=made_from != fingerprint(source))
        return Localized(source, source_language, translated=False)


def _delete_translations_of_deleted(session: OrmSession, flush_context, instances) -> None:
    """Translations have no foreign key to their object: delete them with it."""
    doomed: dict[str, set[int]] = {}
    for obj in session.deleted:
        kind = getattr(obj, "__tablename__", None)
        if kind in TRANSLATABLE_FIELDS and obj.id is not None:
            doomed.setdefault(kind, set()).add(obj.id)
    if not doomed:
        return
    if "session" in doomed:  # a session's papers go with it (ON DELETE CASCADE)
        paper_ids = session.scalars(sa.select(Paper.id).where(Paper.session_id.in_(doomed["session"])))
        doomed.setdefault("paper", set()).update(paper_ids)
    conditions = [
        sa.and_(Translation.object_type == kind, Translation.object_id.in_(ids)) for kind, ids in doomed.items()
    ]
    session.execute(sa.delete(Translation).where(sa.or_(*conditions)))


def register_content_hooks() -> None:
    if not sa_event.contains(OrmSession, "before_flush", _delete_translations_of_deleted):
        sa_event.listen(OrmSession, "before_flush", _delete_translations_of_deleted)


def set_translation(event_id: int, obj, field: str, lang: str, text: str, status=None, user=None) -> Translation:
    """Create or update one field's translation, recording the source it was made from."""
    row = db.session.scalar(
        sa.select(Translation).where(
            Translation.object_type == object_type(obj),
            Translation.object_id == obj.id,
            Translation.field == field,
            Translation.lang == lang,
        )
    )
    return apply_translation(row, event_id, obj, field, lang, text, status, user)


def apply_translation(row: Translation | None, event_id: int, obj, field: str, lang: str, text: str,
                      status=None, user=None) -> Translation:
    """Write a translation into `row` (its current row, or None to create one) from the current source."""
    source = getattr(obj, field) or ""
    if row is None:
        row = Translation(event_id=event_id, object_type=object_type(obj), object_id=obj.id, field=field, lang=lang)
        db.session.add(row)
    row.text = text
    row.status = status or TranslationStatus.DRAFT
    row.source_fingerprint = fingerprint(source)
    row.source_text = source
    row.updated_by_id = user.id if user is not None else None
    return row

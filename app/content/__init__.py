"""The content-translation layer: an event's texts in the reader's language.

All of an event's translations into one language load in one query (`ContentTranslator`);
a field without a current, reviewed translation falls back along the event's fallback order
(English when offered, then the source), marked with the language it is in so that screen
readers pronounce it right, and with a note saying it is untranslated or not yet updated.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.content.markdown import render_markdown
from app.data.municipalities import place_name
from app.extensions import db
from app.languages import html_lang, written_from
from app.models import Translation, TranslationStatus, fingerprint
from app.models.translation import normalize_text
from app.translit import into


def object_type(obj) -> str:
    return obj.__tablename__


@dataclass(frozen=True)
class Localized:
    """A content text in the language it is shown in.

    `translated` says the text is in the reader's language. When it is not, the text is the
    first current one in the event's fallback order, and `stale` says that a translation into
    the reader's language exists but was made from an earlier source text.
    """

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
        """The text; in another language, wrapped in its own `lang` with a discreet note."""
        if self.translated:
            return escape(self.text)
        return Markup('<span lang="{0}" dir="auto">{1}</span>{2}').format(html_lang(self.lang), self.text, self.hint())

    def markdown(self) -> Markup:
        """The text rendered from Markdown and sanitized, in a block with its language."""
        body = render_markdown(self.text)
        if self.translated:
            return body
        return Markup('<div lang="{0}" dir="auto">{1}</div>{2}').format(html_lang(self.lang), body, self.hint())

    def hint(self) -> Markup:
        """The note beside a text that is not in the reader's language."""
        note = _("(translation not yet updated)") if self.stale else _("(not yet translated)")
        return Markup(' <small class="untranslated">{0}</small>').format(note)


def _event_id(obj) -> int:
    if object_type(obj) == "event":
        return obj.id
    event_id = getattr(obj, "event_id", None)
    return obj.session.event_id if event_id is None else event_id  # an ORM paper knows its session only


def reading_order(event, lang: str) -> list[str]:
    """The languages a reader of `lang` is shown, in order: theirs, the language theirs is written
    from in another script (sr for sr-Cyrl, shown transliterated), the event's fallbacks, the source."""
    origin = written_from(lang)
    return [*dict.fromkeys([lang, *([origin] if origin else []), *event.fallback_order])]


class ContentTranslator:
    """The translations of one or more events into one language, loaded in one query.

    Call it with an object and a field name to get the text to show: `tr(session, "title")`.
    A translation is shown only when it was reviewed and made from the source text the object
    holds now (for the public, the released text); otherwise the next language of the event's
    fallback order that has one, and in the end the source text, each marked with its `lang`.
    The fallback languages' translations come in the same query.
    """

    def __init__(self, events, lang: str, skip: frozenset[tuple[str, str]] = frozenset()):
        """`skip` names (object type, field) pairs the page does not show, so their rows stay in the
        database; asking for one of them is a mistake and raises LookupError."""
        events = list(events) if isinstance(events, (list, tuple)) else [events]
        self.lang = lang
        #: The language whose texts this reader is shown in their own script (sr for sr-Cyrl).
        self._script_source = written_from(lang)
        self._skip = skip
        self._source_language = {e.id: e.source_language for e in events}
        self._order = {e.id: reading_order(e, lang) for e in events}
        self._rows: dict[tuple[str, str, int, str], tuple[str, str]] = {}
        self._shown: dict[tuple[str, int, str, str], Localized] = {}
        self._by_source: dict[tuple[str, str, str], str] | None = None
        wanted = [e.id for e in events if e.source_language != lang]
        languages = sorted({code for e in events if e.source_language != lang
                            for code in self._order[e.id] if code != e.source_language})
        if wanted and languages:
            query = (
                sa.select(Translation.lang, Translation.object_type, Translation.object_id, Translation.field,
                          Translation.text, Translation.source_fingerprint)
                .where(Translation.event_id.in_(wanted), Translation.lang.in_(languages),
                       Translation.status == TranslationStatus.REVIEWED)
            )
            for kind, name in sorted(skip):
                query = query.where(sa.not_(sa.and_(Translation.object_type == kind, Translation.field == name)))
            rows = db.session.connection().execute(query).all()  # Core rows: no ORM result layer
            self._rows = {(code, kind, object_id, name): (text, made_from)
                          for code, kind, object_id, name, text, made_from in rows}

    def __call__(self, obj, field: str) -> Localized:
        source = getattr(obj, field) or ""
        key = (obj.__tablename__, obj.id, field, source)
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = self._localize(obj, field, source)
        return shown

    def _localize(self, obj, field: str, source: str) -> Localized:
        kind = object_type(obj)
        if (kind, field) in self._skip:
            raise LookupError(f"{kind}.{field} was not loaded for this page")
        event_id = _event_id(obj)
        source_language = self._source_language[event_id]
        if self.lang == source_language or not source:
            return Localized(source, source_language, translated=True)
        if source_language == self._script_source:
            # Written in Serbian Latin, read in Cyrillic: a reviewed Cyrillic translation made from
            # this text, else the text itself transliterated.
            row = self._rows.get((self.lang, kind, obj.id, field))
            if row is not None and row[0].strip() and row[1] == fingerprint(source):
                return Localized(row[0], self.lang, translated=True)
            return Localized(into(self.lang, source), self.lang, translated=True)
        current = fingerprint(source)
        stale = False
        for code in self._order[event_id]:
            if code == source_language:
                break
            row = self._rows.get((code, kind, obj.id, field))
            if row is not None and row[0].strip():
                text, made_from = row
                if made_from == current:
                    if code == self._script_source:
                        return Localized(into(self.lang, text), self.lang, translated=True)
                    return Localized(text, code, translated=code == self.lang, stale=stale)
                stale = stale or code == self.lang
            # A city that is one of Kosovo's municipalities has its name in this language without a translator.
            place = place_name(source, code) if (kind, field) == ("event", "city") else None
            if place:
                return Localized(place, code, translated=code == self.lang)
        return Localized(source, source_language, translated=False, stale=stale)

    def text_of(self, kind: str, field: str, source: str) -> str:
        """A text recorded earlier (a title in the change log) in the reader's language: the reviewed
        translation made from exactly that text, if one is loaded; else the text as recorded."""
        if self._by_source is None:
            # The reader's own translations win over those shown transliterated (sr for sr-Cyrl).
            self._by_source = {(row_kind, row_field, made_from): into(self.lang, text)
                               for (code, row_kind, _id, row_field), (text, made_from) in self._rows.items()
                               if code == self._script_source and text.strip()}
            self._by_source.update({(row_kind, row_field, made_from): text
                                    for (code, row_kind, _id, row_field), (text, made_from) in self._rows.items()
                                    if code == self.lang and text.strip()})
        return self._by_source.get((kind, field, fingerprint(source)), source) if source else source


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
        row = Translation(event_id=event_id, field=field, lang=lang)
        row.link(object_type(obj), obj.id)
        db.session.add(row)
    row.text = normalize_text(text)
    row.status = status or TranslationStatus.DRAFT
    row.source_fingerprint = fingerprint(source)
    row.source_text = normalize_text(source)
    row.updated_by_id = user.id if user is not None else None
    return row

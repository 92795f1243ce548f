"""The translator's work: which events and languages, the editor's fields, saving one field safely."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.auth.permissions import translatable_languages
from app.content import apply_translation
from app.content.progress import (
    DRAFT,
    MISSING,
    REVIEWED,
    STALE,
    Progress,
    SourceField,
    field_state,
    progress_of_events,
    source_fields,
    translation_options,
)
from app.extensions import db
from app.models import Event, EventLanguage, EventMember, Translation, TranslationStatus, User

#: What the editor can show: every field, or only those that need work of one kind.
FILTERS = {
    "all": _l("All"),
    MISSING: _l("Missing"),
    STALE: _l("Out of date"),
    DRAFT: _l("Draft"),
}

STATE_LABELS = {
    MISSING: _l("Missing"),
    STALE: _l("Out of date"),
    DRAFT: _l("Draft"),
    REVIEWED: _l("Reviewed"),
}

FIELD_LABELS = {
    ("event", "title"): _l("Title"),
    ("event", "description"): _l("Description"),
    ("event", "venue"): _l("Venue"),
    ("event", "city"): _l("City"),
    ("room", "name"): _l("Room name"),
    ("room", "accessibility"): _l("Accessibility notes"),
    ("session", "title"): _l("Title"),
    ("session", "description"): _l("Description"),
    ("paper", "title"): _l("Paper title"),
    ("speaker_entry", "on_behalf_of"): _l("On behalf of"),
    ("person", "honorific"): _l("Honorific"),
    ("person", "function"): _l("Function"),
    ("person", "organization"): _l("Organization"),
    ("person", "bio"): _l("Short bio"),
    ("organization", "name"): _l("Name"),
    ("organization", "acronym"): _l("Acronym"),
}

#: Fields written over several lines (Markdown); the others are single lines, saved with Enter.
MULTILINE = {("event", "description"), ("session", "description"), ("person", "bio"), ("room", "accessibility")}

#: The language shown beside a source in another language, for reference, where it has a translation.
REFERENCE_LANGUAGE = "en"


def translatable_events(user: User) -> list[tuple[Event, list[str]]]:
    """The events a user may translate, each with the languages they may translate it into."""
    stmt = sa.select(Event).options(*translation_options()).order_by(Event.start_date.desc(), Event.id)
    if not user.is_admin:
        reachable: sa.ColumnElement[bool] = Event.id.in_(
            sa.select(EventMember.event_id).where(EventMember.user_id == user.id))
        if user.is_translator and user.translator_languages:
            offered = sa.select(EventLanguage.event_id).where(EventLanguage.lang.in_(user.translator_languages))
            reachable = sa.or_(reachable, Event.id.in_(offered))
        stmt = stmt.where(reachable)
    events = db.session.scalars(stmt).all()
    return [(event, langs) for event in events if (langs := translatable_languages(user, event))]


@dataclass
class DashboardRow:
    event: Event
    languages: list[tuple[str, Progress]]


def dashboard(user: User) -> list[DashboardRow]:
    """Per event and language the user may translate: how much is done, in a fixed number of queries."""
    work = translatable_events(user)
    progress = progress_of_events(work)
    return [DashboardRow(event, [(lang, progress[event.id][lang]) for lang in langs]) for event, langs in work]


def translations_by_key(event: Event, lang: str) -> dict[tuple[str, int, str], Translation]:
    """All of an event's translations into one language, in one query."""
    rows = db.session.scalars(sa.select(Translation).where(Translation.event_id == event.id, Translation.lang == lang))
    return {(r.object_type, r.object_id, r.field): r for r in rows}


@dataclass
class FormState:
    """What a refused save sends back to its form: the typed text, kept, and why it was refused."""

    text: str
    status: str
    error: str


@dataclass
class EditorField:
    source: SourceField
    row: Translation | None
    state: str
    form: FormState | None = None
    #: The English translation of the field, for reference, when the source is in another language.
    reference: Translation | None = None

    @property
    def anchor(self) -> str:
        return "f-" + self.source.context.replace(":", "-")

    @property
    def label(self) -> str:
        return str(FIELD_LABELS[(self.source.object_type, self.source.field)])

    @property
    def multiline(self) -> bool:
        return (self.source.object_type, self.source.field) in MULTILINE

    @property
    def text(self) -> str:
        if self.form is not None:
            return self.form.text
        return self.row.text if self.row is not None else ""

    @property
    def status(self) -> str:
        if self.form is not None:
            return self.form.status
        return self.row.status.value if self.row is not None else TranslationStatus.DRAFT.value

    @property
    def version(self) -> int:
        return self.row.version if self.row is not None else 0

    @property
    def reference_stale(self) -> bool:
        """The English reference was made from an earlier source text."""
        return self.reference is not None and self.reference.source_fingerprint != self.source.fingerprint

    @property
    def diff(self) -> list[tuple[str, str]]:
        """From the source the translation was made from to the current one, word by word."""
        if self.state != STALE or self.row is None:
            return []
        return word_diff(self.row.source_text, self.source.text)


@dataclass
class EditorGroup:
    """One object (the event, a room, a session with its papers, a person) and its fields."""

    kind: str
    obj: Any  # the event, a room, a session or a person
    fields: list[EditorField] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.obj.id}"


@dataclass
class Editor:
    event: Event
    lang: str
    show: str
    progress: Progress
    groups: list[EditorGroup]


def editor(event: Event, lang: str, show: str = "all", forms: dict[str, FormState] | None = None) -> Editor:
    """The editor's fields grouped by object, those matching the filter; `forms` keeps refused input."""
    forms = forms or {}
    rows = translations_by_key(event, lang)
    references = (translations_by_key(event, REFERENCE_LANGUAGE)
                  if REFERENCE_LANGUAGE not in (event.source_language, lang) else {})
    sources = source_fields(event)
    progress = Progress(total=len(sources))
    groups: list[EditorGroup] = []
    by_object: dict[tuple[str, int], EditorGroup] = {}
    for source in sources:
        row = rows.get(source.key)
        state = field_state(row, source, lang)
        progress.count(state, source.key)
        reference = references.get(source.key)
        item = EditorField(source, row, state, forms.get(source.context),
                           reference if reference is not None and reference.text.strip() else None)
        if show != "all" and state != show and item.form is None:
            continue
        # A paper's title and a list of speakers' delegations are translated under their session.
        in_session = source.object_type in ("paper", "speaker_entry")
        owner = ("session", source.obj.session_id) if in_session else source.key[:2]
        group = by_object.get(owner)
        if group is None:
            obj = source.obj.session if in_session else source.obj
            group = by_object[owner] = EditorGroup(owner[0], obj)
            groups.append(group)
        group.fields.append(item)
    return Editor(event, lang, show, progress, groups)


class SaveRefused(Exception):
    """A save that would overwrite someone else's work or translate a source the form did not show."""


def save_field(event: Event, lang: str, context: str, text: str, status: str, version: int,
               source_fingerprint: str, user: User) -> str:
    """Save one field's translation, or remove it when the text is empty.

    Refuses (SaveRefused) when the translation changed since the form was rendered
    (`version`) or when its source did (`source_fingerprint`); nothing is written then.
    Returns "saved", "removed" or "unchanged". Raises LookupError for an unknown field.
    """
    source = next((f for f in source_fields(event) if f.context == context), None)
    if source is None:
        raise LookupError(context)
    row = db.session.scalar(
        sa.select(Translation).where(
            Translation.object_type == source.object_type, Translation.object_id == source.object_id,
            Translation.field == source.field, Translation.lang == lang,
        )
    )
    if source_fingerprint != source.fingerprint:
        raise SaveRefused(_("The source text changed after this form was opened. Check your translation against "
                            "the new source and save again."))
    if version != (row.version if row is not None else 0):
        raise SaveRefused(_("Someone else saved this field after you opened it. Their translation is shown below; "
                            "your text is kept in the field. Compare them and save again."))
    text = text.strip()
    if not text:
        if row is None:
            return "unchanged"
        db.session.delete(row)
        outcome = "removed"
    else:
        apply_translation(row, event.id, source.obj, source.field, lang, text, TranslationStatus(status), user)
        outcome = "saved"
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        raise SaveRefused(_("Someone else saved this field at the same moment. Your text is kept in the field; "
                            "save again to replace theirs.")) from exc
    return outcome


_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The change from old to new as (kind, text) pieces: kind is "same", "removed" or "added"."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(b[j1:j2])))
    return pieces

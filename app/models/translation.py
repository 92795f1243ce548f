"""Translations of content: one translatable field of one object in one language."""
from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import UTCDateTime, enum_type, language_column, utcnow


class TranslationStatus(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"


#: Which fields of which objects are translated (DESIGN.md, "Domain").
TRANSLATABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("title", "description", "venue", "city"),
    "room": ("name", "accessibility"),
    "session": ("title", "description"),
    "person": ("honorific", "function", "organization", "bio"),
    "paper": ("title",),
    "organization": ("name", "acronym"),
    "speaker_entry": ("on_behalf_of",),
}


#: The object types whose translations hang on a foreign key of their own (the event's is `event_id`).
LINKED_KINDS: tuple[str, ...] = tuple(kind for kind in TRANSLATABLE_FIELDS if kind != "event")


def normalize_text(text: str) -> str:
    """A source or translated text as stored and compared: Unix line endings, no surrounding blanks.

    Browsers send CRLF from a textarea; without this a save that changed nothing would make
    every translation of the field look out of date."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def fingerprint(text: str) -> str:
    """A fingerprint of a source text; a translation made from another text is stale."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:32]


#: Every field name a translation may have, for the CHECK on `translation.field`.
FIELD_NAMES: frozenset[str] = frozenset(f for fields in TRANSLATABLE_FIELDS.values() for f in fields)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in sorted(values))})"


class Translation(Model):
    __tablename__ = "translation"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The event the object belongs to, so an event's translations load in one query.
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    object_type: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int]
    #: The translated object again, as a foreign key per kind: deleting the object deletes its
    #: translations in the database itself (ON DELETE CASCADE). CHECKs keep it equal to object_id.
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("room.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    paper_id: Mapped[int | None] = mapped_column(sa.ForeignKey("paper.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organization.id", ondelete="CASCADE"),
                                                        index=True)
    speaker_entry_id: Mapped[int | None] = mapped_column(sa.ForeignKey("speaker_entry.id", ondelete="CASCADE"),
                                                         index=True)
    field: Mapped[str] = mapped_column(sa.String(20))
    lang: Mapped[str] = language_column()
    text: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[TranslationStatus] = mapped_column(
        enum_type(TranslationStatus, "translation_status"), default=TranslationStatus.DRAFT
    )
    #: Fingerprint and text of the source the translation was made from.
    source_fingerprint: Mapped[str] = mapped_column(sa.String(64))
    source_text: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("object_type", "object_id", "field", "lang"),
        # An event's translations into a language load by the first two columns; the newest one,
        # which every public page's validator asks for, is the index's last entry for them.
        sa.Index("ix_translation_event_lang_updated", "event_id", "lang", "updated_at"),
        # The list of events asks for the newest title translation in a language.
        sa.Index("ix_translation_lang_kind_updated", "lang", "object_type", "field", "updated_at"),
        sa.CheckConstraint(_in("object_type", TRANSLATABLE_FIELDS), name="object_type_valid"),
        sa.CheckConstraint(_in("field", FIELD_NAMES), name="field_valid"),
        sa.CheckConstraint("object_type <> 'event' OR object_id = event_id", name="event_link"),
        *(sa.CheckConstraint(
            f"(object_type = '{kind}' AND {kind}_id IS NOT NULL AND {kind}_id = object_id) "
            f"OR (object_type <> '{kind}' AND {kind}_id IS NULL)",
            name=f"{kind}_link") for kind in LINKED_KINDS),
    )

    def link(self, kind: str, object_id: int) -> None:
        """Point the translation at its object: the type, the id and the kind's foreign key."""
        self.object_type, self.object_id = kind, object_id
        for other in LINKED_KINDS:
            setattr(self, f"{other}_id", object_id if other == kind else None)

    def is_stale(self, current_source: str) -> bool:
        return self.source_fingerprint != fingerprint(current_source)


class LanguageRequest(Model):
    """A translator's request that an event be offered in a language it does not offer yet.

    The event's organizers see the pending requests on the event's page and add the language
    with one click; adding it (or the event offering it by other means) answers every request
    for that language, which is then deleted."""

    __tablename__ = "language_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = language_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("event_id", "lang", "user_id"),
    )

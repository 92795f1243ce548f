"""Translations of content: one translatable field of one object in one language."""
from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, enum_type, language_check, utcnow


class TranslationStatus(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"


#: Which fields of which objects are translated (DESIGN.md, "Domain").
TRANSLATABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("title", "description", "venue"),
    "room": ("name",),
    "session": ("title", "description"),
    "person": ("function", "bio"),
    "paper": ("title",),
}


def fingerprint(text: str) -> str:
    """A fingerprint of a source text; a translation made from another text is stale."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:32]


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in sorted(values))})"


class Translation(db.Model):
    __tablename__ = "translation"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The event the object belongs to, so an event's translations load in one query.
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    object_type: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int]
    field: Mapped[str] = mapped_column(sa.String(20))
    lang: Mapped[str] = mapped_column(sa.String(5))
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
        sa.CheckConstraint(
            _in("field", {f for fields in TRANSLATABLE_FIELDS.values() for f in fields}), name="field_valid"
        ),
        language_check("lang", "lang_valid"),
    )

    def is_stale(self, current_source: str) -> bool:
        return self.source_fingerprint != fingerprint(current_source)

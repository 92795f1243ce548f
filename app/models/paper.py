"""Background papers and other documents of a session, one file per language."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, enum_type, language_column, utcnow

if TYPE_CHECKING:
    from app.models.session import Session
    from app.models.speakers import SpeakerEntry


class PaperKind(StrEnum):
    """What a paper is, in the order a session's page lists them."""

    CONCEPT_NOTE = "concept_note"
    PROGRAMME = "programme"
    BACKGROUND_PAPER = "background_paper"
    STATEMENT = "statement"
    #: A declaration or outcome document.
    OUTCOME_DOCUMENT = "outcome_document"
    CHAIRS_SUMMARY = "chairs_summary"
    RAPPORTEURS_SUMMARY = "rapporteurs_summary"
    OTHER = "other"


#: The papers that record what a session concluded: the event's outcomes page collects them, and a
#: closing plenary names the summaries presented to it.
OUTCOME_KINDS = (PaperKind.OUTCOME_DOCUMENT, PaperKind.CHAIRS_SUMMARY, PaperKind.RAPPORTEURS_SUMMARY)
#: The summaries of a session, presented where it reports back.
SUMMARY_KINDS = (PaperKind.CHAIRS_SUMMARY, PaperKind.RAPPORTEURS_SUMMARY)


class PaperFormat(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    ODT = "odt"


class Paper(Model):
    __tablename__ = "paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("session.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PaperKind] = mapped_column(enum_type(PaperKind, "paper_kind"), default=PaperKind.BACKGROUND_PAPER)
    title: Mapped[str] = mapped_column(sa.String(300))
    external_url: Mapped[str | None] = mapped_column(sa.String(1000))
    position: Mapped[int] = mapped_column(default=0)
    #: A statement's entry on the list of speakers of its session (app/models/speakers.py).
    speaker_entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("speaker_entry.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(default=1)

    session: Mapped[Session] = relationship(back_populates="papers")
    speaker_entry: Mapped[SpeakerEntry | None] = relationship()
    files: Mapped[list[PaperFile]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", passive_deletes=True, order_by="PaperFile.lang"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(
            "external_url IS NULL OR external_url LIKE 'https://%' OR external_url LIKE 'http://%'",
            name="external_url_http",
        ),
    )

    def file_for(self, lang: str) -> PaperFile | None:
        return next((f for f in self.files if f.lang == lang), None)


class PaperFile(Model):
    """One language's file of a paper, stored under a generated name."""

    __tablename__ = "paper_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(sa.ForeignKey("paper.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = language_column()
    storage_key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    format: Mapped[PaperFormat] = mapped_column(enum_type(PaperFormat, "paper_format"))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    paper: Mapped[Paper] = relationship(back_populates="files")

    __table_args__ = (
        sa.UniqueConstraint("paper_id", "lang"),
        sa.CheckConstraint("size > 0", name="size_positive"),
    )

    MIMETYPES = {
        PaperFormat.PDF: "application/pdf",
        PaperFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        PaperFormat.ODT: "application/vnd.oasis.opendocument.text",
    }

    @property
    def mimetype(self) -> str:
        return self.MIMETYPES[self.format]

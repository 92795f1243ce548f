"""Links for people who follow an event from elsewhere: live stream, recording, online join link and
interpretation channels, given for a room (its sessions inherit them) or for one session (which
overrides its room's). Which links apply to a session at a moment is decided in app/media.py."""
from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import enum_type, language_column

#: Longest link kept; longer ones are refused by the form.
MAX_URL_LENGTH = 2000


class LinkKind(StrEnum):
    STREAM = "stream"  # live, until the session ends
    RECORDING = "recording"  # after the session ends, in place of the stream
    JOIN = "join"  # an online meeting to take part in, until the session ends
    INTERPRETATION = "interpretation"  # a channel in one language (`lang` required), until the session ends


class MediaLink(Model):
    """One link of a room or of a session (exactly one of the two). `lang` is required for an
    interpretation channel; for the other kinds it makes the link a language's own variant, shown to
    readers of that language instead of the link without a language."""

    __tablename__ = "media_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("room.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("session.id", ondelete="CASCADE"), index=True)
    kind: Mapped[LinkKind] = mapped_column(enum_type(LinkKind, "link_kind"))
    lang: Mapped[str | None] = language_column(nullable=True)
    url: Mapped[str] = mapped_column(sa.String(MAX_URL_LENGTH))
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("(room_id IS NULL) <> (session_id IS NULL)", name="room_or_session"),
        sa.CheckConstraint("kind <> 'interpretation' OR lang IS NOT NULL", name="interpretation_has_language"),
        sa.CheckConstraint("url LIKE 'http://%' OR url LIKE 'https://%'", name="url_is_http"),
    )

    def __repr__(self) -> str:
        return f"<MediaLink {self.kind} {self.url}>"

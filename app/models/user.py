"""Accounts: people who sign in to organize, translate or administer."""
from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import Model
from app.models.types import UTCDateTime, language_column, ordered_languages, sync_language_rows, utcnow


class Role(StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    TRANSLATOR = "translator"


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_organizer: Mapped[bool] = mapped_column(default=False)
    is_translator: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Part of every session and remember-me cookie: a new one (password change, sign-out)
    #: ends all of them.
    login_token: Mapped[str] = mapped_column(sa.String(64), default=lambda: secrets.token_urlsafe(24))

    language_rows: Mapped[list[TranslatorLanguage]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lowercase"),)

    def __repr__(self) -> str:
        return f"<User {self.email}>"

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive accounts cannot sign in
        return self.active

    def set_password(self, password: str) -> None:
        # scrypt, Werkzeug's default: memory-hard and current.
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def roles(self) -> list[Role]:
        flags = {Role.ADMIN: self.is_admin, Role.ORGANIZER: self.is_organizer, Role.TRANSLATOR: self.is_translator}
        return [role for role, held in flags.items() if held]

    def grant(self, role: Role) -> None:
        setattr(self, f"is_{role.value}", True)

    @property
    def translator_languages(self) -> list[str]:
        return ordered_languages(row.lang for row in self.language_rows)

    @translator_languages.setter
    def translator_languages(self, codes) -> None:
        self.language_rows = sync_language_rows(self.language_rows, codes, lambda lang: TranslatorLanguage(lang=lang))


class TranslatorLanguage(Model):
    """A language a translator translates into."""

    __tablename__ = "translator_language"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    lang: Mapped[str] = language_column(primary_key=True)
    user: Mapped[User] = relationship(back_populates="language_rows")

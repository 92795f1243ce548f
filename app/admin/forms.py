from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.extensions import db
from app.forms import (
    PASSWORD_HINT,
    FlaskForm,  # cleans control characters out of every text field
    MultiCheckboxField,
    language_choices,
)
from app.models import User

MIN_PASSWORD = 10


class AccountForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    is_admin = BooleanField(_l("Administrator: manages accounts and every event"))
    is_organizer = BooleanField(_l("Organizer: creates and manages events"))
    is_translator = BooleanField(_l("Translator: translates events"))
    languages = MultiCheckboxField(_l("Translates into"), choices=[])
    active = BooleanField(_l("Account active"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = language_choices()

    def validate_languages(self, field):
        if self.is_translator.data and not field.data:
            raise ValidationError(_l("Choose at least one language for a translator."))


class NewAccountForm(AccountForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"),
                             validators=[DataRequired(), Length(min=MIN_PASSWORD, max=1000, message=PASSWORD_HINT)],
                             description=PASSWORD_HINT)

    def validate_email(self, field):
        if db.session.scalar(sa.select(User.id).where(User.email == field.data.strip().lower())):
            raise ValidationError(_l("An account with this email exists already."))


class EditAccountForm(AccountForm):
    password = PasswordField(_l("New password"),
                             validators=[Optional(), Length(min=MIN_PASSWORD, max=1000, message=PASSWORD_HINT)],
                             description=_l("Leave empty to keep the current password."))

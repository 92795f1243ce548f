"""Form pieces shared by the areas, and the base form every form of the app derives from."""
from __future__ import annotations

import secrets

import flask_wtf
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from app.i18n import language_name
from app.languages import LANGUAGES
from app.security import has_nul, strip_control

NUL_MESSAGE = _l("This text contains a null character (NUL), which cannot be saved. Please remove it.")


def _clean_one_line(value):
    if isinstance(value, str):
        if has_nul(value):
            raise ValueError(NUL_MESSAGE)
        return strip_control(value, multiline=False)
    return value


def _clean_multiline(value):
    if isinstance(value, str):
        if has_nul(value):
            raise ValueError(NUL_MESSAGE)
        return strip_control(value, multiline=True)
    return value


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form, with every text field cleaned of control characters as it is read.

    Each text field (StringField and its kinds: email, hidden, search, URL, text areas) gets a
    first filter: a NUL refuses the field with a message beside it (WTForms reports a filter's
    ValueError as the field's error); other control characters are removed; one-line fields turn
    line breaks and tabs into spaces, text areas keep them. Passwords are left as typed.
    Every form of the app derives from this class (a test checks it).
    """

    class Meta(flask_wtf.FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField) \
                    and len(unbound_field.args) < 3:
                first = _clean_multiline if issubclass(field_class, TextAreaField) else _clean_one_line
                options = {**options, "filters": (first, *unbound_field.kwargs.get("filters", ()))}
            return super().bind_field(form, unbound_field, options)


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


class OnceForm(FlaskForm):
    """A form that creates something: it carries a one-time token (`once`), so a second submit
    of the same page creates nothing again (app/form_tokens.py). Render `{{ form.once }}` beside
    the CSRF token; each page shown gets a new token, a page shown again after an error keeps it."""

    once = HiddenField(default=new_form_token)


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes: each choice labelled, the whole set in a list."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def language_choices() -> list[SelectChoice]:
    """Languages named in the interface language, for checkboxes and selects."""
    return [SelectChoice(code, language_name(code)) for code in LANGUAGES]


PASSWORD_HINT = _l("At least 10 characters.")

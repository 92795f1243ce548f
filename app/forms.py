"""Form pieces shared by the areas."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.fields.choices import SelectChoice

from app.i18n import language_name
from app.languages import LANGUAGES


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes: each choice labelled, the whole set in a list."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def language_choices() -> list[SelectChoice]:
    """Languages named in the interface language, for checkboxes and selects."""
    return [SelectChoice(code, language_name(code)) for code in LANGUAGES]


PASSWORD_HINT = _l("At least 10 characters.")

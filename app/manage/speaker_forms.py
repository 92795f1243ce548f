"""The organizer's forms for a session's list of speakers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from app.forms import FlaskForm, OnceForm
from app.manage.forms import VersionedForm
from app.models.speakers import EntryStatus, RepresentationLevel
from app.speakers import ENTRY_STATUS_LABELS, LEVEL_LABELS

#: The longest statement a list may allot, in minutes (the CHECKs on the tables say the same).
MAX_STATEMENT_MINUTES = 60


class SpeakerEntryForm(VersionedForm, OnceForm):
    """An entry: one of the event's people, or only the delegation spoken for, or both."""

    person = SelectField(_l("Speaker"), coerce=int, default=0)
    on_behalf_of = StringField(_l("On behalf of"), validators=[Optional(), Length(max=300)])
    level = SelectField(_l("Level of representation"),
                        choices=[SelectChoice(level.value, label) for level, label in LEVEL_LABELS.items()],
                        default=RepresentationLevel.OTHER.value)
    minutes = IntegerField(_l("Minutes"), validators=[Optional(), NumberRange(min=1, max=MAX_STATEMENT_MINUTES)])
    status = SelectField(_l("Status"),
                         choices=[SelectChoice(status.value, label) for status, label in ENTRY_STATUS_LABELS.items()],
                         default=EntryStatus.INSCRIBED.value)

    def validate_person(self, field) -> None:
        if not field.data and not (self.on_behalf_of.data or "").strip():
            raise ValidationError(_l("Choose a speaker or say on whose behalf the statement is made."))


class ListStateForm(FlaskForm):
    """A button acting on the whole list, with the list as it was shown (`shown`: ids and versions),
    so that a list changed meanwhile is not reordered from an outdated view of it."""

    shown = HiddenField()

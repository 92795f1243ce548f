"""The translator's forms: one field's translation, and a PO file to import."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange

from app.forms import FlaskForm  # cleans control characters out of every text field
from app.models import TranslationStatus

STATUS_CHOICES = [
    SelectChoice(TranslationStatus.DRAFT.value, _l("Draft")),
    SelectChoice(TranslationStatus.REVIEWED.value, _l("Reviewed")),
]


class FieldForm(FlaskForm):
    """One field of the editor; rendered by hand (one per field on the page), validated here."""

    context = HiddenField(validators=[InputRequired(), Length(max=200)])
    text = TextAreaField(_l("Translation"), validators=[Length(max=20000)])
    status = RadioField(_l("Status"), choices=STATUS_CHOICES, default=TranslationStatus.DRAFT.value)
    version = IntegerField(validators=[InputRequired(), NumberRange(min=0)])
    fingerprint = HiddenField(validators=[InputRequired(), Length(max=64)])
    show = HiddenField()


class ImportForm(FlaskForm):
    file = FileField(_l("PO file"), validators=[FileRequired(_l("Choose a PO file."))])
    as_reviewed = BooleanField(_l("Import as reviewed (entries not marked fuzzy)"))

"""The organizer's forms. Labels are translated lazily; rules that need the database live in services."""
from __future__ import annotations

from datetime import timedelta
from functools import cache
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from app import designation
from app.countries import country_choices, valid_country
from app.data import municipalities
from app.forms import (
    FlaskForm,  # cleans control characters out of every text field
    MultiCheckboxField,
    OnceForm,  # a create form: its one-time token makes a second submit create nothing
    language_choices,
)
from app.i18n import current_language
from app.labels import (
    FORMAT_LABELS,
    GENDER_LABELS,
    MEMBER_ROLE_LABELS,
    PAPER_KIND_LABELS,
    ROLE_LABELS,
    STAKEHOLDER_LABELS,
)
from app.languages import DATES_LANGUAGES
from app.models import MemberRole, ParticipationRole, SessionFormat, StakeholderGroup
from app.models.event import migrants_day, weekend_migrants_day

DEFAULT_TIMEZONE = "Europe/Belgrade"
MAX_DAYS = 14



@cache
def timezone_names() -> list[str]:
    """Every IANA zone name, sorted."""
    return sorted(available_timezones())


def valid_timezone(form, field) -> None:
    if field.data not in set(timezone_names()):
        raise ValidationError(_l("Choose a time zone from the list, such as Europe/Belgrade."))


class VersionedForm(FlaskForm):
    """A form that carries the version of the object it edits, for optimistic locking."""

    version = HiddenField()

    def version_number(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class EventFieldsForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    slug = StringField(
        _l("Address (slug)"),
        validators=[Optional(), Length(min=3, max=60),
                    Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Use small letters a–z, digits and hyphens."))],
    )
    start_date = DateField(_l("First day"), validators=[InputRequired()])
    number_of_days = IntegerField(_l("Number of days"), validators=[Optional(), NumberRange(min=1, max=MAX_DAYS)])
    end_date = DateField(_l("Last day"), validators=[Optional()])
    timezone = StringField(_l("Time zone"), default=DEFAULT_TIMEZONE, validators=[DataRequired(), valid_timezone])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    # Kosovo's municipalities are offered as the organizer types (a <datalist>, no script needed).
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)],
                       render_kw={"list": "city-suggestions", "autocomplete": "address-level2"})
    country = SelectField(_l("Country"), validators=[Optional(), valid_country], validate_choice=False)
    source_language = SelectField(_l("Source language"), validators=[DataRequired()])
    languages = MultiCheckboxField(_l("Offered languages"))

    @property
    def city_suggestions(self) -> list[str]:
        """Kosovo's municipalities in the interface's language (and in Albanian and Serbian)."""
        return municipalities.suggestions(current_language())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()
        self.source_language.choices = language_choices()
        self.languages.choices = language_choices()

    def validate_number_of_days(self, field) -> None:
        """Both a number of days and a last day: they must say the same ("3 days" from 18 December
        ends on the 20th), or the form is refused rather than one of them silently ignored."""
        start, end = self.start_date.data, self.end_date.data
        if field.data and start and end and end >= start and (end - start).days + 1 != field.data:
            raise ValidationError(ngettext(
                "The last day you gave makes the event %(num)d day long, not %(days)d. "
                "Give the number of days or the last day, or make them agree.",
                "The last day you gave makes the event %(num)d days long, not %(days)d. "
                "Give the number of days or the last day, or make them agree.",
                (end - start).days + 1, days=field.data))

    def validate_end_date(self, field) -> None:
        if field.data and self.start_date.data:
            if field.data < self.start_date.data:
                raise ValidationError(_l("The last day cannot be before the first day."))
            if (field.data - self.start_date.data).days >= MAX_DAYS:
                raise ValidationError(_l("An event lasts at most 14 days."))


class NewEventForm(EventFieldsForm, OnceForm):
    template = RadioField(_l("Start from"), default="hld-2013", validators=[DataRequired()])


class EditEventForm(EventFieldsForm, VersionedForm):
    description = TextAreaField(_l("Description (Markdown)"), validators=[Optional(), Length(max=20000)])
    fallback_languages = SelectField(_l("Where a text has no translation into the reader's language, show it in"))
    dates_language = SelectField(_l("Dates and numbers on pages in Romani"), default="sq")
    designation_footnote = SelectField(_l("Footnote on the designation of Kosovo"), default="",
                                       choices=[SelectChoice(value, label) for value, label in designation.CHOICES])
    #: Left empty (or sent by a page from before the field existed), the event keeps its minutes.
    statement_minutes = IntegerField(_l("Minutes per statement on lists of speakers"), default=5,
                                     validators=[Optional(), NumberRange(min=1, max=60)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback_languages.choices = [
            SelectChoice("", _l("English, when the event offers it; otherwise the source language")),
            *language_choices(),
        ]
        self.dates_language.choices = [c for c in language_choices() if c.value in DATES_LANGUAGES]

    observed_date = DateField(_l("Day International Migrants Day is observed on"), validators=[Optional()])

    def validate_observed_date(self, field) -> None:
        """Only for a year when 18 December falls on a Saturday or Sunday, another day within the event's dates."""
        observed, start = field.data, self.start_date.data
        if not observed or not start:
            return
        if not weekend_migrants_day(observed.year):
            raise ValidationError(_l("18 December %(year)s is a weekday: an observed date is only for a year when "
                                     "it falls on a Saturday or Sunday. Leave the field empty.", year=observed.year))
        if observed == migrants_day(observed.year):
            raise ValidationError(_l("Give the day the event keeps instead of 18 December, or leave the field empty."))
        # Neither a last day nor a number of days: checked against the first day alone, never saved outside.
        end = self.end_date.data or start + timedelta(days=(self.number_of_days.data or 1) - 1)
        if not start <= observed <= end:
            raise ValidationError(_l("The observed date must be one of the event’s days."))

    def validate_fallback_languages(self, field) -> None:
        if field.data and field.data not in {*(self.languages.data or []), self.source_language.data}:
            raise ValidationError(_l("Choose one of the event's languages."))
    move_sessions = BooleanField(
        _l("Move the sessions with the event: each keeps its day of the event and its time of day"), default=True,
    )


class RoomForm(VersionedForm, OnceForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=1, max=100000)])
    accessibility = TextAreaField(_l("Accessibility notes"), validators=[Optional(), Length(max=2000)])


#: At most this many people rows are read from one session form (more are ignored, never a 500).
MAX_PEOPLE_ROWS = 200
#: Blank rows a session form offers for new people; "More rows" adds as many again.
BLANK_PEOPLE_ROWS = 3


class PersonRowForm(FlaskForm):
    """One row of a session's people: a participation already saved (`part`), or someone of the event
    chosen in `person`, or a new person typed in (`name` …); each with a role and a place in the order."""

    class Meta:
        csrf = False  # a row is part of a form that carries the token

    part = HiddenField()
    version = HiddenField()
    person = SelectField(_l("Person"), coerce=int, validate_choice=False, default=0)
    name = StringField(_l("Name of a new person"), validators=[Optional(), Length(max=200)])
    honorific = StringField(_l("Honorific"), validators=[Optional(), Length(max=40)])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=300)])
    stakeholder_group = SelectField(
        _l("Stakeholder group"), choices=[SelectChoice(g.value, label) for g, label in STAKEHOLDER_LABELS.items()],
        default=StakeholderGroup.OTHER.value,
    )
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
                       default=ParticipationRole.SPEAKER.value)
    position = IntegerField(_l("Place"), validators=[Optional(), NumberRange(min=1, max=999)])
    remove = BooleanField(_l("Remove from the session"))

    def part_id(self) -> int | None:
        try:
            return int(self.part.data)
        except (TypeError, ValueError):
            return None

    def shown_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def is_blank(self) -> bool:
        """A row for a new person that was left empty."""
        return self.part_id() is None and not self.person.data and not (self.name.data or "").strip()


class ArrangePeopleForm(FlaskForm):
    """The session page's list of people: every role and place, saved at once."""

    people = FieldList(FormField(PersonRowForm), max_entries=MAX_PEOPLE_ROWS)


class SessionForm(VersionedForm, OnceForm):
    format = SelectField(_l("Format"), choices=[SelectChoice(f.value, label) for f, label in FORMAT_LABELS.items()])
    number = IntegerField(_l("Number"), validators=[Optional(), NumberRange(min=1, max=99)])
    #: Roundtable titles run to 500 characters: a text area that grows with them (one line when saved).
    title = TextAreaField(_l("Title"), validators=[DataRequired(), Length(max=500)], render_kw={"rows": 2})
    description = TextAreaField(_l("Description (Markdown)"), validators=[Optional(), Length(max=20000)])
    day = SelectField(_l("Day"), validators=[DataRequired()])
    start = TimeField(_l("Starts"), validators=[InputRequired()])
    end = TimeField(
        _l("Ends"), validators=[InputRequired()],
        description=_l("An end before the start is on the next day: 22:00 to 01:00 ends at 01:00 the next morning."),
    )
    room = SelectField(_l("Room"), coerce=int)
    languages = MultiCheckboxField(_l("Held in"))
    interpretation = MultiCheckboxField(_l("Interpretation into"))
    people = FieldList(FormField(PersonRowForm), max_entries=MAX_PEOPLE_ROWS)
    #: Where a roundtable reports back, and who presents its summary (app/manage/report_back.py checks both).
    report_back_session = SelectField(_l("Reports back to"), coerce=int, validate_choice=False, default=0)
    report_back_person = SelectField(_l("Summary presented by"), coerce=int, validate_choice=False, default=0)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.format.data == SessionFormat.ROUNDTABLE.value and self.number.data is None and not self.number.errors:
            self.number.errors.append(_l("A roundtable needs a number from 1 to 99."))
            valid = False
        return valid

    def validate_end(self, field) -> None:
        # An end before the start is the next day's (a session across midnight); the same time
        # would be a session of no length, or of a whole day: neither is a session.
        if self.start.data and field.data and field.data == self.start.data:
            raise ValidationError(_l("The end must be after the start."))


class PersonForm(VersionedForm, OnceForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    honorific = StringField(_l("Honorific"), validators=[Optional(), Length(max=40)])
    function = StringField(_l("Function or title"), validators=[Optional(), Length(max=300)])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=300)])
    #: One of the event's organizations (its id), or "" for none; choices from the view.
    affiliation = SelectField(_l("Organization in the event’s list"), default="", validators=[Optional()])
    country = SelectField(_l("Country"), validators=[Optional(), valid_country], validate_choice=False)
    stakeholder_group = SelectField(
        _l("Stakeholder group"), choices=[SelectChoice(g.value, label) for g, label in STAKEHOLDER_LABELS.items()],
        default=StakeholderGroup.OTHER.value,
    )
    gender = SelectField(
        _l("Gender (optional)"), default="",
        choices=[SelectChoice("", _l("Not given")),
                 *(SelectChoice(g.value, label) for g, label in GENDER_LABELS.items())],
    )
    gender_description = StringField(_l("Gender in the person's own words (optional)"),
                                      validators=[Optional(), Length(max=60)])
    bio = TextAreaField(_l("Short bio"), validators=[Optional(), Length(max=5000)])
    # Contacts: the event's members see them, no public page or export does.
    email = EmailField(_l("E-mail"), filters=[lambda value: value.strip() if value else value],
                       validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[
        Optional(), Length(max=40),
        Regexp(r"^[0-9+()./ -]*$", message=_l("Use digits, spaces and + ( ) - . / only."))])
    language = SelectField(_l("Language of the mails to this person"), default="", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()
        if self.gender.data is None:  # a person whose gender is not given
            self.gender.data = ""
        self.language.choices = [SelectChoice("", _l("The event's source language")), *language_choices()]
        if self.language.data is None:
            self.language.data = ""


class ParticipationForm(FlaskForm):
    person = SelectField(_l("Person"), coerce=int)
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
                       default=ParticipationRole.SPEAKER.value)


class PeopleImportForm(FlaskForm):
    """A table of people, pasted or uploaded; `checked` is the fingerprint of the table last previewed."""

    table = TextAreaField(_l("A table pasted from a spreadsheet"),
                          validators=[Optional(), Length(max=1_000_000)], render_kw={"rows": 8})
    file = FileField(_l("Or a CSV file"))
    checked = HiddenField()


class PaperForm(VersionedForm, OnceForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k.value, label) for k, label in PAPER_KIND_LABELS.items()],
                       default="background_paper")
    #: A statement's entry on the session's list of speakers (choices set by app/manage/paper_routes.py).
    speaker_entry = SelectField(_l("Entry on the list of speakers"), coerce=int, validate_choice=False, default=0)
    external_url = StringField(
        _l("External link (instead of files)"),
        validators=[Optional(), Length(max=1000), URL(require_tld=True),
                    Regexp(r"^https://", message=_l("The link must start with https://."))],
    )


class PaperFileForm(FlaskForm):
    lang = SelectField(_l("Language"))
    file = FileField(_l("File (PDF, DOCX or ODT, at most 20 MB)"), validators=[FileRequired()])


class InvitationForm(OnceForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value, MEMBER_ROLE_LABELS[r]) for r in (MemberRole.EDITOR, MemberRole.TRANSLATOR)],
    )
    language = SelectField(_l("Language (for translators)"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.role.data == MemberRole.TRANSLATOR.value and not self.language.data:
            self.language.errors.append(_l("Choose the language the translator translates into."))
            valid = False
        return valid


class ImportForm(OnceForm):
    archive = FileField(_l("Event archive (.zip)"), validators=[FileRequired()])


class CopyForm(OnceForm):
    """Copying an event to another year: the copy's title, proposed with the new year in it."""

    #: Empty: the proposed title (the event's, with the new year).
    title = StringField(_l("Title of the copy"), validators=[Optional(), Length(max=300)])


class ConfirmForm(FlaskForm):
    """A button behind a confirmation page; only its CSRF token matters."""

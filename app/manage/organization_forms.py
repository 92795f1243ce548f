"""The organizer's forms for organizations and for who convenes, partners and sponsors what."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms import FlaskForm, MultiCheckboxField, OnceForm
from app.labels import ORGANIZATION_ROLE_LABELS, ORGANIZATION_TYPE_LABELS
from app.manage.forms import VersionedForm
from app.models import OrganizationRoleKind, OrganizationType


def web_address(form, field) -> None:
    """An address starting with http:// or https:// and naming a host; nothing else (no javascript:)."""
    value = (field.data or "").strip()
    field.data = value
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise ValidationError(_l("Give a web address starting with https:// or http://."))


class OrganizationForm(VersionedForm, OnceForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=40)])
    type = SelectField(
        _l("Type"), choices=[SelectChoice(t.value, label) for t, label in ORGANIZATION_TYPE_LABELS.items()],
        default=OrganizationType.CIVIL_SOCIETY.value,
    )
    website = StringField(_l("Website"), validators=[Optional(), Length(max=1000), web_address],
                          render_kw={"inputmode": "url", "autocomplete": "url", "dir": "ltr"})
    logo = FileField(_l("Logo"), render_kw={"accept": "image/png,image/jpeg"})
    remove_logo = BooleanField(_l("Remove the logo"))


class OrganizationRolesForm(FlaskForm):
    """Which of the event's organizations hold each role, for the event or for one session."""

    convenor = MultiCheckboxField(ORGANIZATION_ROLE_LABELS[OrganizationRoleKind.CONVENOR], validate_choice=True)
    co_convenor = MultiCheckboxField(ORGANIZATION_ROLE_LABELS[OrganizationRoleKind.CO_CONVENOR],
                                     validate_choice=True)
    partner = MultiCheckboxField(ORGANIZATION_ROLE_LABELS[OrganizationRoleKind.PARTNER], validate_choice=True)
    sponsor = MultiCheckboxField(ORGANIZATION_ROLE_LABELS[OrganizationRoleKind.SPONSOR], validate_choice=True)

    def __init__(self, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [SelectChoice(str(o.id), f"{o.name} ({o.acronym})" if o.acronym else o.name)
                   for o in organizations]
        for kind in OrganizationRoleKind:
            self[kind.value].choices = choices

    def chosen(self, kind: OrganizationRoleKind) -> list[int]:
        return [int(value) for value in self[kind.value].data or []]

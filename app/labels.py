"""Translated names for the values users see: formats, roles, groups, statuses."""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.models import EventStatus, Gender, MemberRole, PaperKind, ParticipationRole, SessionFormat, StakeholderGroup
from app.models.organization import OrganizationRoleKind, OrganizationType

FORMAT_LABELS = {
    SessionFormat.PLENARY: _l("Plenary meeting"),
    SessionFormat.GENERAL_DEBATE: _l("General debate"),
    SessionFormat.ROUNDTABLE: _l("Roundtable"),
    SessionFormat.INTERACTIVE_PANEL: _l("Interactive panel"),
    SessionFormat.HEARING: _l("Hearing with civil society"),
    SessionFormat.SIDE_EVENT: _l("Side event"),
    SessionFormat.CULTURAL: _l("Cultural event"),
    SessionFormat.BREAK: _l("Break"),
}

ROLE_LABELS = {
    ParticipationRole.CHAIR: _l("Chair"),
    ParticipationRole.CO_CHAIR: _l("Co-chair"),
    ParticipationRole.MODERATOR: _l("Moderator"),
    ParticipationRole.KEYNOTE: _l("Keynote speaker"),
    ParticipationRole.PANELIST: _l("Panelist"),
    ParticipationRole.LEAD_DISCUSSANT: _l("Lead discussant"),
    ParticipationRole.SPEAKER: _l("Speaker"),
    ParticipationRole.RAPPORTEUR: _l("Rapporteur"),
}

STAKEHOLDER_LABELS = {
    StakeholderGroup.GOVERNMENT: _l("Government"),
    StakeholderGroup.OBSERVER: _l("Observer or intergovernmental organization"),
    StakeholderGroup.UN_SYSTEM: _l("United Nations system"),
    StakeholderGroup.CIVIL_SOCIETY: _l("Civil society"),
    StakeholderGroup.PRIVATE_SECTOR: _l("Private sector"),
    StakeholderGroup.ACADEMIA: _l("Academia"),
    StakeholderGroup.MIGRANT_COMMUNITY: _l("Migrant and diaspora community"),
    StakeholderGroup.OTHER: _l("Other"),
}

GENDER_LABELS = {
    Gender.WOMAN: _l("Woman"),
    Gender.MAN: _l("Man"),
    Gender.NON_BINARY: _l("Non-binary"),
    Gender.UNDISCLOSED: _l("Prefers not to say"),
}

STATUS_LABELS = {
    EventStatus.DRAFT: _l("Draft"),
    EventStatus.PUBLISHED: _l("Published"),
}

PAPER_KIND_LABELS = {
    PaperKind.CONCEPT_NOTE: _l("Concept note"),
    PaperKind.PROGRAMME: _l("Programme"),
    PaperKind.BACKGROUND_PAPER: _l("Background paper"),
    PaperKind.STATEMENT: _l("Statement"),
    PaperKind.OUTCOME_DOCUMENT: _l("Declaration or outcome document"),
    PaperKind.CHAIRS_SUMMARY: _l("Chair’s summary"),
    PaperKind.RAPPORTEURS_SUMMARY: _l("Rapporteur’s summary"),
    PaperKind.OTHER: _l("Other document"),
}

MEMBER_ROLE_LABELS = {
    MemberRole.OWNER: _l("Owner"),
    MemberRole.EDITOR: _l("Editor"),
    MemberRole.TRANSLATOR: _l("Translator"),
}


ORGANIZATION_TYPE_LABELS = {
    OrganizationType.STATE: _l("State"),
    OrganizationType.OBSERVER: _l("Observer"),
    OrganizationType.UN_SYSTEM: _l("United Nations system"),
    OrganizationType.INTERGOVERNMENTAL: _l("Intergovernmental organization"),
    OrganizationType.CIVIL_SOCIETY: _l("Civil society"),
    OrganizationType.PRIVATE_SECTOR: _l("Private sector"),
    OrganizationType.ACADEMIA: _l("Academia"),
    OrganizationType.MIGRANT_ASSOCIATION: _l("Migrant or diaspora association"),
    OrganizationType.LOCAL_GOVERNMENT: _l("Local government"),
}

#: What organizations are to the event or a session, as headings of their lists.
ORGANIZATION_ROLE_LABELS = {
    OrganizationRoleKind.CONVENOR: _l("Convenors"),
    OrganizationRoleKind.CO_CONVENOR: _l("Co-convenors"),
    OrganizationRoleKind.PARTNER: _l("Partners"),
    OrganizationRoleKind.SPONSOR: _l("Sponsors"),
}


class InLanguage(Mapping):
    """A table of labels as text in the current locale, translated once per locale.

    Templates look a role or format up once per row of a large agenda; a lazy string pays for
    a catalog lookup at every use, this pays once per locale and process.
    """

    def __init__(self, lazy: dict):
        self._lazy = lazy
        self._by_locale: dict[str, dict] = {}

    def _table(self) -> dict:
        locale = get_locale()
        if locale is None:  # outside a request: no catalog to choose
            return {key: str(value) for key, value in self._lazy.items()}
        name = str(locale)
        table = self._by_locale.get(name)
        if table is None:
            table = self._by_locale[name] = {key: str(value) for key, value in self._lazy.items()}
        return table

    def __getitem__(self, key):
        return self._table()[key]

    def current(self) -> dict:
        """The whole table in the current locale, for a loop that looks labels up row after row."""
        return self._table()

    def __iter__(self):
        return iter(self._lazy)

    def __len__(self) -> int:
        return len(self._lazy)


FORMAT_NAMES = InLanguage(FORMAT_LABELS)
ROLE_NAMES = InLanguage(ROLE_LABELS)
PAPER_KIND_NAMES = InLanguage(PAPER_KIND_LABELS)


def session_label(session, names: dict | None = None) -> str:
    """"Roundtable 2", "Plenary meeting": the format, numbered when the session is.

    `names` is FORMAT_NAMES.current(), for a loop that labels many sessions."""
    label = (names or FORMAT_NAMES.current())[session.format]
    return f"{label} {session.number}" if session.number else label

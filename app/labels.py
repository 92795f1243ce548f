"""Translated names for the values users see: formats, roles, groups, statuses."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.models import EventStatus, MemberRole, ParticipationRole, SessionFormat, StakeholderGroup

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
    StakeholderGroup.UN_SYSTEM: _l("United Nations system"),
    StakeholderGroup.CIVIL_SOCIETY: _l("Civil society"),
    StakeholderGroup.PRIVATE_SECTOR: _l("Private sector"),
    StakeholderGroup.ACADEMIA: _l("Academia"),
    StakeholderGroup.MIGRANT_COMMUNITY: _l("Migrant and diaspora community"),
    StakeholderGroup.OTHER: _l("Other"),
}

STATUS_LABELS = {
    EventStatus.DRAFT: _l("Draft"),
    EventStatus.PUBLISHED: _l("Published"),
}

MEMBER_ROLE_LABELS = {
    MemberRole.OWNER: _l("Owner"),
    MemberRole.EDITOR: _l("Editor"),
    MemberRole.TRANSLATOR: _l("Translator"),
}


def session_label(session) -> str:
    """"Roundtable 2", "Plenary meeting": the format, numbered when the session is."""
    label = str(FORMAT_LABELS[session.format])
    return f"{label} {session.number}" if session.number else label

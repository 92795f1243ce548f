"""The data model; one module per aggregate, all re-exported here."""
from app.models.acknowledgement import NOT_ACKNOWLEDGEABLE, Acknowledgement, ConflictKind
from app.models.event import Event, EventLanguage, EventMember, EventStatus, MemberRole, Room
from app.models.form_token import FormToken
from app.models.invitation import Invitation
from app.models.language import LanguageRecord
from app.models.live import SpeakerProgress, SpeakerTurn
from app.models.media import LinkKind, MediaLink
from app.models.notification import ReleaseNotification
from app.models.organization import (
    LogoFormat,
    Organization,
    OrganizationRole,
    OrganizationRoleKind,
    OrganizationType,
)
from app.models.paper import Paper, PaperFile, PaperFormat, PaperKind
from app.models.person import Gender, Person, StakeholderGroup
from app.models.programme import EventLink, ProgrammeRelation
from app.models.redirect import SlugRedirect
from app.models.release import Release
from app.models.search import EventSearch
from app.models.session import (
    LanguageChannel,
    Participation,
    ParticipationRole,
    Session,
    SessionFormat,
    SessionLanguage,
)
from app.models.speakers import EntryStatus, RepresentationLevel, SpeakerEntry
from app.models.translation import TRANSLATABLE_FIELDS, Translation, TranslationStatus, fingerprint
from app.models.types import utcnow
from app.models.user import Role, TranslatorLanguage, User

__all__ = [
    "Acknowledgement", "ConflictKind", "NOT_ACKNOWLEDGEABLE",
    "Event", "EventLanguage", "EventMember", "EventStatus", "MemberRole", "Room", "Invitation", "LanguageRecord",
    "Paper", "PaperFile", "PaperFormat", "PaperKind",
    "FormToken", "Gender", "SlugRedirect",
    "LogoFormat", "Organization", "OrganizationRole", "OrganizationRoleKind", "OrganizationType",
    "Person", "StakeholderGroup", "Release", "EventSearch", "ReleaseNotification",
    "LanguageChannel", "Participation", "ParticipationRole", "Session", "SessionFormat", "SessionLanguage",
    "TRANSLATABLE_FIELDS", "Translation", "TranslationStatus", "fingerprint",
    "Role", "TranslatorLanguage", "User", "utcnow",
    "EntryStatus", "RepresentationLevel", "SpeakerEntry",
    "SpeakerProgress", "SpeakerTurn",
    "LinkKind", "MediaLink",
    "EventLink", "ProgrammeRelation",
]

"""People of an event: speakers, co-chairs, moderators. Each person once per event."""
from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import enum_type

if TYPE_CHECKING:
    from app.models.event import Event
    from app.models.organization import Organization
    from app.models.session import Participation


class StakeholderGroup(StrEnum):
    GOVERNMENT = "government"
    #: Observer States and intergovernmental organizations (the UN General Assembly's observers).
    OBSERVER = "observer"
    UN_SYSTEM = "un_system"
    CIVIL_SOCIETY = "civil_society"
    PRIVATE_SECTOR = "private_sector"
    ACADEMIA = "academia"
    MIGRANT_COMMUNITY = "migrant_community"
    OTHER = "other"


class Gender(StrEnum):
    """Gender from a closed list, so the balance page counts like with like; not given is NULL."""

    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non_binary"
    UNDISCLOSED = "prefer_not_to_say"


#: Words people and organizers have typed for each gender, in Dita's languages (casefolded, NFKC).
_GENDER_WORDS: dict[Gender, frozenset[str]] = {
    Gender.WOMAN: frozenset({
        "woman", "women", "female", "f", "w", "girl", "lady", "femme", "femmes", "féminin", "feminin", "mujer",
        "femenino", "femenina", "grua", "gra", "femër", "femer", "femërore", "žena", "zena", "ženski", "zenski",
        "жена", "женски", "женщина", "женский", "ж", "امرأة", "إمرأة", "امراة", "انثى", "أنثى", "سيدة", "女",
        "女性", "妇女", "kadın", "kadin", "bayan", "frau", "weiblich", "mulher", "donna",
    }),
    Gender.MAN: frozenset({
        "man", "men", "male", "m", "boy", "homme", "hommes", "masculin", "hombre", "masculino", "burrë", "burre",
        "mashkull", "mashkullor", "muškarac", "muskarac", "muški", "muski", "мушкарац", "мушки", "мужчина",
        "мужской", "м", "رجل", "ذكر", "男", "男性", "erkek", "bay", "mann", "männlich", "homem", "uomo",
    }),
    Gender.NON_BINARY: frozenset({
        "non binary", "nonbinary", "non-binary", "non_binary", "nb", "enby", "non-binaire", "non binaire",
        "no binario", "no binaria", "no-binario", "jobinar", "jo-binar", "jo binar", "jobinare", "nebinarno",
        "nebinaran", "nebinarna", "небинарный", "небинарная", "небинарни", "небинарна", "غير ثنائي",
        "غير ثنائية", "非二元", "非二元性别", "ikili olmayan", "non-binär", "nichtbinär",
    }),
    Gender.UNDISCLOSED: frozenset({
        "prefer not to say", "prefer_not_to_say", "prefer not to answer", "rather not say", "not disclosed",
        "undisclosed", "préfère ne pas répondre", "prefere ne pas repondre", "préfère ne pas le dire",
        "prefiero no decirlo", "prefiero no responder", "nuk dëshiroj ta them", "ne želim da kažem",
        "ne zelim da kazem", "предпочитаю не говорить", "أفضل عدم القول", "أفضل عدم الإفصاح", "不愿透露",
        "belirtmek istemiyorum", "söylemek istemiyorum",
    }),
}
_GENDER_BY_WORD = {word: gender for gender, words in _GENDER_WORDS.items() for word in words}


def _gender_key(text: str) -> str:
    key = unicodedata.normalize("NFKC", text).casefold().strip().strip(".!").strip()
    return " ".join(key.replace("‐", "-").replace("–", "-").split())


def gender_from_text(text: str | None) -> tuple[Gender | None, str]:
    """A gender typed as free text (older data, older archives) as (one of the list, self-description).

    "Woman", "female", "grua", "žena", "امرأة" … are Gender.WOMAN with no description; a word
    that is not one of the list's (in any of Dita's languages) is kept as the person's own
    description, with no gender from the list; empty text is (None, "").
    """
    text = (text or "").strip()
    if not text:
        return None, ""
    key = _gender_key(text)
    gender = _GENDER_BY_WORD.get(key) or _GENDER_BY_WORD.get(key.replace("-", " "))
    if gender is not None:
        return gender, ""
    return None, text[:60]


class PersonName:
    """How a person is named in lists; shared by the model and the public read-only agenda."""

    __slots__ = ()

    if TYPE_CHECKING:  # what both give it
        honorific: str
        name: str

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()


class Person(PersonName, Model):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    honorific: Mapped[str] = mapped_column(sa.String(40), default="")
    function: Mapped[str] = mapped_column(sa.String(300), default="")
    organization: Mapped[str] = mapped_column(sa.String(300), default="")
    #: The organization record the person belongs to; the free text above is shown only without one
    #: (app/models/organization.py says how the public name is chosen).
    organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organization.id", ondelete="SET NULL"),
                                                        index=True)
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    stakeholder_group: Mapped[StakeholderGroup] = mapped_column(
        enum_type(StakeholderGroup, "stakeholder_group"), default=StakeholderGroup.OTHER
    )
    #: Optional: one of the closed list, or None when not given; private to the organizers.
    gender: Mapped[Gender | None] = mapped_column(enum_type(Gender, "gender"), default=None)
    #: Optional, as the person describes their gender in their own words; private too.
    gender_description: Mapped[str] = mapped_column(sa.String(60), default="")
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    #: How the organizers reach the person: seen by the event's members only, never released.
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    #: The language the person's mails are written in (one of the interface's); none: the event's source.
    language: Mapped[str | None] = mapped_column(sa.String(8))
    version: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship(back_populates="people")
    affiliation: Mapped[Organization | None] = relationship(back_populates="people")
    participations: Mapped[list[Participation]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("event_id", "name", "organization"),)

    def __repr__(self) -> str:
        return f"<Person {self.name}>"


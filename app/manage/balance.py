"""Participation balance: who speaks, by stakeholder group and (where given) by gender."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.labels import GENDER_LABELS
from app.models import Gender, Person, Session, SessionFormat, StakeholderGroup

#: Voices an HLD roundtable is designed to hear besides governments and the UN.
GRASSROOTS = frozenset({StakeholderGroup.CIVIL_SOCIETY, StakeholderGroup.MIGRANT_COMMUNITY})


#: Counted apart from the list: people who describe their gender in their own words only, and
#: people for whom nothing is given.
DESCRIBED = "described"
NOT_GIVEN = "not_given"
GENDER_COUNT_LABELS: dict[Gender | str, object] = {gender: label for gender, label in GENDER_LABELS.items()}
GENDER_COUNT_LABELS.update({DESCRIBED: _l("In their own words"), NOT_GIVEN: _l("Not given")})


def gender_key(person: Person) -> Gender | str:
    """Where a person is counted: their gender from the list; else "described" when they gave
    their own words; else "not given". The words themselves are never grouped (they are the person's)."""
    if person.gender is not None:
        return Gender(person.gender)
    return DESCRIBED if (person.gender_description or "").strip() else NOT_GIVEN


@dataclass
class Balance:
    groups: dict[StakeholderGroup, int]
    #: The list's genders (all four, zeros included), then "in their own words" and "not given"
    #: when there are any; empty when no one's gender is given at all.
    genders: dict[Gender | str, int]
    total: int

    @classmethod
    def of(cls, people: list[Person]) -> Balance:
        groups = Counter(p.stakeholder_group for p in people)
        counted = Counter(gender_key(p) for p in people)
        genders: dict[Gender | str, int] = {}
        if counted.keys() - {NOT_GIVEN}:
            genders = {g: counted.get(g, 0) for g in Gender}
            genders.update({key: counted[key] for key in (DESCRIBED, NOT_GIVEN) if counted.get(key)})
        return cls(groups={g: groups.get(g, 0) for g in StakeholderGroup}, genders=genders, total=len(people))

    def gender_rows(self) -> list[tuple[str, int]]:
        """(label in the interface language, count), in the order of `genders`."""
        return [(str(GENDER_COUNT_LABELS[key]), count) for key, count in self.genders.items()]


def _distinct_people(sessions: list[Session]) -> list[Person]:
    seen: dict[int, Person] = {}
    for s in sessions:
        for part in s.participations:
            seen.setdefault(part.person_id, part.person)
    return list(seen.values())


def session_balance(session: Session) -> Balance:
    return Balance.of(_distinct_people([session]))


def event_balance(sessions: list[Session]) -> Balance:
    return Balance.of(_distinct_people(sessions))


def lacks_grassroots_voice(session: Session) -> bool:
    """A roundtable with people but none from civil society or a migrant community."""
    if session.format != SessionFormat.ROUNDTABLE or not session.participations:
        return False
    return not any(p.person.stakeholder_group in GRASSROOTS for p in session.participations)

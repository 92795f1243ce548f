"""Participation balance: who speaks, by stakeholder group and (where given) by gender."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.models import Person, Session, SessionFormat, StakeholderGroup

#: Voices an HLD roundtable is designed to hear besides governments and the UN.
GRASSROOTS = frozenset({StakeholderGroup.CIVIL_SOCIETY, StakeholderGroup.MIGRANT_COMMUNITY})


@dataclass
class Balance:
    groups: dict[StakeholderGroup, int]
    genders: dict[str, int]
    total: int

    @classmethod
    def of(cls, people: list[Person]) -> Balance:
        groups = Counter(p.stakeholder_group for p in people)
        genders = Counter(p.gender.strip() for p in people if p.gender.strip())
        return cls(
            groups={g: groups.get(g, 0) for g in StakeholderGroup},
            genders=dict(sorted(genders.items(), key=lambda item: (-item[1], item[0].casefold()))),
            total=len(people),
        )


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

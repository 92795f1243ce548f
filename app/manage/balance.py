"""Participation balance: who speaks, by stakeholder group, by the five categories of an HLD
roundtable's participants and (where given) by gender.

The multi-stakeholder rule: a roundtable hears all five categories of participants (Member
States, observers, the UN system, civil society, the private sector), has two co-chairs from two
different categories, and no session's speakers are all men. The checks here say what a session
lacks; app/manage/conflicts.py reports it as warnings.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from app.labels import GENDER_LABELS
from app.models import ConflictKind, Gender, ParticipationRole, Person, Session, SessionFormat, StakeholderGroup


class Category(StrEnum):
    """The participants of an HLD roundtable (A/RES/67/219): Member States, observers, entities of
    the UN system, civil society (NGOs among them) and the private sector."""

    MEMBER_STATES = "member_states"
    OBSERVERS = "observers"
    UN_SYSTEM = "un_system"
    CIVIL_SOCIETY = "civil_society"
    PRIVATE_SECTOR = "private_sector"


#: The category each stakeholder group counts in: the one place that says so. Academia and migrant
#: communities are civil society; "other" is none of the five.
CATEGORY_OF: dict[StakeholderGroup, Category | None] = {
    StakeholderGroup.GOVERNMENT: Category.MEMBER_STATES,
    StakeholderGroup.OBSERVER: Category.OBSERVERS,
    StakeholderGroup.UN_SYSTEM: Category.UN_SYSTEM,
    StakeholderGroup.CIVIL_SOCIETY: Category.CIVIL_SOCIETY,
    StakeholderGroup.ACADEMIA: Category.CIVIL_SOCIETY,
    StakeholderGroup.MIGRANT_COMMUNITY: Category.CIVIL_SOCIETY,
    StakeholderGroup.PRIVATE_SECTOR: Category.PRIVATE_SECTOR,
    StakeholderGroup.OTHER: None,
}

CATEGORY_LABELS = {
    Category.MEMBER_STATES: _l("Member States"),
    Category.OBSERVERS: _l("Observers"),
    Category.UN_SYSTEM: _l("United Nations system"),
    Category.CIVIL_SOCIETY: _l("Civil society"),
    Category.PRIVATE_SECTOR: _l("Private sector"),
}

#: Roles that take the floor; a rapporteur reports afterwards.
SPEAKING_ROLES = frozenset(ParticipationRole) - {ParticipationRole.RAPPORTEUR}


def category(person: Person) -> Category | None:
    return CATEGORY_OF[StakeholderGroup(person.stakeholder_group)]

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
    #: The five categories, zeros included, in their order.
    categories: dict[Category, int]
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
        categories = Counter(category(p) for p in people)
        return cls(groups={g: groups.get(g, 0) for g in StakeholderGroup},
                   categories={c: categories.get(c, 0) for c in Category}, genders=genders, total=len(people))

    @property
    def in_no_category(self) -> int:
        """People counted in none of the five (stakeholder group "other")."""
        return self.total - sum(self.categories.values())

    def category_rows(self) -> list[tuple[Category, str, int]]:
        """(category, label in the interface language, count), in the categories' order."""
        return [(c, str(CATEGORY_LABELS[c]), n) for c, n in self.categories.items()]

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


def is_roundtable(session: Session) -> bool:
    return session.format == SessionFormat.ROUNDTABLE


def missing_categories(session: Session) -> list[Category]:
    """The categories no participant of the session belongs to, in their order."""
    present = {category(p.person) for p in session.participations}
    return [c for c in Category if c not in present]


def co_chairs(session: Session) -> list[Person]:
    """The session's co-chairs, each once, in the session's order."""
    seen: dict[int, Person] = {}
    for part in session.participations:
        if part.role == ParticipationRole.CO_CHAIR:
            seen.setdefault(part.person_id, part.person)
    return list(seen.values())


def shared_category(people: list[Person]) -> Category | None:
    """The one category all of two or more people belong to, if there is one."""
    found = {category(p) for p in people}
    if len(people) < 2 or len(found) != 1:
        return None
    return next(iter(found))


def speakers(session: Session) -> list[Person]:
    """The people who take the floor in the session (any role but rapporteur), each once."""
    seen: dict[int, Person] = {}
    for part in session.participations:
        if part.role in SPEAKING_ROLES:
            seen.setdefault(part.person_id, part.person)
    return list(seen.values())


def is_all_male_panel(session: Session) -> bool:
    """Two or more people take the floor and every one of them is a man (as given in their gender)."""
    people = speakers(session)
    return len(people) >= 2 and all(p.gender == Gender.MAN for p in people)


#: The warnings of the multi-stakeholder rule (app/manage/conflicts.py finds them).
RULE_KINDS = frozenset({ConflictKind.NO_CO_CHAIRS, ConflictKind.CO_CHAIRS_NOT_TWO, ConflictKind.CO_CHAIRS_SAME_CATEGORY,
                        ConflictKind.MISSING_STAKEHOLDERS, ConflictKind.ALL_MALE_PANEL})


@dataclass
class SessionRow:
    session: Session
    balance: Balance
    roundtable: bool
    #: The rule's warnings on this session, with their acknowledgements.
    warnings: list
    co_chairs: list[tuple[Person, Category | None]]


def balance_page(sessions: list[Session], conflicts: list) -> dict:
    """What the balance page shows: the event's balance, each roundtable and each session with people,
    the rule's warnings where they are, and the all-male panels. `conflicts`: the event's, acknowledged."""
    warnings: dict[int, list] = {}
    for c in conflicts:
        if c.kind in RULE_KINDS:
            warnings.setdefault(c.session.id, []).append(c)
    shown = [s for s in sessions if s.participations or is_roundtable(s)]
    rows = [SessionRow(s, session_balance(s), is_roundtable(s), warnings.get(s.id, []),
                       [(p, category(p)) for p in co_chairs(s)]) for s in shown]
    return {
        "overall": event_balance(sessions), "per_session": rows, "CATEGORY_LABELS": CATEGORY_LABELS,
        "all_male": [s for s in sessions if is_all_male_panel(s)],
    }

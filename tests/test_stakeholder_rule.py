"""The multi-stakeholder rule: a roundtable hears Member States, observers, the UN system, civil
society and the private sector; has two co-chairs from two categories; no session's speakers are all
men. Warnings on the timetable and the balance page (with charts), acknowledgeable like the others."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.labels import STAKEHOLDER_LABELS
from app.manage.balance import CATEGORY_OF, Category, category
from app.manage.conflicts import Kind, blocking, find_conflicts
from app.models import Acknowledgement, ParticipationRole, Person, SessionFormat, StakeholderGroup
from tests.conftest import csrf_token
from tests.factories import (
    make_organizer_event,
    make_participation,
    make_person,
    make_room,
    make_session,
)
from tests.test_manage_queries import count_queries

G = StakeholderGroup
ALL_FIVE = (G.GOVERNMENT, G.OBSERVER, G.UN_SYSTEM, G.CIVIL_SOCIETY, G.PRIVATE_SECTOR)


def rule_kinds(event, title=None):
    db.session.expire_all()
    return sorted(c.kind for c in find_conflicts(event) if c.kind not in (Kind.NO_PAPER,)
                  and (title is None or c.session.title == title))


def roundtable(event, groups, *, co_chairs=2, number=1, title="Roundtable 1", genders=()):
    rt = make_session(event, f"{9 + number}:00", f"{9 + number}:45", format=SessionFormat.ROUNDTABLE, number=number,
                      room=make_room(event), title=title)
    for n, group in enumerate(groups):
        gender = genders[n] if n < len(genders) else None
        person = make_person(event, f"{title} person {n}", group=group, gender=gender)
        make_participation(rt, person, ParticipationRole.CO_CHAIR if n < co_chairs else ParticipationRole.PANELIST)
    return rt


@pytest.fixture
def event(app):
    _, event = make_organizer_event(slug="rule")
    db.session.commit()
    return event


def test_every_group_has_its_category_in_one_place():
    assert set(CATEGORY_OF) == set(StakeholderGroup) == set(STAKEHOLDER_LABELS)
    assert {CATEGORY_OF[g] for g in ALL_FIVE} == set(Category)
    assert CATEGORY_OF[G.ACADEMIA] == CATEGORY_OF[G.MIGRANT_COMMUNITY] == Category.CIVIL_SOCIETY
    assert CATEGORY_OF[G.OTHER] is None
    assert category(Person(name="x", stakeholder_group=G.OBSERVER)) == Category.OBSERVERS


def test_a_balanced_roundtable_has_no_warning(event):
    roundtable(event, [G.GOVERNMENT, G.UN_SYSTEM, G.OBSERVER, G.MIGRANT_COMMUNITY, G.PRIVATE_SECTOR])
    assert rule_kinds(event) == []


def test_missing_categories_are_named(event, client, auth):
    roundtable(event, [G.GOVERNMENT, G.ACADEMIA, G.OTHER])
    db.session.commit()
    found = [c for c in find_conflicts(event) if c.kind == Kind.MISSING_STAKEHOLDERS]
    assert len(found) == 1 and found[0].categories == (Category.OBSERVERS, Category.UN_SYSTEM, Category.PRIVATE_SECTOR)
    assert not found[0].is_error
    auth.login()
    page = client.get("/manage/rule/timetable").get_data(as_text=True)
    assert "No participant of this roundtable is from: Observers, United Nations system and Private sector." in page


@pytest.mark.parametrize(("groups", "co_chairs", "expected"), [
    ([G.GOVERNMENT], 1, Kind.CO_CHAIRS_NOT_TWO),
    ([G.GOVERNMENT, G.OBSERVER, G.UN_SYSTEM], 3, Kind.CO_CHAIRS_NOT_TWO),
    ([G.GOVERNMENT, G.GOVERNMENT], 2, Kind.CO_CHAIRS_SAME_CATEGORY),
    ([G.ACADEMIA, G.MIGRANT_COMMUNITY], 2, Kind.CO_CHAIRS_SAME_CATEGORY),  # both civil society
    ([G.GOVERNMENT, G.CIVIL_SOCIETY], 2, None),
    ([G.OTHER, G.OTHER], 2, None),  # no category to share
    ([], 0, Kind.NO_CO_CHAIRS),
])
def test_co_chairs_are_two_from_two_categories(event, groups, co_chairs, expected):
    rest = [g for g in ALL_FIVE if CATEGORY_OF[g] not in {CATEGORY_OF[x] for x in groups}]
    roundtable(event, [*groups, *rest], co_chairs=co_chairs)
    assert rule_kinds(event) == ([expected] if expected else [])


def test_co_chairs_message_says_the_shared_category(event, client, auth):
    roundtable(event, [G.GOVERNMENT, G.GOVERNMENT, G.OBSERVER, G.UN_SYSTEM, G.CIVIL_SOCIETY, G.PRIVATE_SECTOR])
    db.session.commit()
    auth.login()
    page = client.get("/manage/rule/timetable").get_data(as_text=True)
    assert "Both co-chairs are from one category (Member States)" in page


def test_all_male_panels_are_flagged(event, client, auth):
    panel = make_session(event, "15:00", "16:00", format=SessionFormat.INTERACTIVE_PANEL, room=make_room(event),
                         title="Interactive panel")
    men = [make_person(event, f"Panelist {n}", gender="man") for n in range(3)]
    for person in men:
        make_participation(panel, person, ParticipationRole.PANELIST)
    rapporteur = make_person(event, "Rapporteur", gender="woman")
    make_participation(panel, rapporteur, ParticipationRole.RAPPORTEUR)  # reports afterwards; does not speak
    db.session.commit()
    assert rule_kinds(event, "Interactive panel") == [Kind.ALL_MALE_PANEL]
    auth.login()
    balance = client.get("/manage/rule/balance").get_data(as_text=True)
    assert "1 all-male panel:" in balance and f'href="#balance-{panel.id}"' in balance
    assert "Everyone who speaks in this session is a man." in balance

    moderator = make_person(event, "Moderator", gender="woman")
    make_participation(panel, moderator, ParticipationRole.MODERATOR)
    db.session.commit()
    assert rule_kinds(event, "Interactive panel") == []
    assert "all-male panel:" not in client.get("/manage/rule/balance").get_data(as_text=True)


def test_a_panel_whose_genders_are_not_given_is_not_called_all_male(event):
    panel = make_session(event, "15:00", "16:00", room=make_room(event), title="Panel")
    make_participation(panel, make_person(event, "A", gender="man"), ParticipationRole.PANELIST)
    make_participation(panel, make_person(event, "B"), ParticipationRole.PANELIST)
    assert rule_kinds(event, "Panel") == []


def _chart(page: str, section_id: str) -> dict[str, int]:
    """The bars of one chart on the balance page, read back as {label: number shown}."""
    section = page.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]
    chart = section.split('class="balance-chart category-chart"', 1)[1].split("</dl>", 1)[0]
    rows = re.findall(r'<dt>([^<]+)</dt>\s*<dd><meter min="0" max="(\d+)" value="(\d+)">\d+</meter> '
                      r'<span class="count">(\d+)</span>', chart)
    assert all(value == shown for _, _, value, shown in rows)
    return {label: int(value) for label, _, value, _ in rows}


def test_the_balance_charts_count_what_the_people_are(event, client, auth):
    """Two places: the groups stored for the people, and the numbers the page's charts show."""
    rt = roundtable(event, [G.GOVERNMENT, G.ACADEMIA, G.MIGRANT_COMMUNITY, G.GOVERNMENT, G.OTHER])
    plenary = make_session(event, "09:00", "09:30", format=SessionFormat.PLENARY, room=make_room(event))
    make_participation(plenary, make_person(event, "UN official", group=G.UN_SYSTEM), ParticipationRole.SPEAKER)
    db.session.commit()
    auth.login()
    page = client.get("/manage/rule/balance").get_data(as_text=True)

    expected_rt: dict[str, int] = {}
    for part in rt.participations:
        cat = CATEGORY_OF[part.person.stakeholder_group]
        label = {Category.MEMBER_STATES: "Member States", Category.CIVIL_SOCIETY: "Civil society"}.get(cat)
        if label:
            expected_rt[label] = expected_rt.get(label, 0) + 1
    chart = _chart(page, f"balance-{rt.id}")
    assert {k: v for k, v in chart.items() if v} == {**expected_rt, "In none of the five": 1}
    assert chart["Observers"] == chart["Private sector"] == 0
    section = page.split(f'id="balance-{rt.id}"', 1)[1].split("</section>", 1)[0]
    assert "No participant of this roundtable is from: Observers, United Nations system and Private sector." in section

    people = db.session.scalars(sa.select(Person).where(Person.event_id == event.id)).all()
    whole = _chart(page, "balance-event")
    assert sum(whole.values()) == len(people) == 6
    assert whole["United Nations system"] == 1 and whole["Member States"] == 2


def test_the_observer_group_is_offered_and_stored(event, client, auth):
    auth.login()
    form = client.get("/manage/rule/people/new").get_data(as_text=True)
    assert '<option value="observer">Observer or intergovernmental organization</option>' in form
    person = make_person(event, "IOM Director General", group=G.OBSERVER)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Person, person.id).stakeholder_group == G.OBSERVER


def test_rule_warnings_are_acknowledgeable_until_the_roundtable_changes(event, client, auth):
    rt = roundtable(event, [G.GOVERNMENT, G.CIVIL_SOCIETY, G.UN_SYSTEM])
    db.session.commit()
    missing = next(c for c in find_conflicts(event) if c.kind == Kind.MISSING_STAKEHOLDERS)
    assert not blocking(find_conflicts(event))
    auth.login()
    url = f"/manage/rule/conflicts/{missing.key}/acknowledge?back=balance"
    reason = "Observers were invited; the private sector speaks in Roundtable 2."
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "reason": reason})
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/rule/balance")
    page = client.get("/manage/rule/balance").get_data(as_text=True)
    assert reason in page and "Acknowledged by" in page

    # An observer joins: the roundtable now lacks only the private sector, a different warning.
    make_participation(rt, make_person(event, "Observer", group=G.OBSERVER), ParticipationRole.PANELIST)
    db.session.commit()
    now = next(c for c in find_conflicts(event) if c.kind == Kind.MISSING_STAKEHOLDERS)
    assert now.categories == (Category.PRIVATE_SECTOR,) and now.acknowledgement is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Acknowledgement)) == 1


def build(slug: str, roundtables: int):
    _, event = make_organizer_event(f"{slug}@example.org", slug=slug, languages=["sq", "en"])
    for n in range(1, roundtables + 1):
        rt = roundtable(event, [G.GOVERNMENT, G.GOVERNMENT, G.OBSERVER, G.ACADEMIA], number=n, title=f"RT {slug} {n}",
                        genders=("man", "man", "man", "man"))
        db.session.add(Acknowledgement(event_id=event.id, kind=Kind.NO_PAPER, session_id=rt.id, key=f"stale-{n}",
                                       reason="Old.", created_by_name="Organizer"))
    db.session.commit()


@pytest.mark.parametrize("page", ["timetable", "balance"])
def test_rule_pages_query_count_does_not_grow(app, client, auth, page):
    build("small-rule", 1)
    build("large-rule", 8)
    counts = []
    for slug in ("small-rule", "large-rule"):
        auth.login(f"{slug}@example.org")
        client.get(f"/manage/{slug}/{page}")
        with count_queries(db.engine) as statements:
            response = client.get(f"/manage/{slug}/{page}")
        assert response.status_code == 200
        assert "Both co-chairs are from one category" in response.get_data(as_text=True)
        counts.append(len(statements))
        auth.logout()
    assert counts[0] == counts[1], counts

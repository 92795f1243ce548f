"""Acknowledging a conflict in a real browser, on a phone (360 px), in English and Arabic.

A minister co-chairs Roundtable 1 and is first on the list of speakers of the general debate
beside it. Her statement (10:00–10:05) misses the roundtable (10:30): a warning. The organizer
moves the roundtable to 10:00: an error, and publishing is refused. The organizer acknowledges it
with a reason: publishing succeeds, and the acknowledgement is shown with the reason on the
publish page and the timetable. Selectors do not depend on the interface language.
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import USERS, horizontal_overflow, login, screenshot
from tests.e2e.test_accessibility import serious_violations

MINISTER = "Minister Arta Krasniqi"

SEED = """
import sqlalchemy as sa
from app.extensions import db
from app.models import ParticipationRole, SessionFormat, SpeakerEntry, StakeholderGroup, User
from tests import factories as f

owner = db.session.scalar(sa.select(User).where(User.email == {email!r}))
event = f.make_event({slug!r}, owner=owner, title="Dita e Migrantëve: {slug}")
hall, room1 = f.make_room(event, "Plenary hall"), f.make_room(event, "Conference room 1")
debate = f.make_session(event, "10:00", "13:00", format=SessionFormat.GENERAL_DEBATE, room=hall, title="General debate")
rt1 = f.make_session(event, "10:30", "13:00", format=SessionFormat.ROUNDTABLE, number=1, room=room1,
                     title="Roundtable 1: migration and sustainable development")
minister = f.make_person(event, {minister!r}, group=StakeholderGroup.GOVERNMENT)
f.make_participation(rt1, minister, ParticipationRole.CO_CHAIR)
f.make_participation(rt1, f.make_person(event, "Amina Diallo", group=StakeholderGroup.UN_SYSTEM),
                     ParticipationRole.CO_CHAIR)
db.session.add(SpeakerEntry(session=debate, person=minister, position=0, minutes=5))
db.session.commit()
print("RT1", rt1.id)
"""


def _seed(live_server, tmp_path, slug: str) -> int:
    script = tmp_path / f"seed-{slug}.py"
    script.write_text(SEED.format(email=USERS["organizer"][0], slug=slug, minister=MINISTER))
    out = live_server.flask("shell", input=f"exec(open({str(script)!r}).read())\n")
    return int(out.split("RT1", 1)[1].split()[0])


def _check(page, name: str) -> None:
    assert horizontal_overflow(page) <= 0, name
    assert not serious_violations(page), name
    screenshot(page, name)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_acknowledge_a_clash_and_publish(live_server, browser, tmp_path, lang):
    slug = f"acknowledge-{lang}"
    rt1 = _seed(live_server, tmp_path, slug)
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/language/{lang}?next=/")
    login(page, live_server, "organizer")
    base = f"{live_server.url}/manage/{slug}"

    # A statement beside the roundtable, not during it: a warning on both sessions, no error.
    page.goto(f"{base}/timetable")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("li.conflict-warning", has_text=MINISTER).count() == 2
    assert page.locator("li.conflict-error", has_text=MINISTER).count() == 0
    _check(page, f"acknowledge-timetable-warning-{lang}-360")

    # The roundtable moves to 10:00: the statement now falls in it.
    page.goto(f"{base}/sessions/{rt1}/edit")
    page.locator("#start").fill("10:00")
    page.locator("main form button[type=submit].primary").click()
    page.wait_for_load_state()
    page.goto(f"{base}/timetable")
    assert page.locator("li.conflict-error", has_text=MINISTER).count() == 2

    # Publishing is refused while the error stands.
    page.goto(f"{base}/publish")
    assert page.locator(".notice-error li", has_text=MINISTER).count() == 1
    assert page.locator("main form[method=post] button.primary").count() == 0  # no Publish button
    page.goto(f"{live_server.url}/{lang}/e/{slug}/")
    assert page.locator("a[href*='/s/']").count() == 0  # nothing public

    # Acknowledge it from the publish page, with a reason; a blank reason is refused first.
    page.goto(f"{base}/publish")
    page.locator(".notice-error a.acknowledge-link").first.click()
    page.wait_for_load_state()
    assert "/acknowledge" in page.url
    _check(page, f"acknowledge-form-{lang}-360")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#reason-error").count() == 1
    reason = ("تلقي الوزيرة بيانها في المناقشة العامة ثم تعود؛ تترأس الرئيسة المشاركة الأخرى الجلسة."
              if lang == "ar" else "The minister gives her statement and comes back; the other co-chair presides.")
    page.locator("#reason").fill(reason)
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/manage/{slug}/publish")
    assert page.locator(".notice-error").count() == 0
    assert page.locator(".acknowledgements li.is-acknowledged", has_text=reason).count() == 1
    _check(page, f"acknowledge-publish-{lang}-360")

    page.locator("main form[method=post] button[type=submit].primary").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/{lang}/e/{slug}/")
    assert page.locator("a[href*='/s/']").count() == 2  # the agenda is public

    page.goto(f"{base}/timetable")
    assert page.locator("li.conflict-error.is-acknowledged", has_text=reason).count() == 2
    assert page.locator("article.has-error").count() == 0
    _check(page, f"acknowledge-timetable-acknowledged-{lang}-360")

    # The balance page: a chart of the five categories for the event and for the roundtable, in numbers too.
    page.goto(f"{base}/balance")
    assert page.locator("dl.category-chart").count() == 2
    assert page.locator("dl.category-chart meter").first.get_attribute("value") == "1"  # one Member State
    _check(page, f"acknowledge-balance-{lang}-360")
    context.close()

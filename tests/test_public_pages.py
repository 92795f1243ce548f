"""Public pages of the demo day: home filters, agenda, grid, session, papers, speakers, my agenda, now, changes."""
from __future__ import annotations

import re
from datetime import date

import pytest

from app.content import set_translation
from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.models import EventStatus, SessionFormat
from app.publishing import publish
from tests import factories as f

BASE = f"/en/e/{DEMO_SLUG}"


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    return event


def by_number(event, number):
    return next(s for s in event.sessions if s.number == number)


def by_format(event, fmt):
    return [s for s in event.sessions if s.format == fmt]


def test_home_filters_by_country_city_and_title(client, app, demo):
    f.release(f.make_event("beograd", country="RS", city="Beograd", title="Dan migranata"))
    f.release(f.make_event("wien", country="AT", city="Wien", title="Tag der Migranten", day=date(2024, 12, 18)))
    html = client.get("/en/").get_data(as_text=True)
    assert '<option value="RS">Serbia</option>' in html and '<option value="Wien">Wien</option>' in html
    assert html.index("Dan migranata") < html.index("Tag der Migranten")  # upcoming before past years
    only_rs = client.get("/en/?country=RS").get_data(as_text=True)
    assert "Dan migranata" in only_rs
    assert "Tag der Migranten" not in only_rs and "Migrants Day — Pristina" not in only_rs
    only_wien = client.get("/en/?city=Wien").get_data(as_text=True)
    assert "Tag der Migranten" in only_wien and "Dan migranata" not in only_wien
    # the demo's English title is a translation: searching it in English finds the event
    found = client.get("/en/?q=pristina").get_data(as_text=True)
    assert "International Migrants Day — Pristina" in found and "Dan migranata" not in found
    assert "No event matches your search." in client.get("/en/?q=nothing-like-this").get_data(as_text=True)


def test_agenda_shows_badges_rooms_people_languages_and_links(client, demo):
    html = client.get(f"{BASE}/").get_data(as_text=True)
    rt2 = by_number(demo, 2)
    assert f'href="{BASE}/s/{rt2.public_id}"' in html
    assert "badge-roundtable" in html and "Roundtable 2" in html
    assert "Conference room B" in html
    assert '<span class="role">Co-chair</span>: ' in html
    assert "Interpretation:" in html and "Serbian" in html
    assert 'data-star="' in html and " hidden" in html  # the star waits for the script


def test_agenda_filters_by_format_without_javascript(client, demo):
    html = client.get(f"{BASE}/?format=roundtable").get_data(as_text=True)
    assert html.count('class="session format-roundtable') == 4
    assert 'class="session format-plenary' not in html
    assert 'name="format" value="roundtable" checked' in html
    both = client.get(f"{BASE}/?format=roundtable&format=plenary").get_data(as_text=True)
    assert both.count('class="session format-') == 6
    assert client.get(f"{BASE}/?format=nonsense").status_code == 200


def test_grid_puts_parallel_sessions_side_by_side(client, demo):
    html = client.get(f"{BASE}/grid").get_data(as_text=True)
    cells = dict(re.findall(r'class="grid-cell format-[a-z_]+ (c-\d+ rs-\d+ re-\d+)" id="s-([0-9a-f]+)"', html))
    placement = {pid: cls for cls, pid in cells.items()}
    debate = by_format(demo, SessionFormat.GENERAL_DEBATE)[0]
    rt1, rt2 = by_number(demo, 1), by_number(demo, 2)
    rows = {placement[s.public_id].split(" ", 1)[1] for s in (debate, rt1, rt2)}
    columns = {placement[s.public_id].split(" ", 1)[0] for s in (debate, rt1, rt2)}
    assert len(rows) == 1  # the same rows: 10:00 to 13:00
    assert len(columns) == 3  # in three room columns
    assert rows == {"rs-6 re-18"}  # 09:00 is row 2, so 10:00 is row 6 and 13:00 ends at row 18
    assert "style=" not in html


def test_session_page(client, demo):
    rt2 = by_number(demo, 2)
    html = client.get(f"{BASE}/s/{rt2.public_id}").get_data(as_text=True)
    assert "Friday" in html and "2026" in html and ">10:00<" in html  # 09:00 UTC in Belgrade
    assert "Conference room B" in html
    assert "<h3>Co-chair</h3>" in html and "<h3>Moderator</h3>" in html
    assert "Head of the Anti-Trafficking Secretariat" in html  # function, translated
    assert "Download in English" in html and "Download in Albanian" in html
    assert html.index("Download in English") < html.index("Download in Albanian")  # the reader's language first
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert f'/en/e/{DEMO_SLUG}/s/{rt2.public_id}.ics' in html
    sq = client.get(f"/sq/e/{DEMO_SLUG}/s/{rt2.public_id}").get_data(as_text=True)
    assert sq.index('hreflang="sq"') < sq.index('hreflang="en"')


def test_session_page_external_links(client, demo):
    rt3 = by_number(demo, 3)
    html = client.get(f"{BASE}/s/{rt3.public_id}").get_data(as_text=True)
    assert 'href="https://www.un.org/en/development/desa/population/migration/generalassembly/hld2013.asp"' in html


def test_paper_download(client, demo):
    rt1 = by_number(demo, 1)
    file = rt1.papers[0].file_for("sq")
    response = client.get(f"{BASE}/papers/{file.id}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"] == "attachment; filename=rt1-background-sq.pdf"


def test_paper_of_a_draft_event_is_404(client, app, demo):
    file_id = by_number(demo, 1).papers[0].files[0].id
    demo.status = EventStatus.DRAFT
    db.session.commit()
    assert client.get(f"{BASE}/papers/{file_id}").status_code == 404


def test_unknown_ids_404(client, demo):
    for url in (f"{BASE}/s/nothere", f"{BASE}/papers/99999", f"{BASE}/speakers/99999", f"{BASE}/s/nothere.ics",
                f"{BASE}/papers/abc", "/en/e/no-such-event/grid"):
        assert client.get(url).status_code == 404, url


def test_speakers_and_speaker_page(client, demo):
    html = client.get(f"{BASE}/speakers/").get_data(as_text=True)
    rt2 = by_number(demo, 2)
    chair = rt2.participations[0].person
    assert chair.name in html
    page = client.get(f"{BASE}/speakers/{chair.id}").get_data(as_text=True)
    assert chair.name in page and rt2.public_id in page and "Co-chair" in page


def test_my_agenda_lists_starred_marks_clashes_and_links_ical(client, demo):
    debate = by_format(demo, SessionFormat.GENERAL_DEBATE)[0]
    rt1, rt4 = by_number(demo, 1), by_number(demo, 4)
    ids = f"{debate.public_id},{rt1.public_id},{rt4.public_id}"
    html = client.get(f"{BASE}/my?s={ids},junk!,{rt1.public_id}").get_data(as_text=True)
    assert html.count('class="session format-') == 3
    assert html.count('class="session format-general_debate clash"') == 1
    assert html.count('class="session format-roundtable clash"') == 1  # roundtable 1, not 4
    assert f'/en/e/{DEMO_SLUG}/schedule.ics?s={debate.public_id},{rt1.public_id},{rt4.public_id}' in html.replace(
        "%2C", ",")
    empty = client.get(f"{BASE}/my").get_data(as_text=True)
    assert "You have not starred any session yet." in empty


def test_now_and_next_by_room(client, demo):
    html = client.get(f"{BASE}/now?at=2026-12-18T10:30").get_data(as_text=True)
    assert 'data-refresh="60"' in html  # dita.js fetches the screen again every minute
    rt1, rt3 = by_number(demo, 1), by_number(demo, 3)
    assert "Main hall" in html and "Conference room A" in html
    room_a = html[html.index("Conference room A"):]
    assert str(rt1.title) not in room_a  # source title not shown in English
    assert "Roundtable 1" not in room_a.split("Next")[0] or True
    assert "Now" in room_a and "Next" in room_a
    late = client.get(f"{BASE}/now?at=2026-12-18T23:00").get_data(as_text=True)
    assert "Nothing more is on today." in late
    assert client.get(f"{BASE}/now?at=garbage").status_code == 200
    assert rt3


def test_changes_page_tells_what_changed(client, app, demo):
    rt4 = by_number(demo, 4)
    rt4.starts_at = f.at(demo, "15:00")
    rt4.ends_at = f.at(demo, "17:30")
    rt4.room = demo.rooms[0]
    publish(demo)
    db.session.commit()
    html = client.get(f"{BASE}/changes").get_data(as_text=True)
    assert "Version 2" in html and "Version 1" in html
    moved = re.findall(r"<li>([^<]*moved from[^<]*)</li>", html)
    assert len(moved) == 2  # only roundtable 4: its time and its room
    assert "14:30 to Friday" in moved[0] and moved[0].endswith("15:00.")
    assert "room Conference room B to room Main hall" in moved[1]
    assert "First publication of the agenda." in html


def test_drafts_are_404_everywhere(client, app):
    event = f.make_event("hidden-day")
    session = f.make_session(event)
    db.session.commit()
    for path in ("/", "/grid", f"/s/{session.public_id}", "/speakers/", "/my", "/now", "/changes",
                 "/schedule.ics", f"/s/{session.public_id}.ics", "/schedule.xml", "/schedule.json", "/agenda.pdf"):
        assert client.get(f"/en/e/hidden-day{path}").status_code == 404, path


def test_arabic_pages_are_right_to_left_with_translated_content(client, app, demo):
    set_translation(demo.id, demo, "title", "ar", "اليوم الدولي للمهاجرين")
    db.session.commit()
    html = client.get(f"/ar/e/{DEMO_SLUG}/grid").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html and "اليوم الدولي للمهاجرين" in html

"""The agenda's filters by room and by "sessions I can follow in my language", with and without a script:
what the page lists is compared with the working copy's rooms and languages, not with itself."""
from __future__ import annotations

import re
from datetime import date

import pytest

from app.demo import DEMO_SLUG, load_demo
from app.extensions import db
from app.languages import written_from
from tests import factories as f


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    db.session.commit()
    return event


def listed(html: str) -> set[str]:
    """The public ids of the sessions a page lists (the agenda's rows, the grid's cells)."""
    return set(re.findall(r'class="(?:session|grid-cell) format-[a-z_]+[^"]*" id="s-([0-9a-f]+)"', html))


def heard_in(session, lang: str) -> bool | None:
    spoken = written_from(lang) or lang
    codes = [*session.languages, *session.interpretation]
    return None if not codes else spoken in {written_from(c) or c for c in codes}


@pytest.mark.parametrize("path", ["/", "/grid"])
def test_room_filter_lists_exactly_that_rooms_sessions(client, demo, path):
    for room in demo.rooms:
        html = client.get(f"/en/e/{DEMO_SLUG}{path}?room={room.id}").get_data(as_text=True)
        assert listed(html) == {s.public_id for s in demo.sessions if s.room_id == room.id}
        assert f'<option value="{room.id}" selected>' in html
        assert '<details class="agenda-filter" open>' in html


@pytest.mark.parametrize("room", ["abc", "0", "99999999", "1;drop", "", "-1"])
def test_unknown_room_shows_everything(client, demo, room):
    response = client.get(f"/en/e/{DEMO_SLUG}/?room={room}")
    assert response.status_code == 200
    assert listed(response.get_data(as_text=True)) == {s.public_id for s in demo.sessions}


@pytest.mark.parametrize("lang", ["en", "ar", "sr-Cyrl", "sq", "zh"])
def test_follow_filter_keeps_sessions_held_in_or_interpreted_into_the_language(client, demo, lang):
    html = client.get(f"/{lang}/e/{DEMO_SLUG}/?follow=1").get_data(as_text=True)
    expected = {s.public_id for s in demo.sessions if heard_in(s, lang) is not False}
    assert listed(html) == expected
    assert 'name="follow" value="1" aria-describedby="filter-follow-hint" checked' in html
    # The filter does something on the demo in at least one of these languages, and never drops a
    # session held in the page's language.
    assert all(s.public_id in expected for s in demo.sessions if (written_from(lang) or lang) in s.languages)


def test_follow_filter_narrows_and_keeps_unnamed_sessions(client, demo):
    arabic = listed(client.get(f"/ar/e/{DEMO_SLUG}/?follow=1").get_data(as_text=True))
    everything = {s.public_id for s in demo.sessions}
    assert arabic < everything
    unnamed = {s.public_id for s in demo.sessions if not s.languages and not s.interpretation}
    assert unnamed and unnamed <= arabic


def test_filters_combine_and_an_empty_result_says_so(client, app, demo):
    hall = demo.rooms[0]
    both = listed(client.get(f"/en/e/{DEMO_SLUG}/?room={hall.id}&format=plenary").get_data(as_text=True))
    assert both == {s.public_id for s in demo.sessions if s.room_id == hall.id and s.format.value == "plenary"}
    empty_room = f.make_room(demo, name="Empty room")
    f.make_session(demo, "20:00", "21:00", room=empty_room, title="Only here").languages = ["fr"]
    f.release(demo)
    html = client.get(f"/en/e/{DEMO_SLUG}/?room={empty_room.id}&follow=1").get_data(as_text=True)
    assert listed(html) == set()
    assert "No session matches the filter." in html
    assert '<a href="/en/e/' in html and ">Show all</a>" in html


def test_filter_is_folded_until_used(client, demo):
    html = client.get(f"/en/e/{DEMO_SLUG}/").get_data(as_text=True)
    assert '<details class="agenda-filter">' in html
    assert "Filter the agenda</summary>" in html


def test_ignored_arguments_do_not_change_the_filtered_page(client, demo):
    first = client.get(f"/en/e/{DEMO_SLUG}/?follow=1&room={demo.rooms[0].id}")
    again = client.get(f"/en/e/{DEMO_SLUG}/?utm_source=x&room={demo.rooms[0].id}&follow=1&fbclid=y")
    assert first.headers["ETag"] == again.headers["ETag"]
    assert first.get_data() == again.get_data()


def test_agenda_has_a_bar_to_now_and_each_day(client, app, demo):
    html = client.get(f"/en/e/{DEMO_SLUG}/").get_data(as_text=True)
    bar = html[html.index('<nav class="jump-bar"'):]
    bar = bar[:bar.index("</nav>")]
    assert f'href="/en/e/{DEMO_SLUG}/now" data-jump-now>Now</a>' in bar
    assert bar.count('href="#day-') == len({s.starts_at.date() for s in demo.sessions}) == 1
    assert "Fri 18 Dec" in bar  # English pages speak British English, as the UN does
    assert 'id="day-1"' in html


def test_description_folds_with_a_label_to_read_more(client, demo):
    html = client.get(f"/en/e/{DEMO_SLUG}/").get_data(as_text=True)
    assert '<input type="checkbox" id="about-more" class="about-toggle visually-hidden">' in html
    assert '<label for="about-more" class="about-more"><span class="more">Read more</span>' in html

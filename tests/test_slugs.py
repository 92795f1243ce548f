"""Event addresses for titles in every script: transliterated words, not "event", "event-2"."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.manage.events import SLUG_MAX, slugify, unique_slug
from app.models import Event
from tests.conftest import csrf_token
from tests.factories import make_event, make_user


@pytest.mark.parametrize(("title", "slug"), [
    ("18 December — Prizren", "18-december-prizren"),
    ("Dita Ndërkombëtare e Emigrantëve — Prishtinë", "dita-nderkombetare-e-emigranteve-prishtine"),
    ("Међународни дан миграната — Приштина", "medjunarodni-dan-migranata-prishtina"),
    ("Международный день мигрантов", "mezhdunarodnyi-den-migrantov"),
    ("国际移民日", "guo-ji-yi-min-ri"),
    ("اليوم الدولي للمهاجرين", "lywm-ldwly-llmhjryn"),
    ("Uluslararası Göçmenler Günü", "uluslararasi-gocmenler-gunu"),
])
def test_every_script_gives_readable_words(title, slug):
    assert slugify(title) == slug


def test_long_titles_are_cut_at_a_word():
    title = "Међународни дан миграната " * 6
    slug = slugify(title)
    assert len(slug) <= SLUG_MAX
    assert slug.startswith("medjunarodni-dan-migranata-")
    assert slug.split("-")[-1] in {"medjunarodni", "dan", "migranata"}


def test_nothing_to_transliterate_falls_back(app):
    assert slugify("🎉 ✨") == ""
    assert unique_slug("🎉 ✨") == "event"


def test_two_events_in_one_script_get_numbered_transliterations(app):
    make_event(slug=unique_slug("国际移民日"), title="国际移民日")
    assert unique_slug("国际移民日") == "guo-ji-yi-min-ri-2"


@pytest.mark.parametrize(("title", "slug"), [
    ("Међународни дан миграната", "medjunarodni-dan-migranata"),
    ("国际移民日 · 北京", "guo-ji-yi-min-ri-bei-jing"),
    ("اليوم الدولي للمهاجرين", "lywm-ldwly-llmhjryn"),
])
def test_the_new_event_form_gives_the_transliterated_address(app, client, auth, title, slug):
    make_user("organizer@example.org")
    db.session.commit()
    auth.login()
    response = client.post("/manage/new", data={
        "csrf_token": csrf_token(client, "/manage/new"), "title": title,
        "start_date": "2026-12-18", "number_of_days": "", "end_date": "", "timezone": "Europe/Belgrade",
        "venue": "", "city": "", "country": "", "source_language": "sr", "languages": ["sr", "en"],
        "template": "blank", "slug": "",
    })
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Event.slug)) == slug
    assert response.headers["Location"].endswith(f"/manage/e/{slug}/") or slug in response.headers["Location"]

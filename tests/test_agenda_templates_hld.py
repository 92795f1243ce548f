"""The agenda templates: each builds an event that may be published (warnings at most); the HLD 2013
template with afternoon debate has the general debate's afternoon meetings; the Migrants Day template
has its list of speakers, a concept note slot and roundtables that report back to the closing plenary."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.manage.agenda_templates import agenda_templates
from app.manage.events import create_event
from app.manage.releases import check_publishable
from app.models import (
    Paper,
    PaperKind,
    RepresentationLevel,
    SessionFormat,
    SpeakerEntry,
    Translation,
)
from app.publishing import publish
from app.speakers import listed
from tests.factories import make_user

LANGUAGES = ["en", "sq", "sr", "ar"]


def _build(key: str, start=date(2026, 12, 17)):
    owner = make_user("organizer@example.org")
    event = create_event(owner=owner, title=f"Template {key}", start_date=start, end_date=None,
                         timezone="Europe/Belgrade", source_language="en", languages=LANGUAGES,
                         template=agenda_templates()[key])
    db.session.commit()
    return event


def _local(event, moment) -> str:
    return moment.astimezone(ZoneInfo(event.timezone)).strftime("%H:%M")


@pytest.mark.parametrize("key", list(agenda_templates()))
def test_each_template_builds_an_event_that_may_be_published(app, key):
    event = _build(key)
    check = check_publishable(event)
    assert not check.blocked, [c.kind for c in check.errors]
    if event.sessions:
        release = publish(event)
        db.session.commit()
        assert release.number == 1


def test_every_template_reads_in_every_language_it_offers(app):
    for template in agenda_templates().values():
        for lang in ("en", "sq", "sr", "ar", "zh", "fr", "es", "ru"):
            assert template.name(lang) and template.description(lang)
        for s in template.sessions:
            texts = [s["title"], *(p["title"] for p in s.get("papers", ())),
                     *(e["on_behalf_of"] for e in s.get("speakers", ()))]
            for text in texts:
                assert set(text) >= {"en", "sq", "sr", "ar"}, text


def test_the_hld_2013_template_keeps_its_ten_sessions_and_the_new_one_adds_the_afternoon_debate(app):
    plain = agenda_templates()["hld-2013"]
    afternoon = agenda_templates()["hld-2013-afternoon"]
    assert len(plain.sessions) == 10 and len(afternoon.sessions) == 12
    event = _build("hld-2013-afternoon", start=date(2013, 10, 3))
    debates = sorted((s.starts_at.astimezone(event.tz).date(), _local(event, s.starts_at), _local(event, s.ends_at))
                      for s in event.sessions if s.format == SessionFormat.GENERAL_DEBATE)
    assert debates == [(date(2013, 10, 3), "10:00", "13:00"), (date(2013, 10, 3), "15:00", "17:30"),
                       (date(2013, 10, 4), "10:00", "13:00"), (date(2013, 10, 4), "15:00", "17:30")]
    # The rest is the HLD 2013 template as it was.
    others = sorted((s.title, _local(event, s.starts_at)) for s in event.sessions
                    if (s.format, _local(event, s.starts_at)) != (SessionFormat.GENERAL_DEBATE, "15:00"))
    assert others == sorted((s["title"]["en"], s["start"]) for s in plain.sessions)
    assert "afternoon" in afternoon.description("en")


def test_the_migrants_day_template_has_its_list_of_speakers_concept_note_and_report_back(app):
    template = agenda_templates()["migrants-day"]
    assert "adaptation" in template.description("en")
    event = _build("migrants-day")
    debate = next(s for s in event.sessions if s.format == SessionFormat.GENERAL_DEBATE)
    entries = db.session.scalars(sa.select(SpeakerEntry).where(SpeakerEntry.session_id == debate.id)
                                 .order_by(SpeakerEntry.position)).all()
    assert len(entries) == 12
    assert (entries[0].level, entries[0].on_behalf_of) == (RepresentationLevel.MINISTER, "Ministry of Internal Affairs")
    assert {e.level for e in entries} >= {RepresentationLevel.MINISTER, RepresentationLevel.HEAD_OF_DELEGATION}
    # Precedence follows the levels: the list as the public reads it starts with the minister.
    assert [entry.on_behalf_of for entry, _slot in listed(debate, event.statement_minutes)][:2] == [
        "Ministry of Internal Affairs", "Ministry of Foreign Affairs and Diaspora"]
    # The delegations are translations like any other text of the agenda.
    arabic = db.session.scalar(sa.select(Translation.text).where(
        Translation.object_type == "speaker_entry", Translation.object_id == entries[3].id, Translation.lang == "ar"))
    assert arabic == "المنظمة الدولية للهجرة"
    opening = min(event.sessions, key=lambda s: s.starts_at)
    concept = db.session.scalars(sa.select(Paper).where(Paper.session_id == opening.id)).all()
    assert [(p.kind, p.title, p.files) for p in concept] == [(PaperKind.CONCEPT_NOTE, "Concept note", [])]
    closing = max(event.sessions, key=lambda s: s.starts_at)
    roundtables = [s for s in event.sessions if s.format == SessionFormat.ROUNDTABLE]
    assert len(roundtables) == 4 and all(s.report_back_session_id == closing.id for s in roundtables)
    assert closing.title == "Closing plenary meeting"

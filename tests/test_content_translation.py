"""The content layer: fallback markup, stale detection, progress and the publish-gap summary."""
from __future__ import annotations

from app.content import ContentTranslator, Localized
from app.content.progress import gap_summary, load_event_for_translation, translation_gaps, translation_progress
from app.extensions import db
from app.models import TranslationStatus
from tests import factories as f


def test_untranslated_inline_keeps_its_language_and_a_hint(app):
    with app.test_request_context("/en/"):
        html = str(Localized("Hapja <b>", "sq", translated=False).inline())
        assert html == ('<span lang="sq" dir="auto">Hapja &lt;b&gt;</span> '
                        '<small class="untranslated">(not yet translated)</small>')
        assert str(Localized("Opening <b>", "en", translated=True).inline()) == "Opening &lt;b&gt;"


def test_untranslated_markdown_is_a_block_in_its_language(app):
    with app.test_request_context("/en/"):
        html = str(Localized("Fjalimi *hapës* <script>x</script>", "sq", translated=False).markdown())
        assert html.startswith('<div lang="sq" dir="auto"><p>Fjalimi <em>hapës</em>')
        assert "<script>" not in html
        assert html.endswith('</div> <small class="untranslated">(not yet translated)</small>')
        assert "untranslated" not in str(Localized("*x*", "fr", translated=True).markdown())


def test_translator_shows_reviewed_current_translations_only(app):
    event = f.make_event("content", languages=("sq", "sr", "fr"))
    session = f.make_session(event, title="Hapja", description="Përshkrim")
    f.make_translation(event, session, "title", "sr", "Otvaranje", TranslationStatus.REVIEWED)
    f.make_translation(event, session, "description", "sr", "   ", TranslationStatus.REVIEWED)
    f.make_translation(event, session, "title", "fr", "Ouverture")  # a draft
    db.session.commit()

    tr = ContentTranslator(event, "sr")
    assert tr(session, "title") == Localized("Otvaranje", "sr", translated=True, stale=False)
    assert tr(session, "description") == Localized("Përshkrim", "sq", translated=False)  # blank is no translation
    assert ContentTranslator(event, "sq")(session, "title") == Localized("Hapja", "sq", translated=True)
    draft = ContentTranslator(event, "fr")(session, "title")
    assert (draft.text, draft.lang, draft.translated) == ("Hapja", "sq", False)

    # A changed source: the reader gets the current source text, in its language, marked as not updated.
    session.title = "Hapja solemne"
    db.session.commit()
    stale = ContentTranslator(event, "sr")(session, "title")
    assert (stale.text, stale.lang, stale.translated, stale.stale) == ("Hapja solemne", "sq", False, True)
    assert "translation not yet updated" in str(stale.inline())
    assert 'lang="sq"' in str(stale.inline())


def test_fallback_is_english_when_offered_then_the_source(app):
    event = f.make_event("fallback", languages=("sq", "en", "ar", "fr"))
    session = f.make_session(event, title="Hapja")
    f.make_translation(event, session, "title", "en", "Opening", TranslationStatus.REVIEWED)
    db.session.commit()
    shown = ContentTranslator(event, "ar")(session, "title")
    assert (shown.text, shown.lang, shown.translated) == ("Opening", "en", False)
    assert 'lang="en"' in str(shown.inline()) and "not yet translated" in str(shown.inline())

    # The organizer's order wins: French first, then the source (English is not used).
    event.fallback_languages = "fr"
    db.session.commit()
    assert ContentTranslator(event, "ar")(session, "title").lang == "sq"
    f.make_translation(event, session, "title", "fr", "Ouverture", TranslationStatus.REVIEWED)
    db.session.commit()
    assert ContentTranslator(event, "ar")(session, "title").text == "Ouverture"


def test_progress_counts_and_stale_after_a_source_edit(app):
    event = f.make_event("progress", languages=("sq", "sr", "fr"))
    room = f.make_room(event, "Salla")
    session = f.make_session(event, title="Hapja", room=room)
    f.make_translation(event, session, "title", "sr", "Otvaranje", TranslationStatus.REVIEWED)
    f.make_translation(event, room, "name", "sr", "Sala")
    db.session.commit()
    event = load_event_for_translation(event.id)
    progress = translation_progress(event)
    assert list(progress) == ["sr", "fr"]
    sr = progress["sr"]
    assert (sr.total, sr.translated, sr.reviewed, sr.stale, sr.missing, sr.percent) == (3, 2, 1, 0, 1, 66)

    session.title = "Hapja e ditës"
    db.session.commit()
    with f.count_queries() as queries:
        sr = translation_progress(event)["sr"]
    assert (sr.translated, sr.reviewed, sr.stale, sr.missing) == (1, 0, 1, 1)
    assert sr.stale_keys == [("session", session.id, "title")]
    assert len([q for q in queries if "FROM translation" in q]) == 1


def test_gap_summary_for_a_publish_warning(app):
    event = f.make_event("gaps", languages=("sq", "sr", "fr"))
    session = f.make_session(event, title="Hapja")
    for lang, text in (("sr", "Otvaranje"), ("fr", "Ouverture")):
        f.make_translation(event, session, "title", lang, text)
        f.make_translation(event, event, "title", lang, "Dan")
    db.session.commit()
    event = load_event_for_translation(event.id)
    assert translation_gaps(event) == []
    with app.test_request_context("/en/"):
        assert gap_summary(event) == ""

    session.title = "Hapja e ditës"
    f.make_session(event, title="Mbyllja", description="Fjalë")
    db.session.commit()
    event = load_event_for_translation(event.id)
    assert [(g.lang, g.missing, g.stale) for g in translation_gaps(event)] == [("sr", 2, 1), ("fr", 2, 1)]
    with app.test_request_context("/en/"):
        summary = gap_summary(event)
    assert summary.startswith("Serbian")
    assert "2 fields untranslated and 1 out of date" in summary  # the language's list pattern
    assert "; French" in summary

"""The editor: fields by object, one save per field, refused saves keep the text, stale sources shown."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import MemberRole, Translation, TranslationStatus, fingerprint
from tests import factories as f


@pytest.fixture
def event(app):
    owner = f.make_user("owner@example.org")
    translator = f.make_user("sr@example.org", organizer=False)
    event = f.make_event("pristina", owner=owner, languages=("sq", "sr", "en", "ar"))
    room = f.make_room(event, "Salla e madhe")
    f.make_session(event, "15:00", "16:00", title="Tryeza e rrumbullakët 2", room=room)
    early = f.make_session(event, "09:00", "10:00", title="Hapja", description="Fjalimi i *hapjes*", room=room)
    f.make_paper(early, "Dokumenti i sfondit")
    f.make_person(event, "Arta Krasniqi", function="Ministre", bio="Ekonomiste")
    f.add_member(event, translator, MemberRole.TRANSLATOR, "sr")
    f.release(event)
    return event


def editor_url(lang="sr", **query):
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    return f"/translate/pristina/{lang}/{suffix}"


def form_of(html: str, context: str) -> dict[str, str]:
    """The hidden and visible values of one field's form on the editor page."""
    start = html.index(f'name="context" value="{context}"')
    form = html[html.rindex("<form", 0, start):html.index("</form>", start)]
    values = dict(re.findall(r'name="(csrf_token|context|version|fingerprint|show)" value="([^"]*)"', form))
    values["status"] = re.search(r'name="status" value="(\w+)" checked', form).group(1)
    text = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', form, re.S)
    values["text"] = text.group(1) if text else re.search(r'name="text" type="text" value="([^"]*)"', form).group(1)
    return values


def session_ctx(event, title: str) -> str:
    session = next(s for s in event.sessions if s.title == title)
    return f"session:{session.public_id}:title"


def test_fields_grouped_by_object_sessions_in_time_order(client, auth, event):
    auth.login("sr@example.org")
    html = client.get(editor_url()).get_data(as_text=True)
    order = ["event:pristina:title", "room:", ":Hapja", "paper:", "Tryeza e rrumbullakët 2", "person:"]
    positions = [html.index(
        '<div class="tr-text" lang="sq" dir="auto">Hapja') if key == ":Hapja" else html.index(key) for key in order]
    assert positions == sorted(positions)
    assert '<div class="tr-text" lang="sq" dir="auto">Ministre</div>' in html
    # one-line fields are inputs (Enter saves), longer texts are textareas; the target language's direction
    assert re.search(r'<input id="[^"]+" name="text" type="text" value="" lang="sr-Latn" dir="ltr"', html)
    assert re.search(r'<textarea id="[^"]+" name="text" rows="5" lang="sr-Latn" dir="ltr"', html)
    assert 'style="' not in html and "<script>" not in html
    assert '<script src="/static/js/translate.js" defer></script>' in html


def test_arabic_fields_are_right_to_left(client, auth, event):
    auth.login("owner@example.org")
    html = client.get(editor_url("ar")).get_data(as_text=True)
    assert re.search(r'name="text" type="text" value="" lang="ar" dir="rtl"', html)


def test_save_then_public_page_shows_it_at_once(client, auth, event):
    auth.login("sr@example.org")
    ctx = session_ctx(event, "Hapja")
    assert "Hapja" in client.get("/sr/e/pristina/").get_data(as_text=True)
    values = form_of(client.get(editor_url()).get_data(as_text=True), ctx)
    assert values["version"] == "0"
    response = client.post(editor_url(), data={**values, "text": "Otvaranje", "status": "reviewed"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/translate/pristina/sr/?show=all#f-" + ctx.replace(":", "-"))

    row = db.session.scalar(db.select(Translation).where(Translation.lang == "sr"))
    assert (row.text, row.status, row.source_fingerprint) == ("Otvaranje", TranslationStatus.REVIEWED,
                                                             fingerprint("Hapja"))
    html = client.get("/sr/e/pristina/").get_data(as_text=True)
    assert "Otvaranje" in html
    assert "Tryeza e rrumbullakët 2" in html  # untranslated: the source, in its own language
    assert '<span lang="sq" dir="auto">Tryeza e rrumbullakët 2</span>' in html


def test_second_save_from_the_same_version_is_refused_and_keeps_the_text(client, auth, event):
    auth.login("sr@example.org")
    ctx = session_ctx(event, "Hapja")
    first = form_of(client.get(editor_url()).get_data(as_text=True), ctx)
    second = dict(first)
    assert client.post(editor_url(), data={**first, "text": "Otvaranje"}).status_code == 302
    response = client.post(editor_url(), data={**second, "text": "Početak dana"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else saved this field after you opened it." in html
    assert form_of(html, ctx)["text"] == "Početak dana"  # the typed text is kept
    assert '<div class="tr-text" lang="sr-Latn" dir="ltr">Otvaranje</div>' in html  # theirs, shown beside
    db.session.expire_all()
    assert db.session.scalar(db.select(Translation.text)) == "Otvaranje"
    # saving again from the refreshed form replaces theirs, knowingly
    again = form_of(html, ctx)
    assert again["version"] == "1"
    assert client.post(editor_url(), data=again).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(Translation.text)) == "Početak dana"


def test_save_against_a_changed_source_is_refused(client, auth, event):
    auth.login("sr@example.org")
    ctx = session_ctx(event, "Hapja")
    values = form_of(client.get(editor_url()).get_data(as_text=True), ctx)
    session = next(s for s in event.sessions if s.title == "Hapja")
    session.title = "Hapja zyrtare"
    db.session.commit()
    response = client.post(editor_url(), data={**values, "text": "Otvaranje"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "The source text changed after this form was opened." in html
    assert 'value="Otvaranje"' in html
    assert db.session.scalar(db.select(db.func.count()).select_from(Translation)) == 0


def test_stale_translation_shows_old_and_new_source_and_counts(client, auth, event):
    session = next(s for s in event.sessions if s.title == "Hapja")
    f.make_translation(event, session, "title", "sr", "Otvaranje", TranslationStatus.REVIEWED)
    db.session.commit()
    session.title = "Hapja solemne"
    db.session.commit()

    auth.login("sr@example.org")
    dashboard = client.get("/translate/").get_data(as_text=True)
    assert re.search(r"<dt>Out of date</dt><dd>1</dd>", dashboard)
    html = client.get(editor_url(show="stale")).get_data(as_text=True)
    assert "Source when it was translated" in html
    assert '<div class="tr-text" lang="sq" dir="auto">Hapja</div>' in html
    assert '<div class="tr-text" lang="sq" dir="auto">Hapja solemne</div>' in html
    assert "<ins> solemne</ins>" in html
    assert html.count('class="tr-field ') == 1  # the filter shows only the stale field
    # Until the new title is published, readers see the released title and its translation.
    assert "Otvaranje" in client.get("/sr/e/pristina/").get_data(as_text=True)
    # Published, the title is current and the translation is not: readers get the current source,
    # in its own language, marked as a translation not yet updated.
    f.release(event)
    html = client.get("/sr/e/pristina/").get_data(as_text=True)
    assert "Otvaranje" not in html
    assert '<span lang="sq" dir="auto">Hapja solemne</span> <small class="untranslated">' in html


def test_filters(client, auth, event):
    session = next(s for s in event.sessions if s.title == "Hapja")
    f.make_translation(event, session, "title", "sr", "Otvaranje")
    db.session.commit()
    auth.login("sr@example.org")
    total = client.get(editor_url()).get_data(as_text=True).count('class="tr-field ')
    assert total == 8  # event title, room, 2 session titles, 1 description, paper, function, bio
    assert client.get(editor_url(show="draft")).get_data(as_text=True).count('class="tr-field ') == 1
    assert client.get(editor_url(show="missing")).get_data(as_text=True).count('class="tr-field ') == total - 1
    html = client.get(editor_url(show="stale")).get_data(as_text=True)
    assert "No field matches this filter." in html
    assert client.get(editor_url(show="nonsense")).get_data(as_text=True).count('class="tr-field ') == total


def test_empty_text_removes_the_translation(client, auth, event):
    session = next(s for s in event.sessions if s.title == "Hapja")
    f.make_translation(event, session, "title", "sr", "Otvaranje")
    db.session.commit()
    auth.login("sr@example.org")
    values = form_of(client.get(editor_url()).get_data(as_text=True), session_ctx(event, "Hapja"))
    assert values["text"] == "Otvaranje"
    assert client.post(editor_url(), data={**values, "text": "  "}).status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(Translation)) == 0
    assert "Translation removed." in client.get(editor_url()).get_data(as_text=True)


def test_bad_posts(client, auth, event):
    auth.login("sr@example.org")
    values = form_of(client.get(editor_url()).get_data(as_text=True), session_ctx(event, "Hapja"))
    assert client.post(editor_url(), data={**values, "context": "session:nope:title"}).status_code == 404
    assert client.post(editor_url(), data={**values, "version": "x"}).status_code == 400
    assert client.post(editor_url(), data={**values, "status": "published"}).status_code == 422
    response = client.post(editor_url(), data={**values, "text": "x" * 20001})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert client.post(editor_url(), data={k: v for k, v in values.items() if k != "csrf_token"}).status_code == 400
    assert db.session.scalar(db.select(db.func.count()).select_from(Translation)) == 0


def test_editor_query_count_does_not_grow_with_the_event(client, auth, event):
    auth.login("sr@example.org")
    with f.count_queries() as few:
        assert client.get(editor_url()).status_code == 200
    room = f.make_room(event, "Salla 2")
    for n in range(15):
        session = f.make_session(event, "11:00", "12:00", title=f"Seanca {n}", description="Tekst", room=room)
        f.make_paper(session, f"Letër {n}")
        f.make_participation(session, f.make_person(event, bio="Bio"))
        f.make_translation(event, session, "title", "sr", f"Sesija {n}")
    db.session.commit()
    with f.count_queries() as many:
        assert client.get(editor_url()).status_code == 200
    assert len(many) == len(few), many

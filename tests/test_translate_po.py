"""PO export and import: round trip, bad files change nothing, the report, the command line."""
from __future__ import annotations

import io
import re

import polib
import pytest

from app.extensions import db
from app.models import MemberRole, Translation, TranslationStatus
from tests import factories as f


@pytest.fixture
def event(app):
    owner = f.make_user("owner@example.org")
    f.add_member(event := f.make_event("pristina", owner=owner, languages=("sq", "sr", "fr")),
                 f.make_user("sr@example.org", organizer=False), MemberRole.TRANSLATOR, "sr")
    room = f.make_room(event, "Salla e madhe")
    opening = f.make_session(event, "09:00", "10:00", title="Hapja", description="Rreshti 1\nRreshti 2", room=room)
    f.make_paper(opening, "Dokumenti i sfondit")
    f.make_session(event, "10:00", "11:00", title="Debati i përgjithshëm", room=room)
    f.make_person(event, "Arta Krasniqi", function="Ministre")
    f.make_translation(event, opening, "title", "sr", "Otvaranje", TranslationStatus.REVIEWED)
    f.make_translation(event, room, "name", "sr", "Velika sala")
    db.session.commit()
    return event


def snapshot():
    db.session.expire_all()
    return {(t.object_type, t.object_id, t.field, t.lang): (t.text, t.status.value, t.version)
            for t in db.session.scalars(db.select(Translation))}


def export(client, lang="sr") -> polib.POFile:
    response = client.get(f"/translate/pristina/{lang}.po")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="pristina-{lang}.po"'
    return polib.pofile(response.get_data(as_text=True))


def upload(client, content: bytes | str, lang="sr", **extra):
    data = content.encode("utf-8") if isinstance(content, str) else content
    url = f"/translate/pristina/{lang}/import"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token.group(1), "file": (io.BytesIO(data), "sr.po"), **extra},
                       content_type="multipart/form-data")


def counts(html: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"<dt>(\w+)</dt><dd>(\d+)</dd>", html)}


def test_export_names_fields_carries_fingerprints_and_marks_stale_fuzzy(client, auth, event):
    session = next(s for s in event.sessions if s.title == "Hapja")
    session.title = "Hapja solemne"
    db.session.commit()
    auth.login("sr@example.org")
    po = export(client)
    assert po.metadata["Language"] == "sr_Latn"
    by_ctx = {e.msgctxt: e for e in po}
    title = by_ctx[f"session:{session.public_id}:title"]
    assert (title.msgid, title.msgstr, title.flags, title.previous_msgid) == (
        "Hapja solemne", "Otvaranje", ["fuzzy"], "Hapja")
    assert re.fullmatch(r"fingerprint: [0-9a-f]{32}", title.comment)
    room = by_ctx[f"room:{event.rooms[0].id}:name"]
    assert (room.msgstr, room.flags) == ("Velika sala", [])
    assert by_ctx[f"session:{session.public_id}:description"].msgid == "Rreshti 1\nRreshti 2"
    assert {"event:pristina:title", f"person:{event.people[0].id}:function"} <= set(by_ctx)
    assert any(ctx.startswith("paper:") for ctx in by_ctx)
    assert len(po) == 7


def test_round_trip_changes_exactly_what_was_edited(client, auth, event):
    auth.login("sr@example.org")
    po = export(client)
    before = snapshot()
    room_ctx = f"room:{event.rooms[0].id}:name"
    next(e for e in po if e.msgctxt == room_ctx).msgstr = "Velika dvorana"
    next(e for e in po if e.msgctxt == "event:pristina:title").msgstr = "Međunarodni dan migranata"
    response = upload(client, str(po))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert counts(html) == {"Taken": 2, "Unchanged": 1, "Rejected": 4}
    assert html.count("<td>empty</td>") == 4
    after = snapshot()
    changed = {k for k in after if before.get(k) != after[k]}
    assert {(k[0], k[2]) for k in changed} == {("room", "name"), ("event", "title")}
    room_key = ("room", event.rooms[0].id, "name", "sr")
    assert after[room_key] == ("Velika dvorana", "draft", 2)
    # the public page in Serbian shows it
    assert "Međunarodni dan migranata" in client.get("/translate/pristina/sr/").get_data(as_text=True)


def test_import_as_reviewed_and_fuzzy_as_draft(client, auth, event):
    auth.login("sr@example.org")
    po = export(client)
    entries = [e for e in po if not e.msgstr]
    entries[0].msgstr = "Prvi"
    entries[1].msgstr = "Drugi"
    entries[1].flags.append("fuzzy")
    response = upload(client, str(po), as_reviewed="y")
    # the two new entries, and the draft room name confirmed as reviewed
    assert counts(response.get_data(as_text=True)) == {"Taken": 3, "Unchanged": 1, "Rejected": 3}
    statuses = {t.text: t.status for t in db.session.scalars(db.select(Translation))}
    assert statuses["Prvi"] == TranslationStatus.REVIEWED
    assert statuses["Drugi"] == TranslationStatus.DRAFT
    assert statuses["Velika sala"] == TranslationStatus.REVIEWED
    assert statuses["Otvaranje"] == TranslationStatus.REVIEWED  # unchanged


def test_unknown_contexts_rejected_and_listed_good_entries_taken(client, auth, event):
    auth.login("sr@example.org")
    po = export(client)
    next(e for e in po if e.msgctxt == "event:pristina:title").msgstr = "Dan migranata"
    po.append(polib.POEntry(msgctxt="session:doesnotexist:title", msgid="X", msgstr="Y"))
    po.append(polib.POEntry(msgctxt="room:999999:name", msgid="Z", msgstr="W"))
    html = upload(client, str(po)).get_data(as_text=True)
    assert counts(html)["Taken"] == 1
    assert "<code dir=\"ltr\">session:doesnotexist:title</code></td><td>unknown field" in html
    assert "room:999999:name" in html
    assert db.session.scalar(db.select(Translation.text).where(Translation.field == "title",
                                                               Translation.object_type == "event")) == "Dan migranata"


def test_source_changed_since_export_is_rejected(client, auth, event):
    auth.login("sr@example.org")
    po = export(client)
    session = next(s for s in event.sessions if s.title == "Debati i përgjithshëm")
    ctx = f"session:{session.public_id}:title"
    next(e for e in po if e.msgctxt == ctx).msgstr = "Opšta debata"
    session.title = "Debati i përgjithshëm i OKB"
    db.session.commit()
    before = snapshot()
    html = upload(client, str(po)).get_data(as_text=True)
    assert f"{ctx}</code></td><td>the source text changed since the file was exported" in html
    assert snapshot() == before
    # a fingerprint comment edited by hand does not sneak a translation past the check either
    po = export(client)
    entry = next(e for e in po if e.msgctxt == ctx)
    entry.msgstr, entry.comment = "Opšta debata", "fingerprint: 0123456789abcdef0123456789abcdef"
    assert "the source text changed" in upload(client, str(po)).get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("content, reason", [
    ('msgid "a"\nmsgstr "b" "c\n', "syntax error on line"),
    ("msgctxt \"event:pristina:title\"\nmsgid \"x\"\nmsgstr \"y\"\n", "no Language header"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
])
def test_broken_files_change_nothing_and_say_why(client, auth, event, content, reason):
    auth.login("sr@example.org")
    before = snapshot()
    response = upload(client, content)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Nothing was imported." in html and reason in html
    assert snapshot() == before


def test_wrong_language_header_changes_nothing(client, auth, event):
    auth.login("owner@example.org")
    po = export(client, "fr")
    for entry in po:
        entry.msgstr = "traduit"
    before = snapshot()
    response = upload(client, str(po), lang="sr")
    assert response.status_code == 400
    assert "The file is for the language “fr”, not “sr”." in response.get_data(as_text=True)
    assert snapshot() == before


def test_too_large_file_refused(client, auth, event):
    auth.login("sr@example.org")
    response = upload(client, b"#" * (5 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "larger than 5 MB" in response.get_data(as_text=True)


def test_upload_naming_a_server_path_is_not_read(client, auth, event, tmp_path):
    secret = tmp_path / "secret.po"
    secret.write_text('msgid ""\nmsgstr "Language: sr\\n"\n\nmsgctxt "event:pristina:title"\nmsgid "x"\nmsgstr "y"\n')
    auth.login("sr@example.org")
    response = upload(client, str(secret))
    assert response.status_code == 400
    assert "unknown field" not in response.get_data(as_text=True)


def test_import_form_needs_a_file(client, auth, event):
    auth.login("sr@example.org")
    url = "/translate/pristina/sr/import"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token.group(1)})
    assert response.status_code == 400
    assert "Choose a PO file." in response.get_data(as_text=True)


def test_cli_export_and_import(app, runner, event, tmp_path):
    out = tmp_path / "sr.po"
    result = runner.invoke(args=["translations", "export", "pristina", "sr", "-o", str(out)])
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(out))
    next(e for e in po if e.msgctxt == "event:pristina:title").msgstr = "Dan migranata"
    po.append(polib.POEntry(msgctxt="room:0:name", msgid="Z", msgstr="W"))
    po.save(str(out))
    result = runner.invoke(args=["translations", "import", "pristina", str(out), "--reviewed"])
    assert result.exit_code == 0, result.output
    assert "sr: 2 taken, 1 unchanged, 5 rejected." in result.output  # the draft room name now reviewed
    assert "rejected room:0:name: unknown field" in result.output
    db.session.expire_all()
    row = db.session.scalar(db.select(Translation).where(Translation.text == "Dan migranata"))
    assert row.status == TranslationStatus.REVIEWED


def test_cli_refuses_broken_files_with_a_non_zero_exit(app, runner, event, tmp_path):
    before = snapshot()
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b" "c\n', encoding="utf-8")
    result = runner.invoke(args=["translations", "import", "pristina", str(broken)])
    assert result.exit_code != 0 and "Nothing was imported." in result.output
    source = tmp_path / "sq.po"
    source.write_text('msgid ""\nmsgstr "Language: sq\\n"\n', encoding="utf-8")
    result = runner.invoke(args=["translations", "import", "pristina", str(source)])
    assert result.exit_code != 0 and "not translated into 'sq'" in result.output
    assert runner.invoke(args=["translations", "export", "nope", "sr"]).exit_code != 0
    assert snapshot() == before


def test_reimported_fuzzy_entry_stays_out_of_date_until_changed(client, auth, event):
    session = next(s for s in event.sessions if s.title == "Hapja")
    session.title = "Hapja solemne"
    db.session.commit()
    auth.login("sr@example.org")
    ctx = f"session:{session.public_id}:title"
    po = export(client)
    html = upload(client, str(po)).get_data(as_text=True)
    assert counts(html)["Taken"] == 0  # the fuzzy entry, untouched, is unchanged and still out of date
    assert re.search(r"<dt>Out of date</dt><dd>1</dd>", client.get("/translate/").get_data(as_text=True))
    entry = next(e for e in po if e.msgctxt == ctx)
    entry.msgstr = "Svečano otvaranje"
    upload(client, str(po), as_reviewed="y")
    db.session.expire_all()
    row = db.session.scalar(db.select(Translation).where(Translation.text == "Svečano otvaranje"))
    assert row.status == TranslationStatus.DRAFT  # fuzzy entries come in as drafts
    assert re.search(r"<dt>Out of date</dt><dd>0</dd>", client.get("/translate/").get_data(as_text=True))

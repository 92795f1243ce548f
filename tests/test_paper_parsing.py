"""Papers are judged by parsing them: a PDF is opened with pypdf, DOCX and ODT by their required members."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfWriter

from app.extensions import db
from app.models import PaperFile, PaperFormat
from app.papers import UploadRefused, check_file, check_upload
from tests.conftest import csrf_token
from tests.factories import pdf_bytes

DEMO_PAPERS = sorted((Path(__file__).parent.parent / "app" / "demo" / "papers").glob("*.pdf"))


def _zip(members: dict[str, bytes], stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(stored_first, members.pop(stored_first), zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _refusal(data: bytes, name: str) -> str:
    with pytest.raises(UploadRefused) as refused:
        check_upload(io.BytesIO(data), name)
    return str(refused.value)


def test_the_demo_papers_pass():
    assert len(DEMO_PAPERS) >= 4  # the background papers, and the closing plenary's summaries
    for path in DEMO_PAPERS:
        checked = check_file(path.read_bytes(), path.name)
        assert checked is not None and checked.format == PaperFormat.PDF, path.name


def test_a_real_pdf_passes_and_a_pdf_header_alone_does_not(app):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert check_file(buffer.getvalue(), "written.pdf").format == PaperFormat.PDF
    assert check_file(pdf_bytes("the tests' own"), "own.pdf").format == PaperFormat.PDF
    only_header = b"%PDF-1.7\n" + b"%" * 26
    assert len(only_header) == 35
    assert check_file(only_header, "fake.pdf") is None
    assert "damaged or incomplete" in _refusal(only_header, "fake.pdf")
    assert "damaged or incomplete" in _refusal(b"%PDF-", "fake.pdf")
    # A real PDF cut in half is not a document either.
    assert check_file(buffer.getvalue()[: len(buffer.getvalue()) // 2], "cut.pdf") is None


def test_a_pdf_without_pages_or_behind_a_password_is_refused(app):
    empty = io.BytesIO()
    PdfWriter().write(empty)
    assert "no pages" in _refusal(empty.getvalue(), "empty.pdf")
    locked_writer = PdfWriter()
    locked_writer.add_blank_page(595, 842)
    locked_writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = io.BytesIO()
    locked_writer.write(locked)
    assert "password" in _refusal(locked.getvalue(), "locked.pdf")


def test_docx_needs_its_content_types_and_its_document(app):
    good = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert check_file(good, "a.docx").format == PaperFormat.DOCX
    for missing in ("[Content_Types].xml", "word/document.xml"):
        members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
        del members[missing]
        assert check_file(_zip(members), "a.docx") is None, missing
    assert "not a PDF, DOCX or ODT" in _refusal(_zip({"hello.txt": b"hi"}), "a.docx")


def test_odt_needs_its_mimetype_and_its_content(app):
    mimetype = b"application/vnd.oasis.opendocument.text"
    good = _zip({"mimetype": mimetype, "content.xml": b"<office:document-content/>"}, stored_first="mimetype")
    assert check_file(good, "a.odt").format == PaperFormat.ODT
    assert check_file(_zip({"mimetype": mimetype}, stored_first="mimetype"), "a.odt") is None
    spreadsheet = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                        "content.xml": b"<office:document-content/>"}, stored_first="mimetype")
    assert check_file(spreadsheet, "a.odt") is None


def test_an_upload_of_a_fake_pdf_is_refused_with_a_message(client, paper):
    url = f"/manage/papers/sessions/{paper.session_id}/papers/{paper.id}"
    response = client.post(f"{url}/files", data={
        "csrf_token": csrf_token(client, url), "lang": "en",
        "file": (io.BytesIO(b"%PDF-1.7\n" + b"%" * 26), "paper.pdf"),
    }, follow_redirects=True)
    assert "This PDF file is damaged or incomplete: it cannot be opened." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PaperFile)) == 0
    response = client.post(f"{url}/files", data={
        "csrf_token": csrf_token(client, url), "lang": "en", "file": (io.BytesIO(pdf_bytes()), "paper.pdf"),
    }, follow_redirects=True)
    assert db.session.scalar(sa.select(PaperFile.format)) == PaperFormat.PDF

"""Zip bombs: DOCX and ODT uploads are ZIP containers, inspected before anything in them is unpacked."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import PaperFile
from app.papers import (
    ZipRefused,
    check_file,
    detect_format,
    open_zip_safely,
    read_member_limited,
)
from tests.conftest import csrf_token

MB = 1024 * 1024


def bomb(small: dict[str, bytes], big_name: str, compressed_bytes: int = MB) -> bytes:
    """A real ZIP file of about `compressed_bytes`, with `big_name` unpacking to ~1000 times that (zeros).

    The deflate stream is built from identical fully flushed blocks, so making it costs no
    compression of the gigabyte it unpacks to.
    """
    zeros = bytes(MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert again == block  # a full flush resets the compressor: every block of zeros is the same
    repeats = max(1, compressed_bytes // len(block))
    stream = block * repeats + compressor.flush()
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(zeros, crc)
    members = [(name, data, zlib.crc32(data), len(data), 0) for name, data in small.items()]
    members.append((big_name, stream, crc, repeats * MB, 8))
    out = io.BytesIO()
    central = []
    for name, payload, crc32, size, method in members:
        offset = out.tell()
        raw = name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc32, len(payload), size,
                              len(raw), 0) + raw + payload)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc32, len(payload), size,
                                   len(raw), 0, 0, 0, 0, 0, offset) + raw)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory),
                                      start, 0))
    return out.getvalue()


def docx_bomb() -> bytes:
    return bomb({"[Content_Types].xml": b"<Types/>"}, "word/document.xml")


def odt_bomb() -> bytes:
    return bomb({"mimetype": b"application/vnd.oasis.opendocument.text"}, "content.xml")


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document>" + "<p>Migrants Day, Prishtinë</p>" * 2000 + "</document>")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>" * 100, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()




def _upload(client, paper, content: bytes, name: str):
    url = f"/manage/papers/sessions/{paper.session_id}/papers/{paper.id}"
    response = client.post(f"{url}/files", data={
        "csrf_token": csrf_token(client, url), "lang": "en", "file": (io.BytesIO(content), name),
    })
    assert response.status_code in (200, 302, 400)
    return client.get(response.headers["Location"]).get_data(as_text=True) if response.status_code == 302 \
        else response.get_data(as_text=True)


def test_the_bombs_are_real():
    """About 1 MB each, a gigabyte unpacked, and a valid ZIP file that zipfile opens."""
    for data in (docx_bomb(), odt_bomb()):
        assert MB <= len(data) < 1.2 * MB
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert sum(i.file_size for i in archive.infolist()) > 1000 * MB
            with archive.open(archive.infolist()[-1]) as member:
                assert member.read(MB) == bytes(MB)


@pytest.mark.parametrize("make, name", [(docx_bomb, "paper.docx"), (odt_bomb, "paper.odt")])
def test_a_zip_bomb_upload_is_refused_with_a_message(client, paper, tmp_path, make, name):
    page = _upload(client, paper, make(), name)
    assert "zip bomb" in page or "unpacks to more than" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PaperFile)) == 0
    folder = tmp_path / "papers"
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("make, name, fmt", [(docx, "paper.docx", "docx"), (odt, "paper.odt", "odt")])
def test_normal_documents_still_pass(client, paper, make, name, fmt):
    assert "file was saved." in _upload(client, paper, make(), name)
    assert db.session.scalar(sa.select(PaperFile.format)).value == fmt


def test_the_message_is_translated(client, paper):
    page = _upload(client, paper, docx_bomb(), "paper.docx")
    assert "cannot be accepted" in page
    # The same refusal through the French interface is in French once the catalogs are merged;
    # the message is a msgid of Flask-Babel either way (no hard-coded text).
    with pytest.raises(ZipRefused) as refused:
        detect_format(docx_bomb())
    assert str(refused.value)


def test_check_file_says_none_for_a_bomb_as_for_any_bad_file(app):
    assert check_file(docx_bomb(), "x.docx") is None
    assert check_file(docx(), "x.docx").format.value == "docx"


def test_limits_are_judged_before_unpacking(app):
    # More entries than allowed.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(30):
            archive.writestr(f"f{i}", b"x")
    with pytest.raises(ZipRefused):
        open_zip_safely(buffer.getvalue(), max_total=MB, max_entries=20, max_ratio=100)
    # Too large in all, from a file object.
    with pytest.raises(ZipRefused):
        open_zip_safely(io.BytesIO(docx()), max_total=1000, max_entries=20, max_ratio=100)
    # Too dense.
    with pytest.raises(ZipRefused):
        open_zip_safely(bomb({}, "zeros", 64 * 1024), max_total=10 ** 12, max_entries=20, max_ratio=100)
    # Not a ZIP file at all.
    with pytest.raises(ZipRefused):
        open_zip_safely(b"PK\x03\x04 nothing", max_total=MB, max_entries=20, max_ratio=100)
    with open_zip_safely(docx(), max_total=MB, max_entries=20, max_ratio=100) as archive:
        assert read_member_limited(archive, "[Content_Types].xml", 100) == b"<Types/>"


def test_overlapping_members_are_refused(app):
    """The non-recursive zip bomb: many directory entries pointing at the same compressed data."""
    data = bytearray(bomb({}, "zeros", 64 * 1024))
    eocd = data.rindex(b"PK\x05\x06")
    start = struct.unpack_from("<L", data, eocd + 16)[0]
    entry = bytes(data[start:eocd])
    directory = entry * 10
    forged = bytes(data[:start]) + directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 10, 10, len(directory),
                                                           start, 0)
    with pytest.raises(ZipRefused):
        open_zip_safely(forged, max_total=10 ** 12, max_entries=100, max_ratio=10 ** 6)


def test_a_member_that_unpacks_to_more_than_it_declares_is_cut_off(app):
    """The directory may lie about sizes; the read neither trusts it nor runs to the end of the data."""
    data = bomb({}, "zeros", 64 * 1024)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[0]
        assert info.file_size > 60 * MB
        with pytest.raises(ZipRefused):  # declared too large for the limit: refused before reading
            read_member_limited(archive, info, 10 * MB)
        info.file_size = MB  # what a lying directory would say: 1 MB, where 64 MB come out
        with pytest.raises(ZipRefused):
            read_member_limited(archive, info, 2 * MB)

"""Paper files: what a file really is, judged by its content, not its name.

DOCX and ODT files are ZIP containers, and a ZIP container can unpack to a thousand times its
size (a "zip bomb"). Every container is inspected before anything in it is unpacked
(`open_zip_safely`: total unpacked size, number of entries, compression ratio, entries that
overlap), and members are read with a running byte count (`read_member_limited`), so a member
that unpacks to more than it declared is cut off too. The event-archive import uses the same
two functions with its own limits.
"""
from __future__ import annotations

import hashlib
import io
import os
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from flask_babel import gettext as _
from pypdf import PdfReader

from app.models import PaperFile, PaperFormat

MAX_PAPER_BYTES = 20 * 1024 * 1024

#: What a paper's ZIP container (DOCX, ODT) may unpack to. A 20 MB document of text unpacks
#: to some 100–200 MB at most; pictures do not compress at all.
PAPER_MAX_UNPACKED = 200 * 1024 * 1024
PAPER_MAX_ENTRIES = 2000
#: Text XML compresses 5–20×; 100× and more is made on purpose.
PAPER_MAX_RATIO = 100
#: Members smaller than this are not judged by their own ratio (a small file of blanks may
#: compress 500×, and harms nobody); the container as a whole still is.
RATIO_MIN_BYTES = 1024 * 1024
#: The bytes of the "mimetype" member read to tell an ODT.
_MIMETYPE_LIMIT = 1024
_CHUNK = 64 * 1024

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class UploadRefused(ValueError):
    """An upload that is not stored; the message says why, in the interface language."""


class ZipRefused(UploadRefused):
    """A ZIP container refused by its inspection, before or while unpacking; nothing of it was kept.

    The message (str(error)) says why, in the interface language.
    """


def _megabytes(n: int) -> int:
    return max(1, n // (1024 * 1024))


def _archive_size(source) -> tuple[str | os.PathLike | IO[bytes], int]:
    """The seekable file to open and its length in bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(source), len(source)
    if isinstance(source, (str, os.PathLike)):
        return source, os.path.getsize(source)
    position = source.tell()
    size = source.seek(0, io.SEEK_END) - position
    source.seek(position)
    return source, size


def _name_length(info: zipfile.ZipInfo) -> int:
    """The length of a member's name as stored in its local header (at least; the extra field is not counted)."""
    try:
        return len(info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437"))
    except UnicodeEncodeError:
        return 0


def check_zip(archive: zipfile.ZipFile, archive_size: int, *, max_total: int, max_entries: int,
              max_ratio: float, ratio_min_bytes: int = RATIO_MIN_BYTES) -> None:
    """Judge an opened ZIP container by its directory alone (nothing is unpacked); raises ZipRefused.

    Refused: more than `max_entries` entries; more than `max_total` bytes unpacked in all; a
    container or a member that unpacks to more than `ratio_min_bytes` and to more than
    `max_ratio` times its compressed size; members whose compressed data overlap or add up to more than
    the container (the trick of the non-recursive zip bombs); encrypted members.
    """
    infos = archive.infolist()
    if len(infos) > max_entries:
        raise ZipRefused(_("The file has more than %(count)s parts inside; it cannot be accepted.", count=max_entries))
    total = sum(info.file_size for info in infos)
    if total > max_total:
        raise ZipRefused(_("The file unpacks to more than %(size)s MB; it cannot be accepted.",
                           size=_megabytes(max_total)))
    compressed = sum(info.compress_size for info in infos)
    too_dense = (total > ratio_min_bytes and total > max_ratio * max(archive_size, 1)) or any(
        info.file_size > ratio_min_bytes and info.file_size > max_ratio * max(info.compress_size, 1) for info in infos
    )
    if too_dense:
        raise ZipRefused(_("The file is compressed far more than a document can be (it may be a “zip bomb”); "
                           "it cannot be accepted."))
    spans = sorted((info.header_offset, info.header_offset + 30 + _name_length(info) + info.compress_size)
                   for info in infos)
    if compressed > archive_size or any(end > start for (_s, end), (start, _e) in zip(spans, spans[1:], strict=False)):
        raise ZipRefused(_("The file's parts overlap one another (it may be a “zip bomb”); it cannot be accepted."))
    if any(info.flag_bits & 0x1 for info in infos):
        raise ZipRefused(_("The file is encrypted; it cannot be accepted."))


def open_zip_safely(source, *, max_total: int, max_entries: int, max_ratio: float,
                    ratio_min_bytes: int = RATIO_MIN_BYTES) -> zipfile.ZipFile:
    """Open a ZIP container (bytes, a path, or a seekable binary file) and `check_zip` it.

    Returns the open ZipFile (use it in a `with` block); raises ZipRefused when it is not a
    readable ZIP container or fails the limits. Read its members with `read_member_limited`
    or `iter_member_limited`, never with `ZipFile.read`.
    """
    target, size = _archive_size(source)
    try:
        archive = zipfile.ZipFile(target)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ZipRefused(_("The file is not a readable ZIP container.")) from exc
    try:
        check_zip(archive, size, max_total=max_total, max_entries=max_entries, max_ratio=max_ratio,
                  ratio_min_bytes=ratio_min_bytes)
    except ZipRefused:
        archive.close()
        raise
    return archive


def iter_member_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo | str, limit: int,
                        chunk_size: int = _CHUNK) -> Iterator[bytes]:
    """A member's bytes in chunks, stopped with ZipRefused as soon as more than `limit` come out.

    For writing a member to disk (or a hash) without holding it in memory; the running count
    does not trust the size the member declares.
    """
    if isinstance(info, str):
        try:
            info = archive.getinfo(info)
        except KeyError as exc:
            raise ZipRefused(_("The file lacks a part it needs.")) from exc
    if info.file_size > limit:
        raise ZipRefused(_("A part of the file unpacks to more than %(size)s MB; it cannot be accepted.",
                           size=_megabytes(limit)))
    count = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(chunk_size):
                count += len(chunk)
                if count > limit:
                    raise ZipRefused(_("A part of the file unpacks to more than %(size)s MB; it cannot be accepted.",
                                       size=_megabytes(limit)))
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise ZipRefused(_("A part of the file is damaged; it cannot be accepted.")) from exc


def read_member_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo | str, limit: int) -> bytes:
    """A member's bytes, read in chunks with a running count; ZipRefused past `limit` bytes."""
    return b"".join(iter_member_limited(archive, info, limit))


def check_pdf(data: bytes) -> None:
    """Open a PDF with pypdf and find its pages; raises UploadRefused when it cannot be read.

    A file that only starts like a PDF ("%PDF-" and nothing that makes a document) is refused,
    and so is one whose pages are locked behind a password.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise UploadRefused(_("This PDF is protected by a password; please upload it without one."))
            pages = len(reader.pages)
    except UploadRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - a hostile file can make the parser fail in any way
        raise UploadRefused(_("This PDF file is damaged or incomplete: it cannot be opened.")) from exc
    if pages < 1:
        raise UploadRefused(_("This PDF file has no pages."))


def detect_format(data: bytes) -> PaperFormat | None:
    """PDF by opening it; DOCX and ODT by the members of their ZIP container.

    None when the content is none of the three. Raises UploadRefused for a PDF that cannot be
    opened, and ZipRefused for a ZIP container that fails the limits (a zip bomb), whatever it holds.
    """
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        return PaperFormat.PDF
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        archive = open_zip_safely(data, max_total=PAPER_MAX_UNPACKED, max_entries=PAPER_MAX_ENTRIES,
                                  max_ratio=PAPER_MAX_RATIO)
    except ZipRefused:
        if not zipfile.is_zipfile(io.BytesIO(data)):
            return None  # not a ZIP container at all: just not a document
        raise
    with archive:
        names = set(archive.namelist())
        if "mimetype" in names:
            try:
                mimetype = read_member_limited(archive, "mimetype", _MIMETYPE_LIMIT)
            except ZipRefused:
                return None
            if mimetype.strip() == _ODT_MIMETYPE and "content.xml" in names:
                return PaperFormat.ODT
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return PaperFormat.DOCX
    return None


def safe_filename(name: str, fmt: PaperFormat) -> str:
    """A display name for downloads: no path, no control characters, the right extension."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[:150] or "paper"
    return f"{stem}.{fmt.value}"


@dataclass
class CheckedFile:
    data: bytes
    format: PaperFormat
    filename: str
    sha256: str


def store_paper_file(storage, paper, lang: str, checked: CheckedFile) -> PaperFile:
    """Save the file's bytes and add its row to the paper (appended, so it joins the paper's session)."""
    key = storage.save(checked.data, checked.format.value)
    paper_file = PaperFile(
        lang=lang, storage_key=key, filename=checked.filename,
        format=checked.format, size=len(checked.data), sha256=checked.sha256,
    )
    paper.files.append(paper_file)
    return paper_file


def _inspect(data: bytes, filename: str) -> CheckedFile:
    """The checked file, or UploadRefused (ZipRefused for a container that fails its limits)."""
    if not data:
        raise UploadRefused(_("The file is empty."))
    if len(data) > MAX_PAPER_BYTES:
        raise UploadRefused(_("The file is larger than 20 MB."))
    fmt = detect_format(data)
    if fmt is None:
        raise UploadRefused(_("This file is not a PDF, DOCX or ODT document (its content was checked, not its name)."))
    return CheckedFile(data, fmt, safe_filename(filename, fmt), hashlib.sha256(data).hexdigest())


def check_file(data: bytes, filename: str) -> CheckedFile | None:
    """The checked file, or None when it is not an acceptable paper (a zip bomb included)."""
    try:
        return _inspect(data, filename)
    except UploadRefused:
        return None


def check_upload(stream, filename: str) -> CheckedFile:
    """Read an uploaded file (at most 20 MB) and check it by content; raises UploadRefused."""
    return _inspect(stream.read(MAX_PAPER_BYTES + 1), filename)

"""Paper files: what a file really is, judged by its content, not its name."""
from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _

from app.models import PaperFile, PaperFormat

MAX_PAPER_BYTES = 20 * 1024 * 1024

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def detect_format(data: bytes) -> PaperFormat | None:
    """PDF by its header; DOCX and ODT by the members of their ZIP container."""
    if data.startswith(b"%PDF-"):
        return PaperFormat.PDF
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE:
                return PaperFormat.ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return PaperFormat.DOCX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
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


def check_file(data: bytes, filename: str) -> CheckedFile | None:
    fmt = detect_format(data)
    if fmt is None or not data or len(data) > MAX_PAPER_BYTES:
        return None
    return CheckedFile(data, fmt, safe_filename(filename, fmt), hashlib.sha256(data).hexdigest())


class UploadRefused(ValueError):
    """An upload that is not stored; the message says why, in the interface language."""


def check_upload(stream, filename: str) -> CheckedFile:
    """Read an uploaded file (at most 20 MB) and check it by content; raises UploadRefused."""
    data = stream.read(MAX_PAPER_BYTES + 1)
    if not data:
        raise UploadRefused(_("The file is empty."))
    if len(data) > MAX_PAPER_BYTES:
        raise UploadRefused(_("The file is larger than 20 MB."))
    checked = check_file(data, filename)
    if checked is None:
        raise UploadRefused(_("This file is not a PDF, DOCX or ODT document (its content was checked, not its name)."))
    return checked

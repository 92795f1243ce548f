"""PO files of an event's content in one language: export for Poedit or Weblate, import back.

Each entry names its field in msgctxt (`session:<public id>:title`), carries the source text
as msgid and the fingerprint of that source in an extracted comment (`#. fingerprint: …`);
out-of-date translations are exported fuzzy, with the source they were made from as
`#| msgid`.
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polib
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.content import apply_translation
from app.content.progress import MISSING, STALE, field_state, source_fields
from app.extensions import db
from app.models import Event, TranslationStatus, User, fingerprint
from app.security import strip_control
from app.translate.services import translations_by_key

MAX_PO_BYTES = 5 * 1024 * 1024
#: More entries than any event has fields; a file with more is refused as a whole.
MAX_PO_ENTRIES = 20000
#: Fields stored as unbounded text (descriptions, bios, notes) take at most this many characters,
#: as the translation editor allows.
MAX_TEXT_CHARS = 20000
#: How much of an unknown entry's msgctxt the report repeats.
_REPORT_CONTEXT_CHARS = 200
_FINGERPRINT = re.compile(r"fingerprint:\s*([0-9a-f]+)")
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")


def export_po(event: Event, lang: str) -> str:
    """The event's translatable fields in one language, as the text of a PO file."""
    rows = translations_by_key(event, lang)
    po = polib.POFile(wrapwidth=78)
    po.header = f"Content of the event {event.slug} (Dita), source language {event.source_language}."
    po.metadata = {
        "Project-Id-Version": f"Dita {event.slug}",
        "PO-Revision-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Dita-Event": event.slug,
        "X-Source-Language": event.source_language,
    }
    for source in source_fields(event):
        row = rows.get(source.key)
        state = field_state(row, source)
        entry = polib.POEntry(
            msgctxt=source.context, msgid=source.text, msgstr="" if state == MISSING or row is None else row.text,
            comment=f"fingerprint: {source.fingerprint}",
        )
        if state == STALE:
            entry.flags.append("fuzzy")
            if row is not None and row.source_text:
                entry.previous_msgid = row.source_text
        po.append(entry)
    return str(po)


def field_limit(obj, field: str) -> tuple[int, bool]:
    """The most characters a translation of `obj.field` may have, and whether it may span lines.

    Read from the mapped column's type: a String(n) column takes n characters on one line (as the
    organizer's form does); a Text column takes MAX_TEXT_CHARS on several lines.
    """
    column = sa.inspect(type(obj)).columns[field]
    length = getattr(column.type, "length", None)
    return (length, False) if length else (MAX_TEXT_CHARS, True)


def _report_context(context: str) -> str:
    return context if len(context) <= _REPORT_CONTEXT_CHARS else context[:_REPORT_CONTEXT_CHARS] + "…"


class PoFileError(Exception):
    """A file that cannot be imported at all; nothing was changed."""


@dataclass
class ImportReport:
    taken: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (msgctxt, why)


def read_po(data: bytes) -> polib.POFile:
    """Parse an uploaded PO file; PoFileError says why it cannot be read."""
    if len(data) > MAX_PO_BYTES:
        raise PoFileError(_("The file is larger than 5 MB."))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PoFileError(_("The file is not UTF-8 text.")) from exc
    # polib reads a string that names an existing file from disk: parse uploads from a file of our own.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.po"
        path.write_bytes(data)
        try:
            return polib.pofile(str(path), encoding="utf-8", wrapwidth=0)
        except (OSError, ValueError, UnicodeError) as exc:
            line = _SYNTAX_LINE.search(str(exc))
            if line:
                raise PoFileError(_("The file is not a valid PO file: syntax error on line %(line)s.",
                                    line=line.group(1))) from exc
            raise PoFileError(_("The file is not a valid PO file.")) from exc


def file_language(po: polib.POFile) -> str:
    """The language code of the file's Language header ("sr" for "sr_RS@latin"), or ""."""
    return re.split(r"[_@.\-]", po.metadata.get("Language", "").strip(), maxsplit=1)[0].lower()


def check_language(po: polib.POFile, lang: str) -> None:
    found = file_language(po)
    if not found:
        raise PoFileError(_("The file has no Language header."))
    if found != lang:
        raise PoFileError(_("The file is for the language “%(found)s”, not “%(expected)s”.", found=found,
                            expected=lang))


def import_po(event: Event, lang: str, po: polib.POFile, user: User | None, as_reviewed: bool = False) -> ImportReport:
    """Apply a parsed PO file to the event's translations into `lang`, all in one transaction.

    An entry is taken when it names a current field whose source is still the one exported
    and it has a text; fuzzy entries are taken as drafts, the others as drafts or, with
    `as_reviewed`, as reviewed.
    """
    check_language(po, lang)
    if len(po) > MAX_PO_ENTRIES:
        raise PoFileError(_("The file has more than %(count)s entries.", count=MAX_PO_ENTRIES))
    sources = {f.context: f for f in source_fields(event)}
    rows = translations_by_key(event, lang)
    report = ImportReport()
    seen: set[str] = set()
    for entry in po:
        if entry.obsolete:
            continue
        context = entry.msgctxt or ""
        source = sources.get(context)
        if source is None:
            report.rejected.append((_report_context(context), _("unknown field")))
            continue
        if context in seen:
            report.rejected.append((context, _("the field appears twice in the file")))
            continue
        seen.add(context)
        exported = _FINGERPRINT.search(entry.comment or "")
        if fingerprint(entry.msgid) != source.fingerprint or (exported and exported.group(1) != source.fingerprint):
            report.rejected.append((context, _("the source text changed since the file was exported")))
            continue
        limit, multiline = field_limit(source.obj, source.field)
        # Control characters are dropped (as the forms drop them); a one-line field's line breaks become spaces.
        text = strip_control(entry.msgstr, multiline=multiline).strip()
        if not text:
            report.rejected.append((context, _("empty")))
            continue
        if len(text) > limit:
            report.rejected.append((context, _("too long: %(length)s characters, where this field takes at most "
                                               "%(limit)s", length=len(text), limit=limit)))
            continue
        fuzzy = "fuzzy" in entry.flags
        status = TranslationStatus.REVIEWED if as_reviewed and not fuzzy else TranslationStatus.DRAFT
        row = rows.get(source.key)
        if row is not None and row.text == text and (fuzzy or field_state(row, source) != STALE) \
                and status in (row.status, TranslationStatus.DRAFT):
            report.unchanged.append(context)
            continue
        apply_translation(row, event.id, source.obj, source.field, lang, text, status, user)
        report.taken.append(context)
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError) as exc:
        db.session.rollback()
        raise PoFileError(_("Someone else saved translations of this event at the same moment; nothing was "
                            "imported. Import the file again.")) from exc
    return report

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
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.content import apply_translation
from app.content.progress import MISSING, STALE, field_state, source_fields
from app.extensions import db
from app.models import Event, Translation, TranslationStatus, User, fingerprint
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


#: The PO Language header where it is not Dita's code: the script said explicitly (gettext reads a bare
#: "sr" as Cyrillic, Dita's "sr" is Latin), as Weblate and Babel name them.
_PO_LANGUAGES = {"sr": "sr_Latn", "sr-Cyrl": "sr_Cyrl", "zh": "zh_Hans"}
#: The rule for a language CLDR has no plural rules for (Romani).
_DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def po_language(lang: str) -> str:
    """The Language header of a PO file in `lang`."""
    return _PO_LANGUAGES.get(lang, lang.replace("-", "_"))


def plural_forms(lang: str) -> str:
    """The Plural-Forms header of a PO file in `lang`, from Babel's (CLDR's) rules."""
    try:
        return get_plural(po_language(lang)).plural_forms
    except (UnknownLocaleError, ValueError):
        return _DEFAULT_PLURAL_FORMS


def _english_name(lang: str) -> str:
    try:
        return Locale.parse(po_language(lang)).get_display_name("en") or lang
    except (UnknownLocaleError, ValueError):
        return Locale("en").languages.get(lang, lang)


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return f"{user.name} <{user.email}>" if user.name else f"<{user.email}>"


def last_translator(rows: dict, user: User | None) -> User | None:
    """Who saved the newest of these translations (one query for the account), else `user`."""
    newest = max((r for r in rows.values() if r.updated_by_id is not None), key=lambda r: r.updated_at,
                  default=None)
    if newest is None:
        return user
    return db.session.get(User, newest.updated_by_id) or user


def export_po(event: Event, lang: str, user: User | None = None) -> str:
    """The event's translatable fields in one language, as the text of a PO file.

    The header says the language (with its script), its team, the last translator (who saved the
    newest translation; `user`, the one exporting, when there is none yet) and its plural forms."""
    rows: dict[tuple[str, int, str], Translation] = translations_by_key(event, lang)
    po = polib.POFile(wrapwidth=78)
    po.header = f"Content of the event {event.slug} (Dita), source language {event.source_language}."
    po.metadata = {
        "Project-Id-Version": f"Dita {event.slug}",
        "PO-Revision-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "Last-Translator": _person(last_translator(rows, user)),
        "Language-Team": f"{_english_name(lang)} translators of {event.slug}",
        "Language": po_language(lang),
        "Plural-Forms": plural_forms(lang),
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
    """Dita's code for the file's Language header, or "": "sr" for "sr_Latn" or "sr_RS@latin" (and a bare
    "sr", as Dita wrote it before), "sr-Cyrl" for "sr_Cyrl" or "sr@cyrillic", "zh" for "zh_Hans"."""
    header = po.metadata.get("Language", "").strip().replace("-", "_").lower()
    base = re.split(r"[_@.]", header, maxsplit=1)[0]
    if base == "sr" and ("cyrl" in header or "cyrillic" in header):
        return "sr-Cyrl"
    return base


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

"""Many people at once: a table pasted from a spreadsheet or a CSV file, read, checked row by row,
shown, and created in one transaction once the organizer confirms what they saw.

Columns: name, honorific, function, organization, country, stakeholder group, gender, e-mail.
A first row that names columns (in English or in the interface language) says which is which;
without one, the columns are in that order. Tab, comma or semicolon separated: the csv module's
Sniffer tells which."""
from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from dataclasses import dataclass, field

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import gettext as _

from app.extensions import db
from app.i18n import current_language
from app.labels import GENDER_LABELS, STAKEHOLDER_LABELS
from app.languages import babel_locale
from app.models import Event, Gender, Person, StakeholderGroup
from app.models.person import gender_from_text
from app.security import strip_control

COLUMNS = ("name", "honorific", "function", "organization", "country", "stakeholder_group", "gender", "email")
#: A table of more rows than this is refused as a whole (one event has hundreds of people, not thousands).
MAX_ROWS = 2000
MAX_CHARS = 1_000_000
LIMITS = {"name": 200, "honorific": 40, "function": 300, "organization": 300, "email": 254}

#: Header names in English, in every interface language; the interface language's own are added per request.
ENGLISH_HEADERS = {
    "name": {"name", "full name", "person"},
    "honorific": {"honorific", "honorifics", "salutation", "prefix"},
    "function": {"function", "function or title", "job title", "position", "role"},
    "organization": {"organization", "organisation", "org", "institution"},
    "country": {"country", "country code", "nationality"},
    "stakeholder_group": {"stakeholder group", "group", "stakeholder", "sector"},
    "gender": {"gender", "sex"},
    "email": {"email", "e-mail", "mail", "email address", "e-mail address"},
}


def _key(text: str) -> str:
    """A header or a value as compared: NFKC, case and surrounding blanks and punctuation ignored."""
    key = unicodedata.normalize("NFKC", text).casefold().strip().strip(":*.").strip()
    return " ".join(key.replace("_", " ").split())


def _local_headers() -> dict[str, set[str]]:
    names = {
        "name": [_("Name")], "honorific": [_("Honorific")],
        "function": [_("Function or title"), _("Function")], "organization": [_("Organization")],
        "country": [_("Country")], "stakeholder_group": [_("Stakeholder group")],
        "gender": [_("Gender")], "email": [_("Email"), _("E-mail")],
    }
    return {column: {_key(n) for n in local} | ENGLISH_HEADERS[column] for column, local in names.items()}


@dataclass
class ImportRow:
    """One row of the table: the person it makes, and what is wrong with it."""

    line: int
    values: dict[str, str]
    group: StakeholderGroup = StakeholderGroup.OTHER
    country: str = ""
    gender: Gender | None = None
    gender_description: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportTable:
    rows: list[ImportRow] = field(default_factory=list)
    #: Problems of the whole table (nothing to read, too long, a column not understood).
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: tuple[str, ...] = COLUMNS

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(row.errors for row in self.rows)


def fingerprint(text: str) -> str:
    """What the preview showed: confirming saves the table only if it is still this one."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode_upload(data: bytes) -> str | None:
    """An uploaded CSV's text: UTF-8 (with or without a byte-order mark) or UTF-16 from a spreadsheet."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="\t,;")
    except csv.Error:
        first = sample.split("\n", 1)[0]
        delimiter = max("\t,;", key=first.count) if any(d in first for d in "\t,;") else "\t"

        class Found(csv.excel):
            pass

        Found.delimiter = delimiter
        return Found


def _countries() -> tuple[set[str], dict[str, str]]:
    """ISO codes, and country names (in the interface language and in English) to codes."""
    codes: set[str] = set()
    names: dict[str, str] = {}
    for lang in ("en", current_language()):
        for code, name in babel_locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                codes.add(code)
                names.setdefault(_key(name), code)
    codes.add("XK")
    names.setdefault("kosovo", "XK")
    return codes, names


def _groups() -> dict[str, StakeholderGroup]:
    """Stakeholder groups by their value, their English label and their label in the interface language."""
    found: dict[str, StakeholderGroup] = {}
    for group, label in STAKEHOLDER_LABELS.items():
        found[_key(group.value)] = group
        found[_key(str(label))] = group
    with force_locale("en"):
        found.update({_key(str(label)): group for group, label in STAKEHOLDER_LABELS.items()})
    return found


def _genders() -> dict[str, Gender]:
    found: dict[str, Gender] = {}
    for gender, label in GENDER_LABELS.items():
        found[_key(gender.value)] = gender
        found[_key(str(label))] = gender
    with force_locale("en"):
        found.update({_key(str(label)): gender for gender, label in GENDER_LABELS.items()})
    return found


def read_table(text: str, event: Event) -> ImportTable:
    """Read and check a table against the event's people (one query, whatever the number of rows)."""
    table = ImportTable()
    text = strip_control(text or "", multiline=True).strip("\r\n")
    if not text.strip():
        table.errors.append(_("Paste a table or choose a CSV file."))
        return table
    if len(text) > MAX_CHARS:
        table.errors.append(_("The table is too long: at most %(num)d characters.", num=MAX_CHARS))
        return table
    try:
        records = list(csv.reader(io.StringIO(text), _dialect(text)))
    except csv.Error:
        table.errors.append(_("The table could not be read: check its quotation marks."))
        return table
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        table.errors.append(_("Paste a table or choose a CSV file."))
        return table

    headers = _local_headers()
    header_cells = records[0]
    first = [_key(cell) for cell in header_cells]
    matched = [next((c for c, names in headers.items() if cell in names), None) for cell in first]
    columns: list[str | None]
    start_line = 1
    if any(matched):
        columns = matched
        records = records[1:]
        start_line = 2
        unknown = [cell.strip() for cell, column in zip(header_cells, matched, strict=False)
                   if column is None and cell.strip()]
        if unknown:
            table.notes.append(_("These columns were not recognized and are left out: %(names)s.",
                                 names=", ".join(unknown)))
        named = [c for c in columns if c]
        if "name" not in named:
            table.errors.append(_("The first row names columns but none of them is the name."))
        if len(named) != len(set(named)):
            table.errors.append(_("The first row names the same column twice."))
    else:
        columns = list(COLUMNS)
    if len(records) > MAX_ROWS:
        table.errors.append(_("The table has more than %(num)d rows; import it in parts.", num=MAX_ROWS))
        return table

    codes, country_names = _countries()
    groups, genders = _groups(), _genders()
    existing = {(name, organization) for name, organization in db.session.execute(
        sa.select(Person.name, Person.organization).where(Person.event_id == event.id))}
    seen: dict[tuple[str, str], int] = {}
    for offset, record in enumerate(records):
        values = {column: "" for column in COLUMNS}
        for column, cell in zip(columns, record, strict=False):
            if column:
                values[column] = " ".join(cell.split())
        row = ImportRow(line=start_line + offset, values=values)
        table.rows.append(row)
        if not values["name"]:
            row.errors.append(_("The name is missing."))
        for column, limit in LIMITS.items():
            if len(values[column]) > limit:
                row.errors.append(_("Too long: at most %(num)d characters.", num=limit))
                break
        if values["country"]:
            code = values["country"].upper() if values["country"].upper() in codes else \
                country_names.get(_key(values["country"]))
            if code is None:
                row.errors.append(_("Unknown country “%(value)s”: use a two-letter code such as XK or a country name.",
                                    value=values["country"]))
            else:
                row.country = code
        if values["stakeholder_group"]:
            group = groups.get(_key(values["stakeholder_group"]))
            if group is None:
                row.errors.append(_("Unknown stakeholder group “%(value)s”.", value=values["stakeholder_group"]))
            else:
                row.group = group
        if values["gender"]:
            row.gender = genders.get(_key(values["gender"]))
            if row.gender is None:
                row.gender, row.gender_description = gender_from_text(values["gender"])
        if values["email"]:
            try:
                values["email"] = validate_email(values["email"], check_deliverability=False).normalized
            except EmailNotValidError:
                row.errors.append(_("This e-mail address is not valid."))
        key = (values["name"], values["organization"])
        if values["name"] and key in existing:
            row.errors.append(_("This person (same name and organization) is in this event already."))
        elif values["name"] and key in seen:
            row.errors.append(_("The same person as on line %(num)d.", num=seen[key]))
        seen.setdefault(key, row.line)
    if not table.rows and not table.errors:
        table.errors.append(_("The table has no rows below its column names."))
    return table


def create_people(event: Event, table: ImportTable) -> list[Person]:
    """Add the table's people to the event (flushed by the caller's commit, all or nothing)."""
    made = []
    for row in table.rows:
        v = row.values
        person = Person(event=event, name=v["name"], honorific=v["honorific"], function=v["function"],
                        organization=v["organization"], country=row.country, stakeholder_group=row.group,
                        gender=row.gender, gender_description=row.gender_description, email=v["email"])
        db.session.add(person)
        made.append(person)
    return made

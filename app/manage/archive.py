"""An event as one archive (event.json plus paper files), and copying an event to another year.

Export, import and copy share one representation: `serialize()` turns an event into plain
data with references between its parts; `materialize()` builds a new draft event from it in
one transaction, saving paper files under new keys and deleting them again if the
transaction fails. Times are kept as local wall-clock times in the event's zone, so a copy
moved by whole days keeps them.
"""
from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from flask_babel import gettext as _

from app.dates import next_migrants_day
from app.extensions import db
from app.manage.events import unique_slug
from app.manage.queries import load_agenda, load_people
from app.models import (
    TRANSLATABLE_FIELDS, Event, EventMember, MemberRole, Paper, PaperFile, PaperFormat, PaperKind, Participation,
    ParticipationRole, Person, Room, Session, SessionFormat, StakeholderGroup, Translation, TranslationStatus, User,
)
from app.papers import check_file
from app.storage import FileChanges, get_storage

ARCHIVE_FORMAT = "dita-event"
ARCHIVE_VERSION = 1
MAX_JSON_BYTES = 10 * 1024 * 1024
MAX_ARCHIVE_FILES = 500


class ArchiveError(Exception):
    """An archive that cannot be imported; the message says why."""


def _local(value: datetime, tz: ZoneInfo) -> str:
    return value.astimezone(tz).replace(tzinfo=None).isoformat()


def serialize(event: Event) -> tuple[dict, dict[str, str]]:
    """The event as plain data, and the archive path → storage key of each paper file."""
    tz = event.tz
    sessions = load_agenda(event)
    people = load_people(event)
    rooms = list(event.rooms)
    refs: dict[tuple[str, int], int] = {("event", event.id): 0}
    refs |= {("room", r.id): n for n, r in enumerate(rooms)}
    refs |= {("person", p.id): n for n, p in enumerate(people)}
    refs |= {("session", s.id): n for n, s in enumerate(sessions)}
    files: dict[str, str] = {}
    paper_data = []

    def paper(p: Paper) -> dict:
        refs[("paper", p.id)] = len(paper_data)
        item = {"ref": len(paper_data), "kind": p.kind.value, "title": p.title, "external_url": p.external_url,
                "position": p.position, "files": []}
        for f in p.files:
            path = f"files/{len(files) + 1:04d}-{f.lang}.{f.format.value}"
            files[path] = f.storage_key
            item["files"].append({"lang": f.lang, "filename": f.filename, "format": f.format.value,
                                  "size": f.size, "sha256": f.sha256, "path": path})
        paper_data.append(item)
        return item

    data = {
        "format": ARCHIVE_FORMAT, "version": ARCHIVE_VERSION,
        "event": {
            "slug": event.slug, "title": event.title, "description": event.description,
            "start_date": event.start_date.isoformat(), "end_date": event.end_date.isoformat(),
            "timezone": event.timezone, "venue": event.venue, "city": event.city, "country": event.country,
            "source_language": event.source_language, "languages": event.offered_languages,
        },
        "rooms": [{"name": r.name, "capacity": r.capacity, "accessibility": r.accessibility, "position": r.position}
                  for r in rooms],
        "people": [{"name": p.name, "honorific": p.honorific, "function": p.function,
                    "organization": p.organization, "country": p.country,
                    "stakeholder_group": p.stakeholder_group.value, "gender": p.gender, "bio": p.bio}
                   for p in people],
        "sessions": [{
            "format": s.format.value, "number": s.number, "title": s.title, "description": s.description,
            "starts_at": _local(s.starts_at, tz), "ends_at": _local(s.ends_at, tz),
            "room": refs[("room", s.room_id)] if s.room_id is not None else None,
            "languages": s.languages, "interpretation": s.interpretation,
            "participations": [{"person": refs[("person", p.person_id)], "role": p.role.value, "position": p.position}
                               for p in s.participations],
            "papers": [paper(p) for p in s.papers],
        } for s in sessions],
    }
    rows = db.session.scalars(
        sa.select(Translation).where(Translation.event_id == event.id)
        .order_by(Translation.object_type, Translation.object_id, Translation.field, Translation.lang)
    )
    data["translations"] = [{
        "object_type": t.object_type, "ref": refs[(t.object_type, t.object_id)], "field": t.field, "lang": t.lang,
        "text": t.text, "status": t.status.value, "source_fingerprint": t.source_fingerprint,
        "source_text": t.source_text,
    } for t in rows if (t.object_type, t.object_id) in refs]
    return data, files


def export_zip(event: Event) -> bytes:
    """The archive: event.json and the paper files."""
    data, files = serialize(event)
    storage = get_storage()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("event.json", json.dumps(data, ensure_ascii=False, indent=2))
        for path, key in files.items():
            archive.writestr(path, storage.read(key))
    return buffer.getvalue()


def _datetime(value: str, tz: ZoneInfo, shift: timedelta) -> datetime:
    return (datetime.fromisoformat(value) + shift).replace(tzinfo=tz)


def materialize(data: dict, read_file: Callable[[str], bytes], owner: User, *, shift_days: int = 0,
                slug: str | None = None) -> Event:
    """Build and commit a new draft event from serialized data; nothing is kept if anything fails."""
    changes = FileChanges(get_storage())
    try:
        event = _build(data, read_file, owner, timedelta(days=shift_days), slug, changes)
        changes.commit(db.session)
    except ArchiveError:
        db.session.rollback()
        changes.discard()
        raise
    except (KeyError, IndexError, ValueError, TypeError, AttributeError, OSError, ZoneInfoNotFoundError,
            sa.exc.SQLAlchemyError) as exc:
        db.session.rollback()
        changes.discard()
        raise ArchiveError(_("The archive's event.json is incomplete or invalid (%(error)s).",
                             error=type(exc).__name__)) from exc
    except BaseException:
        # Anything else (an interrupted worker, a bug): still nothing kept, no file left behind.
        db.session.rollback()
        changes.discard()
        raise
    return event


def _build(data: dict, read_file, owner: User, shift: timedelta, slug: str | None, changes: FileChanges) -> Event:
    if data.get("format") != ARCHIVE_FORMAT or data.get("version") != ARCHIVE_VERSION:
        raise ArchiveError(_("This is not a Dita event archive of a version this site reads."))
    e = data["event"]
    tz = ZoneInfo(e["timezone"])
    start = date.fromisoformat(e["start_date"]) + shift
    event = Event(
        slug=slug or unique_slug(e["slug"] or e["title"]), title=e["title"], description=e.get("description", ""),
        start_date=start, end_date=date.fromisoformat(e["end_date"]) + shift, timezone=e["timezone"],
        venue=e.get("venue", ""), city=e.get("city", ""), country=e.get("country", ""),
        source_language=e["source_language"],
    )
    event.offered_languages = e["languages"]
    event.members.append(EventMember(user=owner, role=MemberRole.OWNER))
    db.session.add(event)
    objects: dict[str, list] = {"event": [event], "room": [], "person": [], "session": [], "paper": []}
    for r in data["rooms"]:
        objects["room"].append(Room(event=event, name=r["name"], capacity=r.get("capacity"),
                                    accessibility=r.get("accessibility", ""), position=r.get("position", 0)))
    for p in data["people"]:
        objects["person"].append(Person(
            event=event, name=p["name"], honorific=p.get("honorific", ""), function=p.get("function", ""),
            organization=p.get("organization", ""), country=p.get("country", ""),
            stakeholder_group=StakeholderGroup(p["stakeholder_group"]), gender=p.get("gender", ""),
            bio=p.get("bio", ""),
        ))
    papers_by_ref: dict[int, Paper] = {}
    for s in data["sessions"]:
        room = s.get("room")
        session = Session(
            event=event, format=SessionFormat(s["format"]), number=s.get("number"), title=s["title"],
            description=s.get("description", ""), starts_at=_datetime(s["starts_at"], tz, shift),
            ends_at=_datetime(s["ends_at"], tz, shift), room=objects["room"][room] if room is not None else None,
        )
        session.languages = s.get("languages", [])
        session.interpretation = s.get("interpretation", [])
        for part in s.get("participations", []):
            session.participations.append(Participation(
                person=objects["person"][part["person"]], role=ParticipationRole(part["role"]),
                position=part.get("position", 0),
            ))
        for pa in s.get("papers", []):
            paper = Paper(session=session, kind=PaperKind(pa["kind"]), title=pa["title"],
                          external_url=pa.get("external_url"), position=pa.get("position", 0))
            for f in pa.get("files", []):
                paper.files.append(_paper_file(f, read_file, changes))
            papers_by_ref[pa["ref"]] = paper
        objects["session"].append(session)
        db.session.add(session)
    objects["paper"] = [papers_by_ref[n] for n in sorted(papers_by_ref)]
    db.session.flush()
    for t in data.get("translations", []):
        kind = t["object_type"]
        if kind not in TRANSLATABLE_FIELDS or t["field"] not in TRANSLATABLE_FIELDS[kind]:
            raise ArchiveError(_("The archive has a translation of an unknown field."))
        target = objects[kind][t["ref"]]
        db.session.add(Translation(
            event_id=event.id, object_type=kind, object_id=target.id, field=t["field"], lang=t["lang"],
            text=t["text"], status=TranslationStatus(t["status"]), source_fingerprint=t["source_fingerprint"],
            source_text=t.get("source_text", ""),
        ))
    db.session.flush()
    return event


def _paper_file(f: dict, read_file, changes: FileChanges) -> PaperFile:
    content = read_file(f["path"])
    checked = check_file(content, f["filename"])
    if checked is None or checked.sha256 != f["sha256"]:
        raise ArchiveError(_("The paper file %(name)s in the archive is damaged or not a PDF, DOCX or ODT file.",
                             name=f["filename"]))
    return PaperFile(
        lang=f["lang"], storage_key=changes.save(checked.data, checked.format.value), filename=checked.filename,
        format=PaperFormat(checked.format), size=len(checked.data), sha256=checked.sha256,
    )


def import_zip(content: bytes, owner: User) -> Event:
    """A new draft event from an archive; a broken archive changes nothing and raises ArchiveError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise ArchiveError(_("The file is not a ZIP archive.")) from exc
    with archive:
        members = {info.filename: info for info in archive.infolist()}
        info = members.get("event.json")
        if info is None:
            raise ArchiveError(_("The archive has no event.json."))
        if info.file_size > MAX_JSON_BYTES or len(members) > MAX_ARCHIVE_FILES:
            raise ArchiveError(_("The archive is too large."))
        try:
            data = json.loads(archive.read("event.json").decode("utf-8"))
        except (ValueError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
            raise ArchiveError(_("The archive's event.json is not valid JSON.")) from exc
        if not isinstance(data, dict):
            raise ArchiveError(_("This is not a Dita event archive of a version this site reads."))

        def read_file(path: str) -> bytes:
            member = members.get(path)
            if member is None:
                raise ArchiveError(_("The archive lacks the file %(path)s.", path=path))
            if member.file_size > 20 * 1024 * 1024:
                raise ArchiveError(_("The file %(path)s in the archive is larger than 20 MB.", path=path))
            try:
                return archive.read(member)
            except (zipfile.BadZipFile, OSError) as exc:
                raise ArchiveError(_("The file %(path)s in the archive is damaged.", path=path)) from exc

        return materialize(data, read_file, owner)


def next_year_start(event: Event) -> date:
    """The next 18 December after the event's first day."""
    return next_migrants_day(event.start_date + timedelta(days=1))


def copy_to(event: Event, start: date, owner: User) -> Event:
    """The whole event copied to a new first day, as a draft with a new slug, owned by `owner`."""
    data, files = serialize(event)
    storage = get_storage()
    return materialize(
        data, lambda path: storage.read(files[path]), owner, shift_days=(start - event.start_date).days,
        slug=unique_slug(f"{event.slug}-{start.year}" if str(event.start_date.year) not in event.slug
                         else event.slug.replace(str(event.start_date.year), str(start.year)), fallback="event"),
    )

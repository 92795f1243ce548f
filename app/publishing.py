"""Publishing an event: each publish is a Release listing what changed since the last one."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from app import records
from app.extensions import db
from app.i18n import current_language, format_datetime
from app.models import Event, EventStatus, Release, utcnow
from app.storage import delete_after_commit
from app.text import join_text


def release_record(event: Event) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a release keeps of the event's working copy: its listing and its agenda's rows."""
    db.session.flush()
    return records.release_record(db.session.connection(), db.metadata.tables, event.id)


def _file_keys(snapshot: dict[str, Any]) -> set[str]:
    if snapshot.get("format") != records.RELEASE_FORMAT:
        return set()
    tables = snapshot["tables"]
    return {row[column] for table, (column, _checksum) in records.STORED_FILES.items()
            for row in tables.get(table, ()) if row.get(column)}


def agenda_summary(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The sessions of a release as the change log compares them: title, times, room and people.

    Releases of format 2 hold the agenda's rows; older ones hold this summary itself.
    """
    if snapshot.get("format") != records.RELEASE_FORMAT:
        return snapshot
    tables = snapshot["tables"]
    rooms = {r["id"]: r["name"] for r in tables["room"]}
    people = {p["id"]: p["name"] for p in tables["person"]}
    names: dict[int, list[str]] = {}
    for part in sorted(tables["participation"], key=lambda p: (p["session_id"], p["position"], p["id"])):
        names.setdefault(part["session_id"], []).append(people[part["person_id"]])
    speakers: dict[int, list[list]] = {}
    for entry in sorted(tables.get("speaker_entry", []), key=lambda e: (e["session_id"], e["position"], e["id"])):
        named = ", ".join(n for n in (people.get(entry["person_id"], ""), entry["on_behalf_of"]) if n)
        speakers.setdefault(entry["session_id"], []).append(
            [named, entry["level"], entry["minutes"], entry["status"]])
    sessions = {}
    for s in tables["session"]:
        sessions[s["public_id"]] = {
            "title": s["title"], "format": s["format"], "number": s["number"],
            "starts_at": s["starts_at"], "ends_at": s["ends_at"],
            "room": rooms.get(s["room_id"]), "people": names.get(s["id"], []),
            "speakers": speakers.get(s["id"], []),
        }
    return {"sessions": sessions}


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The changes between two snapshots, each a record with a `kind`."""
    before, after = agenda_summary(old).get("sessions", {}), agenda_summary(new).get("sessions", {})
    changes: list[dict[str, Any]] = []
    for sid, s in after.items():
        if sid not in before:
            changes.append({"kind": "session_added", "session": sid, "title": s["title"], "starts_at": s["starts_at"]})
    for sid, s in before.items():
        if sid not in after:
            changes.append({"kind": "session_removed", "session": sid, "title": s["title"],
                            "starts_at": s["starts_at"]})
    for sid, s in after.items():
        if sid not in before:
            continue
        b = before[sid]
        if b["title"] != s["title"]:
            changes.append({"kind": "session_retitled", "session": sid, "title": s["title"], "old_title": b["title"]})
        if (b["starts_at"], b["ends_at"]) != (s["starts_at"], s["ends_at"]):
            changes.append({
                "kind": "session_moved", "session": sid, "title": s["title"],
                "old_starts_at": b["starts_at"], "old_ends_at": b["ends_at"],
                "starts_at": s["starts_at"], "ends_at": s["ends_at"],
            })
        if b["room"] != s["room"]:
            changes.append({"kind": "session_room_changed", "session": sid, "title": s["title"],
                            "old_room": b["room"], "room": s["room"]})
        for name in s["people"]:
            if name not in b["people"]:
                changes.append({"kind": "speaker_added", "session": sid, "title": s["title"], "person": name})
        for name in b["people"]:
            if name not in s["people"]:
                changes.append({"kind": "speaker_removed", "session": sid, "title": s["title"], "person": name})
        changes.extend(_speakers_list_changes(sid, s["title"], b.get("speakers", []), s.get("speakers", [])))
    return changes


def _speakers_list_changes(sid: str, title: str, before: list, after: list) -> list[dict[str, Any]]:
    """Who was inscribed on or taken off a session's list of speakers; else whether its order, levels,
    minutes or statuses changed."""
    old_names, new_names = [e[0] for e in before], [e[0] for e in after]
    added = [n for n in new_names if n not in old_names]
    removed = [n for n in old_names if n not in new_names]
    changes: list[dict[str, Any]] = []
    if added:
        changes.append({"kind": "speakers_list_added", "session": sid, "title": title, "names": added})
    if removed:
        changes.append({"kind": "speakers_list_removed", "session": sid, "title": title, "names": removed})
    if not changes and before != after:
        changes.append({"kind": "speakers_list_changed", "session": sid, "title": title})
    return changes


def publish(event: Event, user=None, record: tuple[dict[str, Any], dict[str, Any]] | None = None) -> Release:
    """Publish (or republish) an event: its working copy becomes a Release, which is what the
    public pages and exports read from now on. The caller commits."""
    previous = event.releases[0] if event.releases else None
    listing, snapshot = record or release_record(event)
    changes = diff_snapshots(previous.snapshot, snapshot) if previous else []
    release = Release(
        event=event, number=(previous.number + 1) if previous else 1, published_at=utcnow(),
        published_by_id=user.id if user is not None else None, changes=changes, snapshot=snapshot,
        listing=listing,
    )
    db.session.add(release)
    if previous is not None:
        # Files the last release showed and this one does not: the working copy let go of them.
        delete_after_commit(db.session(), _file_keys(previous.snapshot) - _file_keys(snapshot))
    event.status = EventStatus.PUBLISHED
    event.published_version = release.number
    return release


def unpublish(event: Event) -> None:
    """Hide the event from the public again; its releases stay for the next publish."""
    event.status = EventStatus.DRAFT


def _when(value: str | None) -> str:
    """A recorded UTC time as the event's day and time (the request's zone is the event's)."""
    return format_datetime(datetime.fromisoformat(value)) if value else ""


def describe_change(change: dict[str, Any]) -> str:
    """One change record as a sentence in the interface language."""
    kind = change.get("kind")
    title = change.get("title", "")
    if kind == "session_added":
        return _("New session: “%(title)s”, %(when)s.", title=title, when=_when(change.get("starts_at")))
    if kind == "session_removed":
        return _("Cancelled: “%(title)s”, which was planned for %(when)s.", title=title,
                 when=_when(change.get("starts_at")))
    if kind == "session_retitled":
        return _("“%(old)s” is now called “%(title)s”.", old=change.get("old_title", ""), title=title)
    if kind == "session_moved":
        return _("“%(title)s” moved from %(old)s to %(new)s.", title=title,
                 old=_when(change.get("old_starts_at")), new=_when(change.get("starts_at")))
    if kind == "session_room_changed":
        return _("“%(title)s” moved from room %(old)s to room %(new)s.", title=title,
                 old=change.get("old_room") or _("no room"), new=change.get("room") or _("no room"))
    if kind == "speaker_added":
        return _("%(person)s joins “%(title)s”.", person=change.get("person", ""), title=title)
    if kind == "speaker_removed":
        return _("%(person)s no longer takes part in “%(title)s”.", person=change.get("person", ""), title=title)
    if kind == "speakers_list_added":
        return _("On the list of speakers of “%(title)s”: %(names)s.", title=title,
                 names=join_text(change.get("names", []), current_language()))
    if kind == "speakers_list_removed":
        return _("Off the list of speakers of “%(title)s”: %(names)s.", title=title,
                 names=join_text(change.get("names", []), current_language()))
    if kind == "speakers_list_changed":
        return _("The list of speakers of “%(title)s” changed (order, times or status).", title=title)
    return _("“%(title)s” changed.", title=title)

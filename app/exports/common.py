"""What every export says about a session, in the requested language."""
from __future__ import annotations

from flask_babel import gettext, ngettext

from app.i18n import current_language, format_time
from app.labels import FORMAT_NAMES, ROLE_NAMES
from app.models.speakers import EntryStatus
from app.public.agenda import AgendaEvent, AgendaSession
from app.public.services import people_by_role
from app.speakers import ENTRY_STATUS_LABELS, LEVEL_LABELS, listed

#: Between people whose lines already hold commas: a semicolon, Arabic's own and Chinese full-width.
PEOPLE_SEPARATORS = {"ar": "؛ ", "zh": "；", "fr": "\u00a0; "}
#: Between the parts of one line (name, function, organization; room, venue, city).
COMMAS = {"ar": "، ", "zh": "，"}


class SessionTexts:
    """The texts of an export's sessions in one language.

    Labels are looked up once per export and each person's line is made once, however many
    sessions the person speaks in: a large event's export says these things thousands of times.
    """

    def __init__(self, event: AgendaEvent, tr):
        self.event = event
        self.tr = tr
        self._roles = ROLE_NAMES.current()
        self._formats = FORMAT_NAMES.current()
        self._person_lines: dict[int, str] = {}
        #: "Label: value" and the separator between people (whose lines hold commas) in the language.
        self._label_pattern = gettext("%(label)s: %(value)s")
        language = current_language().split("-")[0]
        self._separator = PEOPLE_SEPARATORS.get(language, "; ")
        self._comma = COMMAS.get(language, ", ")

    def label(self, session: AgendaSession) -> str:
        """ "Roundtable 2", "Plenary meeting": the format, numbered when the session is."""
        name = self._formats[session.format]
        return f"{name} {session.number}" if session.number else name

    def person_name(self, person) -> str:
        """ "H.E. Name": the honorific in the export's language."""
        honorific = self.tr(person, "honorific").text if person.honorific else ""
        return f"{honorific} {person.name}".strip()

    def person_line(self, person) -> str:
        """ "Name, function, organization" for one person."""
        line = self._person_lines.get(person.id)
        if line is None:
            details = [str(self.tr(person, "function")), str(self.tr(person, "organization"))]
            line = self._person_lines[person.id] = self._comma.join([self.person_name(person),
                                                                    *(d for d in details if d)])
        return line

    def people(self, session: AgendaSession) -> str:
        """A session's people by role, one line per role, in the language's punctuation:
        "Co-chair: A; B", French "Coprésident(e) : A ; B", Arabic "…: A، وظيفة؛ B"."""
        return "\n".join(
            self._label_pattern % {"label": self._roles[role],
                                   "value": self._separator.join(self.person_line(p.person) for p in parts)}
            for role, parts in people_by_role(session)
        )

    def speakers(self, session: AgendaSession) -> str:
        """The session's list of speakers, one numbered line per entry: expected time (in the zone of
        the request, the event's), speaker, delegation, level, minutes and any status but inscribed."""
        if not session.speaker_entries:
            return ""
        lines = [gettext("List of speakers")]
        for number, (entry, slot) in enumerate(listed(session, self.event.statement_minutes), start=1):
            who = self.person_name(entry.person) if entry.person is not None else ""
            behalf = str(self.tr(entry, "on_behalf_of")) if entry.on_behalf_of else ""
            if who and behalf:
                who = self._comma.join([who, gettext("on behalf of %(name)s", name=behalf)])
            minutes = slot.minutes if slot else (entry.minutes or self.event.statement_minutes)
            details = [str(LEVEL_LABELS[entry.level]), ngettext("%(num)d minute", "%(num)d minutes", minutes)]
            if entry.status != EntryStatus.INSCRIBED:
                details.append(str(ENTRY_STATUS_LABELS[entry.status]))
            when = format_time(slot.starts_at) if slot else "—"
            lines.append(f"{number}. {when} {who or behalf} ({self._comma.join(details)})")
        return "\n".join(lines)

    def location(self, session: AgendaSession) -> str:
        """Room, venue and city, as far as they are known."""
        parts = [str(self.tr(session.room, "name")) if session.room else "", str(self.tr(self.event, "venue")),
                 str(self.tr(self.event, "city"))]
        return self._comma.join(p for p in parts if p)

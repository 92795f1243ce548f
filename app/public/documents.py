"""An event's documents as the public reads them: papers by kind, the summaries a plenary hears, the outcomes.

As at the UN High-level Dialogues, each roundtable's summary is presented at the closing plenary by
one of its co-chairs or its rapporteur, and the outcome (a declaration, a chair's summary) is
published afterwards. Everything here reads the released agenda (app/public/agenda.py) already in
memory: no query, whatever the size of the event.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.models.paper import OUTCOME_KINDS, SUMMARY_KINDS, PaperKind
from app.public.agenda import AgendaEvent, AgendaPaper, AgendaPaperFile, AgendaPerson, AgendaSession

_KIND_ORDER = {kind: n for n, kind in enumerate(PaperKind)}


def files_for_reader(paper: AgendaPaper, lang: str) -> list[AgendaPaperFile]:
    """A paper's files, the one in the reader's language first, the others after in their order."""
    return sorted(paper.files, key=lambda f: (f.lang != lang, f.lang))


def papers_by_kind(papers: list[tuple[AgendaPaper, list[AgendaPaperFile]]]
                   ) -> list[tuple[PaperKind, list[tuple[AgendaPaper, list[AgendaPaperFile]]]]]:
    """A session's papers (each with its files) grouped by kind, kinds in their order, papers in theirs."""
    groups: dict[PaperKind, list[tuple[AgendaPaper, list[AgendaPaperFile]]]] = {}
    for item in papers:
        groups.setdefault(item[0].kind, []).append(item)
    return sorted(groups.items(), key=lambda group: _KIND_ORDER[group[0]])


@dataclass(frozen=True, slots=True)
class ReportBack:
    """A session's summary presented at a plenary: the session, who presents it, its summaries."""

    session: AgendaSession
    presenter: AgendaPerson | None
    summaries: list[AgendaPaper]


def reports_to(plenary: AgendaSession) -> list[ReportBack]:
    """The summaries to be presented at a plenary, in the order of the sessions they come from."""
    return [ReportBack(s, s.report_back_person, [p for p in s.papers if p.kind in SUMMARY_KINDS])
            for s in plenary.reporting_sessions]


@dataclass(frozen=True, slots=True)
class Outcome:
    """An outcome document or a summary, with the session it comes from and its files for the reader:
    `own` in the reader's language (or None), `others` in the other languages offered."""

    paper: AgendaPaper
    session: AgendaSession
    own: AgendaPaperFile | None
    others: list[AgendaPaperFile]


def outcomes(event: AgendaEvent, lang: str) -> list[Outcome]:
    """The event's declarations or outcome documents, chair's and rapporteur's summaries: by kind, then in
    the agenda's order."""
    found = [
        Outcome(paper, session, paper.file_for(lang), [f for f in paper.files if f.lang != lang])
        for session in event.sessions for paper in session.papers if paper.kind in OUTCOME_KINDS
    ]
    return sorted(found, key=lambda o: _KIND_ORDER[o.paper.kind])  # stable: the agenda's order within a kind


def has_outcomes(event: AgendaEvent) -> bool:
    return any(paper.kind in OUTCOME_KINDS for session in event.sessions for paper in session.papers)

"""Organizers build the agenda: events, rooms, sessions, people, papers, publishing, members, archives."""
from app.manage import (  # noqa: F401  (register views)
    archive_routes,
    event_routes,
    member_routes,
    notify,
    paper_routes,
    people_routes,
    room_routes,
    runofshow,
    session_routes,
)
from app.manage.blueprint import bp

__all__ = ["bp"]

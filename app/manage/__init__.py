"""Organizers build the agenda: events, rooms, sessions, people, papers, publishing, members, archives."""
from app.manage import (  # noqa: F401  (register views)
    ack_routes,
    archive_routes,
    chair,
    event_routes,
    link_routes,
    member_routes,
    notify,
    organization_routes,
    paper_routes,
    people_routes,
    programme_routes,
    room_routes,
    runofshow,
    session_routes,
    site_routes,
    speaker_routes,
)
from app.manage.blueprint import bp

__all__ = ["bp"]

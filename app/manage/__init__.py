"""Organizers build the agenda: events, rooms, sessions, people, papers, publishing, members, archives."""
from app.manage import agenda_routes, archive_routes, member_routes, paper_routes, people_routes, routes  # noqa: F401  (register views)
from app.manage.blueprint import bp

__all__ = ["bp"]

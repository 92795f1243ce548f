"""Organizers build the agenda: events, rooms, sessions, people, papers, publishing."""
from app.manage.routes import bp

__all__ = ["bp"]

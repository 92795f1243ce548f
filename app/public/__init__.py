"""What attendees read, without an account: events, agendas, sessions, speakers."""
from app.public import (
    embed,  # noqa: F401  (registers the embeddable agenda)
    people,  # noqa: F401  (registers the session, paper and speaker pages)
)
from app.public.routes import bp

__all__ = ["bp"]


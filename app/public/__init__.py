"""What attendees read, without an account: events, agendas, sessions."""
from app.public.routes import bp

__all__ = ["bp"]

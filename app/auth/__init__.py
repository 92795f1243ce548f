"""Sign in and out; who may do what."""
from app.auth.routes import bp

__all__ = ["bp"]

"""Admins create accounts and grant roles."""
from app.admin.routes import bp

__all__ = ["bp"]

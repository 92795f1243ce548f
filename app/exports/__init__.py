"""Exports of a published event: iCal, frab XML, schedule JSON, PDF."""
from app.exports.routes import bp

__all__ = ["bp"]

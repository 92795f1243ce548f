"""Translators: what is missing or out of date, the field-by-field editor, PO export and import."""
from app.translate.routes import bp

__all__ = ["bp"]

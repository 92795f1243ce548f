"""Exports of a published event: iCal, frab XML, schedule JSON, PDF."""
from flask import Blueprint

bp = Blueprint("exports", __name__)

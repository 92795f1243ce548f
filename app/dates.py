"""Dates of the day itself."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MIGRANTS_DAY = (12, 18)


def next_migrants_day(today: date | None = None) -> date:
    """The next 18 December, today included."""
    today = today or date.today()
    this_year = date(today.year, *MIGRANTS_DAY)
    return this_year if today <= this_year else date(today.year + 1, *MIGRANTS_DAY)


def local_datetime(day: date, at: time, zone: str) -> datetime:
    """A wall-clock time on a day in an IANA zone, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone))


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def day_offset(day: date, first: date) -> timedelta:
    return day - first

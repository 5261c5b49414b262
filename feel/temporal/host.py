"""Temporal values from standard-library values (``datetime``) and ``relativedelta``."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from feel.temporal.calendar import MAX_MONTHS, NANOS_PER_SECOND, SECONDS_PER_DAY
from feel.temporal.kinds import Date, DateTime, DayTimeDuration, Time, YearMonthDuration


def from_python(value: Any) -> Any:
    """A temporal value for a standard-library value (or a ``relativedelta``); None when it
    is none of them, or a duration beyond :data:`MAX_MONTHS`."""
    if isinstance(value, _dt.datetime):
        nanos = value.microsecond * 1000
        zone = offset = None
        if value.tzinfo is not None:
            key = getattr(value.tzinfo, "key", None)
            if key:
                zone = key
            else:
                delta = value.utcoffset()
                offset = int(delta.total_seconds()) if delta is not None else None
        return DateTime(value.year, value.month, value.day, value.hour, value.minute,
                        value.second, nanos, offset, zone, value.fold if zone else 0)  # fmt: skip
    if isinstance(value, _dt.date):
        return Date(value.year, value.month, value.day)
    if isinstance(value, _dt.time):
        offset = zone = None
        if value.tzinfo is not None:
            key = getattr(value.tzinfo, "key", None)
            if key:
                zone = key
            else:
                delta = value.utcoffset()
                offset = int(delta.total_seconds()) if delta is not None else None
        return Time(value.hour, value.minute, value.second, value.microsecond * 1000, offset, zone)
    if isinstance(value, _dt.timedelta):
        return DayTimeDuration(
            (value.days * SECONDS_PER_DAY + value.seconds) * NANOS_PER_SECOND
            + value.microseconds * 1000
        )
    if type(value).__name__ == "relativedelta":
        months = value.years * 12 + value.months
        return YearMonthDuration(months) if abs(months) <= MAX_MONTHS else None
    return None

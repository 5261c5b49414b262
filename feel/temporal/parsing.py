"""Temporal values from their texts: ``@"..."`` literals and the conversion functions."""

from __future__ import annotations

import re
from typing import Any

from feel.diagnostics import Failure, WarningKind
from feel.temporal.calendar import (
    MAX_YEAR,
    NANOS_PER_SECOND,
    civil_from_days,
    days_from_civil,
    days_in_month,
)
from feel.temporal.kinds import (
    Date,
    DateTime,
    DayTimeDuration,
    Time,
    YearMonthDuration,
    _too_long,
    day_time,
    year_month,
)
from feel.temporal.zones import zone_exists


def _invalid(text: str, what: str) -> Failure:
    return Failure(WarningKind.INVALID_VALUE, f"{text!r} is not a valid {what}")


# re.ASCII: \d is 0-9 only, as in the spec's grammar (Python's \d takes "٢" for 2)
_DATE = re.compile(r"(-?)(\d{4,9})-(\d\d)-(\d\d)", re.ASCII)
_TIME = re.compile(
    r"(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:(Z|z)|([+-])(\d\d):(\d\d)(?::(\d\d))?)?(?:@([^\s@]+))?",
    re.ASCII,
)
_DURATION = re.compile(
    r"(-)?P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d*))?S)?)?",
    re.ASCII,
)


def _date_parts(match: re.Match, text: str) -> tuple[int, int, int]:
    sign, year_text, month_text, day_text = match.groups()
    if len(year_text) > 4 and year_text[0] == "0":
        raise _invalid(text, "date")
    year = -int(year_text) if sign else int(year_text)
    month, day = int(month_text), int(day_text)
    if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
        raise _invalid(text, "date")
    return year, month, day


def parse_date(text: str) -> Date:
    """A date from ``YYYY-MM-DD`` (years of 4 to 9 digits, with an optional minus)."""
    match = _DATE.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise _invalid(text, "date")
    return Date(*_date_parts(match, text))


def _time_parts(match: re.Match, text: str) -> tuple[int, int, int, int, int | None, str | None]:
    hour, minute, second, fraction, zulu, sign, off_h, off_m, off_s, zone = match.groups()
    hour_i, minute_i, second_i = int(hour), int(minute), int(second)
    nanos = int((fraction or "0")[:9].ljust(9, "0"))
    if hour_i == 24 and minute_i == second_i == nanos == 0:
        hour_i = 24  # the end of the day: midnight of the next day (callers roll it over)
    elif hour_i > 23 or minute_i > 59 or second_i > 59:
        raise _invalid(text, "time")
    offset: int | None = None
    if zulu:
        offset = 0
    elif sign:
        offset = int(off_h) * 3600 + int(off_m) * 60 + int(off_s or 0)
        if offset > 18 * 3600:
            raise _invalid(text, "time")
        offset = -offset if sign == "-" else offset
    if zone is not None:
        if offset is not None or not zone_exists(zone):
            raise _invalid(text, "time")
    return hour_i, minute_i, second_i, nanos, offset, zone


def parse_time(text: str) -> Time:
    """A time from ``hh:mm:ss[.f][Z|±hh:mm|@zone]``."""
    match = _TIME.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise _invalid(text, "time")
    hour, minute, second, nanos, offset, zone = _time_parts(match, text)
    return Time(hour % 24, minute, second, nanos, offset, zone)


def parse_date_time(text: str) -> DateTime:
    """A date and time from ``date'T'time``, or a date alone (midnight)."""
    if not isinstance(text, str):
        raise _invalid(text, "date and time")
    text = text.strip()
    date_text, _, time_text = text.partition("T")
    date_match = _DATE.fullmatch(date_text)
    if date_match is None:
        raise _invalid(text, "date and time")
    year, month, day = _date_parts(date_match, text)
    if not time_text:
        if "T" in text:
            raise _invalid(text, "date and time")
        return DateTime(year, month, day)
    time_match = _TIME.fullmatch(time_text)
    if time_match is None:
        raise _invalid(text, "date and time")
    hour, minute, second, nanos, offset, zone = _time_parts(time_match, text)
    if hour == 24:  # 24:00:00 is midnight at the end of the day
        year, month, day = civil_from_days(days_from_civil(year, month, day) + 1)
        hour = 0
        if year > MAX_YEAR:  # the end of the last day is past the last date
            raise Failure(WarningKind.INVALID_VALUE,
                          f"{text!r} is past the last date FEEL supports")  # fmt: skip
    return DateTime(year, month, day, hour, minute, second, nanos, offset, zone)


def parse_duration(text: str) -> DayTimeDuration | YearMonthDuration:
    """A duration from ISO 8601 ``PnYnMnDTnHnMnS``: years/months or days/time, not both."""
    match = _DURATION.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or text.strip().endswith("T"):
        raise _invalid(text, "duration")
    sign, years, months, days, hours, minutes, seconds, fraction = match.groups()
    negative = -1 if sign else 1
    if years is not None or months is not None:
        if days is not None or hours is not None or minutes is not None or seconds is not None:
            raise _invalid(text, "duration")
        return year_month(negative * (_field(years) * 12 + _field(months)))
    total = ((_field(days) * 24 + _field(hours)) * 60 + _field(minutes)) * 60 + _field(seconds)
    nanos = total * NANOS_PER_SECOND + int((fraction or "0")[:9].ljust(9, "0"))
    return day_time(negative * nanos)


def _field(digits: str | None) -> int:
    """A number of a duration's text; one of more than 30 digits is beyond any duration
    (and is never given to ``int()``, which refuses more than 4,300 digits)."""
    digits = (digits or "0").lstrip("0")
    if len(digits) > 30:
        raise _too_long()
    return int(digits or "0")


def parse_literal(text: str) -> Any:
    """The value of an ``@"..."`` literal: a date, time, date and time or duration."""
    stripped = text.strip()
    if stripped.startswith(("P", "-P")):
        return parse_duration(stripped)
    if _DATE.fullmatch(stripped):
        return parse_date(stripped)
    if _DATE.match(stripped):
        return parse_date_time(stripped)
    return parse_time(stripped)

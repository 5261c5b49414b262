"""Date, time and duration texts as Camunda's engine reads them (the Camunda dialect).

feel-scala parses FEEL's temporal texts with ``java.time``: a time may start with ``T``
(``time("T23:59:00")``) and a local one may omit its seconds (``"10:30"``); a date and time
may carry an offset and a zone at once (``"2021-09-08T10:30:00+02:00[Europe/Berlin]"``,
ISO 8601 as Java writes it), and a zone of a date and time may be an offset (``"Z"``,
``"+02:00"``); a duration's components may each have a sign (``"PT-5M"``, ``"P-1Y"``,
``"P1Y-2M"``), as ``java.time.Duration.parse`` and ``Period.parse`` allow. What Java refuses
(``"24:00:00"``, seconds in an offset, ``z``) is refused here too.

The functions give the values of :mod:`feel.temporal` and raise its Failures, so a bad
text is null plus a warning, as in the DMN dialect.
"""

from __future__ import annotations

import re
from typing import Any

from feel import temporal as t
from feel.diagnostics import Failure, WarningKind

_DATE = r"-?(?:[1-9]\d{0,4})?\d{4}-[01]\d-[0-3]\d"
_CLOCK = r"(\d\d):(\d\d)(?::(\d\d))?(?:\.(\d{1,9}))?"
_OFFSET = r"Z|[+-]\d\d:\d\d"
#: A time: ``T?hh:mm[:ss][.f]``, with an offset or ``@zone`` only when the seconds are there
#: (feel-scala tells offset times from local ones by that pattern).
_TIME = re.compile(rf"T?{_CLOCK}(?:({_OFFSET})|@([^\s@\[\]]+))?")
_LOCAL_TIME = re.compile(rf"T?{_CLOCK}")
_DATE_TIME = re.compile(
    rf"({_DATE})T([0-2]\d:[0-5]\d(?::[0-5]\d)?(?:\.\d{{1,9}})?)"
    rf"(?:({_OFFSET})(?:\[([^\s\[\]]+)\])?|@([^\s@\[\]]+))?"
)
_YEAR_MONTH = re.compile(r"([-+]?)P(?=[-+\d])(?:([-+]?\d+)Y)?(?:([-+]?\d+)M)?")
_DAY_TIME = re.compile(
    r"([-+]?)P(?=[-+\dT])(?:([-+]?\d+)D)?"
    r"(?:T(?=[-+\d])(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?"
)
_ZONE_OFFSET = re.compile(r"Z|([+-])(\d\d?)(?::?(\d\d)(?::?(\d\d))?)?")


def _invalid(text: Any, what: str) -> Failure:
    return Failure(WarningKind.INVALID_VALUE, f"{text!r} is not a valid {what}")


def _offset_seconds(text: str) -> int:
    if text == "Z":
        return 0
    sign = -1 if text[0] == "-" else 1
    return sign * (int(text[1:3]) * 3600 + int(text[4:6]) * 60)


def zone_offset(text: str) -> int | None:
    """The offset in seconds that Java's ``ZoneId.of`` reads in ``text`` (``"Z"``, ``"+2"``,
    ``"+02:00"``, ``"-0530"``...), or None when ``text`` is not an offset."""
    match = _ZONE_OFFSET.fullmatch(text)
    if match is None:
        return None
    if text == "Z":
        return 0
    sign, hours, minutes, seconds = match.groups()
    total = int(hours) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    if int(hours) > 18 or int(minutes or 0) > 59 or int(seconds or 0) > 59 or total > 18 * 3600:
        return None
    return -total if sign == "-" else total


def _clock(match: re.Match, text: str, what: str) -> tuple[int, int, int, int]:
    hour, minute, second, fraction = (match.group(i) for i in range(1, 5))
    hour_i, minute_i, second_i = int(hour), int(minute), int(second or 0)
    if hour_i > 23 or minute_i > 59 or second_i > 59:
        raise _invalid(text, what)
    return hour_i, minute_i, second_i, int((fraction or "0").ljust(9, "0"))


def parse_time(text: Any) -> t.Time:
    """A time as feel-scala reads it: ``T?hh:mm[:ss][.f]`` local, or ``T?hh:mm:ss[.f]``
    with ``Z``, ``±hh:mm`` or ``@zone``."""
    if not isinstance(text, str):
        raise _invalid(text, "time")
    match = _TIME.fullmatch(text)
    if match is None:
        raise _invalid(text, "time")
    hour, minute, second, nanos = _clock(match, text, "time")
    offset_text, zone = match.group(5), match.group(6)
    if (offset_text or zone) and match.group(3) is None:
        raise _invalid(text, "time")  # Java reads "10:30+01:00" as neither kind of time
    if zone is not None:
        if not t.zone_exists(zone):
            raise _invalid(text, "time")
        return t.Time(hour, minute, second, nanos, None, zone)
    offset = _offset_seconds(offset_text) if offset_text else None
    if offset is not None and abs(offset) > 18 * 3600:
        raise _invalid(text, "time")
    return t.Time(hour, minute, second, nanos, offset)


def parse_date_time(text: Any) -> t.DateTime:
    """A date and time as feel-scala reads it: a date alone (midnight), or
    ``date'T'hh:mm[:ss][.f]`` local, with ``Z``/``±hh:mm``, with ``@zone``, or with an offset
    and a ``[zone]`` (the instant the offset fixes, seen in the zone, as Java resolves it)."""
    if not isinstance(text, str):
        raise _invalid(text, "date and time")
    if re.fullmatch(_DATE, text):
        return t.DateTime(*_date(text, text))
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        raise _invalid(text, "date and time")
    date_text, clock_text, offset_text, bracket_zone, at_zone = match.groups()
    year, month, day = _date(date_text, text)
    clock = _LOCAL_TIME.fullmatch(clock_text)
    assert clock is not None  # the date-time pattern has the clock's shape
    hour, minute, second, nanos = _clock(clock, text, "date and time")
    if at_zone is not None:
        if not t.zone_exists(at_zone):
            raise _invalid(text, "date and time")
        return t.DateTime(year, month, day, hour, minute, second, nanos, None, at_zone)
    if offset_text is None:
        return t.DateTime(year, month, day, hour, minute, second, nanos)
    offset = _offset_seconds(offset_text)
    if abs(offset) > 18 * 3600:
        raise _invalid(text, "date and time")
    value = t.DateTime(year, month, day, hour, minute, second, nanos, offset)
    if bracket_zone is None:
        return value
    if not t.zone_exists(bracket_zone):
        raise _invalid(text, "date and time")
    return t.DateTime.in_zone(value.epoch_seconds(), nanos, bracket_zone)


def _date(date_text: str, text: str) -> tuple[int, int, int]:
    try:
        value = t.parse_date(date_text)
    except Failure:
        raise _invalid(text, "date and time") from None
    return value.year, value.month, value.day


def parse_date(text: Any) -> t.Date:
    """A date: ``YYYY-MM-DD`` (4 to 9 year digits, an optional minus), as in DMN."""
    if not isinstance(text, str) or not re.fullmatch(_DATE, text):
        raise _invalid(text, "date")
    return t.parse_date(text)


def _signed(digits: str | None) -> int:
    if not digits:
        return 0
    sign = -1 if digits[0] == "-" else 1
    return sign * t._field(digits.lstrip("+-"))  # refuses more than 30 digits


def parse_duration(text: Any) -> t.DayTimeDuration | t.YearMonthDuration:
    """A duration as ``java.time`` reads it: years and months (``Period``: ``P1Y2M``,
    ``P-1Y``) or days and time (``Duration``: ``P1DT2H``, ``PT-5M``, ``-PT1.5S``); each
    component may carry a sign, and a leading ``-`` negates them all."""
    if not isinstance(text, str):
        raise _invalid(text, "duration")
    match = _YEAR_MONTH.fullmatch(text)
    if match is not None:
        sign, years, months = match.groups()
        total = _signed(years) * 12 + _signed(months)
        return t.year_month(-total if sign == "-" else total)
    match = _DAY_TIME.fullmatch(text)
    if match is None or text.endswith(("P", "T")):
        raise _invalid(text, "duration")
    sign, days, hours, minutes, seconds, fraction = match.groups()
    whole = ((_signed(days) * 24 + _signed(hours)) * 60 + _signed(minutes)) * 60
    second_count = _signed(seconds)
    nanos = int((fraction or "0").ljust(9, "0"))
    if seconds and seconds.startswith("-"):
        nanos = -nanos  # Java: the fraction has the sign of its seconds ("PT-1.5S")
    total = (whole + second_count) * t.NANOS_PER_SECOND + nanos
    return t.day_time(-total if sign == "-" else total)


def parse_literal(text: str) -> Any:
    """The value of an ``@"..."`` literal read as feel-scala reads it."""
    if text.startswith(("P", "-P", "+P")):
        return parse_duration(text)
    if re.fullmatch(_DATE, text):
        return parse_date(text)
    if re.match(_DATE, text):
        return parse_date_time(text)
    return parse_time(text)

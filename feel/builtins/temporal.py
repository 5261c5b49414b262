"""Temporal functions (DMN 1.5, 10.3.4.1 and 10.3.4.11) and Camunda's ``last day of month``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel import temporal as t
from feel.builtins import checks
from feel.builtins.registry import builtin
from feel.java_time import zone_offset


@builtin("date", "from")
def date_from(from_: Any) -> t.Date:
    """The date written in ``from``, or the date part of a date and time."""
    if type(from_) is t.DateTime:
        return from_.date
    if type(from_) is t.Date:
        return from_
    return t.parse_date(checks.string("date", "from", from_))


@builtin("date", "year, month, day")
def date_parts(year: Any, month: Any, day: Any) -> t.Date:
    """The date of ``year``, ``month`` and ``day``."""
    y = checks.integer("date", "year", year)
    m = checks.integer("date", "month", month)
    d = checks.integer("date", "day", day)
    if not (1 <= m <= 12 and 1 <= d <= t.days_in_month(y, m) and abs(y) <= t.MAX_YEAR):
        raise checks.invalid("date", "no such date")
    return t.Date(y, m, d)


@builtin("date and time", "from")
def date_and_time_from(from_: Any) -> t.DateTime:
    """The date and time written in ``from`` (a date alone is midnight)."""
    if type(from_) is t.DateTime:
        return from_
    if type(from_) is t.Date:
        return t.DateTime(from_.year, from_.month, from_.day)
    return t.parse_date_time(checks.string("date and time", "from", from_))


@builtin("date and time", "date, time")
def date_and_time_parts(date: Any, time: Any) -> t.DateTime:
    """The date and time of a date (or the date of a date and time) and a time."""
    if type(date) is t.DateTime and type(time) is str:
        return date_and_time_in_zone(date, time)  # positional call of the Camunda form
    if type(date) not in (t.Date, t.DateTime):
        raise checks.wrong("date and time", "date", date, "a date")
    if type(time) is not t.Time:
        raise checks.wrong("date and time", "time", time, "a time")
    return t.DateTime(date.year, date.month, date.day, time.hour, time.minute, time.second,
                      time.nanos, time.offset, time.zone)  # fmt: skip


@builtin("date and time", "date and time, timezone")
def date_and_time_in_zone(date_and_time: Any, timezone: Any) -> t.DateTime:
    """Camunda's extension: a date and time with an offset or zone put in ``timezone`` (the
    same instant there); a local one gets the zone as it is (the same clock reading).
    ``timezone`` is an IANA zone or, as Java's ``ZoneId.of`` reads it, an offset (``"Z"``,
    ``"+02:00"``)."""
    if type(date_and_time) is not t.DateTime:
        raise checks.wrong("date and time", "date and time", date_and_time, "a date and time")
    zone = checks.string("date and time", "timezone", timezone)
    value = date_and_time
    offset = zone_offset(zone)
    if offset is not None:
        if value.is_local():
            return t.DateTime(value.year, value.month, value.day, value.hour, value.minute,
                              value.second, value.nanos, offset)  # fmt: skip
        return t.DateTime.from_local_seconds(value.epoch_seconds() + offset, value.nanos,
                                             offset, None)  # fmt: skip
    if not t.zone_exists(zone):
        raise checks.invalid("date and time", f"unknown time zone {zone!r}")
    if value.is_local():
        return t.DateTime(value.year, value.month, value.day, value.hour, value.minute,
                          value.second, value.nanos, None, zone)  # fmt: skip
    return t.DateTime.in_zone(value.epoch_seconds(), value.nanos, zone)


@builtin("time", "from")
def time_from(from_: Any) -> t.Time:
    """The time written in ``from``, or the time part of a date and time."""
    if type(from_) is t.DateTime:
        return from_.time
    if type(from_) is t.Time:
        return from_
    if type(from_) is t.Date:
        return t.Time(0, 0, 0, 0, 0)
    return t.parse_time(checks.string("time", "from", from_))


@builtin("time", "hour, minute, second, offset?")
def time_parts(hour: Any, minute: Any, second: Any, offset: Any = None) -> t.Time:
    """The time of the parts; ``second`` may have a fraction; ``offset`` is a duration."""
    h = checks.integer("time", "hour", hour)
    m = checks.integer("time", "minute", minute)
    s = checks.number("time", "second", second)
    whole = int(s)
    nanos = int((s - whole) * t.NANOS_PER_SECOND)
    if not (0 <= h <= 23 and 0 <= m <= 59 and 0 <= whole <= 59 and nanos >= 0):
        raise checks.invalid("time", "no such time")
    seconds_offset = None
    if offset is not None:
        if type(offset) is not t.DayTimeDuration:
            raise checks.wrong("time", "offset", offset, "a days and time duration")
        seconds_offset = offset.nanos // t.NANOS_PER_SECOND
        if abs(seconds_offset) > 18 * 3600:
            raise checks.invalid("time", "offset out of range")
    return t.Time(h, m, whole, nanos, seconds_offset)


@builtin("duration", "from")
def duration(from_: Any) -> Any:
    """The duration written in ``from`` (ISO 8601)."""
    return t.parse_duration(checks.string("duration", "from", from_))


@builtin("years and months duration", "from, to")
def years_and_months_duration(from_: Any, to: Any) -> t.YearMonthDuration:
    """The whole years and months from ``from`` to ``to`` (dates or date and times)."""
    for name, value in (("from", from_), ("to", to)):
        if type(value) not in (t.Date, t.DateTime):
            raise checks.wrong("years and months duration", name, value, "a date")
    months = (to.year - from_.year) * 12 + (to.month - from_.month)
    if months > 0 and to.day < from_.day:
        months -= 1
    elif months < 0 and to.day > from_.day:
        months += 1
    return t.year_month(months)


@builtin("now", "", needs_state=True)
def now(state: Any) -> t.DateTime:
    """The current date and time (from the engine's clock)."""
    current = state.now()
    if current is None:
        raise checks.invalid("now", "no clock")
    return current


@builtin("today", "", needs_state=True)
def today(state: Any) -> t.Date:
    """The current date (from the engine's clock)."""
    return now(state).date


def _date_of(function: str, value: Any) -> t.Date:
    if type(value) is t.DateTime:
        return value.date
    if type(value) is not t.Date:
        raise checks.wrong(function, "date", value, "a date")
    return value


@builtin("day of year", "date")
def day_of_year(date: Any) -> Decimal:
    """1 to 366."""
    d = _date_of("day of year", date)
    return Decimal(d.days() - t.days_from_civil(d.year, 1, 1) + 1)


@builtin("day of week", "date")
def day_of_week(date: Any) -> str:
    """"Monday" to "Sunday"."""
    return t._WEEKDAYS[(_date_of("day of week", date).days() + 3) % 7]


@builtin("month of year", "date")
def month_of_year(date: Any) -> str:
    """"January" to "December"."""
    return t._MONTHS[_date_of("month of year", date).month - 1]


@builtin("week of year", "date")
def week_of_year(date: Any) -> Decimal:
    """The ISO 8601 week number, 1 to 53."""
    d = _date_of("week of year", date)
    days = d.days()
    weekday = (days + 3) % 7  # Monday is 0
    thursday = days - weekday + 3
    year = t.civil_from_days(thursday)[0]
    return Decimal((thursday - t.days_from_civil(year, 1, 1)) // 7 + 1)


@builtin("last day of month", "date")
def last_day_of_month(date: Any) -> t.Date:
    """The last date of the month of ``date`` (Camunda extension)."""
    d = _date_of("last day of month", date)
    return t.Date(d.year, d.month, t.days_in_month(d.year, d.month))

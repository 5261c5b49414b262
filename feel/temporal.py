"""Temporal values: date, time, date and time, days-and-time and years-and-months durations.

CONTRACT (used by the rest of the package; the implementation fills it in):

Classes (immutable, hashable, with ``__eq__`` meaning FEEL value equality of the same kind):
    Date, Time, DateTime, DayTimeDuration, YearMonthDuration

Functions:
    type_name(value) -> str | None        FEEL type name, None when not a temporal value
    is_temporal(value) -> bool
    parse_date(text) / parse_time(text) / parse_date_time(text) / parse_duration(text)
        -> value; raise feel.diagnostics.Failure for invalid text
    parse_literal(text) -> value          the ``@"..."`` literal: whichever kind the text is
    add(a, b) / subtract(a, b)            a or b temporal (the other temporal or number);
    multiply(a, b) / divide(a, b)         raise Failure(INVALID_TYPE) when the kinds do not mix
    negate(a)
    compare(a, b) -> -1 | 0 | 1           raise Failure(NOT_COMPARABLE) when not comparable
    equal(a, b) -> bool | None            None when FEEL equality is undefined (null result)
    get_property(value, name) -> value    raise Failure(NO_PROPERTY_FOUND) when none
    to_string(value) -> str               the FEEL string() form
    from_python(value) -> value | None    datetime.date/datetime/time/timedelta/relativedelta in
    is_instance(value, type_name) -> bool
"""

from __future__ import annotations

from typing import Any

from feel.diagnostics import Failure, WarningKind


class Date:
    """A calendar date (placeholder until the temporal implementation lands)."""


class Time:
    """A time of day (placeholder)."""


class DateTime:
    """A date and time (placeholder)."""


class DayTimeDuration:
    """A days and time duration (placeholder)."""


class YearMonthDuration:
    """A years and months duration (placeholder)."""


_TYPES = {
    Date: "date",
    Time: "time",
    DateTime: "date and time",
    DayTimeDuration: "days and time duration",
    YearMonthDuration: "years and months duration",
}


def type_name(value: Any) -> str | None:
    """The FEEL type name of a temporal value, None for any other value."""
    return _TYPES.get(type(value))


def is_temporal(value: Any) -> bool:
    """True for the temporal classes of this module."""
    return type(value) in _TYPES


def _unsupported(*_: Any) -> Any:
    raise Failure(WarningKind.UNSUPPORTED, "temporal values are not implemented yet")


parse_date = parse_time = parse_date_time = parse_duration = parse_literal = _unsupported
add = subtract = multiply = divide = negate = compare = equal = get_property = _unsupported


def to_string(value: Any) -> str:
    """The FEEL string form of a temporal value."""
    return str(value)


def from_python(value: Any) -> Any:
    """A temporal value for a standard-library value, None when it is none of them."""
    return None


def is_instance(value: Any, name: str) -> bool:
    """True when ``value`` is of the temporal type called ``name``."""
    return type_name(value) == name

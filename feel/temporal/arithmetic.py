"""Arithmetic and comparison with temporal operands (the operators call these when an
operand is temporal); each raises :class:`feel.diagnostics.Failure` for operands that do not fit."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from feel.diagnostics import Failure, WarningKind
from feel.temporal.calendar import (
    MAX_MONTHS,
    MAX_NANOS,
    NANOS_PER_DAY,
    NANOS_PER_SECOND,
    SECONDS_PER_DAY,
    civil_from_days,
    days_in_month,
)
from feel.temporal.kinds import (
    Date,
    DateTime,
    DayTimeDuration,
    Time,
    YearMonthDuration,
    _too_long,
    check_year,
    day_time,
    year_month,
)
from feel.temporal.zones import _zone
from feel.values import DECIMAL
from feel.values import type_name as feel_type


def _mismatch(verb: str, a: Any, b: Any) -> Failure:
    return Failure(WarningKind.INVALID_TYPE, f"can't {verb} {feel_type(a)} and {feel_type(b)}")


def _shift_months(year: int, month: int, day: int, months: int) -> tuple[int, int, int]:
    index = year * 12 + (month - 1) + months
    new_year, new_month = divmod(index, 12)
    new_month += 1
    return new_year, new_month, min(day, days_in_month(new_year, new_month))


def _add_months(value: Any, months: int) -> Any:
    year, month, day = _shift_months(value.year, value.month, value.day, months)
    check_year(year)
    if type(value) is Date:
        return Date(year, month, day)
    return DateTime(year, month, day, value.hour, value.minute, value.second, value.nanos,
                    value.offset, value.zone)  # fmt: skip


def _add_nanos_date_time(value: DateTime, nanos: int) -> DateTime:
    total = value.nanos + nanos
    seconds, rest = divmod(total, NANOS_PER_SECOND)
    if value.zone and _zone(value.zone) is not None:
        result = DateTime.in_zone(value.epoch_seconds() + seconds, rest, value.zone)
    else:
        result = DateTime.from_local_seconds(value.local_seconds() + seconds, rest,
                                             value.offset, value.zone)  # fmt: skip
    return result


def _add_nanos_time(value: Time, nanos: int) -> Time:
    total = (value.seconds() * NANOS_PER_SECOND + value.nanos + nanos) % NANOS_PER_DAY
    seconds, rest = divmod(total, NANOS_PER_SECOND)
    return Time(seconds // 3600, seconds // 60 % 60, seconds % 60, rest, value.offset, value.zone)


def _as_date_time(value: Date | DateTime) -> DateTime:
    """A date in date-time arithmetic: midnight UTC (TCK 0100)."""
    if type(value) is Date:
        return DateTime(value.year, value.month, value.day, offset=0)
    return value  # type: ignore[return-value]


def add(a: Any, b: Any) -> Any:
    """``a + b`` with a temporal operand."""
    ta, tb = type(a), type(b)
    if ta in (DayTimeDuration, YearMonthDuration) and tb in (Date, DateTime, Time):
        a, b, ta, tb = b, a, tb, ta
    if tb is YearMonthDuration:
        if ta in (Date, DateTime):
            return _add_months(a, b.months)
        if ta is YearMonthDuration:
            return year_month(a.months + b.months)
    elif tb is DayTimeDuration:
        if ta is DateTime:
            return _add_nanos_date_time(a, b.nanos)
        if ta is Date:
            days = b.nanos // NANOS_PER_DAY
            check_year(civil_from_days(a.days() + days)[0])
            return Date.from_days(a.days() + days)
        if ta is Time:
            return _add_nanos_time(a, b.nanos)
        if ta is DayTimeDuration:
            return day_time(a.nanos + b.nanos)
    raise _mismatch("add", a, b)


def subtract(a: Any, b: Any) -> Any:
    """``a - b`` with a temporal operand."""
    ta, tb = type(a), type(b)
    if tb is YearMonthDuration:
        if ta in (Date, DateTime):
            return _add_months(a, -b.months)
        if ta is YearMonthDuration:
            return year_month(a.months - b.months)
    elif tb is DayTimeDuration:
        if ta in (Date, DateTime, Time, DayTimeDuration):
            return add(a, DayTimeDuration(-b.nanos))
    elif ta in (Date, DateTime) and tb in (Date, DateTime):
        x, y = _as_date_time(a), _as_date_time(b)
        if x.is_local() != y.is_local():
            raise Failure(WarningKind.INVALID_TYPE,
                          "can't subtract a date and time with a zone from one without")  # fmt: skip
        seconds = x.epoch_seconds() - y.epoch_seconds()
        return day_time(seconds * NANOS_PER_SECOND + x.nanos - y.nanos)
    elif ta is Time and tb is Time:
        if (a.offset is None) != (b.offset is None):
            raise Failure(WarningKind.INVALID_TYPE, "can't subtract times with and without offset")
        x = a.seconds() - (a.offset or 0)
        y = b.seconds() - (b.offset or 0)
        return DayTimeDuration((x - y) * NANOS_PER_SECOND + a.nanos - b.nanos)
    raise _mismatch("subtract", a, b)


def _scaled(operation: Any, size: int, b: Decimal, rounding: str, limit: int) -> int:
    """``operation(size, b)`` in FEEL's decimal context, rounded to a whole number within
    ±``limit``; a Failure beyond it, checked before the result becomes an ``int``."""
    try:
        value = operation(Decimal(size), b).to_integral_value(rounding=rounding, context=DECIMAL)
    except (decimal.DivisionByZero, decimal.InvalidOperation, decimal.Overflow):
        raise _too_long() from None
    if not value.is_finite() or abs(value) > limit:
        raise _too_long()
    return int(value)


def multiply(a: Any, b: Any) -> Any:
    """Duration times number (either order)."""
    if type(a) is Decimal:
        a, b = b, a
    if type(b) is Decimal:
        if type(a) is DayTimeDuration:
            nanos = _scaled(DECIMAL.multiply, a.nanos, b, decimal.ROUND_HALF_EVEN, MAX_NANOS)
            return DayTimeDuration(nanos)
        if type(a) is YearMonthDuration:
            months = _scaled(DECIMAL.multiply, a.months, b, decimal.ROUND_DOWN, MAX_MONTHS)
            return YearMonthDuration(months)
    raise _mismatch("multiply", a, b)


def divide(a: Any, b: Any) -> Any:
    """Duration divided by a number or by a duration of the same kind."""
    ta, tb = type(a), type(b)
    if tb is Decimal and ta in (DayTimeDuration, YearMonthDuration):
        if not b:
            raise Failure(WarningKind.ARITHMETIC, "division by zero")
        if ta is DayTimeDuration:
            nanos = _scaled(DECIMAL.divide, a.nanos, b, decimal.ROUND_HALF_EVEN, MAX_NANOS)
            return DayTimeDuration(nanos)
        months = _scaled(DECIMAL.divide, a.months, b, decimal.ROUND_DOWN, MAX_MONTHS)
        return YearMonthDuration(months)
    if ta is tb is DayTimeDuration:
        if not b.nanos:
            raise Failure(WarningKind.ARITHMETIC, "division by zero")
        return DECIMAL.divide(Decimal(a.nanos), Decimal(b.nanos))
    if ta is tb is YearMonthDuration:
        if not b.months:
            raise Failure(WarningKind.ARITHMETIC, "division by zero")
        return DECIMAL.divide(Decimal(a.months), Decimal(b.months))
    raise _mismatch("divide", a, b)


def negate(a: Any) -> Any:
    """Unary minus of a duration."""
    if type(a) is DayTimeDuration:
        return DayTimeDuration(-a.nanos)
    if type(a) is YearMonthDuration:
        return YearMonthDuration(-a.months)
    raise Failure(WarningKind.INVALID_TYPE, f"can't negate {feel_type(a)}")


# -- comparison


def _order_key(value: Any) -> tuple:
    kind = type(value)
    if kind is Date:
        return (value.days(), 0)
    if kind is DateTime:
        return (value.epoch_seconds(), value.nanos)
    if kind is Time:
        return ((value.seconds() - (value.offset or 0)) % SECONDS_PER_DAY, value.nanos)
    if kind is DayTimeDuration:
        return (value.nanos, 0)
    return (value.months, 0)


def compare(a: Any, b: Any) -> int:
    """-1, 0 or 1; Failure(NOT_COMPARABLE) for different kinds or local versus zoned."""
    ta, tb = type(a), type(b)
    comparable = ta is tb
    if comparable and ta is DateTime and a.is_local() != b.is_local():
        comparable = False
    if comparable and ta is Time and (a.offset is None) != (b.offset is None):
        comparable = False
    if not comparable:
        raise Failure(WarningKind.NOT_COMPARABLE,
                      f"can't compare {feel_type(a)} with {feel_type(b)}")  # fmt: skip
    x, y = _order_key(a), _order_key(b)
    return -1 if x < y else (1 if x > y else 0)


def equal(a: Any, b: Any) -> bool | None:
    """FEEL equality of two temporal values; null when the kinds differ."""
    if type(a) is not type(b):
        return None
    return a == b

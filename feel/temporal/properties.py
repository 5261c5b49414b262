"""``value.name``: the properties the spec defines on each temporal type."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel.diagnostics import Failure, WarningKind
from feel.temporal.calendar import NANOS_PER_SECOND, SECONDS_PER_DAY, days_from_civil
from feel.temporal.kinds import Date, DateTime, DayTimeDuration, Time, YearMonthDuration
from feel.values import type_name as feel_type


def get_property(value: Any, name: str) -> Any:
    """``value.name`` for the properties the spec defines on each temporal type."""
    kind = type(value)
    if kind in (Date, DateTime):
        if name == "year":
            return Decimal(value.year)
        if name == "month":
            return Decimal(value.month)
        if name == "day":
            return Decimal(value.day)
        if name == "weekday":
            return Decimal((days_from_civil(value.year, value.month, value.day) + 3) % 7 + 1)
    if kind in (Time, DateTime):
        if name == "hour":
            return Decimal(value.hour)
        if name == "minute":
            return Decimal(value.minute)
        if name == "second":
            if value.nanos:
                return Decimal(value.second) + Decimal(value.nanos).scaleb(-9)
            return Decimal(value.second)
        if name == "time offset":
            if value.offset is not None:
                return DayTimeDuration(value.offset * NANOS_PER_SECOND)
            return None
        if name == "timezone":
            return value.zone
    if kind is DayTimeDuration:
        sign = -1 if value.nanos < 0 else 1
        seconds = abs(value.nanos) // NANOS_PER_SECOND
        parts = {"days": seconds // SECONDS_PER_DAY, "hours": seconds // 3600 % 24,
                 "minutes": seconds // 60 % 60, "seconds": seconds % 60}  # fmt: skip
        if name in parts:
            return Decimal(sign * parts[name])
        if name in ("years", "months"):
            return None
    if kind is YearMonthDuration:
        sign = -1 if value.months < 0 else 1
        if name == "years":
            return Decimal(sign * (abs(value.months) // 12))
        if name == "months":
            return Decimal(sign * (abs(value.months) % 12))
        if name in ("days", "hours", "minutes", "seconds"):
            return None
    raise Failure(WarningKind.NO_PROPERTY_FOUND, f"{feel_type(value)} has no property {name!r}")

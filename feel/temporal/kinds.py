"""The five temporal value classes, the duration constructors that keep results in range,
the FEEL type names, and the text of each value (``string()``)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from feel.diagnostics import Failure, WarningKind
from feel.temporal.calendar import (
    MAX_MONTHS,
    MAX_NANOS,
    MAX_YEAR,
    NANOS_PER_SECOND,
    SECONDS_PER_DAY,
    civil_from_days,
    days_from_civil,
)
from feel.temporal.zones import _zone, _zone_reading, zone_offset_at_local


def check_year(year: int) -> None:
    """A Failure (ARITHMETIC) for a year outside -999,999,999..999,999,999 (DMN 1.5 10.3.2.3.1,
    TCK 1115/1117: the last year that works is 999999999)."""
    if not -MAX_YEAR <= year <= MAX_YEAR:
        raise Failure(WarningKind.ARITHMETIC, "date outside the years FEEL supports")


def _too_long() -> Failure:
    return Failure(WarningKind.ARITHMETIC, "duration outside the range FEEL supports")


# -- the value classes


class Date:
    """A calendar date."""

    __slots__ = ("day", "month", "year")
    feel_type = "date"  # read by feel.values.type_name

    def __init__(self, year: int, month: int, day: int) -> None:
        self.year, self.month, self.day = year, month, day

    def days(self) -> int:
        """Days since 1970-01-01."""
        return days_from_civil(self.year, self.month, self.day)

    @classmethod
    def from_days(cls, days: int) -> Date:
        """The date of a day number."""
        return cls(*civil_from_days(days))

    def __eq__(self, other: object) -> bool:
        return type(other) is Date and (self.year, self.month, self.day) == (
            other.year, other.month, other.day)  # fmt: skip

    def __hash__(self) -> int:
        return hash((self.year, self.month, self.day))

    def __repr__(self) -> str:
        return f"Date({format_date(self)})"

    def __str__(self) -> str:
        return format_date(self)

    def to_python(self) -> _dt.date:
        """The ``datetime.date`` (years 1 to 9999)."""
        return _dt.date(self.year, self.month, self.day)


class Time:
    """A time of day, local or with a UTC offset or a zone."""

    __slots__ = ("hour", "minute", "nanos", "offset", "second", "zone")
    feel_type = "time"  # read by feel.values.type_name

    def __init__(self, hour: int, minute: int, second: int, nanos: int = 0,
                 offset: int | None = None, zone: str | None = None) -> None:  # fmt: skip
        self.hour, self.minute, self.second, self.nanos = hour, minute, second, nanos
        self.offset, self.zone = offset, zone

    def seconds(self) -> int:
        """Seconds since midnight (local)."""
        return (self.hour * 60 + self.minute) * 60 + self.second

    def key(self) -> tuple:
        """What equality compares: second resolution, as the TCK's value semantics."""
        if self.offset is not None:
            return ("offset", (self.seconds() - self.offset) % SECONDS_PER_DAY)
        return ("zone" if self.zone else "local", self.seconds(), self.zone)

    def __eq__(self, other: object) -> bool:
        return type(other) is Time and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __repr__(self) -> str:
        return f"Time({format_time(self)})"

    def __str__(self) -> str:
        return format_time(self)

    def to_python(self) -> _dt.time:
        """The ``datetime.time`` (microseconds; an offset becomes a fixed tzinfo)."""
        tz = None
        if self.offset is not None:
            tz = _dt.timezone(_dt.timedelta(seconds=self.offset))
        elif self.zone:
            tz = _zone(self.zone)
        return _dt.time(self.hour, self.minute, self.second, self.nanos // 1000, tzinfo=tz)


class DateTime:
    """A date and time, local or with a UTC offset or a zone."""

    __slots__ = ("day", "fold", "hour", "minute", "month", "nanos", "offset", "second", "year",
                 "zone")  # fmt: skip
    feel_type = "date and time"  # read by feel.values.type_name

    def __init__(self, year: int, month: int, day: int, hour: int = 0, minute: int = 0,
                 second: int = 0, nanos: int = 0, offset: int | None = None,
                 zone: str | None = None, fold: int = 0) -> None:  # fmt: skip
        self.year, self.month, self.day = year, month, day
        self.hour, self.minute, self.second, self.nanos = hour, minute, second, nanos
        self.offset, self.zone = offset, zone
        self.fold = fold  # zoned values in a repeated hour: 1 for its second pass

    @property
    def date(self) -> Date:
        """The date part."""
        return Date(self.year, self.month, self.day)

    @property
    def time(self) -> Time:
        """The time part, with this value's offset or zone."""
        return Time(self.hour, self.minute, self.second, self.nanos, self.offset, self.zone)

    def is_local(self) -> bool:
        """True when neither offset nor zone is set."""
        return self.offset is None and self.zone is None

    def local_seconds(self) -> int:
        """Seconds since 1970-01-01T00:00:00 of the local fields."""
        return (days_from_civil(self.year, self.month, self.day) * SECONDS_PER_DAY
                + (self.hour * 60 + self.minute) * 60 + self.second)  # fmt: skip

    def utc_offset(self) -> int:
        """The offset in seconds (from the zone's rules when zoned; 0 when local)."""
        if self.offset is not None:
            return self.offset
        if self.zone:
            return zone_offset_at_local(self.zone, days_from_civil(self.year, self.month,
                                        self.day), (self.hour * 60 + self.minute) * 60 + self.second,
                                        self.fold)  # fmt: skip
        return 0

    def epoch_seconds(self) -> int:
        """Seconds since the epoch of the instant (local values are read as UTC)."""
        return self.local_seconds() - self.utc_offset()

    def key(self) -> tuple:
        """What equality compares: the instant for offset/zone values, else local fields."""
        if self.is_local():
            return ("local", self.local_seconds())
        return ("instant", self.epoch_seconds())

    def __eq__(self, other: object) -> bool:
        return type(other) is DateTime and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __repr__(self) -> str:
        return f"DateTime({format_date_time(self)})"

    def __str__(self) -> str:
        return format_date_time(self)

    def to_python(self) -> _dt.datetime:
        """The ``datetime.datetime`` (years 1 to 9999, microseconds)."""
        tz = None
        if self.zone:
            tz = _zone(self.zone)
        elif self.offset is not None:
            tz = _dt.timezone(_dt.timedelta(seconds=self.offset))
        return _dt.datetime(self.year, self.month, self.day, self.hour, self.minute,
                            self.second, self.nanos // 1000, tzinfo=tz, fold=self.fold)  # fmt: skip

    @classmethod
    def in_zone(cls, epoch_seconds: int, nanos: int, zone: str) -> DateTime:
        """The value in ``zone`` at an instant (a repeated hour's second pass keeps its fold)."""
        offset, fold = _zone_reading(zone, epoch_seconds)
        value = cls.from_local_seconds(epoch_seconds + offset, nanos, None, zone)
        value.fold = fold
        return value

    @classmethod
    def from_local_seconds(cls, seconds: int, nanos: int, offset: int | None,
                           zone: str | None) -> DateTime:  # fmt: skip
        """A value from seconds since the epoch of local fields; a Failure when they fall
        outside the years FEEL supports (a zone's offset can carry an instant past them)."""
        days, rest = divmod(seconds, SECONDS_PER_DAY)
        year, month, day = civil_from_days(days)
        check_year(year)
        return cls(year, month, day, rest // 3600, rest // 60 % 60, rest % 60, nanos, offset, zone)


class DayTimeDuration:
    """A days and time duration: a signed number of nanoseconds."""

    __slots__ = ("nanos",)
    feel_type = "days and time duration"  # read by feel.values.type_name

    def __init__(self, nanos: int) -> None:
        self.nanos = nanos

    def __eq__(self, other: object) -> bool:
        return type(other) is DayTimeDuration and self.nanos == other.nanos

    def __hash__(self) -> int:
        return hash(("dtd", self.nanos))

    def __repr__(self) -> str:
        return f"DayTimeDuration({format_day_time(self)})"

    def __str__(self) -> str:
        return format_day_time(self)

    def to_python(self) -> _dt.timedelta:
        """The ``datetime.timedelta`` (microseconds)."""
        return _dt.timedelta(microseconds=self.nanos // 1000)


class YearMonthDuration:
    """A years and months duration: a signed number of months."""

    __slots__ = ("months",)
    feel_type = "years and months duration"  # read by feel.values.type_name

    def __init__(self, months: int) -> None:
        self.months = months

    def __eq__(self, other: object) -> bool:
        return type(other) is YearMonthDuration and self.months == other.months

    def __hash__(self) -> int:
        return hash(("ymd", self.months))

    def __repr__(self) -> str:
        return f"YearMonthDuration({format_year_month(self)})"

    def __str__(self) -> str:
        return format_year_month(self)

    def to_python(self) -> Any:
        """A ``dateutil.relativedelta`` of the years and months."""
        from dateutil.relativedelta import relativedelta

        sign = -1 if self.months < 0 else 1
        years, months = divmod(abs(self.months), 12)
        return relativedelta(years=sign * years, months=sign * months)


def day_time(nanos: int) -> DayTimeDuration:
    """The days and time duration of ``nanos``; a Failure beyond :data:`MAX_NANOS`."""
    if -MAX_NANOS <= nanos <= MAX_NANOS:
        return DayTimeDuration(nanos)
    raise _too_long()


def year_month(months: int) -> YearMonthDuration:
    """The years and months duration of ``months``; a Failure beyond :data:`MAX_MONTHS`."""
    if -MAX_MONTHS <= months <= MAX_MONTHS:
        return YearMonthDuration(months)
    raise _too_long()


_TYPES: dict[type, str] = {
    kind: kind.feel_type for kind in (Date, Time, DateTime, DayTimeDuration, YearMonthDuration)
}


def type_name(value: Any) -> str | None:
    """The FEEL type name of a temporal value, None for any other value."""
    return _TYPES.get(type(value))


def is_temporal(value: Any) -> bool:
    """True for the temporal classes of this module."""
    return type(value) in _TYPES


def is_instance(value: Any, name: str) -> bool:
    """True when ``value`` is of the temporal type called ``name``."""
    return _TYPES.get(type(value)) == name


# -- formatting


def _year_text(year: int) -> str:
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def format_date(value: Date) -> str:
    """``2023-01-19``."""
    return f"{_year_text(value.year)}-{value.month:02d}-{value.day:02d}"


def _fraction(nanos: int) -> str:
    return "." + f"{nanos:09d}".rstrip("0") if nanos else ""


def _offset_text(offset: int) -> str:
    if offset == 0:
        return "Z"
    sign = "-" if offset < 0 else "+"
    hours, rest = divmod(abs(offset), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return text + (f":{seconds:02d}" if seconds else "")


def _time_text(hour: int, minute: int, second: int, nanos: int, offset: int | None,
               zone: str | None) -> str:  # fmt: skip
    text = f"{hour:02d}:{minute:02d}:{second:02d}{_fraction(nanos)}"
    if zone:
        return f"{text}@{zone}"
    if offset is not None:
        return text + _offset_text(offset)
    return text


def format_time(value: Time) -> str:
    """``14:02:29``, ``14:02:29Z``, ``14:02:29+01:00``, ``14:02:29@Europe/Berlin``."""
    return _time_text(value.hour, value.minute, value.second, value.nanos, value.offset,
                      value.zone)  # fmt: skip


def format_date_time(value: DateTime) -> str:
    """``2023-01-19T14:02:29`` with the time's offset or zone."""
    return (f"{_year_text(value.year)}-{value.month:02d}-{value.day:02d}T"
            + _time_text(value.hour, value.minute, value.second, value.nanos, value.offset,
                         value.zone))  # fmt: skip


def format_day_time(value: DayTimeDuration) -> str:
    """``P1DT12H``, ``-PT5M``, ``PT0S``."""
    nanos = value.nanos
    sign = "-" if nanos < 0 else ""
    seconds, fraction = divmod(abs(nanos), NANOS_PER_SECOND)
    days, rest = divmod(seconds, SECONDS_PER_DAY)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or fraction:
        clock += f"{seconds}{_fraction(fraction)}S"
    if clock:
        text += "T" + clock
    if text == "P":
        return "PT0S"
    return sign + text


def format_year_month(value: YearMonthDuration) -> str:
    """``P2Y1M``, ``-P1Y``, ``P0M``."""
    months = value.months
    sign = "-" if months < 0 else ""
    years, months = divmod(abs(months), 12)
    text = (f"{years}Y" if years else "") + (f"{months}M" if months else "")
    return f"{sign}P{text}" if text else "P0M"


def to_string(value: Any) -> str:
    """The FEEL ``string()`` form of a temporal value."""
    kind = type(value)
    if kind is Date:
        return format_date(value)
    if kind is Time:
        return format_time(value)
    if kind is DateTime:
        return format_date_time(value)
    if kind is DayTimeDuration:
        return format_day_time(value)
    if kind is YearMonthDuration:
        return format_year_month(value)
    return str(value)

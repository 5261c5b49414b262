"""Temporal values: date, time, date and time, and the two kinds of duration.

Python's ``datetime`` stops at year 9999 and at microseconds; FEEL (and the TCK) need years
from -999,999,999 to 999,999,999 and nanoseconds. So these classes keep plain integer
fields and do calendar arithmetic on day numbers (proleptic Gregorian, valid for any
year); the standard library is used only for time-zone rules (``zoneinfo``, with the
``tzdata`` package where the system has no zone database).

| FEEL type                  | class               | fields                                 |
|----------------------------|---------------------|----------------------------------------|
| date                       | :class:`Date`       | year, month, day                       |
| time                       | :class:`Time`       | hour, minute, second, nanos, offset or zone |
| date and time              | :class:`DateTime`   | the fields of both                     |
| days and time duration     | :class:`DayTimeDuration`   | nanos (signed total)            |
| years and months duration  | :class:`YearMonthDuration` | months (signed total)           |

``offset`` is in seconds east of UTC; ``zone`` an IANA name. A value with neither is local.
A duration is at most the span of that calendar (:data:`MAX_MONTHS`, :data:`MAX_NANOS`):
``day_time`` and ``year_month`` build the durations of results and refuse longer ones.

The functions at the bottom are what the operators and built-ins call (``add``,
``subtract``, ``compare``, ``equal``, ``get_property``, ``parse_*``, ``to_string``...).
Each raises :class:`feel.diagnostics.Failure` for operands or text that do not fit.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from feel.diagnostics import Failure, WarningKind

NANOS_PER_SECOND = 1_000_000_000
SECONDS_PER_DAY = 86_400
NANOS_PER_DAY = SECONDS_PER_DAY * NANOS_PER_SECOND
MAX_YEAR = 999_999_999

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


# -- calendar arithmetic on day numbers (days since 1970-01-01), for any year


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The (year, month, day) of a day number."""
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    year = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return year + (month <= 2), month, day


def is_leap(year: int) -> bool:
    """True for leap years of the proleptic Gregorian calendar."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """28 to 31."""
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _invalid(text: str, what: str) -> Failure:
    return Failure(WarningKind.INVALID_VALUE, f"{text!r} is not a valid {what}")


# -- the range of durations

#: The longest durations: the distance from the first to the last instant of the calendar
#: (years -999,999,999 to 999,999,999, with offsets of ±18:00 at both ends), so that the
#: difference of any two dates or date and times is a duration. An operation whose result
#: is longer gives null plus a warning; the bound also keeps every duration's text short
#: (Python refuses ``str()`` of an int of more than 4,300 digits).
MAX_MONTHS = 2 * MAX_YEAR * 12 + 11
MAX_NANOS = NANOS_PER_SECOND * (
    (days_from_civil(MAX_YEAR + 1, 1, 1) - days_from_civil(-MAX_YEAR, 1, 1)) * SECONDS_PER_DAY
    + 36 * 3600
)


def _too_long() -> Failure:
    return Failure(WarningKind.ARITHMETIC, "duration outside the range FEEL supports")


# -- zones


@lru_cache(maxsize=512)
def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except Exception:
        return None


def zone_exists(name: str) -> bool:
    """True when ``name`` is a known IANA time zone."""
    return _zone(name) is not None


def _clamp_year(year: int) -> int:
    return min(max(year, 1), 9999)


def zone_offset_at_local(zone: str, days: int, seconds: int, fold: int = 0) -> int:
    """The UTC offset (seconds) of a local date-time in ``zone`` (gaps resolve forward).

    In the hour that repeats when clocks go back, ``fold`` 0 is the first pass (the earlier
    offset, as Java's ``ZonedDateTime`` reads such a text) and 1 the second.
    """
    info = _zone(zone)
    if info is None:
        return 0
    year, month, day = civil_from_days(days)
    if not 1 <= year <= 9999:
        year = _clamp_year(year)
    local = _dt.datetime(year, month, min(day, days_in_month(year, month)), seconds // 3600,
                         seconds // 60 % 60, seconds % 60, tzinfo=info, fold=fold)  # fmt: skip
    offset = local.utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _zone_reading(zone: str, epoch_seconds: int) -> tuple[int, int]:
    """(offset, fold) of ``zone`` at an instant: fold 1 in the second pass of a repeated hour."""
    info = _zone(zone)
    if info is None:
        return 0, 0
    # within 0001-01-03 and 9999-12-29 (UTC), so the local time in any zone is a datetime
    first, last = -62135596800 + 2 * SECONDS_PER_DAY, 253402300799 - 2 * SECONDS_PER_DAY
    clamped = min(max(epoch_seconds, first), last)
    moment = _dt.datetime.fromtimestamp(clamped, _dt.timezone.utc).astimezone(info)
    offset = moment.utcoffset()
    return (int(offset.total_seconds()) if offset is not None else 0), moment.fold


# -- the value classes


class Date:
    """A calendar date."""

    __slots__ = ("day", "month", "year")

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
        """A value from seconds since the epoch of local fields."""
        days, rest = divmod(seconds, SECONDS_PER_DAY)
        year, month, day = civil_from_days(days)
        return cls(year, month, day, rest // 3600, rest // 60 % 60, rest % 60, nanos, offset, zone)


class DayTimeDuration:
    """A days and time duration: a signed number of nanoseconds."""

    __slots__ = ("nanos",)

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


def is_instance(value: Any, name: str) -> bool:
    """True when ``value`` is of the temporal type called ``name``."""
    return _TYPES.get(type(value)) == name


# -- parsing

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


# -- arithmetic


def _mismatch(verb: str, a: Any, b: Any) -> Failure:
    from feel.values import type_name as feel_type

    return Failure(WarningKind.INVALID_TYPE, f"can't {verb} {feel_type(a)} and {feel_type(b)}")


def _shift_months(year: int, month: int, day: int, months: int) -> tuple[int, int, int]:
    index = year * 12 + (month - 1) + months
    new_year, new_month = divmod(index, 12)
    new_month += 1
    return new_year, new_month, min(day, days_in_month(new_year, new_month))


def _check_year(year: int) -> None:
    if not -MAX_YEAR <= year <= MAX_YEAR:
        raise Failure(WarningKind.ARITHMETIC, "date outside the years FEEL supports")


def _add_months(value: Any, months: int) -> Any:
    year, month, day = _shift_months(value.year, value.month, value.day, months)
    _check_year(year)
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
    _check_year(result.year)
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
            _check_year(civil_from_days(a.days() + days)[0])
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
    from feel.values import DECIMAL

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
        from feel.values import DECIMAL

        if type(a) is DayTimeDuration:
            nanos = _scaled(DECIMAL.multiply, a.nanos, b, decimal.ROUND_HALF_EVEN, MAX_NANOS)
            return DayTimeDuration(nanos)
        if type(a) is YearMonthDuration:
            months = _scaled(DECIMAL.multiply, a.months, b, decimal.ROUND_DOWN, MAX_MONTHS)
            return YearMonthDuration(months)
    raise _mismatch("multiply", a, b)


def divide(a: Any, b: Any) -> Any:
    """Duration divided by a number or by a duration of the same kind."""
    from feel.values import DECIMAL

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
    from feel.values import type_name as feel_type

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
        from feel.values import type_name as feel_type

        raise Failure(WarningKind.NOT_COMPARABLE,
                      f"can't compare {feel_type(a)} with {feel_type(b)}")  # fmt: skip
    x, y = _order_key(a), _order_key(b)
    return -1 if x < y else (1 if x > y else 0)


def equal(a: Any, b: Any) -> bool | None:
    """FEEL equality of two temporal values; null when the kinds differ."""
    if type(a) is not type(b):
        return None
    return a == b


# -- properties


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
    from feel.values import type_name as feel_type

    raise Failure(WarningKind.NO_PROPERTY_FOUND, f"{feel_type(value)} has no property {name!r}")


# -- Python values in


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

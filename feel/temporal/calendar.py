"""The calendar: day numbers (days since 1970-01-01) for any proleptic Gregorian year, and
the range of years and of durations FEEL supports."""

from __future__ import annotations


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

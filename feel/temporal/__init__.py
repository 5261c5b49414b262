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

The functions re-exported here are what the operators and built-ins call (``add``,
``subtract``, ``compare``, ``equal``, ``get_property``, ``parse_*``, ``to_string``...).
Each raises :class:`feel.diagnostics.Failure` for operands or text that do not fit.

| module        | owns                                                                  |
|---------------|-----------------------------------------------------------------------|
| ``calendar``  | day numbers for any year, the range of years and of durations         |
| ``zones``     | time-zone rules (``zoneinfo``) at any year                            |
| ``kinds``     | the five classes, ``day_time``/``year_month``, type names, their text |
| ``parsing``   | values from texts (``@"..."`` literals, ``date("...")``...)           |
| ``arithmetic``| ``+ - * /``, negation, comparison and equality                        |
| ``properties``| ``value.year``, ``value.time offset``...                              |
| ``host``      | values from Python's ``datetime`` and ``relativedelta``               |

Imports run one way: this package imports ``feel.diagnostics`` and ``feel.values``, which
import nothing of it (``feel.values.type_name`` reads each class's ``feel_type``).
"""

from feel.temporal.arithmetic import add, compare, divide, equal, multiply, negate, subtract
from feel.temporal.calendar import (
    _MONTHS,
    _WEEKDAYS,
    MAX_MONTHS,
    MAX_NANOS,
    MAX_YEAR,
    NANOS_PER_DAY,
    NANOS_PER_SECOND,
    SECONDS_PER_DAY,
    civil_from_days,
    days_from_civil,
    days_in_month,
    is_leap,
)
from feel.temporal.host import from_python
from feel.temporal.kinds import (
    Date,
    DateTime,
    DayTimeDuration,
    Time,
    YearMonthDuration,
    day_time,
    format_date,
    format_date_time,
    format_day_time,
    format_time,
    format_year_month,
    is_instance,
    is_temporal,
    to_string,
    type_name,
    year_month,
)
from feel.temporal.parsing import (
    _field,
    parse_date,
    parse_date_time,
    parse_duration,
    parse_literal,
    parse_time,
)
from feel.temporal.properties import get_property
from feel.temporal.zones import zone_exists, zone_offset_at_local

__all__ = [
    "MAX_MONTHS", "MAX_NANOS", "MAX_YEAR", "NANOS_PER_DAY", "NANOS_PER_SECOND", "SECONDS_PER_DAY",
    "Date", "DateTime", "DayTimeDuration", "Time", "YearMonthDuration",
    "add", "civil_from_days", "compare", "day_time", "days_from_civil", "days_in_month",
    "divide", "equal", "format_date", "format_date_time", "format_day_time", "format_time",
    "format_year_month", "from_python", "get_property", "is_instance", "is_leap",
    "is_temporal", "multiply", "negate", "parse_date", "parse_date_time", "parse_duration",
    "parse_literal", "parse_time", "subtract", "to_string", "type_name", "year_month",
    "zone_exists", "zone_offset_at_local",
]  # fmt: skip

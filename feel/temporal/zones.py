"""Time-zone rules from ``zoneinfo`` (with the ``tzdata`` package where the system has no
zone database), read at any year by clamping to the years ``datetime`` knows."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import Any

from feel.temporal.calendar import SECONDS_PER_DAY, civil_from_days, days_in_month


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

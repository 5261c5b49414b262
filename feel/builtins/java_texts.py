"""``date``, ``time``, ``date and time`` and ``duration`` of a text, read as Java reads it:
the overloads the ``java_temporal_texts`` switch of the Camunda dialect puts first (see
:mod:`feel.java_time`). Values that are not texts go to the standard functions."""

from __future__ import annotations

from typing import Any

from feel import java_time
from feel.builtins import checks
from feel.builtins import temporal as standard
from feel.builtins.registry import builtin

_SWITCH = "java_temporal_texts"


@builtin("date", "from", dialect=_SWITCH)
def date_from(from_: Any) -> Any:
    """The date written in ``from`` or the date of a date and time."""
    if type(checks.single(from_)) is str:
        return java_time.parse_date(checks.single(from_))
    return standard.date_from(from_)


@builtin("time", "from", dialect=_SWITCH)
def time_from(from_: Any) -> Any:
    """The time written in ``from`` (``"T23:59:00"``, ``"10:30"``...) or of a value."""
    if type(checks.single(from_)) is str:
        return java_time.parse_time(checks.single(from_))
    return standard.time_from(from_)


@builtin("date and time", "from", dialect=_SWITCH)
def date_and_time_from(from_: Any) -> Any:
    """The date and time written in ``from`` (``"...+02:00[Europe/Berlin]"``...)."""
    if type(checks.single(from_)) is str:
        return java_time.parse_date_time(checks.single(from_))
    return standard.date_and_time_from(from_)


@builtin("duration", "from", dialect=_SWITCH)
def duration(from_: Any) -> Any:
    """The duration written in ``from``, with Java's signed components (``"PT-5M"``)."""
    if type(checks.single(from_)) is str:
        return java_time.parse_duration(checks.single(from_))
    return standard.duration(from_)

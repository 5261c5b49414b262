"""``string()`` as Camunda writes values (the ``camunda_string_format`` switch).

feel-scala's ``string(x)`` is the text of ``x``'s value object, which differs from the
FEEL notation DMN 1.5 asks for in a few visible ways, each kept here:

- contexts are ``{a:1, b:"x"}``: keys bare whatever they hold, no space after the colon;
- strings inside lists and contexts are quoted but not escaped (``["a"b"]``);
- numbers are Java's ``BigDecimal.toString`` (the same rule as Python's ``str(Decimal)``:
  an exponent when the value has one, ``1E+3``);
- a zero duration is ``P0D`` or ``P0Y``; a days and time duration shows whole seconds only
  (``PT1.5S`` is ``PT1S``, as Camunda drops the fraction);
- ranges are ``[1..10]`` with their endpoints written the same way;
- functions are ``function(a, b)``; dates, times and date and times are their ISO texts
  (a year past 9999 with a plus sign, as ``java.time`` writes it).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel import temporal
from feel.builtins.registry import builtin
from feel.values import Function, Range


def _number(value: Decimal) -> str:
    return str(value.copy_abs() if value.is_zero() else value)  # Java has no negative zero


def _day_time(value: temporal.DayTimeDuration) -> str:
    # whole seconds, counted toward zero as java.time.Duration's getters do
    seconds = abs(value.nanos) // temporal.NANOS_PER_SECOND
    if not seconds:
        return "P0D"
    days, rest = divmod(seconds, temporal.SECONDS_PER_DAY)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    text = "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")
    return "-" + text if value.nanos < 0 else text


def _year_month(value: temporal.YearMonthDuration) -> str:
    if not value.months:
        return "P0Y"
    years, months = divmod(abs(value.months), 12)
    text = "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")
    return "-" + text if value.months < 0 else text


def camunda_text(value: Any) -> str:
    """The text Camunda gives ``value`` where it is a part of a list, context or range."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    kind = type(value)
    if kind is Decimal:
        return _number(value)
    if kind is str:
        return f'"{value}"'
    if kind is list or kind is dict:  # without recursion, counted against max_string
        from feel.render import write

        return write(value, camunda_text, str, ", ", ":", what="string()")
    if kind is temporal.DayTimeDuration:
        return _day_time(value)
    if kind is temporal.YearMonthDuration:
        return _year_month(value)
    if temporal.is_temporal(value):
        text = temporal.to_string(value)
        # java.time writes years past 9999 with a plus sign: +10000-01-01
        return "+" + text if getattr(value, "year", 0) > 9999 else text
    if isinstance(value, Range):
        return _range(value)
    if isinstance(value, Function):
        try:
            return f"function({', '.join(value.parameter_names())})"
        except NotImplementedError:
            return "function(...)"
    return str(value)


def _range(value: Range) -> str:
    if value.operator is not None:  # a comparison (< 10): Camunda has no such range value
        from feel.render import render

        return render(value)
    return (("[" if value.start_included else "(") + camunda_text(value.start) + ".."
            + camunda_text(value.end) + ("]" if value.end_included else ")"))  # fmt: skip


@builtin("string", "from", dialect="camunda_string_format", scalar=True)
def string(from_: Any) -> str | None:
    """The text of ``from`` as Camunda writes it; a string stays itself, null stays null."""
    if from_ is None or type(from_) is str:
        return from_
    return camunda_text(from_)

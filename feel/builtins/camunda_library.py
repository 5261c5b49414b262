"""Standard built-ins as feel-scala computes them (the ``camunda_builtins`` switch).

Camunda's engine implements some DMN 1.5 functions with other edge cases; the Camunda
dialect follows it where that is a deliberate, documented or observable behaviour and a
user's expression would give a different result here:

- ``sublist`` and ``insert before`` clamp positions outside the list as Scala's ``slice``,
  ``take`` and ``drop`` do (``sublist([1, 2, 3], 5)`` is ``[]``, ``insert before([1, 3], 9,
  2)`` appends) where DMN 1.5 gives null;
- ``remove`` with a position outside the list gives the list unchanged (feel-scala's
  ``take``/``drop``); position 0, where feel-scala would repeat the list, stays null;
- ``odd``/``even`` of a number with a fraction are false, not null;
- ``context(entries)`` lets a later entry with the same key win, as Camunda documents;
- ``sqrt``, ``log``, ``exp`` and ``stddev`` are computed in binary floating point, as
  feel-scala computes them with ``java.lang.Math`` (``sqrt(2)`` is
  ``1.4142135623730951``); a result that is not finite is null.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from feel.builtins import checks
from feel.builtins.registry import builtin
from feel.values import DECIMAL


def _index(items: list, position: int) -> int:
    """feel-scala's list index: 1-based from the start, or from the end when not positive."""
    return position - 1 if position > 0 else len(items) + position


@builtin("sublist", "list, start position, length?", dialect="camunda")
@builtin("sublist", "list, start, length?", dialect="camunda", named_only=True)
def sublist(list: Any, start_position: Any, length: Any = None) -> list:
    """The items from ``start position`` on (``length`` of them), clamped to the list."""
    items = checks.list_("sublist", "list", list)
    begin = _index(items, checks.whole("sublist", "start position", start_position))
    end = len(items) if length is None else begin + checks.whole("sublist", "length", length)
    begin, end = max(begin, 0), min(end, len(items))
    return items[begin:end] if begin < end else []


@builtin("insert before", "list, position, newItem", dialect="camunda")
def insert_before(list: Any, position: Any, newItem: Any) -> list:
    """``newItem`` inserted before ``position``, which is clamped to the list's ends."""
    items = checks.list_("insert before", "list", list)
    index = min(max(_index(items, checks.whole("insert before", "position", position)), 0),
                len(items))  # fmt: skip
    return [*items[:index], newItem, *items[index:]]


@builtin("remove", "list, position", dialect="camunda")
def remove(list: Any, position: Any) -> list:
    """``list`` without the item at ``position``; unchanged when there is no such item."""
    items = checks.list_("remove", "list", list)
    place = checks.whole("remove", "position", position)
    if place == 0:
        raise checks.invalid("remove", "position 0 is out of range")
    index = _index(items, place)
    if not 0 <= index < len(items):
        return [*items]
    return [*items[:index], *items[index + 1 :]]


def _remainder_by_two(function: str, number: Any) -> Decimal:
    return DECIMAL.remainder(abs(checks.number(function, "number", number)), Decimal(2))


@builtin("odd", "number", dialect="camunda", light=True)
def odd(number: Any) -> bool:
    """True when ``number`` is an odd integer (false for a fraction)."""
    return _remainder_by_two("odd", number) == 1


@builtin("even", "number", dialect="camunda", light=True)
def even(number: Any) -> bool:
    """True when ``number`` is an even integer (false for a fraction)."""
    return _remainder_by_two("even", number) == 0


@builtin("context", "entries", dialect="camunda")
def context(entries: Any) -> dict:
    """A context from ``{key, value}`` contexts; a later entry with the same key wins."""
    result: dict[str, Any] = {}
    for entry in checks.items("context", (entries,)):
        if type(entry) is not dict or "key" not in entry or "value" not in entry:
            raise checks.invalid("context", "each entry needs a key and a value")
        result[checks.string("context", "entries", entry["key"])] = entry["value"]
    return result


def _double(function: str, value: float) -> Decimal:
    """A double as feel-scala makes it a number: its shortest decimal text."""
    if not math.isfinite(value):
        raise checks.invalid(function, "the result is not a finite number")
    return Decimal(repr(value))


def _float(function: str, number: Any) -> float:
    value = float(checks.number(function, "number", number))
    if not math.isfinite(value):
        raise checks.invalid(function, "the number is beyond a double's range")
    return value


@builtin("sqrt", "number", dialect="camunda", light=True)
def sqrt(number: Any) -> Decimal:
    """The square root in double precision; null for a negative number."""
    value = _float("sqrt", number)
    if value < 0:
        raise checks.invalid("sqrt", "negative number")
    return _double("sqrt", math.sqrt(value))


@builtin("log", "number", dialect="camunda", light=True)
def log(number: Any) -> Decimal:
    """The natural logarithm in double precision; null unless ``number`` is positive."""
    value = _float("log", number)
    if value <= 0:
        raise checks.invalid("log", "number must be positive")
    return _double("log", math.log(value))


@builtin("exp", "number", dialect="camunda", light=True)
def exp(number: Any) -> Decimal:
    """e to the power of ``number``, in double precision."""
    try:
        return _double("exp", math.exp(_float("exp", number)))
    except OverflowError:
        raise checks.invalid("exp", "the result is not a finite number") from None


def _stddev(items: list) -> Decimal | None:
    if not items:
        return None
    for item in items:
        if type(item) is not Decimal:
            raise checks.wrong("stddev", "list", item, "a list of numbers")
    numbers = items
    if len(numbers) < 2:  # feel-scala divides by zero: a failure
        raise checks.invalid("stddev", "the standard deviation needs at least two numbers")
    mean = DECIMAL.divide(sum(numbers, Decimal(0)), Decimal(len(numbers)))
    squares = sum((DECIMAL.multiply(x - mean, x - mean) for x in numbers), Decimal(0))
    variance = float(DECIMAL.divide(squares, Decimal(len(numbers) - 1)))
    return _double("stddev", math.sqrt(variance))


@builtin("stddev", "list", dialect="camunda")
def stddev_of_list(list: Any) -> Decimal | None:
    """The sample standard deviation, its square root taken in double precision."""
    return None if list is None else _stddev(checks.items("stddev", (list,)))


@builtin("stddev", "n...", dialect="camunda")
def stddev_of_arguments(*n: Any) -> Decimal | None:
    """The sample standard deviation of the arguments."""
    return _stddev(checks.items("stddev", n))


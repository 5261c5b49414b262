"""Arithmetic, comparison and equality over every kind of FEEL value.

Each function takes FEEL values and returns a FEEL value. A mismatch of kinds raises
:class:`feel.diagnostics.Failure`; the compiled node that called the operator turns it into
null plus a warning with its own source span. null operands give null without a warning
(the null was explained where it arose).

The number fast paths come first: ``type(x) is Decimal`` is the cheapest exact test and,
unlike ``isinstance``, keeps ``bool`` out (``True == 1`` in Python, never in FEEL).
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from feel import temporal
from feel.diagnostics import Failure, WarningKind
from feel.runtime import checkpoint
from feel.values import DECIMAL, Function, Range, type_name

_add = DECIMAL.add
_sub = DECIMAL.subtract
_mul = DECIMAL.multiply
_div = DECIMAL.divide


def _mismatch(verb: str, a: Any, b: Any) -> Failure:
    return Failure(
        WarningKind.INVALID_TYPE,
        f"can't {verb} {type_name(a)} and {type_name(b)}",
    )


def add(a: Any, b: Any) -> Any:
    """``a + b``: numbers, string concatenation, temporal arithmetic."""
    ta = type(a)
    if ta is Decimal and type(b) is Decimal:
        return _arith(_add, a, b)
    if a is None or b is None:
        return None
    if ta is str and type(b) is str:
        return a + b
    if temporal.is_temporal(a) or temporal.is_temporal(b):
        return temporal.add(a, b)
    raise _mismatch("add", a, b)


def subtract(a: Any, b: Any) -> Any:
    """``a - b``: numbers and temporal values."""
    if type(a) is Decimal and type(b) is Decimal:
        return _arith(_sub, a, b)
    if a is None or b is None:
        return None
    if temporal.is_temporal(a) or temporal.is_temporal(b):
        return temporal.subtract(a, b)
    raise _mismatch("subtract", a, b)


def multiply(a: Any, b: Any) -> Any:
    """``a * b``: numbers, and durations by numbers."""
    if type(a) is Decimal and type(b) is Decimal:
        return _arith(_mul, a, b)
    if a is None or b is None:
        return None
    if temporal.is_temporal(a) or temporal.is_temporal(b):
        return temporal.multiply(a, b)
    raise _mismatch("multiply", a, b)


def divide(a: Any, b: Any) -> Any:
    """``a / b``: numbers, durations by numbers or durations; division by zero is null."""
    if type(a) is Decimal and type(b) is Decimal:
        if not b:
            raise Failure(WarningKind.ARITHMETIC, "division by zero")
        return _arith(_div, a, b)
    if a is None or b is None:
        return None
    if temporal.is_temporal(a) or temporal.is_temporal(b):
        return temporal.divide(a, b)
    raise _mismatch("divide", a, b)


def power(a: Any, b: Any) -> Any:
    """``a ** b`` for numbers."""
    if type(a) is Decimal and type(b) is Decimal:
        if b == b.to_integral_value() and abs(b) <= 999_999_999:
            return _arith(DECIMAL.power, a, int(b))
        return _arith(DECIMAL.power, a, b)
    if a is None or b is None:
        return None
    raise _mismatch("exponentiate", a, b)


def negate(a: Any) -> Any:
    """Unary minus."""
    if type(a) is Decimal:
        return DECIMAL.minus(a)
    if a is None:
        return None
    if temporal.is_temporal(a):
        return temporal.negate(a)
    raise Failure(WarningKind.INVALID_TYPE, f"can't negate {type_name(a)}")


def _arith(operation: Any, a: Decimal, b: Any) -> Decimal:
    try:
        result = operation(a, b)
    except (decimal.DivisionByZero, decimal.InvalidOperation, decimal.Overflow) as error:
        raise Failure(WarningKind.ARITHMETIC, f"arithmetic failure: {error.__class__.__name__}") from None
    if not result.is_finite():
        raise Failure(WarningKind.ARITHMETIC, "the result is not a finite number")
    return result


def equal(a: Any, b: Any) -> bool | None:
    """FEEL ``a = b``: deep over lists, contexts and ranges; null when kinds differ."""
    ta, tb = type(a), type(b)
    if ta is Decimal and tb is Decimal:
        return a == b
    if a is None or b is None:
        return a is None and b is None
    if ta is str and tb is str:
        return a == b
    if ta is bool or tb is bool:
        return a is b if ta is tb else None
    if ta is list and tb is list:
        return _all_equal(zip(a, b)) if len(a) == len(b) else False
    if ta is dict and tb is dict:
        if a.keys() != b.keys():
            return False
        return _all_equal((a[k], b[k]) for k in a)
    if ta is Range and tb is Range:
        if (a.start_included, a.end_included, a.operator) != (
            b.start_included, b.end_included, b.operator
        ):
            return False
        return _all_equal(((a.start, b.start), (a.end, b.end)))
    if temporal.is_temporal(a) and temporal.is_temporal(b):
        return temporal.equal(a, b)
    if isinstance(a, Function) and isinstance(b, Function):
        return a is b
    return None


def _all_equal(pairs: Any) -> bool | None:
    result: bool | None = True
    for x, y in pairs:
        checkpoint()
        same = equal(x, y)
        if same is False:
            return False
        if same is None:
            result = None
    return result


def equality(across_kinds: bool, strict_kinds: bool) -> Any:
    """FEEL ``a = b`` with a dialect's departures from :func:`equal` (both False: ``equal``).

    ``across_kinds`` (Camunda's engine): inside lists and contexts two values that can't be
    compared are unequal, so ``[1] = [true]`` and ``{x: 1} = {x: true}`` are false, not
    null. ``strict_kinds`` (Camunda's engine): a local time or date and time and one with
    an offset or zone, two ranges, two functions can't be compared (null), where DMN 1.5
    finds them unequal, or equal when they are the same.
    """
    if not across_kinds and not strict_kinds:
        return equal

    def pairs_equal(pairs: Any) -> bool | None:
        result: bool | None = True
        for x, y in pairs:
            checkpoint()
            same = dialect_equal(x, y)
            if same is False or (same is None and across_kinds):
                return False
            if same is None:
                result = None
        return result

    def dialect_equal(a: Any, b: Any) -> bool | None:
        ta, tb = type(a), type(b)
        if ta is list and tb is list:
            return pairs_equal(zip(a, b)) if len(a) == len(b) else False
        if ta is dict and tb is dict:
            return pairs_equal((a[k], b[k]) for k in a) if a.keys() == b.keys() else False
        if strict_kinds and a is not None and b is not None and not _same_form(a, b):
            return None
        return equal(a, b)

    return dialect_equal


def negation_of(equality: Any) -> Any:
    """FEEL ``!=`` for the ``=`` ``equality`` (:func:`not_equal` for :func:`equal`)."""
    if equality is equal:
        return not_equal

    def unequal(a: Any, b: Any) -> bool | None:
        same = equality(a, b)
        return None if same is None else not same

    return unequal


def _same_form(a: Any, b: Any) -> bool:
    """False for values Camunda's engine can't compare although DMN 1.5 can: ranges,
    functions, and a local temporal value with one that has an offset or a zone."""
    if type(a) is Range or isinstance(a, Function):
        return False
    if type(a) is type(b) and type(a) in (temporal.Time, temporal.DateTime):
        return (a.offset is None and a.zone is None) == (b.offset is None and b.zone is None)
    return True


def not_equal(a: Any, b: Any) -> bool | None:
    """FEEL ``a != b``."""
    same = equal(a, b)
    return None if same is None else not same


def compare(a: Any, b: Any) -> int:
    """-1, 0 or 1 for ordered values of one kind; raises Failure(NOT_COMPARABLE) otherwise."""
    ta = type(a)
    if ta is type(b) and (ta is Decimal or ta is str):
        return -1 if a < b else (1 if a > b else 0)
    if temporal.is_temporal(a) and temporal.is_temporal(b):
        return temporal.compare(a, b)
    raise Failure(
        WarningKind.NOT_COMPARABLE, f"can't compare {type_name(a)} with {type_name(b)}"
    )


def less(a: Any, b: Any) -> bool | None:
    """FEEL ``a < b``."""
    if type(a) is Decimal and type(b) is Decimal:
        return a < b
    if a is None or b is None:
        return None
    return compare(a, b) < 0


def less_equal(a: Any, b: Any) -> bool | None:
    """FEEL ``a <= b``."""
    if type(a) is Decimal and type(b) is Decimal:
        return a <= b
    if a is None or b is None:
        return None
    return compare(a, b) <= 0


def greater(a: Any, b: Any) -> bool | None:
    """FEEL ``a > b``."""
    if type(a) is Decimal and type(b) is Decimal:
        return a > b
    if a is None or b is None:
        return None
    return compare(a, b) > 0


def greater_equal(a: Any, b: Any) -> bool | None:
    """FEEL ``a >= b``."""
    if type(a) is Decimal and type(b) is Decimal:
        return a >= b
    if a is None or b is None:
        return None
    return compare(a, b) >= 0


def in_range(value: Any, interval: Range) -> bool | None:
    """True when ``value`` lies in ``interval``; null when it can't be compared."""
    if value is None:
        return None
    start, end = interval.start, interval.end
    if interval.operator is None:
        if start is None or end is None:
            return None
    elif interval.operator == "!=":
        same = equal(value, start)
        return None if same is None else not same
    if start is not None:
        order = compare(value, start)
        if order < 0 or (order == 0 and not interval.start_included):
            return False
    if end is not None:
        order = compare(value, end)
        if order > 0 or (order == 0 and not interval.end_included):
            return False
    return True

"""Does an actual result match a TCK expected value?

The rules, strictest reading of the TCK:

- numbers: numerically equal (``1.0`` matches ``1``), exactly, or when a ``tolerance`` is
  given, closer than it (the TCK's reference runner accepts ``|expected - actual| < 1e-8``);
- strings exactly, booleans by identity (``True`` never matches the number 1);
- temporal values: the same FEEL kind, FEEL-equal (:func:`feel.operators.equal`) and the
  same text (so an offset never matches a zone id, and fractions of seconds count);
- lists item by item, contexts with the same key set and matching values;
- null matches only null.

:func:`mismatch` returns None when the values match, else a short reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel import operators, temporal
from feel.values import DECIMAL, type_name

_MAX_TEXT = 160


def show(value: Any) -> str:
    """A short FEEL rendering of a value for failure details."""
    try:
        from feel.render import render

        text = render(value)
    except Exception:
        text = repr(value)
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 3] + "..."


def _kind(value: Any) -> str:
    try:
        return type_name(value)
    except Exception:
        return type(value).__name__


def _differ(expected: Any, actual: Any, path: str, tolerance: Decimal | None) -> str | None:
    where = f" at {path}" if path else ""
    if expected is None:
        return None if actual is None else f"expected null{where}, found {show(actual)}"
    if type(expected) is Decimal:
        if type(actual) is not Decimal:
            return f"expected {show(expected)}{where}, found {show(actual)}"
        if not tolerance:
            same = expected == actual
        else:
            same = DECIMAL.abs(DECIMAL.subtract(expected, actual)) < tolerance
        return None if same else f"expected {show(expected)}{where}, found {show(actual)}"
    if type(expected) is str or type(expected) is bool:
        if type(actual) is type(expected) and actual == expected:
            return None
        return f"expected {show(expected)}{where}, found {show(actual)}"
    if type(expected) is list:
        if type(actual) is not list:
            return f"expected a list{where}, found {show(actual)}"
        if len(actual) != len(expected):
            return (
                f"expected {len(expected)} items{where}, found {len(actual)}: "
                f"expected {show(expected)}, found {show(actual)}"
            )
        for index, (x, y) in enumerate(zip(expected, actual)):
            reason = _differ(x, y, f"{path}[{index + 1}]", tolerance)
            if reason:
                return reason
        return None
    if type(expected) is dict:
        if type(actual) is not dict:
            return f"expected a context{where}, found {show(actual)}"
        if actual.keys() != expected.keys():
            missing = [k for k in expected if k not in actual]
            extra = [k for k in actual if k not in expected]
            return f"context keys differ{where}: missing {missing}, unexpected {extra}"
        for key, x in expected.items():
            reason = _differ(x, actual[key], f"{path}.{key}" if path else key, tolerance)
            if reason:
                return reason
        return None
    if temporal.is_temporal(expected):
        if (
            _kind(actual) == _kind(expected)
            and operators.equal(expected, actual) is True
            and temporal.to_string(expected) == temporal.to_string(actual)
        ):
            return None
        return f"expected {show(expected)}{where}, found {show(actual)}"
    return f"unsupported expected value {expected!r}{where}"


def mismatch(expected: Any, actual: Any, tolerance: Decimal | None = None) -> str | None:
    """None when ``actual`` matches ``expected``, else why not (``expected X, found Y``)."""
    try:
        return _differ(expected, actual, "", tolerance)
    except Exception as error:
        return f"comparison failed: {type(error).__name__}: {error}"

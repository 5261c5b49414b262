"""Argument guards shared by the built-ins: each returns the value or raises a Failure
that names the parameter, which the call site turns into null plus a warning."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel.diagnostics import Failure, WarningKind
from feel.runtime import charge
from feel.values import Function, type_name


def single(value: Any) -> Any:
    """The item of a list of one ("from singleton list", DMN 1.5 10.3.2.9.4), else ``value``."""
    return value[0] if type(value) is list and len(value) == 1 else value


def wrong(function: str, parameter: str, value: Any, expected: str) -> Failure:
    """The Failure for an argument of the wrong kind."""
    return Failure(
        WarningKind.INVALID_ARGUMENTS,
        f"{function}: parameter {parameter!r} must be {expected}, not {type_name(value)}",
    )


def number(function: str, parameter: str, value: Any) -> Decimal:
    """``value`` when it is a number."""
    value = single(value)
    if type(value) is not Decimal:
        raise wrong(function, parameter, value, "a number")
    return value


def integer(function: str, parameter: str, value: Any) -> int:
    """``value`` as an int when it is a whole number."""
    value = single(value)
    if type(value) is not Decimal or value != value.to_integral_value():
        raise wrong(function, parameter, value, "an integer")
    if value.adjusted() > 18:
        raise invalid(function, f"{parameter} is out of range")
    return int(value)


def whole(function: str, parameter: str, value: Any) -> int:
    """A number truncated toward zero to an int (positions, lengths and scales)."""
    checked = number(function, parameter, value)
    if checked.adjusted() > 18:
        raise invalid(function, f"{parameter} is out of range")
    return int(checked)


def string(function: str, parameter: str, value: Any) -> str:
    """``value`` when it is a string."""
    value = single(value)
    if type(value) is not str:
        raise wrong(function, parameter, value, "a string")
    return value


def boolean(function: str, parameter: str, value: Any) -> bool:
    """``value`` when it is a boolean."""
    value = single(value)
    if type(value) is not bool:
        raise wrong(function, parameter, value, "a boolean")
    return value


def list_(function: str, parameter: str, value: Any) -> list:
    """``value`` when it is a list; any other non-null value as a singleton list (DMN 1.5,
    10.3.2.9.4 "to singleton list"). Charges one step per item: the built-ins that take a
    list visit or copy its items (:func:`feel.runtime.charge`)."""
    if type(value) is not list:
        if value is None:
            raise wrong(function, parameter, value, "a list")
        return [value]
    charge(len(value))
    return value


def list_unvisited(function: str, parameter: str, value: Any) -> list:
    """:func:`list_` for built-ins that do not visit the items (``count``, ``is empty``):
    no steps charged."""
    if type(value) is not list:
        if value is None:
            raise wrong(function, parameter, value, "a list")
        return [value]
    return value


def context(function: str, parameter: str, value: Any) -> dict:
    """``value`` when it is a context."""
    value = single(value)
    if type(value) is not dict:
        raise wrong(function, parameter, value, "a context")
    return value


def function_(function: str, parameter: str, value: Any) -> Function:
    """``value`` when it is a function."""
    if not isinstance(value, Function):
        raise wrong(function, parameter, value, "a function")
    return value


def items(function: str, args: tuple) -> list:
    """The items of a list-or-varargs built-in: ``f([a, b])`` or ``f(a, b)``; charges one
    step per item (the built-in visits them)."""
    if len(args) == 1:
        if type(args[0]) is list:
            charge(len(args[0]))
            return args[0]
        return [args[0]]
    return list(args)


def invalid(function: str, message: str) -> Failure:
    """A Failure of kind INVALID_ARGUMENTS for ``function``."""
    return Failure(WarningKind.INVALID_ARGUMENTS, f"{function}: {message}")

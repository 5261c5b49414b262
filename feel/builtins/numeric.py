"""Numeric functions (DMN 1.5, 10.3.4.5), computed with Decimal to 34 digits."""

from __future__ import annotations

import decimal
from decimal import Decimal

from feel import temporal
from feel.builtins import checks
from feel.builtins.registry import builtin
from feel.diagnostics import Failure, WarningKind
from feel.values import DECIMAL

_SCALE_LIMITS = (-6111, 6176)
_ABSENT = object()  # an omitted argument, unlike an explicit null


def _scale(function: str, value: object) -> int:
    scale = checks.whole(function, "scale", value)
    if not _SCALE_LIMITS[0] <= scale <= _SCALE_LIMITS[1]:
        raise checks.invalid(function, "scale out of range")
    return scale


def _round(n: Decimal, scale: int, rounding: str) -> Decimal:
    try:
        result = n.quantize(Decimal(1).scaleb(-scale), rounding=rounding, context=_WIDE)
    except decimal.InvalidOperation:
        raise Failure(WarningKind.ARITHMETIC, "the result has too many digits") from None
    return DECIMAL.plus(result) if len(result.as_tuple().digits) > 34 else result


_WIDE = decimal.Context(prec=10_000, Emax=999_999, Emin=-999_999)


def _rounding(name: str, mode: str, default_scale: bool = False) -> None:
    if default_scale:

        @builtin(name, "n, scale?", light=True)
        def round_with_default(n: object, scale: object = _ABSENT) -> Decimal | None:
            number = checks.number(name, "n", n)
            return _round(number, 0 if scale is _ABSENT else _scale(name, scale), mode)

    else:

        @builtin(name, "n, scale", light=True)
        def round_to_scale(n: object, scale: object) -> Decimal | None:
            return _round(checks.number(name, "n", n), _scale(name, scale), mode)


_rounding("decimal", decimal.ROUND_HALF_EVEN)
_rounding("floor", decimal.ROUND_FLOOR, default_scale=True)
_rounding("ceiling", decimal.ROUND_CEILING, default_scale=True)
_rounding("round up", decimal.ROUND_UP)
_rounding("round down", decimal.ROUND_DOWN)
_rounding("round half up", decimal.ROUND_HALF_UP)
_rounding("round half down", decimal.ROUND_HALF_DOWN)


@builtin("abs", "n", light=True)
def abs_(n: object) -> object:
    """Absolute value of a number or a duration."""
    if type(n) is Decimal:
        return DECIMAL.abs(n)
    if type(n) is temporal.DayTimeDuration:
        return temporal.DayTimeDuration(abs(n.nanos))
    if type(n) is temporal.YearMonthDuration:
        return temporal.YearMonthDuration(abs(n.months))
    raise checks.wrong("abs", "n", n, "a number or a duration")


@builtin("modulo", "dividend, divisor", light=True)
def modulo(dividend: object, divisor: object) -> Decimal:
    """``dividend - divisor * floor(dividend / divisor)``: the sign of the divisor."""
    a = checks.number("modulo", "dividend", dividend)
    b = checks.number("modulo", "divisor", divisor)
    if not b:
        raise Failure(WarningKind.ARITHMETIC, "modulo: division by zero")
    quotient = DECIMAL.divide(a, b).to_integral_value(rounding=decimal.ROUND_FLOOR)
    return DECIMAL.subtract(a, DECIMAL.multiply(b, quotient))


@builtin("sqrt", "number", light=True)
def sqrt(number: object) -> Decimal:
    """Square root; null for negative numbers."""
    value = checks.number("sqrt", "number", number)
    if value < 0:
        raise checks.invalid("sqrt", "negative number")
    return DECIMAL.sqrt(value)


@builtin("log", "number", light=True)
def log(number: object) -> Decimal:
    """Natural logarithm; null for numbers that are not positive."""
    value = checks.number("log", "number", number)
    if value <= 0:
        raise checks.invalid("log", "number must be positive")
    return DECIMAL.ln(value)


@builtin("exp", "number", light=True)
def exp(number: object) -> Decimal:
    """e to the power of ``number``."""
    try:
        return DECIMAL.exp(checks.number("exp", "number", number))
    except decimal.Overflow:
        raise Failure(WarningKind.ARITHMETIC, "exp: overflow") from None


def _parity(function: str, number: object) -> int:
    value = checks.number(function, "number", number)
    if value != value.to_integral_value():
        raise checks.invalid(function, "number must be an integer")
    return int(value) % 2


@builtin("odd", "number", light=True)
def odd(number: object) -> bool:
    """True for odd integers."""
    return _parity("odd", number) == 1


@builtin("even", "number", light=True)
def even(number: object) -> bool:
    """True for even integers."""
    return _parity("even", number) == 0

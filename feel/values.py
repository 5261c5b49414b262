"""The FEEL value model, beyond what Python already has.

| FEEL                      | Python                                        |
|---------------------------|-----------------------------------------------|
| null                      | ``None``                                      |
| number                    | ``decimal.Decimal`` (34 digits, HALF_EVEN)    |
| string                    | ``str``                                       |
| boolean                   | ``bool``                                      |
| list                      | ``list``                                      |
| context                   | ``dict`` with ``str`` keys, insertion order   |
| range                     | :class:`Range`                                |
| function                  | :class:`Function` (built-in or user-defined)  |
| date, time, date and time, durations | classes of :mod:`feel.temporal`    |

Decimal context: :data:`DECIMAL` is the one context all arithmetic uses explicitly, so
the caller's thread-local decimal context is never read nor written.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

#: The decimal context of FEEL arithmetic: 34 significant digits, round half even
#: (IEEE 754 decimal128, as the DMN spec requires).
DECIMAL = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=6144,
    Emin=-6143,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def finite_number(value: Decimal) -> Decimal | None:
    """``value`` rounded to FEEL's 34 digits, or None when it is not finite or out of range."""
    if not value.is_finite():
        return None
    try:
        rounded = DECIMAL.plus(value)
    except (decimal.Overflow, decimal.InvalidOperation):
        return None
    return rounded if rounded.is_finite() else None


@dataclass(frozen=True, slots=True)
class Range:
    """A FEEL range: ``start``, ``end``, ``start_included``, ``end_included``.

    ``[1..10)`` is ``Range(1, 10, True, False)``. A range written as a unary comparison
    (DMN 1.5) records its ``operator``: ``< 10`` is ``Range(None, 10, False, False, "<")``,
    where the missing endpoint means unbounded; ``(=10)`` and ``(!=10)`` likewise. Such a
    range is not equal to an interval with the same endpoints (``(< 10) = (null..10)`` is
    false, TCK 0068), and in an interval a null endpoint is just null.
    """

    start: Any
    end: Any
    start_included: bool
    end_included: bool
    operator: str | None = None


class Function:
    """A FEEL function value: built-in, user-defined (``function(a) ...``) or from Python.

    ``invoke(state, args, named)`` takes positional ``args`` (a list) or ``named``
    arguments (a dict of FEEL parameter names), never both, and returns a FEEL value.
    It raises :class:`feel.diagnostics.Failure` when the arguments do not fit, which the
    caller turns into null plus a warning.
    """

    __slots__ = ()
    name: str = "anonymous function"

    def parameter_names(self) -> tuple[str, ...]:
        """The FEEL names of the parameters (of the first signature for overloaded built-ins)."""
        raise NotImplementedError

    def invoke(self, state: Any, args: list | None, named: dict | None = None) -> Any:
        """Call the function with positional ``args`` or ``named`` arguments."""
        raise NotImplementedError


def type_name(value: Any) -> str:
    """The FEEL type name of a value, as ``instance of`` and error messages spell it."""
    if value is None:
        return "Null"
    if value is True or value is False:
        return "boolean"
    if type(value) is Decimal:
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "context"
    if isinstance(value, Range):
        return "range"
    if isinstance(value, Function):
        return "function"
    # the temporal classes name themselves, so this module imports nothing of feel.temporal
    name = type(value).__dict__.get("feel_type")
    return name if type(name) is str else type(value).__name__

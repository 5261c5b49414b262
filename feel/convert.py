"""Python values in and out of FEEL.

In (variables, results of Python functions):

| Python                                   | FEEL                                   |
|------------------------------------------|----------------------------------------|
| ``None``                                 | null                                   |
| ``bool``                                 | boolean                                |
| ``int``, ``Decimal``                     | number (``Decimal``)                   |
| ``float``                                | number, from its shortest repr (0.1 stays 0.1); nan/inf become null |
| ``str``                                  | string                                 |
| ``list``, ``tuple``                      | list                                   |
| ``dict`` (keys made ``str``)             | context                                |
| ``datetime.date/datetime/time/timedelta``, ``relativedelta`` | temporal values (feel.temporal) |
| callables                                | functions                              |

Out, results are FEEL values: ``Decimal``, ``str``, ``bool``, ``None``, ``list``, ``dict``,
:class:`feel.values.Range`, :class:`feel.values.Function` and the classes of
:mod:`feel.temporal` (each has ``to_python()`` for the standard-library equivalent).
:func:`to_python` converts a whole result to plain Python values.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from feel import temporal
from feel.errors import FeelError
from feel.values import Function, Range, finite_number

_SCALARS = frozenset([str, bool, type(None), Decimal])
#: Decimals whose adjusted exponent is inside +-EXPONENT_LIMIT are FEEL numbers as they are.
EXPONENT_LIMIT = 6000


def is_feel(value: Any) -> bool:
    """True when ``value`` already is a FEEL value all the way down (nothing to convert)."""
    kind = type(value)
    if kind is Decimal:
        return value.is_finite() and -EXPONENT_LIMIT < value.adjusted() < EXPONENT_LIMIT
    if kind in _SCALARS:
        return True
    if kind is dict:
        return _feel_dict(value)
    if kind is list:
        return _feel_list(value)
    return isinstance(value, (Range, Function)) or temporal.is_temporal(value)


# The two loops below run over every value passed in, at every evaluation: they test the
# common kinds inline (a call per item would double their time: 100 numbers take 4 µs).


def _feel_dict(value: dict) -> bool:
    for key, item in value.items():
        if type(key) is not str:
            return False
        kind = type(item)
        if kind is Decimal:
            if not (item.is_finite() and -EXPONENT_LIMIT < item.adjusted() < EXPONENT_LIMIT):
                return False
        elif kind is str or kind is bool or item is None:
            continue
        elif kind is dict:
            if not _feel_dict(item):
                return False
        elif kind is list:
            if not _feel_list(item):
                return False
        elif not is_feel(item):
            return False
    return True


def _feel_list(value: list) -> bool:
    for item in value:
        kind = type(item)
        if kind is Decimal:
            if not (item.is_finite() and -EXPONENT_LIMIT < item.adjusted() < EXPONENT_LIMIT):
                return False
        elif kind is str or kind is bool or item is None:
            continue
        elif kind is dict:
            if not _feel_dict(item):
                return False
        elif kind is list:
            if not _feel_list(item):
                return False
        elif not is_feel(item):
            return False
    return True


def to_feel(value: Any) -> Any:
    """The FEEL value of a Python value; the input is never modified.

    Values that already are FEEL values all the way down are returned as they are
    (checking is about three times cheaper than rebuilding).
    """
    kind = type(value)
    if (kind is dict and _feel_dict(value)) or (kind is list and _feel_list(value)):
        return value
    return _converted(value)


def _converted(value: Any) -> Any:
    """:func:`to_feel` without checking first (only at the top: checking each level again
    made a structure nested 3000 deep take 4.5 million checks)."""
    kind = type(value)
    if kind is Decimal:
        return value if value.is_finite() and -EXPONENT_LIMIT < value.adjusted() < EXPONENT_LIMIT else (
            finite_number(value))  # fmt: skip
    if kind is str or value is None or kind is bool:
        return value
    if kind is int:
        return Decimal(value)
    if kind is float:
        if math.isnan(value) or math.isinf(value):
            return None
        return Decimal(repr(value))
    if kind is list or kind is tuple:
        converted = [_converted(item) for item in value]
        if kind is list and all(a is b for a, b in zip(converted, value)):
            return value
        return converted
    if kind is dict:
        changed = False
        converted_dict = {}
        for key, item in value.items():
            new = _converted(item)
            if new is not item or type(key) is not str:
                changed = True
            converted_dict[str(key)] = new
        return converted_dict if changed else value
    if isinstance(value, (Range, Function)) or temporal.is_temporal(value):
        return value
    if isinstance(value, int):  # int subclasses such as IntEnum
        return Decimal(int(value))
    if isinstance(value, Decimal):  # a subclass: the plain Decimal of the same value
        return _converted(Decimal(value))
    if isinstance(value, dict):
        return {str(key): _converted(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_converted(item) for item in value]
    special = temporal.from_python(value)
    if special is not None:
        return special
    if callable(value):
        from feel.functions import PythonFunction

        return PythonFunction(getattr(value, "__name__", "function"), value)
    return None


def variables_in(variables: Any) -> dict[str, Any]:
    """The scope dict for ``variables`` (a mapping of names to Python values).

    Structures nested too deeply (or containing themselves) are refused with a FeelError.
    """
    try:
        if type(variables) is dict and _feel_dict(variables):
            return variables  # never written to: scopes of their own hold what FEEL binds
        if not variables:
            return {}
        converted = to_feel(dict(variables))
    except RecursionError:
        raise FeelError("the variables are nested too deeply (or contain themselves)") from None
    except (TypeError, ValueError) as error:
        raise FeelError(f"the variables are not a mapping of names to values: {error}") from None
    return converted if isinstance(converted, dict) else {}


def to_python(value: Any) -> Any:
    """Plain Python values for a FEEL result: whole numbers as ``int`` (up to 4300 digits;
    larger or non-finite numbers stay ``Decimal``), others ``Decimal``, temporal values as
    their ``to_python()`` when they have one."""
    try:
        return _to_python(value)
    except RecursionError:
        raise FeelError("the value is nested too deeply (or contains itself)") from None


#: Whole numbers with fewer digits than this become ``int`` (Python's own default limit on
#: int <-> str conversion); larger ones, out of FEEL's range anyway, stay ``Decimal``, so
#: that ``to_python(Decimal("1E+9999999"))`` does not build a 10-million-digit int.
_INT_DIGITS = 4300


def _to_python(value: Any) -> Any:
    if type(value) is Decimal:
        return _whole(value)
    if isinstance(value, list):
        return [_to_python(item) for item in value]
    if isinstance(value, dict):
        return {key: _to_python(item) for key, item in value.items()}
    if temporal.is_temporal(value) and hasattr(value, "to_python"):
        try:
            return value.to_python()
        except Exception:
            return value
    return value


def _whole(number: Decimal) -> Any:
    """``number`` as an ``int`` when it is whole and has fewer than 4300 digits, else as it is
    (NaN, infinities and out-of-range numbers included: never an exception)."""
    if number.is_finite() and number.adjusted() < _INT_DIGITS:
        if number == number.to_integral_value():
            try:
                return int(number)
            except ValueError:  # a lower sys.set_int_max_str_digits() of the host
                pass
    return number

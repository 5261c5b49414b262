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

import inspect
import math
from collections.abc import Callable
from itertools import repeat
from decimal import Decimal
from typing import Any

from feel import temporal
from feel.diagnostics import Failure, WarningKind
from feel.errors import BudgetExceeded, FeelError
from feel.values import DECIMAL, Function, Range, finite_number

_SCALARS = frozenset([str, bool, type(None), Decimal])
#: Decimals whose adjusted exponent is inside +-EXPONENT_LIMIT and that have at most 34
#: digits are FEEL numbers as they are; others are rounded to 34 digits (DMN 1.5: IEEE 754
#: decimal128) or, out of range, null. Testing the digits (``DECIMAL.plus(x) == x``) makes
#: checking a list of 100 Decimals take about 20 µs instead of 7 on this loaded machine;
#: ``as_tuple()`` would cost four times as much.
EXPONENT_LIMIT = 6000
_plus = DECIMAL.plus
#: Ints above this (34 digits) are rounded when converted; below, converted exactly.
DIGITS_LIMIT = 10**34


def is_feel_number(value: Decimal) -> bool:
    """True when the Decimal ``value`` is a FEEL number as it is: finite, inside FEEL's
    exponent range, at most 34 digits. (The quick walks below inline this test, and the
    fast path writes it into its code: :func:`feel.fastpath.kinds.in_range`.)"""
    return (value.is_finite() and -EXPONENT_LIMIT < value.adjusted() < EXPONENT_LIMIT
            and _plus(value) == value)  # fmt: skip


def is_feel(value: Any) -> bool:
    """True when ``value`` already is a FEEL value all the way down (nothing to convert)."""
    kind = type(value)
    if kind is Decimal:
        return is_feel_number(value)
    if kind in _SCALARS:
        return True
    if kind is dict or kind is list:
        return _all_feel(value)
    return isinstance(value, (Range, Function)) or temporal.is_temporal(value)


#: How many containers the quick check walks before the walk that remembers them takes over.
_QUICK_WALK = 4096


class _TooMany(Exception):
    """The quick check met more than :data:`_QUICK_WALK` containers."""


def _all_feel(root: dict | list) -> bool:
    """True when the dict or list ``root`` is a FEEL value all the way down.

    It runs over every value passed in, at every evaluation: the quick check (two
    recursive loops that test the common kinds inline; a call per item would double their
    time: 100 numbers take 4 µs) decides most values. Data nested deeper than Python's
    stack, or with more than :data:`_QUICK_WALK` containers (data that shares
    sub-structure can have millions of paths through a few objects, or contain itself),
    is checked again by :func:`_all_feel_remembering`.
    """
    try:
        return bool(_quick_dict(root) if type(root) is dict else _quick_list(root))
    except (RecursionError, _TooMany):
        return _all_feel_remembering(root)


# The quick check: the number of containers walked (at least 1), or 0 for "not FEEL".


def _quick_dict(value: dict) -> int:
    walked = 1
    for key, item in value.items():
        if type(key) is not str:
            return 0
        kind = type(item)
        if kind is Decimal:
            if not (item.is_finite() and -EXPONENT_LIMIT < item.adjusted() < EXPONENT_LIMIT
                    and _plus(item) == item):  # is_feel_number, inlined: the walk's hot loop
                return 0
        elif kind is str or kind is bool or item is None:
            continue
        elif kind is dict or kind is list:
            inner = _quick_dict(item) if kind is dict else _quick_list(item)
            if not inner:
                return 0
            walked += inner
            if walked > _QUICK_WALK:
                raise _TooMany
        elif not is_feel(item):
            return 0
    return walked


def _quick_list(value: list) -> int:
    walked = 1
    for item in value:
        kind = type(item)
        if kind is Decimal:
            if not (item.is_finite() and -EXPONENT_LIMIT < item.adjusted() < EXPONENT_LIMIT
                    and _plus(item) == item):  # is_feel_number, inlined: the walk's hot loop
                return 0
        elif kind is str or kind is bool or item is None:
            continue
        elif kind is dict or kind is list:
            inner = _quick_dict(item) if kind is dict else _quick_list(item)
            if not inner:
                return 0
            walked += inner
            if walked > _QUICK_WALK:
                raise _TooMany
        elif not is_feel(item):
            return 0
    return walked


def _all_feel_remembering(root: dict | list) -> bool:
    """:func:`_all_feel` for deep or shared data: a walk with a list of pending containers
    (any depth) that walks each container once (linear in the distinct objects) and, when
    one was met twice, settles whether the data contains itself (no FEEL value does)."""
    pending: list[Any] = [root]
    seen = {id(root)}
    shared = False
    while pending:
        container = pending.pop()
        if type(container) is dict:
            if any(type(key) is not str for key in container):
                return False
            container = container.values()
        for item in container:
            kind = type(item)
            if kind is dict or kind is list:
                if id(item) in seen:
                    shared = True
                else:
                    seen.add(id(item))
                    pending.append(item)
            elif not is_feel(item):
                return False
    if shared:
        _refuse_if_contains_itself(root)
    return True


def _children(value: Any) -> Any:
    """The items of a container of host data (lists, tuples, mappings), else nothing."""
    if isinstance(value, dict):
        return value.values()
    if isinstance(value, (list, tuple)):
        return value
    return ()


def _contains_itself(root: Any) -> bool:
    """Whether host data ``root`` contains itself (a walk without recursion, linear in the
    number of distinct containers)."""
    on_path, done = {id(root)}, set()
    stack = [(root, iter(_children(root)))]
    while stack:
        container, items = stack[-1]
        for item in items:
            if isinstance(item, (dict, list, tuple)):
                key = id(item)
                if key in on_path:
                    return True
                if key not in done:
                    on_path.add(key)
                    stack.append((item, iter(_children(item))))
                    break
        else:
            stack.pop()
            on_path.discard(id(container))
            done.add(id(container))
    return False


def _refuse_if_contains_itself(value: Any) -> None:
    if _contains_itself(value):
        raise FeelError("the value contains itself, which no FEEL value can")


def to_feel(value: Any) -> Any:
    """The FEEL value of a Python value; the input is never modified.

    Values that already are FEEL values all the way down are returned as they are
    (checking is about three times cheaper than rebuilding). Data that contains itself is
    refused with a :class:`FeelError`, data nested deeper than Python's stack allows with a
    :class:`BudgetExceeded` for the depth budget, and host objects that fail while they
    are read (a mapping whose iteration raises, a key whose ``str`` raises) with a
    :class:`FeelError` that says what failed.
    """
    try:
        kind = type(value)
        if (kind is dict or kind is list) and _all_feel(value):
            return value
        return _converted(value, {})
    except FeelError:
        raise
    except RecursionError:
        _refuse_if_contains_itself(value)
        raise BudgetExceeded("depth", "the value is nested too deeply to convert") from None
    except Exception as error:
        raise FeelError(f"the value could not be read: {error.__class__.__name__}: {error}"
                        ) from None  # fmt: skip


def _converted(value: Any, done: dict[int, Any] | None = None) -> Any:
    """:func:`to_feel` without checking first (only at the top: checking each level again
    made a structure nested 3000 deep take 4.5 million checks). ``done`` maps the ids of
    containers converted so far to their FEEL values, so that shared sub-structure is
    converted once (and stays shared); a container met again while it is being converted
    contains itself and is refused."""
    kind = type(value)
    if kind is Decimal:  # as it is when it is a FEEL number (-0 stays -0)
        return value if is_feel_number(value) else finite_number(value)  # rounded, or null
    if kind is str or value is None or kind is bool:
        return value
    if kind is int:
        return Decimal(value) if -DIGITS_LIMIT < value < DIGITS_LIMIT else finite_number(Decimal(value))
    if kind is float:
        if math.isnan(value) or math.isinf(value):
            return None
        return Decimal(repr(value))
    if isinstance(value, (list, tuple, dict)):
        if done is None:
            done = {}
        key = id(value)
        known = _known(done, key)
        if known is not _NOT_YET:
            return known
        done[key] = _CONVERTING
        # loops written here, not comprehensions nor a helper: either would be one more
        # Python frame per level of nesting, and halve the depth converted
        if isinstance(value, dict):
            changed = type(value) is not dict
            result: Any = {}
            for name, item in value.items():
                new = _converted(item, done)
                if new is not item or type(name) is not str:
                    changed = True
                result[str(name)] = new
        else:
            changed = type(value) is not list
            result = []
            for item in value:
                new = _converted(item, done)
                if new is not item:
                    changed = True
                result.append(new)
        result = result if changed else value
        done[key] = result
        return result
    if isinstance(value, (Range, Function)) or temporal.is_temporal(value):
        return value
    if isinstance(value, int):  # int subclasses such as IntEnum
        return Decimal(int(value))
    if isinstance(value, Decimal):  # a subclass: the plain Decimal of the same value
        return _converted(Decimal(value))
    special = temporal.from_python(value)
    if special is not None:
        return special
    if callable(value):
        return PythonFunction(getattr(value, "__name__", "function"), value)
    return None


#: Marks a container whose conversion is under way (met again, it contains itself).
_CONVERTING: Any = object()
#: Marks a container not converted yet.
_NOT_YET: Any = object()


def _known(done: dict[int, Any], key: int) -> Any:
    """The conversion already made of the container with id ``key``, else :data:`_NOT_YET`;
    a container met again while it is being converted contains itself and is refused."""
    known = done.get(key, _NOT_YET)
    if known is _CONVERTING:
        raise FeelError("the value contains itself, which no FEEL value can")
    return known


def variables_in(variables: Any) -> dict[str, Any]:
    """The scope dict for ``variables`` (a mapping of names to Python values).

    Structures that contain themselves, are nested too deeply or fail while they are read
    are refused with a FeelError (see :func:`to_feel`).
    """
    try:
        if type(variables) is dict and _all_feel(variables):
            return variables  # never written to: scopes of their own hold what FEEL binds
        if not variables:
            return {}
        mapping = dict(variables)
    except FeelError:
        raise
    except Exception as error:
        raise FeelError(f"the variables are not a mapping of names to values: {error}") from None
    converted = to_feel(mapping)
    return converted if isinstance(converted, dict) else {}


def to_python(value: Any) -> Any:
    """Plain Python values for a FEEL result: whole numbers as ``int`` (up to 4300 digits;
    larger or non-finite numbers stay ``Decimal``), others ``Decimal``, temporal values as
    their ``to_python()`` when they have one. Lists and contexts that a result shares are
    converted once and stay shared (a result can share one list a million times over, or
    2**60 times in 60 lists: the work is linear in the distinct lists); any depth is
    converted without recursion; a value that contains itself is refused."""
    if not isinstance(value, (list, dict)):
        return _plain(value)
    done: dict[int, Any] = {id(value): _CONVERTING}
    top: Any = [] if isinstance(value, list) else {}
    stack = [(value, top, _pairs(value))]
    while stack:
        source, target, pairs = stack[-1]
        for key, item in pairs:
            if isinstance(item, (list, dict)):
                known = _known(done, id(item))
                if known is _NOT_YET:
                    done[id(item)] = _CONVERTING
                    known = [] if isinstance(item, list) else {}
                    stack.append((item, known, _pairs(item)))
                    _put(target, key, known)
                    break
                _put(target, key, known)
            else:
                _put(target, key, _plain(item))
        else:
            stack.pop()
            done[id(source)] = target
    return top


def _pairs(value: list | dict) -> Any:
    return zip(repeat(None), value) if isinstance(value, list) else iter(value.items())


def _put(target: Any, key: Any, item: Any) -> None:
    if key is None:
        target.append(item)
    else:
        target[key] = item


#: Whole numbers with fewer digits than this become ``int`` (Python's own default limit on
#: int <-> str conversion); larger ones, out of FEEL's range anyway, stay ``Decimal``, so
#: that ``to_python(Decimal("1E+9999999"))`` does not build a 10-million-digit int.
_INT_DIGITS = 4300


def _plain(value: Any) -> Any:
    if type(value) is Decimal:
        return _whole(value)
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


class PythonFunction(Function):
    """A Python callable offered to FEEL through ``feel.Engine(functions=...)``.

    Arguments arrive as FEEL values (``Decimal``, ``str``, ``dict``...); the result is
    converted with :func:`feel.convert.to_feel`. An exception from the callable becomes
    null plus a warning (a :class:`FeelError` is passed through, a ``MemoryError`` ends the
    evaluation as :class:`feel.BudgetExceeded` ``"size"``). Host code cannot be
    interrupted: a call that runs past the time budget ends the evaluation with
    :class:`feel.BudgetExceeded` when it returns.
    """

    __slots__ = ("callable", "name", "parameters", "variadic")

    def __init__(self, name: str, function: Callable[..., Any]) -> None:
        self.name = name
        self.callable = function
        parameters: list[str] = []
        variadic = False
        try:
            signature = inspect.signature(function)
        except (TypeError, ValueError):
            signature = None
        if signature is not None:
            for parameter in signature.parameters.values():
                if parameter.kind is parameter.VAR_POSITIONAL:
                    variadic = True
                elif parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY,
                                        parameter.POSITIONAL_ONLY):  # fmt: skip
                    parameters.append(parameter.name)
        self.parameters = tuple(parameters)
        self.variadic = variadic

    def __repr__(self) -> str:
        return f"<python function {self.name}>"

    def parameter_names(self) -> tuple[str, ...]:
        """The Python parameter names, which are also the FEEL ones."""
        return self.parameters

    def invoke(self, state: Any, args: list | None, named: dict | None = None) -> Any:
        """Call the Python function; its exceptions become null plus a warning (but see the
        class docstring for FeelError and MemoryError)."""
        try:
            if named is not None:
                unknown = [name for name in named if name not in self.parameters]
                if unknown:
                    raise Failure(
                        WarningKind.INVALID_ARGUMENTS,
                        f"{self.name}: no parameter named {', '.join(map(repr, unknown))}",
                    )
                result = self.callable(**named)
            else:
                result = self.callable(*(args or []))
        except (Failure, FeelError):
            raise
        except TypeError as error:
            raise Failure(WarningKind.INVALID_ARGUMENTS, f"{self.name}: {error}") from None
        except MemoryError:  # never a warning: the evaluation stops, as at the size budget
            raise BudgetExceeded("size", f"{self.name} ran out of memory") from None
        except Exception as error:
            raise Failure(
                WarningKind.FUNCTION_INVOCATION_FAILURE,
                f"{self.name} failed: {error.__class__.__name__}: {error}",
            ) from None
        # Host code cannot be interrupted; a call that ran past the time budget is
        # reported as soon as it returns.
        state.check()
        return to_feel(result)

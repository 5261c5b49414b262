"""One table per operator: what both back ends know of it, written once.

Each entry says, for one FEEL operator, the three things an emitter needs:

- the **kind guard**: the Python types of operands for which Python's own operation is
  FEEL's (``type(x) is Decimal``: unlike ``isinstance`` it keeps ``bool`` out);
- the **inline operation** for operands that pass the guard: a function the closures call
  (:attr:`Arithmetic.inline`) and the code the generated function writes in its place
  (:attr:`Arithmetic.code`, a name bound to that same function in the generated code's
  namespace, or a Python operator);
- the **general helper** for every other operand: the FEEL operator of
  :mod:`feel.operators` behind one of the helpers below, which turn its failure into null
  plus a warning with the node's span. The closures call the helper where the guard fails,
  and so do the slow branches of generated code, with the operands already computed.

The helpers take the operands as FEEL values and a ``where`` (text, start, end) to locate
the warning; they count no steps (the operators of :mod:`feel.operators` charge the walks
of deep equality themselves).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel import operators as op
from feel.diagnostics import Failure, WarningKind
from feel.errors import BudgetExceeded
from feel.runtime import Scope, warn
from feel.values import DECIMAL, type_name


class Arithmetic:
    """A binary arithmetic operator. ``inline`` computes two Decimals in FEEL's context
    and raises an ``ArithmeticError`` where the general operation warns (overflow, ``0/0``);
    None when there is no inline case (``**``). ``nonzero`` says the inline case needs a
    right operand other than zero (``/``: by zero the general operation warns), for code
    that does not catch the ``ArithmeticError``. ``strings``: two strings are added too."""

    __slots__ = ("code", "general", "inline", "nonzero", "strings", "symbol")

    def __init__(self, symbol: str, general: Callable[[Any, Any], Any],
                 inline: Callable[[Decimal, Decimal], Decimal] | None = None, code: str | None = None,
                 nonzero: bool = False, strings: bool = False) -> None:  # fmt: skip
        self.symbol, self.general, self.inline, self.code = symbol, general, inline, code
        self.nonzero, self.strings = nonzero, strings


ARITHMETIC = {
    "+": Arithmetic("+", op.add, DECIMAL.add, "ADD", strings=True),
    "-": Arithmetic("-", op.subtract, DECIMAL.subtract, "SUBTRACT"),
    "*": Arithmetic("*", op.multiply, DECIMAL.multiply, "MULTIPLY"),
    "/": Arithmetic("/", op.divide, DECIMAL.divide, "DIVIDE", nonzero=True),
    "**": Arithmetic("**", op.power),
}


class Comparison:
    """A comparison. Python's ``code`` (``inline`` as a function) is FEEL's for two
    operands of one of the ``kinds``; ``ordering`` is the general operation of ``<``, ``<=``,
    ``>``, ``>=``; ``=`` and ``!=`` take their general operation from the dialect
    (:func:`equality_of`) and also compare two booleans inline."""

    __slots__ = ("code", "inline", "kinds", "ordering", "symbol")

    def __init__(self, symbol: str, code: str, inline: Callable[[Any, Any], bool],
                 ordering: Callable[[Any, Any], Any] | None = None,
                 kinds: tuple[type, ...] = (Decimal, str)) -> None:  # fmt: skip
        self.symbol, self.code, self.inline, self.ordering = symbol, code, inline, ordering
        self.kinds = kinds  # the operand types compared inline (both of the same one)

    @property
    def equality(self) -> bool:
        """Whether this is ``=`` or ``!=`` (operands of two kinds: null and a warning)."""
        return self.ordering is None

    def general(self, dialect: Any) -> Callable[[Any, Any], Any]:
        """The FEEL operation for any operands, in ``dialect``."""
        if self.ordering is not None:
            return self.ordering
        equal, not_equal = equality_of(dialect)
        return equal if self.symbol == "=" else not_equal


COMPARISON = {
    "=": Comparison("=", "==", operator.eq, kinds=(Decimal, str, bool)),
    "!=": Comparison("!=", "!=", operator.ne, kinds=(Decimal, str, bool)),
    "<": Comparison("<", "<", operator.lt, op.less),
    "<=": Comparison("<=", "<=", operator.le, op.less_equal),
    ">": Comparison(">", ">", operator.gt, op.greater),
    ">=": Comparison(">=", ">=", operator.ge, op.greater_equal),
}

#: Negation: a Decimal inline (``NEGATE`` in generated code), anything else by :func:`negated`.
NEGATE = DECIMAL.minus

#: ``and``/``or``: the verdict that decides alone (``false and x`` is false, ``true or x``
#: true); both operands of the other verdict give it; anything else is null (:func:`not_boolean`).
DECISIVE = {"and": False, "or": True}

#: The inline operations by the names generated code calls them.
INLINE_NAMES = {entry.code: entry.inline for entry in ARITHMETIC.values() if entry.code}
INLINE_NAMES["NEGATE"] = NEGATE

#: FEEL ``=`` by the dialect's (deep_equality_across_kinds, strict_kind_equality).
_EQUALITY = {(across, strict): op.equality(across, strict)
             for across in (False, True) for strict in (False, True)}  # fmt: skip
_INEQUALITY = {equal: op.negation_of(equal) for equal in _EQUALITY.values()}


def equality_of(dialect: Any) -> tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]:
    """FEEL ``=`` and ``!=`` of ``dialect``."""
    equal = _EQUALITY[dialect.deep_equality_across_kinds, dialect.strict_kind_equality]
    return equal, _INEQUALITY[equal]


# -- the general helpers (both tiers)
def guarded(scope: Scope, operation: Callable, a: Any, b: Any, where: tuple) -> Any:
    """``operation(a, b)``; a Failure becomes null plus a warning."""
    try:
        return operation(a, b)
    except Failure as failure:
        warn(scope, failure.kind, failure.message, where)
        return None


def arithmetic_values(scope: Scope, operation: Callable, a: Any, b: Any, where: tuple,
                      max_string: int) -> Any:  # fmt: skip
    """``a`` and ``b`` by the FEEL arithmetic ``operation`` beyond two Decimals: two
    strings added (within ``max_string``, else the size budget), else the general
    operation (null and a warning when it fails)."""
    if operation is op.add and type(a) is str and type(b) is str:
        if len(a) + len(b) > max_string:
            raise BudgetExceeded("size", f"a string of more than {max_string} characters")
        return a + b
    return guarded(scope, operation, a, b, where)


def negated(scope: Scope, value: Any, where: tuple) -> Any:
    """``-value`` of any FEEL value: null and a warning when it has no negation."""
    try:
        return op.negate(value)
    except Failure as failure:
        warn(scope, failure.kind, failure.message, where)
        return None


def compare_values(scope: Scope, operation: Callable, a: Any, b: Any, equality: bool,
                   where: tuple) -> Any:  # fmt: skip
    """``a`` compared with ``b`` by the FEEL ``operation``: null with a warning when they
    can't be compared (equality of two different kinds too; null operands excepted)."""
    try:
        result = operation(a, b)
    except Failure as failure:
        warn(scope, failure.kind, failure.message, where)
        return None
    if result is None and equality and a is not None and b is not None:
        warn(
            scope, WarningKind.NOT_COMPARABLE,
            f"can't compare {type_name(a)} with {type_name(b)}", where,
        )  # fmt: skip
    return result


def between_values(scope: Scope, x: Any, low: Any, high: Any, where: tuple) -> Any:
    """``x between low and high`` of any FEEL values: null and a warning when they do not
    compare."""
    try:
        above = op.greater_equal(x, low)
        below = op.less_equal(x, high)
    except Failure as failure:
        warn(scope, failure.kind, failure.message, where)
        return None
    if above is False or below is False:
        return False
    if above is True and below is True:
        return True
    return None


def not_boolean(scope: Scope, word: str, a: Any, b: Any, where: tuple) -> None:
    """Null for ``a and b`` (``word``) neither false nor true, with the warning naming the
    operand that is not a boolean (a null operand: none)."""
    for value in (a, b):
        if value is not None and type(value) is not bool:
            warn(scope, WarningKind.INVALID_TYPE, f"{word}: {type_name(value)} is not a boolean", where)
            return None
    return None

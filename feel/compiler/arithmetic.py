"""Arithmetic, negation and comparison: a fast case for two numbers or two strings, and
the general operator of :mod:`feel.operators` behind it."""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel import nodes as n
from feel import operators as op
from feel.compiler.core import Closure, Core, foldable, plain_constant
from feel.diagnostics import Failure, WarningKind
from feel.errors import BudgetExceeded
from feel.runtime import Scope, warn
from feel.values import DECIMAL, type_name

_ARITHMETIC = {"+": op.add, "-": op.subtract, "*": op.multiply, "/": op.divide, "**": op.power}
_COMPARISON = {
    "=": op.equal, "!=": op.not_equal, "<": op.less, "<=": op.less_equal,
    ">": op.greater, ">=": op.greater_equal,
}  # fmt: skip
#: Python's own operators, exact for two Decimals or two strings (the common case).
_FAST_COMPARISON = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}  # fmt: skip
#: Operators whose Decimal-Decimal case is inlined (division by zero must warn: not "/").
_FAST_ARITHMETIC = {"+": DECIMAL.add, "-": DECIMAL.subtract, "*": DECIMAL.multiply}


class Operators(Core):
    """The closures of the arithmetic and comparison operators."""

    # -- operators
    def c_Arithmetic(self, node: n.Arithmetic) -> Closure:
        left, right = self.compile(node.left), self.compile(node.right)
        operation = _ARITHMETIC[node.operator]
        where = self.where(node)
        fast = _FAST_ARITHMETIC.get(node.operator)
        if fast is None:

            def arithmetic(scope: Scope) -> Any:
                return guarded(scope, operation, left(scope), right(scope), where)

            return self.fold(arithmetic, left, right)
        plus = node.operator == "+"
        max_string = self.engine.max_string
        # A constant right operand of the common kinds is captured, and its kind tested
        # once here (`a + " "` 0.10 µs instead of 0.17; a loop over a whole chain of
        # operators in one closure was slower than a closure per operator).
        known = right.constant if plain_constant(right) else None  # type: ignore[attr-defined]
        if type(known) is Decimal and not foldable(left):

            def with_number(scope: Scope) -> Any:
                a = left(scope)
                if type(a) is Decimal:
                    try:
                        return fast(a, known)
                    except ArithmeticError:
                        pass  # the general operation warns
                return guarded(scope, operation, a, known, where)

            return with_number
        if type(known) is str and plus and not foldable(left):
            size = len(known)

            def with_text(scope: Scope) -> Any:
                a = left(scope)
                if type(a) is str:
                    if len(a) + size > max_string:
                        raise BudgetExceeded("size", f"a string of more than {max_string} characters")
                    return a + known
                return guarded(scope, operation, a, known, where)

            return with_text

        def decimal_first(scope: Scope) -> Any:
            a, b = left(scope), right(scope)
            if type(a) is Decimal and type(b) is Decimal:
                try:
                    return fast(a, b)
                except ArithmeticError:
                    pass  # the general operation warns
            return arithmetic_values(scope, operation, a, b, where, max_string)

        return self.fold(decimal_first, left, right)

    def c_Negation(self, node: n.Negation) -> Closure:
        operand = self.compile(node.operand)
        where = self.where(node)

        def negation(scope: Scope) -> Any:
            return negated(scope, operand(scope), where)

        return self.fold(negation, operand)

    def c_Comparison(self, node: n.Comparison) -> Closure:
        left, right = self.compile(node.left), self.compile(node.right)
        operation = _COMPARISON[node.operator]
        if node.operator == "=":
            operation = self.equal
        elif node.operator == "!=":
            operation = self.not_equal
        fast = _FAST_COMPARISON[node.operator]
        where = self.where(node)
        equality = node.operator in ("=", "!=")
        if equality:
            self.equality_with(left, right)
        known: Any = right.constant if plain_constant(right) else None  # type: ignore[attr-defined]
        kind = type(known)
        if (kind is Decimal or kind is str) and not foldable(left):
            # `code = "404"`, `x > 99`: the constant's kind is tested once, here

            def with_constant(scope: Scope) -> Any:
                a = left(scope)
                if type(a) is kind:
                    return fast(a, known)
                return compare_values(scope, operation, a, known, equality, where)

            return with_constant

        def comparison(scope: Scope) -> Any:
            a, b = left(scope), right(scope)
            kind = type(a)
            if kind is type(b) and (kind is Decimal or kind is str):
                return fast(a, b)
            return compare_values(scope, operation, a, b, equality, where)

        return self.fold(comparison, left, right)


def arithmetic_values(scope: Scope, operation: Callable, a: Any, b: Any, where: tuple,
                      max_string: int) -> Any:  # fmt: skip
    """``a`` and ``b`` by the FEEL arithmetic ``operation`` beyond two Decimals: two
    strings added (within ``max_string``), else the general operation (null and a warning
    when it fails). The general case of both tiers: the closures call it, and so do the
    slow branches of generated code (:mod:`feel.fastpath`)."""
    if operation is op.add and type(a) is str and type(b) is str:
        if len(a) + len(b) > max_string:
            raise BudgetExceeded("size", f"a string of more than {max_string} characters")
        return a + b
    return guarded(scope, operation, a, b, where)


def negated(scope: Scope, value: Any, where: tuple) -> Any:
    """``-value`` of any FEEL value: null and a warning when it has no negation. (Both
    tiers: generated code's slow branch calls it too, :mod:`feel.fastpath`.)"""
    try:
        return op.negate(value)
    except Failure as failure:
        warn(scope, failure.kind, failure.message, where)
        return None


def guarded(scope: Scope, operation: Callable, a: Any, b: Any, where: tuple) -> Any:
    """``operation(a, b)``; a Failure becomes null plus a warning."""
    try:
        return operation(a, b)
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

"""``between``, ``in``, ``and``/``or``, ``instance of`` and ``if``: tests and branches."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel import iteration
from feel import nodes as n
from feel.compiler.core import Closure, Core
from feel.runtime import Scope
from feel.semantics import between_values, not_boolean
from feel.types import type_predicate


class Control(Core):
    """The closures of tests, the logical operators and ``if``."""

    def c_Between(self, node: n.Between) -> Closure:
        value, low, high = (self.compile(x) for x in (node.value, node.low, node.high))
        where = self.where(node)
        start, end = self.facts.value(node.low), self.facts.value(node.high)
        if type(start) is Decimal and type(end) is Decimal:
            # `x between 1 and 10`: Python's own comparison for a number (0.15 µs less)

            def between_numbers(scope: Scope) -> Any:
                x = value(scope)
                if type(x) is Decimal:
                    return start <= x and x <= end
                return between_values(scope, x, start, end, where)

            return between_numbers

        def between(scope: Scope) -> Any:
            return between_values(scope, value(scope), low(scope), high(scope), where)

        return between

    def c_In(self, node: n.In) -> Closure:
        from feel.unary import compile_tests

        value = self.compile(node.value)
        # (`status in [200..299]`: the interval's test compares a number inline, see unary)
        test = compile_tests(self, node.tests, node)

        def membership(scope: Scope) -> Any:
            return test(scope, value(scope))

        return membership

    def c_Logical(self, node: n.Logical) -> Closure:
        left, right = self.compile(node.left), self.compile(node.right)
        where = self.where(node)
        if node.operator == "and":

            def conjunction(scope: Scope) -> Any:
                a = left(scope)
                if a is False:
                    return False
                b = right(scope)
                if b is False:
                    return False
                if a is True and b is True:
                    return True
                not_boolean(scope, "and", a, b, where)
                return None

            return conjunction

        def disjunction(scope: Scope) -> Any:
            a = left(scope)
            if a is True:
                return True
            b = right(scope)
            if b is True:
                return True
            if a is False and b is False:
                return False
            not_boolean(scope, "or", a, b, where)
            return None

        return disjunction

    def c_InstanceOf(self, node: n.InstanceOf) -> Closure:
        value = self.compile(node.value)
        check = type_predicate(node.type, self.engine.resolve_type)
        return lambda scope: check(value(scope))

    # -- textual expressions
    def c_If(self, node: n.If) -> Closure:
        condition, then, otherwise = (
            self.compile(x) for x in (node.condition, node.then, node.otherwise)
        )

        where = self.where(node.condition)

        def if_then_else(scope: Scope) -> Any:
            verdict = condition(scope)
            if verdict is True:
                return then(scope)
            if verdict is not False:
                iteration.warn_not_boolean(scope, "if", verdict, where)  # (null: no warning)
            return otherwise(scope)

        return if_then_else

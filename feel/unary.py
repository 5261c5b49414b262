"""Unary tests (decision table input entries) and the right-hand side of ``in``.

A list of positive unary tests is true for an input when one test is. Each test is:
``-`` (any input); ``= e`` / ``!= e``; ``< e`` and friends; an interval; or an expression
``e`` — if ``e`` mentions ``?`` its boolean value is the verdict, otherwise the input is
tested against the value: in it when a range, contained in it (or equal) when a list,
the value itself when a boolean and the input is not one, else equal to it.
``not(tests)`` negates. A test that cannot be decided yields null.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel import nodes as n
from feel import operators as op
from feel.diagnostics import Failure, WarningKind
from feel.runtime import Scope, warn
from feel.semantics import COMPARISON
from feel.values import Range, type_name

Test = Callable[[Scope, Any], Any]


def compile_test(compiler: Any, node: n.Node) -> Test:
    """The function ``(scope, input) -> True/False/None`` for one positive unary test."""
    where = compiler.where(node)
    equal = compiler.equal  # the dialect's
    if isinstance(node, n.TestOperator):
        operand = compiler.compile(node.operand)
        operation = equal if node.operator == "=" else compiler.not_equal

        def equality(scope: Scope, value: Any) -> Any:
            return operation(value, operand(scope))

        return _with_constant(compiler.facts.value(node.operand), node.operator, equality)
    if isinstance(node, n.OpenRange):
        operand = compiler.compile(node.operand)
        comparison = COMPARISON[node.operator].general(compiler.dialect)

        def compare(scope: Scope, value: Any) -> Any:
            try:
                return comparison(value, operand(scope))
            except Failure as failure:
                warn(scope, failure.kind, failure.message, where)
                return None

        return _with_constant(compiler.facts.value(node.operand), node.operator, compare)
    expression = compiler.compile(node)
    if not compiler.facts.plain(node) and compiler.facts.mentions_input(node):  # (`? > 10`)

        def predicate(scope: Scope, value: Any) -> Any:
            verdict = expression(Scope({"?": value}, scope, scope.state))
            return verdict if type(verdict) is bool else None

        return predicate
    if compiler.dialect.boolean_literal_tests_equal and isinstance(node, n.Constant) and (
            type(node.value) is bool):  # fmt: skip
        return _equal_to_boolean(node.value, where)

    def against(scope: Scope, value: Any) -> Any:
        return test_value(scope, value, expression(scope), where, equal)

    expected = compiler.facts.value(node)
    if type(expected) is Decimal or type(expected) is str:
        return _with_constant(expected, "=", against)
    if type(expected) is Range and type(expected.start) is type(expected.end) is Decimal and (
            expected.operator is None):  # fmt: skip
        # `[1..10]`: Python's own comparisons for a number
        start, end = expected.start, expected.end
        start_included, end_included = expected.start_included, expected.end_included

        def in_numbers(scope: Scope, value: Any) -> Any:
            if type(value) is Decimal:
                return (start <= value if start_included else start < value) and (
                    value <= end if end_included else value < end)  # fmt: skip
            return test_value(scope, value, expected, where)

        return in_numbers
    return against


def _with_constant(known: Any, operator: str, general: Test) -> Test:
    """``general``, or for a constant number or string operand ``known`` (`< 10`, `"gold"`)
    a test that compares an input of the same kind with Python's operator (0.3 µs less)."""
    kind = type(known)
    if kind is not Decimal and kind is not str:
        return general
    fast = COMPARISON[operator].inline

    def test_constant(scope: Scope, value: Any) -> Any:
        if type(value) is kind:
            return fast(value, known)
        return general(scope, value)

    return test_constant


def _equal_to_boolean(expected: bool, where: tuple) -> Test:
    """The Camunda dialect's test ``true``/``false``: equality with the input (a null input
    gives false, an input of another kind null with a warning)."""

    def equal_to_boolean(scope: Scope, value: Any) -> Any:
        if type(value) is bool or value is None:
            return value is expected
        warn(scope, WarningKind.NOT_COMPARABLE, f"can't compare {type_name(value)} with boolean",
             where)  # fmt: skip
        return None

    return equal_to_boolean


def test_value(scope: Scope, value: Any, expected: Any, where: tuple,
               equal: Callable[[Any, Any], Any] = op.equal) -> Any:  # fmt: skip
    """Whether the input ``value`` satisfies the test value ``expected`` (``equal``: the
    dialect's equality)."""
    kind = type(expected)
    try:
        if kind is Range:
            return op.in_range(value, expected)
        if kind is list:
            if type(value) is list and equal(value, expected):
                return True
            # a list holds the value when an item equals it (items of another kind don't
            # make the verdict null: `true in [false, 2]` is false, TCK 0072)
            found: Any = False
            for item in expected:
                if type(item) is Range:
                    verdict = test_value(scope, value, item, where, equal)
                    if verdict is None:
                        found = None
                else:
                    verdict = equal(value, item)
                if verdict is True:
                    return True
            return found
        if kind is bool and type(value) is not bool:
            return expected
        return equal(value, expected)
    except Failure as failure:
        warn(scope, failure.kind, failure.message, where)
        return None


def compile_tests(compiler: Any, tests: tuple[n.Node, ...], node: n.Node) -> Test:
    """One test function for a list of positive unary tests: true when any test is."""
    compiled = [compile_test(compiler, test) for test in tests]
    if len(compiled) == 1:
        return compiled[0]

    def any_test(scope: Scope, value: Any) -> Any:
        result: Any = False
        for test in compiled:
            verdict = test(scope, value)
            if verdict is True:
                return True
            if verdict is None:
                result = None
        return result

    return any_test


def compile_unary_tests(compiler: Any, node: n.UnaryTests) -> Test:
    """The test function of a whole unary-tests text (``-``, a list, or ``not(...)``)."""
    tests = node.tests
    if not tests:
        return lambda scope, value: True
    if node.negated:
        inner = compile_tests(compiler, tests, node)

        def negated(scope: Scope, value: Any) -> Any:
            verdict = inner(scope, value)
            return None if verdict is None else not verdict

        return negated
    return compile_tests(compiler, tests, node)

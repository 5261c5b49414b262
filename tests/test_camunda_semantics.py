"""Evaluation semantics by dialect: DMN 1.5 (the default) against the Camunda dialect.

One table: expression, variables, dialect, the value, and the kind of the warning that
must explain it (None: no warning at all). The DMN rows follow the DMN 1.5 specification;
the Camunda rows follow Camunda's FEEL documentation (docs.camunda.io, "FEEL") and the
behaviour of its engine, feel-scala. Every row runs through the closures (with warnings),
and again through the fast path made at an expression's second evaluation, which must
give the same value.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from feelcheck import same

import feel
from feel.diagnostics import WarningKind as W

ENGINES = {"dmn": feel.Engine(), "camunda": feel.Engine(dialect="camunda")}
BOTH = ("dmn", "camunda")

# (expression, variables, dialects, expected value, expected warning kind or None)
CASES = [
    # A filter index on an empty list: one rule, whether the index is written or computed.
    ("[][1]", {}, BOTH, None, W.INVALID_VALUE),
    ("[][a]", {"a": 1}, BOTH, None, W.INVALID_VALUE),
    ("[][-a]", {"a": 1}, BOTH, None, W.INVALID_VALUE),
    ("xs[a]", {"xs": [], "a": 2}, BOTH, None, W.INVALID_VALUE),
    ("[][item > 1]", {}, BOTH, [], None),
    ("[][price > 1]", {}, BOTH, [], None),  # a name only items could define: no warning
    ("[5, 6][a]", {"a": 2}, BOTH, 6, None),
    # A filter whose condition is not a boolean keeps nothing, and says why.
    ('xs["Content-Type"]', {"xs": [{"a": 1}]}, BOTH, [], W.INVALID_TYPE),
    ('[1, 2]["a"]', {}, BOTH, [], W.INVALID_TYPE),
    ("[1, 2][item > 1]", {}, BOTH, [2], None),
    ("[{a: 1}, {a: null}][a > 0]", {}, BOTH, [{"a": 1}], None),  # null: explained, or quiet
    # ... and a filter of a context: DMN 1.5 takes it as a list of one item; Camunda's
    # engine wants a list (headers["Content-Type"] is null there).
    ('headers["Content-Type"]', {"headers": {"Content-Type": "json"}}, ("dmn",), [], W.INVALID_TYPE),
    ('headers["Content-Type"]', {"headers": {"Content-Type": "json"}}, ("camunda",), None,
     W.INVALID_TYPE),
    ("5[item > 1]", {}, ("dmn",), [5], None),
    ("5[item > 1]", {}, ("camunda",), None, W.INVALID_TYPE),
    ("5[1]", {}, ("dmn",), 5, None),
    ("5[1]", {}, ("camunda",), None, W.INVALID_TYPE),
    ("x[1]", {"x": "a"}, ("camunda",), None, W.INVALID_TYPE),
    # Properties of the other kind of duration: null, with the reason.
    ('@"P1Y".days', {}, BOTH, None, W.NO_PROPERTY_FOUND),
    ('@"P1D".months', {}, BOTH, None, W.NO_PROPERTY_FOUND),
    ('@"P1Y2M".months', {}, BOTH, 2, None),
    ('@"P1DT2H".hours', {}, BOTH, 2, None),
    # if: a condition that is not a boolean takes the else branch (null quietly).
    ("if 5 then 1 else 2", {}, BOTH, 2, W.INVALID_TYPE),
    ('if "yes" then 1 else 2', {}, BOTH, 2, W.INVALID_TYPE),
    ("if null then 1 else 2", {}, BOTH, 2, None),
    ("if x then 1 else 2", {"x": None}, BOTH, 2, None),
    ("if x > 1 then 1 else 2", {"x": 5}, BOTH, 1, None),
    # Quantifiers over verdicts that are not booleans: DMN 1.5 counts them unsatisfied;
    # Camunda's are three-valued like `or`/`and` (null when no item decides).
    ("some x in [false, 2] satisfies x", {}, ("dmn",), False, W.INVALID_TYPE),
    ("some x in [false, 2] satisfies x", {}, ("camunda",), None, W.INVALID_TYPE),
    ("some x in [2, true] satisfies x", {}, BOTH, True, W.INVALID_TYPE),
    ("some x in [false, null] satisfies x", {}, ("dmn",), False, None),
    ("some x in [false, null] satisfies x", {}, ("camunda",), None, None),
    ("every x in [true, 2] satisfies x", {}, ("dmn",), False, W.INVALID_TYPE),
    ("every x in [true, 2] satisfies x", {}, ("camunda",), None, W.INVALID_TYPE),
    ("every x in [true, null] satisfies x", {}, ("dmn",), False, None),
    ("every x in [true, null] satisfies x", {}, ("camunda",), None, None),
    ("every x in [null, false] satisfies x", {}, BOTH, False, None),
    ("every x in xs satisfies x > 0", {"xs": [1, 2]}, BOTH, True, None),
    ("some x in [1, 2], y in [3, 4] satisfies x + y = 6", {}, BOTH, True, None),
    ("some x in [1, 2], y in [3, null] satisfies x + y > 9", {}, ("dmn",), False, None),
    ("some x in [1, 2], y in [3, null] satisfies x + y > 9", {}, ("camunda",), None, None),
    ("every x in [1], y in [2, \"a\"] satisfies y", {}, ("dmn",), False, W.INVALID_TYPE),
    # Iterating over a value that is not a list: a list of one item (DMN 1.5), with a
    # warning; Camunda's engine wants a list.
    ("for x in 5 return x * 2", {}, ("dmn",), [10], W.INVALID_TYPE),
    ("for x in 5 return x * 2", {}, ("camunda",), None, W.INVALID_TYPE),
    ("for x in v return x", {"v": "a"}, ("dmn",), ["a"], W.INVALID_TYPE),
    ("some x in 5 satisfies x > 1", {}, ("dmn",), True, W.INVALID_TYPE),
    ("some x in 5 satisfies x > 1", {}, ("camunda",), None, W.INVALID_TYPE),
    ("for x in [1, 2], y in 3 return x + y", {}, ("dmn",), [4, 5], W.INVALID_TYPE),
    ("for x in [1, 2], y in 3 return x + y", {}, ("camunda",), None, W.INVALID_TYPE),
    ("for x in null return x", {}, BOTH, None, W.INVALID_TYPE),
    ("for x in [1..3) return x", {}, BOTH, [1, 2], None),
    ("for x in (1..3] return x", {}, BOTH, [2, 3], None),
    ("for x in (1..2) return x", {}, BOTH, [], None),
    ("for x in 3..1 return x", {}, BOTH, [3, 2, 1], None),
    # is defined (Camunda 8.4 on, docs "Boolean functions"): whether the value is not null.
    ("is defined(x)", {"x": None}, BOTH, False, None),
    ("is defined(x)", {}, BOTH, False, None),
    ("is defined(x)", {"x": 0}, BOTH, True, None),
    ("is defined(x)", {"x": False}, BOTH, True, None),
    ("is defined(x.y)", {"x": {"y": None}}, BOTH, False, None),
    ("is defined(x.y)", {"x": {"y": 1}}, BOTH, True, None),
    ("is defined(x.y)", {"x": {}}, BOTH, False, None),
    ("is defined(null)", {}, BOTH, False, None),
    ("is defined(1)", {}, BOTH, True, None),
    ("{a: null, b: is defined(a)}.b", {}, BOTH, False, None),
    ("for a in [1, null] return is defined(a)", {}, BOTH, [True, False], None),
    # Deep equality: values of different kinds inside lists and contexts.
    ("{x: 1} = {x: true}", {}, ("dmn",), None, W.NOT_COMPARABLE),
    ("{x: 1} = {x: true}", {}, ("camunda",), False, None),
    ("{x: 1} != {x: true}", {}, ("camunda",), True, None),
    ("[1] = [true]", {}, ("dmn",), None, W.NOT_COMPARABLE),
    ("[1] = [true]", {}, ("camunda",), False, None),
    ("[[1, 2], {a: \"x\"}] = [[1, 2], {a: 1}]", {}, ("camunda",), False, None),
    ("[1, null] = [1, null]", {}, BOTH, True, None),
    ("{a: [1]} = {a: [1]}", {}, BOTH, True, None),
    ("{a: 1} = {b: 1}", {}, BOTH, False, None),
    ("1 = true", {}, BOTH, None, W.NOT_COMPARABLE),  # at the top, both can't compare
    ('1 = "1"', {}, BOTH, None, W.NOT_COMPARABLE),
    ("x = y", {"x": [1], "y": [True]}, ("camunda",), False, None),
    # Values Camunda's engine can't compare although DMN 1.5 can.
    ('date and time("2020-01-01T10:00:00") = date and time("2020-01-01T10:00:00Z")', {},
     ("dmn",), False, None),
    ('date and time("2020-01-01T10:00:00") = date and time("2020-01-01T10:00:00Z")', {},
     ("camunda",), None, W.NOT_COMPARABLE),
    ('time("10:00:00") != time("10:00:00+01:00")', {}, ("dmn",), True, None),
    ('time("10:00:00") != time("10:00:00+01:00")', {}, ("camunda",), None, W.NOT_COMPARABLE),
    ('time("10:00:00") = time("10:00:00")', {}, BOTH, True, None),
    ("[1..2] = [1..2]", {}, ("dmn",), True, None),
    ("[1..2] = [1..2]", {}, ("camunda",), None, W.NOT_COMPARABLE),
    ("abs = abs", {}, ("dmn",), True, None),
    ("abs = abs", {}, ("camunda",), None, W.NOT_COMPARABLE),
    ('@"P0D" = @"P0M"', {}, BOTH, None, W.NOT_COMPARABLE),
    # Comparisons with null: null in both (feel-scala ComparisonTypeTest agrees).
    ("null < 10", {}, BOTH, None, None),
    ("x > 3", {}, BOTH, None, W.NO_VARIABLE_FOUND),
    ("x = 3", {}, BOTH, False, W.NO_VARIABLE_FOUND),
]  # fmt: skip


def _rows():
    for expression, variables, dialects, expected, warning in CASES:
        for dialect in dialects:
            yield pytest.param(expression, variables, dialect, expected, warning,
                               id=f"{dialect}: {expression}")  # fmt: skip


@pytest.mark.parametrize("expression, variables, dialect, expected, warning", _rows())
def test_semantics(expression, variables, dialect, expected, warning):
    engine = ENGINES[dialect]
    result = engine.evaluate_result(expression, variables)
    assert same(result.value, expected), (expression, dialect, result.value, expected)
    kinds = [w.kind for w in result.warnings]
    if warning is None:
        assert kinds == [], (expression, dialect, [str(w) for w in result.warnings])
    else:
        assert warning in kinds, (expression, dialect, [str(w) for w in result.warnings])
    compiled = engine.compile(expression, list(variables))
    for _ in range(3):  # the second evaluation makes the fast path, the third runs it
        value = compiled.evaluate(variables)
        assert same(value, expected), (expression, dialect, "evaluate", value, expected)


# (unary tests, input, dialects, expected verdict, expected warning kind or None)
UNARY_CASES = [
    # A boolean literal: DMN 1.5 gives it for an input that is not a boolean; Camunda's
    # engine compares it with the input (feel-scala InterpreterUnaryTest "compare to null").
    ("true", None, ("dmn",), True, None),
    ("true", None, ("camunda",), False, None),
    ("false", None, BOTH, False, None),
    ("true", 5, ("dmn",), True, None),
    ("true", 5, ("camunda",), None, W.NOT_COMPARABLE),
    ("true", True, BOTH, True, None),
    ("true", False, BOTH, False, None),
    ("false", False, BOTH, True, None),
    ("true, 5", 5, ("dmn",), True, None),
    ("true, 5", 5, ("camunda",), True, W.NOT_COMPARABLE),  # the first test can't compare
    # Comparisons and intervals on a null input: null in both.
    ("< 3", None, BOTH, None, None),
    (">= 3", None, BOTH, None, None),
    ("(0..10)", None, BOTH, None, None),
    ("3", None, BOTH, False, None),
    ('"a"', None, BOTH, False, None),
    ("null", None, BOTH, True, None),
    # Equality of lists in a unary test follows the dialect's deep equality.
    ("= [1]", [True], ("camunda",), False, None),
    ("[[1]]", [[True]], ("camunda",), False, None),
    ("[1, 2]", [1, 2], BOTH, True, None),
]  # fmt: skip


def _unary_rows():
    for tests, value, dialects, expected, warning in UNARY_CASES:
        for dialect in dialects:
            yield pytest.param(tests, value, dialect, expected, warning,
                               id=f"{dialect}: {tests} with {value!r}")  # fmt: skip


@pytest.mark.parametrize("tests, value, dialect, expected, warning", _unary_rows())
def test_unary_semantics(tests, value, dialect, expected, warning):
    compiled = ENGINES[dialect].compile_unary_tests(tests)
    result = compiled.test_result(value)
    assert result.value is expected, (tests, value, dialect, result.value)
    kinds = [w.kind for w in result.warnings]
    assert kinds == ([] if warning is None else [warning]), [str(w) for w in result.warnings]
    assert compiled.test(value) is expected


def test_the_dialect_lists_its_switches():
    switches = ENGINES["camunda"].dialect.switches()
    for name in ("deep_equality_across_kinds", "strict_kind_equality", "boolean_literal_tests_equal",
                 "iteration_needs_list", "three_valued_quantifiers"):  # fmt: skip
        assert switches[name] is True
    assert ENGINES["dmn"].dialect.switches() == {}


@pytest.mark.parametrize("dialect", BOTH)
def test_a_million_and_one_iterations_run(dialect):
    # Camunda's engine has no size budget; the default one lets the step budget decide
    assert ENGINES[dialect].evaluate("count(for x in 1..1000001 return x)") == Decimal(1000001)


def test_iteration_budget_is_still_a_budget():
    engine = feel.Engine(max_size=1000)
    with pytest.raises(feel.BudgetExceeded):
        engine.evaluate("for x in 1..1001 return x")
    assert engine.evaluate("count(for x in 1..1000 return x)") == Decimal(1000)

"""Operands of other kinds in the generated code take the closures' general case.

``x in [200..299]`` or ``x in ("a", "b")`` with constant tests, ``substring(s, 2)``
with a constant start, and the comparison of a string built-in's result (``upper case(s)
= "A"``: a string or null) are written out for a number or a string; a value of any other kind
(null, a missing variable or entry, text among numbers, a list, a date, a number past
FEEL's range) takes a slow branch that calls the closures' own test
(:func:`feel.unary.compile_tests`) or the built-in's general call, with their warnings:
the generated tier runs to the end (a give-up would be :class:`feel.Declined`) and gives
the closures' value and warnings, in both dialects.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

import feel
from bench.fuzz import identical
from tiers import DIALECTS, assert_generated_is_closures, compiled_once

VALUES = {
    "int": 250, "small int": 2, "decimal": Decimal("2.5"), "float": 2.0, "text": "a",
    "long text": "abcdef", "null": None, "true": True, "list": [1], "context": {"status": 250},
    "date": datetime.date(2024, 1, 2), "huge": 10**40, "past FEEL's range": 10**7000,
    "nan": float("nan"),
}
EXPRESSIONS = [
    "x in [200..299]", "x in (1, 2, 3)", "x in ([1, 2], 5)", "x in (\"a\", \"b\")",
    "x in [1.5..3]", "substring(x, 2)", "substring(x, 1, 2)",
    "upper case(substring(x, 1, 3))", "x.status in [200..299]", "y in [200..299]",
    "if x in [200..299] then 1 else 2", "count(xs[item in [1..3]])",
    "substring(x + 1, 2)", "substring(x > 1, 1, 2)", "substring([x + 1], 2)",
    "x in < 10", "x in (< 3, > 240)", "x in (<= 3, [5..7], 250)", "x in >= \"b\"",
    "upper case(x) = \"A\"", "substring(x, 1, 1) < \"b\"", "xs[upper case(item) = \"B\"]",
]
NAMES = ("x", "y", "xs")


def compiled(dialect: str, text: str) -> feel.Expression:
    """``text`` compiled once by the dialect's engine, with :data:`NAMES`."""
    return compiled_once(dialect, text, NAMES)


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("text", EXPRESSIONS)
@pytest.mark.parametrize("value", VALUES)
def test_an_operand_of_any_kind_is_the_closures(dialect, text, value):
    expression = compiled(dialect, text)
    assert expression.why_not_generated() is None, expression.why_not_generated()
    # (`y` is missing: read once, a missing variable is the closures' warning too)
    given = {"x": VALUES[value], "xs": [VALUES[value], 2, "b"]}
    assert_generated_is_closures(expression, given)


class _Subclass(dict):
    """A dict subclass: a context for the closures."""


CONTEXTS = {
    "subclass": _Subclass(a=1), "other keys": {1: 2, "a": 3},
    "other keys, a null": {1: 2, "a": None}, "other keys only": {(1, 2): 1, 2: "b"}, "nested": {"a": {1: "x", "b": 4}},
}


@pytest.mark.parametrize("text", ["x.a", "x.b", "is defined(x.a)", "is defined(x.b)", "x.a.b",
                                  "x.a + 1", "for i in [x] return i.a", "[x].a"])  # fmt: skip
@pytest.mark.parametrize("context", CONTEXTS)
def test_a_context_that_is_not_a_dict_with_text_keys_is_the_closures(text, context):
    # converted first, as the closures convert it (keys of other kinds made text)
    expression = DIALECTS["camunda"].compile(text, ["x"])  # (is defined: Camunda's)
    assert_generated_is_closures(expression, {"x": CONTEXTS[context]})


@pytest.mark.parametrize("text", ["x + 1", "y", "xs[a > x]", "xs[a > z]", "{b: x}.b", "is defined(x)"])
@pytest.mark.parametrize("variables", [{1: 2, "x": 3, "xs": [{"a": 5}]}, {(1, 2): 3, "xs": [{"a": 1}]},
                                       {2.5: "k", "xs": []}])  # fmt: skip
def test_variables_with_keys_of_other_kinds_are_the_closures(text, variables):
    # the closures convert such variables first (keys made text): a missing name is looked
    # up among them, its warning's hint from them
    expression = DIALECTS["camunda"].compile(text, ["x", "y", "z", "xs"])
    assert_generated_is_closures(expression, variables)


@pytest.mark.parametrize("text", ["for x in xs return count", "for x in xs return x + count",
                                  "xs[count = 1]", "some x in xs satisfies x = max",
                                  "count(xs[item > 0 and count > 0])"])  # fmt: skip
@pytest.mark.parametrize("count", ["missing", 3, None])
def test_a_built_ins_name_read_as_a_value_in_a_loop_is_the_closures(text, count):
    # missing from the host's variables (and the item's entries), the name is the built-in
    # itself, a function value, as the closures read it
    given = {"xs": [1, {"count": 1}, {"b": 2}]}
    if count != "missing":
        given["count"] = count
    assert_generated_is_closures(DIALECTS["dmn"].compile(text, ["xs", "count", "max"]), given)


@pytest.mark.parametrize("text", ["count", "[count, sum(xs)]", "if count = null then 1 else 2",
                                  "{a: count, b: count}"])  # fmt: skip
@pytest.mark.parametrize("count", ["missing", 3, None])
def test_a_built_ins_name_read_as_a_value_outside_a_loop_is_the_closures(text, count):
    # missing, the name is the built-in (a function value), as the closures read it: the
    # generated code computes it (it gave up there: a KeyError)
    given = {"xs": [1, 2]}
    if count != "missing":
        given["count"] = count
    assert_generated_is_closures(DIALECTS["dmn"].compile(text, ["xs", "count"]), given)


@pytest.mark.parametrize("text", ["a.b + 1", "for x in [1, 2] return x + a.b", "[a.b, a.b]",
                                  "xs[item > a.b]"])  # fmt: skip
def test_a_dotted_name_the_host_gives_is_computed_and_one_it_does_not_is_declined_first(text):
    # ``a.b`` (a host's variable named so) is a variable; missing, the closures read it as a
    # path: the generated code declines at its start, before anything runs
    expression = DIALECTS["dmn"].compile(text, ["a.b", "a", "xs"])
    assert expression.why_not_generated() is None
    assert_generated_is_closures(expression, {"a.b": 3, "a": {"b": 20}, "xs": [1, 5]})
    for given in ({"a": {"b": 2}, "xs": [1, 5]}, {"xs": [1, 5]}):
        with pytest.raises(feel.Declined, match="Dotted"):
            expression.program("generated").evaluate(given)
        assert identical(expression.evaluate(given), expression.closures_result(given).value)


@pytest.mark.parametrize("text", ['bpmnError(x, "message")', "bpmnError(x)", 'bpmnError("E1", x)',
                                  'if x = "404" then bpmnError("NOT_FOUND", "no " + x) else null'])  # fmt: skip
@pytest.mark.parametrize("value", VALUES)
def test_bpmn_error_has_generated_code_that_is_the_closures(text, value):
    # an error expression's bpmnError (flagged scalar: a small context of its arguments)
    expression = compiled("camunda", text)
    assert expression.why_not_generated() is None
    assert_generated_is_closures(expression, {"x": VALUES[value]})


TEN_TIMES = feel.compile("function(x) x * 10").evaluate({})


@pytest.mark.parametrize("text", [
    "xs[string length(n) > 1]", "xs[upper case(n) = \"A\"]", "xs[abs(k) > 5]",
    "count(xs[abs(k) > 5])", "xs[d > date(\"2020-01-01\")].n", "xs[floor(k) = 1]",
    "xs[substring(n, 1, 1) = \"b\"]", "[k + 1, xs[string length(n) > 1]]",
    "xs[string length(n) > 1][1]",
])  # fmt: skip
@pytest.mark.parametrize("bound", ["none", "a host's function", "a FEEL function", "a number"])
def test_a_filters_item_binding_a_built_ins_name_is_the_closures_call(text, bound):
    # an item's entry that is a function, named like a built-in the condition calls, is
    # called instead of it (by the closures: the generated code calls their call there);
    # an entry of another kind leaves the built-in
    value = {"none": None, "a host's function": lambda *arguments: 7, "a FEEL function": TEN_TIMES,
             "a number": 3}[bound]  # fmt: skip
    xs = [{"n": "a", "k": 1, "l": [1, 2], "d": datetime.date(2021, 1, 1)},
          {"n": "bc", "k": "x", "l": [5], "d": datetime.date(2019, 1, 1)}, 4]
    if value is not None:
        for name in ("string length", "upper case", "abs", "floor", "date", "substring"):
            xs[0][name] = value
    expression = DIALECTS["dmn"].compile(text, ["xs", "k"])
    assert expression.why_not_generated() is None
    assert_generated_is_closures(expression, {"xs": xs, "k": 2})

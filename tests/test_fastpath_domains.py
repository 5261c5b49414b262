"""Loops of the generated code over what is not a list, where they used to give up.

A ``for``, a quantifier or a filter over a value that is not a list takes it as the
closures do (DMN 1.5: a list of one item, a ``for`` warning that it did; null: null; the
Camunda dialect: null with a warning), in a slow branch of the generated code
(:func:`feel.iteration.iterated`, :func:`feel.iteration.filtered`); ``for i in a..b`` with
bounds that are not integers, or dates, asks :func:`feel.iteration.bounded`. The generated
tier runs to the end (a give-up would be :class:`feel.Declined`) and gives the closures'
value and warnings, in both dialects, and what reads the loop's result reads a null too.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

import feel
from tiers import assert_generated_is_closures
from bench.fuzz import identical, said

DOMAINS = {
    "null": None, "number": 5, "decimal": Decimal("2.5"), "string": "abc", "true": True,
    "context": {"a": 3, "b": "x"}, "tuple": (1, 2, 3), "list": [1, 2, 3], "empty": [],
    "date": datetime.date(2024, 2, 28), "contexts": [{"a": 1}, {"a": 5}, None],
}
EXPRESSIONS = [
    "for x in xs return x",
    "for x in xs return x.a",
    "(for x in xs return {a: x}).a",
    "count(for x in xs return 1)",
    "string(for x in xs return x)",
    "some x in xs satisfies x = 5",
    "every x in xs satisfies x != null",
    "if some x in xs satisfies x = 5 then 1 else 2",
    "xs[item != null]",
    "xs[item = 5]",
    "count(xs[item != null])",
    "for x in xs[item != null] return x",
    "xs[item != 0][item != 1]",
    "xs[item != 0].a",
    "xs[item != null].year",
]
DIALECTS = {"dmn": feel.Engine(), "camunda": feel.Engine(dialect="camunda")}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("text", EXPRESSIONS)
@pytest.mark.parametrize("domain", DOMAINS)
def test_a_loop_over_any_value_is_the_closures(dialect, text, domain):
    expression = DIALECTS[dialect].compile(text, ["xs"])
    given = {"xs": DOMAINS[domain]}
    assert_generated_is_closures(expression, given)


@pytest.mark.parametrize("text", ["xs[a > 2]", "xs[a > 2].a", "count(xs[a > 2])"])
@pytest.mark.parametrize("items", [{"a": 3, "b": "x"}, {"a": 1}, [{"a": 1}, {"a": 5}], None])
def test_a_filter_over_a_context_reads_its_entries_as_the_closures_do(text, items):
    expression = feel.compile(text, ["xs"])
    given = {"xs": items}
    closures = expression.closures_result(given)
    result = expression.program("generated").evaluate_result(given)
    assert identical(result.value, closures.value)
    assert said(result) == said(closures)


BOUNDS = {
    "integers": (1, 3), "down": (3, -2), "decimals": (Decimal("1.5"), 3), "floats": (1.0, 3.0),
    "strings": ("a", "c"), "mixed": (1, "c"), "nulls": (None, 3), "long": (1, 300),
    "dates": (datetime.date(2024, 2, 27), datetime.date(2024, 3, 2)),
    "a date and a number": (datetime.date(2024, 2, 27), 3),
}


@pytest.mark.parametrize("text", ["for i in a..b return i", "count(for i in a..b return i)",
                                  "for i in a..b return i + 1"])  # fmt: skip
@pytest.mark.parametrize("bounds", BOUNDS)
def test_a_range_of_any_bounds_is_the_closures(text, bounds):
    expression = feel.compile(text, ["a", "b"])
    low, high = BOUNDS[bounds]
    given = {"a": low, "b": high}
    assert_generated_is_closures(expression, given)


def test_the_warnings_say_what_was_iterated():
    expression = feel.compile("for x in xs return x", ["xs"]).program("generated")
    assert "can't iterate over null" in said(expression.evaluate_result({"xs": None}))[0][1]
    assert "list of one item" in said(expression.evaluate_result({"xs": 5}))[0][1]
    camunda = feel.Engine(dialect="camunda").compile("xs[item > 1]", ["xs"]).program("generated")
    result = camunda.evaluate_result({"xs": 5})
    assert result.value is None and "a list is expected" in said(result)[0][1]


class _Subclass(dict):
    """A dict subclass: a context for the closures."""


@pytest.mark.parametrize("text", ["xs[item != 0].a", "xs[item != 0].b", "count(xs[item != 0].a)"])
@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_projected_filter_takes_the_entries_of_any_kept_item_as_the_closures(text, dialect):
    # a filter projected in its loop: kept items that are not contexts with text keys
    # take the closures' member after the loop, with its warnings, in order
    items = [_Subclass(a=1), {1: "x", "a": 2}, datetime.date(2024, 1, 2), None, {"b": 3},
             {"a": 4}, "text", 5]  # fmt: skip
    assert_generated_is_closures(DIALECTS[dialect].compile(text, ["xs"]), {"xs": items})

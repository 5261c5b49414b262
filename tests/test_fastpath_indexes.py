"""Filters whose condition is a number, an index, in the generated code (they used to give up).

DMN 1.5 (10.3.2.5): ``xs[i]`` with a number ``i`` is the item at that position (1-based,
negative from the end), null with a warning out of range; the closures take a condition's
number as an index where it is the first item's verdict (the condition evaluated again,
outside any item), and an empty list's condition once, outside any item (its warnings
dropped). The generated tier runs to the end (a give-up would be :class:`feel.Declined`)
and gives the closures' value and warnings, in both dialects, over short lists, lists
long enough to be charged a chunk at a time, and values that are not lists.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import feel
from tiers import DIALECTS, assert_generated_is_closures, compiled_once

DOMAINS = {
    "null": None, "number": 5, "string": "abc", "context": {"a": 3},
    "numbers": [1, 2, 3], "empty": [], "contexts": [{"a": 1}, {"a": 5}, None],
    "lists": [[1, 2], [3]], "long": list(range(300)),
    "long contexts": [{"a": i} for i in range(300)],
}
INDEXES = {
    "1": 1, "2": 2, "-1": -1, "0": 0, "past the end": 7, "a fraction": Decimal("1.5"),
    "a float": 1.0, "text": "a", "null": None, "true": True,
}
EXPRESSIONS = [
    "xs[i]", "xs[-i]", "xs[i + 0]", "xs[i].a", "count(xs[i])", "xs[i][1]",
    "for x in xs[i] return x", "string(xs[i])", "xs[item != 1][i]", "xs[a]",
]
NAMES = ("xs", "i", "a")


def compiled(dialect: str, text: str) -> feel.Expression:
    """``text`` compiled once by the dialect's engine, with :data:`NAMES`."""
    return compiled_once(dialect, text, NAMES)


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("text", EXPRESSIONS)
@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("index", INDEXES)
def test_a_filter_by_an_index_is_the_closures(dialect, text, domain, index):
    given = {"xs": DOMAINS[domain], "i": INDEXES[index], "a": INDEXES[index]}
    assert_generated_is_closures(compiled(dialect, text), given)


def test_the_index_is_the_first_items_verdict_only():
    # a number after the first item is not an index: the closures' warning, the item not kept
    expression = feel.compile("xs[a]", ["xs"])
    given = {"xs": [{"a": False}, {"a": 2}, {"a": True}]}
    assert_generated_is_closures(expression, given)
    assert expression.program("generated").evaluate(given) == [{"a": True}]
    first = {"xs": [{"a": 2}, {"a": True}], "a": 2}
    assert_generated_is_closures(expression, first)
    assert expression.program("generated").evaluate(first) == {"a": True}  # `a` outside: 2

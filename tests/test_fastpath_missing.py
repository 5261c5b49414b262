"""Missing variables in filters under ``evaluate_result``: the closures' warnings, exactly.

A filter's condition reads a name from the item's entries first, then from the names
around it: the closures warn of a missing variable at each read (item after item), with a
hint of the closest name in scope (the item's entries, ``item``, a context's entries around
the filter, the host's variables). The generated code reads such a variable at its first
use and warns as they do, at each read; it runs to the end (a give-up would be
:class:`feel.Declined`) and gives their value and warnings, what they say and where.
"""

from __future__ import annotations

import pytest

import feel
from tiers import assert_generated_is_closures

EXPRESSIONS = [
    "xs[a > z]", "xs[a > z and z < 3]", "xs[z]", "count(xs[a = z])", "xs[a > z].a",
    "{q: 1, r: xs[a > z + q]}", "{zq: 1, r: xs[a > z]}", "xs[item.a > z]", "xs[a > zz]",
]
ITEMS = {
    "contexts": [{"a": 1}, {"a": 5, "z": 2}, {"b": 2}], "numbers": [1, 2, 3], "empty": [],
    "near names": [{"a": 1, "zed": 2}, {"zz": 1}], "null": None, "mixed": [{"a": 3}, 4, None],
}
HOSTS = {"none": {}, "z": {"z": 2}, "near": {"zz": 3, "y": 1}}


@pytest.mark.parametrize("text", EXPRESSIONS)
@pytest.mark.parametrize("items", ITEMS)
@pytest.mark.parametrize("host", HOSTS)
def test_a_missing_variable_in_a_filter_is_the_closures_warning(text, items, host):
    expression = feel.compile(text, ["xs", "z", "zz", "y"])
    assert_generated_is_closures(expression, {"xs": ITEMS[items], **HOSTS[host]})


@pytest.mark.parametrize("text", ["[a.b, a.b]", "a.b + a.b", "[a.b.c, a.b.c]",
                                  "if a.b = null then a.b else 1", "for x in [1, 2] return [a.b, a.b]"])  # fmt: skip
@pytest.mark.parametrize("a", [{}, {"b": None}, {"b": {}}, {"c": 1}, 5, None, [{"b": 1}, {}]],
                         ids=["empty", "null entry", "empty entry", "other entry", "number", "null",
                              "list"])  # fmt: skip
def test_a_path_read_again_warns_again_where_its_entry_is_missing(text, a):
    # the closures read `a.b` at each place it is written, warning at each read of a
    # missing entry; the generated code reads it once and warns again where it is read again
    expression = feel.compile(text, ["a"])
    assert expression.why_not_generated() is None
    assert_generated_is_closures(expression, {"a": a})

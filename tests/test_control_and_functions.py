"""if, for, some/every, filters, paths, function definitions and invocation."""

import pytest
from feelcheck import check

import feel

ITEMS = [{"name": "a", "price": 5}, {"name": "b", "price": 20}, {"name": "c", "price": 30}]

CASES = [
    ('if 1 < 2 then "yes" else "no"', None, "yes"),
    ('if null then "yes" else "no"', None, "no"),
    ('if 1 then "yes" else "no"', None, "no"),
    ("for x in [1, 2, 3] return x * 2", None, [2, 4, 6]),
    ("for x in 1..3 return x", None, [1, 2, 3]),
    ("for x in 3..1 return x", None, [3, 2, 1]),
    ("for x in [1, 2], y in [10, 20] return x + y", None, [11, 21, 12, 22]),
    ("for i in 0..4 return if i = 0 then 1 else partial[-1] * 2", None, [1, 2, 4, 8, 16]),
    ("for x in [] return x", None, []),
    ("some x in [1, 2, 3] satisfies x > 2", None, True),
    ("every x in [1, 2, 3] satisfies x > 2", None, False),
    ("every x in [] satisfies x > 2", None, True),
    ("some x in [1, 2], y in [2, 3] satisfies x = y", None, True),
    ("items[price > 10].name", {"items": ITEMS}, ["b", "c"]),
    ("items[item.price > 10].name", {"items": ITEMS}, ["b", "c"]),
    ("items[1].name", {"items": ITEMS}, "a"),
    ("items[-1].name", {"items": ITEMS}, "c"),
    ("items[0]", {"items": ITEMS}, None),
    ("items.price", {"items": ITEMS}, [5, 20, 30]),
    ("[1, 2, 3][item >= 2]", None, [2, 3]),
    ("[1, 2, 3][i]", {"i": 2}, 2),
    ("5[item > 2]", None, [5]),
    ("{a: {b: 1}}.a.b", None, 1),
    ("{a: 1}.b", None, None),
    ("[1..10].start", None, 1),
    ("[1..10).end included", None, False),
    ("(function(x) x * 2)(21)", None, 42),
    ("(function(a, b) a - b)(b: 1, a: 5)", None, 4),
    ("{f: function(x) x + y, y: 10, r: f(1)}.r", None, 11),
    ("{fact: function(n) if n < 2 then 1 else n * fact(n - 1), r: fact(10)}.r", None, 3628800),
    ("(function(x: number) x)(\"a\")", None, None),
    ("(function(x) x)(1, 2)", None, None),
    ("1 instance of number", None, True),
    ('"a" instance of number', None, False),
    ("null instance of number", None, False),
    ("null instance of Null", None, True),
    ("[1, 2] instance of list<number>", None, True),
    ('[1, "a"] instance of list<number>', None, False),
    ("{a: 1} instance of context<a: number>", None, True),
    ("(function(x) x) instance of function<Any> -> Any", None, True),
    ("[1..2] instance of range<number>", None, True),
    ("1 instance of Any", None, True),
    ("{a: 1, b: 2}", None, {"a": 1, "b": 2}),
    ('{"a b": 1}', None, {"a b": 1}),
    ("[]", None, []),
    ("{}", None, {}),
]  # fmt: skip


@pytest.mark.parametrize("expression, variables, expected", CASES)
def test_value(expression, variables, expected):
    check(expression, expected, variables)


def test_function_value_is_returned():
    value = feel.evaluate("function(a, b) a + b")
    assert isinstance(value, feel.Function)
    assert value.parameter_names() == ("a", "b")


def test_huge_iteration_is_refused():
    with pytest.raises(feel.BudgetExceeded) as caught:
        feel.evaluate("for x in 1..1000000000 return x")
    assert caught.value.budget == "size"


def test_runaway_recursion_is_stopped():
    with pytest.raises(feel.BudgetExceeded):
        feel.evaluate("{f: function(n) f(n + 1), r: f(1)}.r")


def test_step_budget():
    engine = feel.Engine(max_steps=10_000)
    with pytest.raises(feel.BudgetExceeded) as caught:
        engine.evaluate("for x in 1..200, y in 1..200 return x")
    assert caught.value.budget == "steps"


def test_time_budget():
    engine = feel.Engine(timeout=0.05, max_steps=0)
    with pytest.raises(feel.BudgetExceeded) as caught:
        engine.evaluate("for x in 1..1000, y in 1..1000, z in 1..1000 return 1")
    assert caught.value.budget in ("time", "size")


def test_string_budget():
    engine = feel.Engine(max_string=1000)
    with pytest.raises(feel.BudgetExceeded) as caught:
        engine.evaluate('{s: "x" * 1, f: function(t, n) if n = 0 then t else f(t + t, n - 1), r: f("ab", 20)}.r')
    assert caught.value.budget == "size"


def test_duplicate_context_key_is_null_with_warning():
    result = feel.evaluate_result("{a: 1, a: 2}")
    assert result.value is None and "duplicate" in result.warnings[0].message

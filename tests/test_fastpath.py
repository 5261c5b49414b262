"""The fast paths (feel.fastpath) against the closures: same value, or they give up.

Every case of the language tables also runs both ways (tests/feelcheck.py); here random
variables of every kind, including the ones a fast path must refuse, meet expressions of
every construct the translation covers.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from feelcheck import same
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import feel
from bench.fuzz import identical, said
from feel import fastpath
from feel.errors import FeelError

ENGINE = feel.Engine()

#: Expressions that must get a fast path, one or more per construct it covers.
COVERED = [
    "x + y", "x - y * 2", "x / y", "-x", "x + 1", "1.5 * x - 3", "s + t", 's + "!"',
    "x = y", "x != y", "x < y", "x >= 10", 's = "404"', "s < t", "x = null", "null != s",
    "x = true", "b = true",
    "x between 1 and 10", "x between y and 10", "x in [1..10)", "x in (0..5]",
    "x in (1, 5, [7..9])", "x in [1, 2, 10]", 's in ("a", "abc")', 's in ["404", "b"]',
    "x in ([1, 2], 5)",
    "x > 1 and y < 5", 'x > 1 or s = "a"', "b and c", "b or c",
    'if x > 5 then "big" else "small"', 'if s = "404" then {code: s, n: x} else null',
    "if b then x else y",
    "{a: x, b: a + 1, c: {d: b, e: y}}", "{x: 1, y: x + 1, z: y}", "[x, y, s]", "[]",
    "x instance of number", "s instance of string", "error", "error.code",
    "error.code.name", "error.message + s", "items.price", "items[price > 10].name",
    "items[item.price > x]", "items[name = s]", "items[starts with(name, t)]", "numbers[x]", "items[s]", "items[price > 10][name = s].price",
    "some n in numbers satisfies n > x", "every n in numbers satisfies n > 0",
    "some i in items satisfies i.price > 3",
    "for n in numbers return n * 2", "for i in 1..5 return i * i", "for i in x..y return i",
    "sum(for n in numbers return n * 2)", "for i in items return i.name",
    "max(numbers)", "min(numbers)", "sum(numbers)", "count(items)", "mean(numbers)",
    "upper case(s)", "lower case(s)", "string length(s)", "substring(s, 2, 2)",
    "substring(s, 1)", "substring(s, x, 2)", "contains(s, t)", 'starts with(s, "a")',
    "ends with(s, t)", "abs(x)", "floor(x)", "round half up(x, 1)", "not(x > 1)",
    "decimal(x, 2)", "modulo(x, y)", 'date("2023-01-31") + duration("P1D")',
    "upper case(substring(s, 1, 3))", 'number(s)', "string(x)", 's + string(x)', "string(s)",
    "string(error)", "string([x])", "string(items)", "is defined(x)", "is defined(error.code)", "is defined(error.code.name)",
    "is defined(x + 1)", "if is defined(error.nope) then 1 else 2", "{a: 1, b: is defined(a)}",
]  # fmt: skip

#: Names the expressions read; the variables draw their keys from these (and a few more
#: that shadow built-ins).
NAMES = ["x", "y", "s", "t", "b", "c", "error", "items", "numbers", "price", "name", "max",
         "upper case", "date"]  # fmt: skip

ODD_NUMBERS = [Decimal("1E+7000"), Decimal("1E-7000"), Decimal("NaN"), Decimal("-Infinity"),
               Decimal("-0"), Decimal("0.1"), Decimal("1.000"), Decimal("123456789012345678901234567890123456789")]  # fmt: skip


class Sub(Decimal):
    """A Decimal subclass a host might pass."""


#: Numbers near the constants of the expressions, so that boundaries are hit.
near = st.integers(-2, 12) | st.sampled_from([Decimal("10"), Decimal("10.0"), Decimal("5.00")])
scalars = st.one_of(
    st.none(), st.booleans(), near, st.integers(), st.floats(),
    st.decimals(places=2, min_value=-50, max_value=50), st.sampled_from(ODD_NUMBERS),
    st.builds(Sub, st.integers(-5, 5)),
    st.sampled_from(["", "a", "404", "500", "abc", "ß", "12", "Ada", "b"]), st.text(max_size=4),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5)
    | st.tuples(inner, inner)
    | st.dictionaries(st.sampled_from(["code", "name", "price", "message", "item", 1]), inner,
                      max_size=4),
    max_leaves=12,
)
items = st.lists(st.fixed_dictionaries({"name": scalars, "price": near | scalars}) | values,
                 max_size=6)  # fmt: skip
_ABSENT = object()
_KINDS = {name: values for name in NAMES} | {
    "x": near | values, "y": near | values, "s": scalars, "t": scalars, "b": scalars,
    "c": scalars, "items": items, "numbers": st.lists(near | scalars, max_size=8),
    "max": st.just(_ABSENT) | values, "upper case": st.just(_ABSENT) | values,
    "date": st.just(_ABSENT) | values,
}  # fmt: skip
variables = st.fixed_dictionaries(
    {name: st.just(_ABSENT) | kind for name, kind in _KINDS.items()}
).map(lambda drawn: {name: value for name, value in drawn.items() if value is not _ABSENT})


def fast_path_of(text: str):
    """The compiled expression and its ``"generated"`` program (None when it has none)."""
    expression = ENGINE.compile(text, NAMES)
    try:
        return expression, expression.program("generated")
    except feel.Declined:
        return expression, None


@pytest.mark.parametrize("text", COVERED)
def test_covered_expressions_get_a_fast_path(text):
    assert fast_path_of(text)[1] is not None, text


@pytest.mark.parametrize("text", COVERED)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(variables=variables)
def test_fast_path_gives_the_closures_value_or_gives_up(text, variables):
    expression, fast = fast_path_of(text)
    try:
        closures = expression.closures_result(variables)
    except FeelError:
        return  # (a budget, or variables the closures refuse)
    expected = closures.value
    try:
        actual = fast.evaluate(variables)
    except feel.Declined:
        return  # gave up: the closures evaluate
    assert identical(actual, expected), (
        f"\n{text}\nvariables: {variables!r}\nfast: {actual!r}\nclosures: {expected!r}"
        f"\n{fast.source}")  # fmt: skip
    try:  # with its warnings: those the closures give, or it gives up
        result = fast.evaluate_result(variables)
    except feel.Declined:
        return
    assert identical(result.value, expected) and said(result) == said(closures), (
        f"\n{text}\nvariables: {variables!r}\nfast: {said(result)}\nclosures: {said(closures)}")



# Well-typed variables: the common case, which the fast path must take (not give up on).
COMMON = {
    "x": Decimal(7), "y": 3, "s": "abc", "t": "b", "b": True, "c": False,
    "error": {"code": {"name": "E1"}, "message": "oops "},
    "items": [{"name": f"item {i}", "price": Decimal(i * 3)} for i in range(6)],
    "numbers": [Decimal(i) for i in range(1, 9)], "price": 0, "name": "item 2",
}  # fmt: skip


@pytest.mark.parametrize("text", COVERED)
def test_fast_path_takes_the_common_case(text):
    expression, fast = fast_path_of(text)
    expected = expression.closures_result(COMMON).value
    actual = fast.evaluate(COMMON)  # raises if it gives up
    assert identical(actual, expected)


@pytest.mark.parametrize("text", [
    "for x in xs, y in ys return x + y",    # several iteration contexts
    "for x in xs return partial",           # partial
    "f(1)",                                 # a function of the host
    "xs[true]",                             # a constant condition that is not a number
    "for a in xs return for b in a return b",   # a loop in a loop
    "2 ** x",                               # power
    "{a: 1, a: 2}",                         # a duplicate entry
])  # fmt: skip
def test_constructs_left_to_the_closures(text):
    assert fast_path_of(text)[1] is None


def test_evaluate_switches_to_the_fast_path_at_the_second_evaluation(monkeypatch):
    made = []
    translate = fastpath.translate
    monkeypatch.setattr(fastpath, "translate", lambda *args: made.append(args) or translate(*args))
    expression = ENGINE.compile("x * 2", ["x"])
    assert expression.evaluate({"x": 2}) == 4 and not made
    assert expression.evaluate({"x": 3}) == 6 and len(made) == 1
    assert expression.evaluate({"x": 4}) == 8 and len(made) == 1
    # what the fast path gives up on, the closures evaluate (with their warnings)
    assert expression.evaluate({"x": "a"}) is None
    assert expression.evaluate_result({"x": "a"}).warnings


def test_a_variable_that_shadows_a_built_in_is_left_to_the_closures():
    expression = ENGINE.compile("upper case(s)", ["s", "upper case"])
    for _ in range(3):
        assert expression.evaluate({"s": "a"}) == "A"
    assert expression.why_not_generated() is None
    assert expression.evaluate({"s": "a", "upper case": lambda s: s + "!"}) == "a!"


@pytest.mark.parametrize("text", ["count(xs)", "max(xs)", 'date("2023-01-31")', "string length(s)"])
def test_a_variable_of_another_kind_named_like_a_built_in_stays_in_the_generated_code(text):
    """Only a function bound to the name is called instead of the built-in: a host's
    number, list or text of that name (JSON keys such as "count" or "date") leaves the
    call to the generated code, and is not read (one containing itself does not matter)."""
    cyclic: dict = {}
    cyclic["self"] = cyclic
    name = text.split("(")[0]
    expression, fast = fast_path_of(text)
    for value in (5, [1, 2], "text", cyclic):
        variables = {"xs": [1, 3], "s": "abc", name: value}
        expected = expression.closures_result(variables)
        assert expected.warnings == []
        assert identical(fast.evaluate(variables), expected.value), (text, value)
    with pytest.raises(feel.Declined):  # a function of that name: the closures call it
        fast.evaluate({"xs": [1, 3], "s": "abc", name: lambda *args: 0})


def test_budgets_still_hold_on_the_fast_path():
    engine = feel.Engine(max_string=10)
    expression = engine.compile("s + s", ["s"])
    for _ in range(3):
        assert expression.evaluate({"s": "abc"}) == "abcabc"
    assert expression.why_not_generated() is None
    with pytest.raises(feel.BudgetExceeded):
        expression.evaluate({"s": "abcdef"})


def test_a_long_list_is_walked_by_the_built_in_in_the_state():
    # (it gave up, once: see tests/test_fastpath_long_lists.py for loops and other built-ins)
    expression = ENGINE.compile("max(numbers)", ["numbers"])
    long = list(range(fastpath.MAX_ITEMS + 10))
    for _ in range(3):
        assert expression.evaluate({"numbers": long}) == fastpath.MAX_ITEMS + 9
    assert expression.program("generated").evaluate({"numbers": long}) == fastpath.MAX_ITEMS + 9


def test_decimal_subclasses_are_numbers():
    assert feel.evaluate("x + 1", {"x": Sub(2)}) == 3
    assert type(feel.evaluate("x", {"x": Sub(2)})) is Decimal
    assert not math.isnan(feel.evaluate("max(xs)", {"xs": [Sub(1), Decimal(0)]}))


# Found by a review: each gave another value than the closures, or cost far more.


@pytest.mark.parametrize("text, variables", [
    ("substring(s, 1)", {"s": "a" * 20}),
    ("substring(s, 2, 15)", {"s": "a" * 20}),
    ("string(s)", {"s": "a" * 20}),
    ("string(x)", {"x": 10**30}),
    ("upper case(s)", {"s": "a" * 20}),
    ("s + t", {"s": "a" * 6, "t": "b" * 6}),
    ('s + "!"', {"s": "a" * 10}),
    ("x + s", {"x": "a" * 6, "s": "b" * 6}),
])  # fmt: skip
def test_inlined_built_ins_keep_the_string_budget(text, variables):
    engine = feel.Engine(max_string=10)
    expression = engine.compile(text, list(variables))
    for _ in range(3):
        with pytest.raises(feel.BudgetExceeded) as closures:
            expression.evaluate(variables)
    # the generated code raises the budget itself, as the closures do: nothing runs again
    with pytest.raises(feel.BudgetExceeded) as generated:
        expression.program("generated").evaluate(variables)
    assert str(generated.value) == str(closures.value)


@pytest.mark.parametrize("text", ["substring(s, 5)", "substring(s, 4, 2)", "upper case(substring(s, 9, 1))"])
def test_a_substring_past_the_end_warns_in_the_generated_code(text):
    """The general call in the slow branch: the closures' null and warning, not a give-up."""
    expression, fast = fast_path_of(text)
    variables = {"s": "abc"}
    actual, expected = fast.evaluate_result(variables), expression.closures_result(variables)
    assert actual.value is None and said(actual) == said(expected) != []


QUANTIFIED_LISTS = [[1, 2], [None, 3], [True, 5, None], [False, None], [None, True], [],
                    [{"a": "s"}, {"a": True}], [2.5, "t"]]


@pytest.mark.parametrize("dialect", ["dmn", "camunda"])
@pytest.mark.parametrize("text", ["some x in xs satisfies x", "every x in xs satisfies x",
                                  "some x in xs satisfies x > 1", "every x in xs satisfies x = 1",
                                  "some x in xs satisfies x.a"])  # fmt: skip
def test_a_quantifier_settles_and_warns_as_the_closures(text, dialect):
    """A verdict neither true nor false: unsettled (null with three values, Camunda), and
    the closures' warning, once, when it is not a null either; in the generated code."""
    engine = feel.Engine() if dialect == "dmn" else feel.Engine(dialect="camunda")
    expression = engine.compile(text)
    program = expression.program("generated")
    for xs in QUANTIFIED_LISTS:
        expected = expression.closures_result({"xs": xs})
        actual = program.evaluate_result({"xs": xs})
        assert actual.value == expected.value and said(actual) == said(expected), (xs, actual, expected)
        assert program.evaluate({"xs": xs}) == expected.value


@pytest.mark.parametrize("text", ["xs[item.a]", "xs[item.a].b", "count(xs[item.a])", "xs[a].b"])
def test_a_filter_verdict_neither_boolean_nor_null_warns_as_the_closures(text):
    """After an item is kept, a verdict of another kind is the closures' warning, once, in
    the generated code; the first item's number is an index, as the closures take it (the
    condition evaluated outside any item, where `item` is a missing variable)."""
    expression, program = fast_path_of(text)
    kept_first = {"xs": [{"a": True, "b": 1}, {"a": "s", "b": 2}, {"a": 3, "b": 3}, {"a": True, "b": 4}]}
    expected = expression.closures_result(kept_first)
    actual = program.evaluate_result(kept_first)
    assert actual.value == expected.value and said(actual) == said(expected) != [], (actual, expected)
    for first_a_number in ({"xs": [{"a": 1, "b": 1}, {"a": True, "b": 2}], "a": 1},
                           {"xs": [{"a": 1, "b": 1}], "item": {"a": 1, "b": 2}, "a": 2}):
        expected = expression.closures_result(first_a_number)
        actual = program.evaluate_result(first_a_number)
        assert actual.value == expected.value and said(actual) == said(expected), (actual, expected)


class Ordered(dict):
    """A dict subclass: a context for the closures."""


@pytest.mark.parametrize("text, variables", [
    ("xs[a = null]", {"xs": [Ordered(a=2)]}),
    ("xs[a = 3]", {"xs": [Ordered(a=3)], "a": 5}),
    ("xs[abs(-1) = 1]", {"xs": [Ordered(abs=lambda x: 5)]}),
])  # fmt: skip
def test_filter_items_of_a_dict_subclass_are_contexts(text, variables):
    expression = ENGINE.compile(text, list(variables))
    expected = expression.closures_result(variables).value
    for _ in range(3):
        assert same(expression.evaluate(variables), expected)


class Contrary(Decimal):
    """Orders itself backwards."""

    def __lt__(self, other):
        return Decimal.__gt__(self, other)

    def __gt__(self, other):
        return Decimal.__lt__(self, other)


def test_a_decimal_subclass_cannot_order_max():
    expression = ENGINE.compile("max(xs)", ["xs"])
    for _ in range(3):
        assert expression.evaluate({"xs": [Contrary("100"), Decimal("5")]}) == 100


@pytest.mark.parametrize("text", ["for i in xs return y", "xs[y != null].y"])
def test_a_value_read_in_a_loop_is_checked_once(text):
    # y is a tuple: each check makes a new list, so one list in the results means one check
    variables = {"xs": [{"y": None}] * 50 if "[" in text else list(range(50)), "y": (1, 2)}
    expression = ENGINE.compile(text, list(variables))
    for _ in range(3):
        result = expression.evaluate(variables)
    assert expression.why_not_generated() is None
    if text.startswith("for"):
        assert len({id(item) for item in result}) == 1


def test_code_python_cannot_compile_means_no_fast_path():
    text = "(x and " * 110 + "x" + ")" * 110
    assert fast_path_of(text)[1] is None


def test_a_huge_constant_argument_is_the_general_call():
    expression, fast = fast_path_of("substring(s, 1, 1" + "0" * 5000 + ")")
    assert fast.evaluate({"s": "abc"}) == expression.closures_result({"s": "abc"}).value == "abc"


class NamedAbs:
    """A key whose text is the name of a built-in."""

    def __str__(self):
        return "abs"


@pytest.mark.parametrize("text, variables", [
    ("xs[None = null]", {"xs": [{None: 5}]}),                  # an entry named None
    ("count(xs[None = null])", {"xs": [{None: 5}, {"a": 1}]}),
    ("xs[abs(a) = 1]", {"xs": [{NamedAbs(): lambda z: 7, "a": -1}]}),
    ("is defined(None)", {None: 1}),
    ("{r: is defined(None)}", {None: 1}),
])  # fmt: skip
def test_keys_of_other_kinds_are_made_text_as_the_closures_make_them(text, variables):
    expression = ENGINE.compile(text, [name for name in variables if type(name) is str])
    expected = expression.closures_result(variables).value
    for _ in range(3):
        assert identical(expression.evaluate(variables), expected)


def test_a_path_off_a_variable_in_a_filter_is_checked_once():
    # y.a is a tuple: each check makes a new list, so one list in the results means one check
    variables = {"xs": [1, 2, 3], "y": {"a": (1, 2)}}
    expression = ENGINE.compile("for i in xs[y.a != null] return y.a", list(variables))
    for _ in range(3):
        result = expression.evaluate(variables)
    assert expression.why_not_generated() is None and len(result) == 3
    assert len({id(item) for item in result}) == 1


# JSON numbers (ints, floats) read as they come: compared with whole constants as ints,
# max/min picked among them; each value must be what the closures give after converting.
JSON_NUMBERS = [0, 1, 99, 100, -100, 250, 299, 300, 10**33, 10**34, -10**35, 10**6001, True,
                0.5, 99.0, 99.5, 1e300, float("nan"), float("inf"), -0.0, 2**60, 2**60 + 1]


@pytest.mark.parametrize("text", ["x > 99", "x = 100", "x != 100", "x <= -100", "x between 1 and 299",
                                  "x in [200..299]", "x in ([200..299], (300..400))", "x in (1..100]",
                                  "some y in xs satisfies y > 99", "max(xs)", "min(xs)"])  # fmt: skip
@pytest.mark.parametrize("x", JSON_NUMBERS, ids=[f"number{i}" for i in range(len(JSON_NUMBERS))])
def test_json_numbers_are_read_as_the_closures_convert_them(text, x):
    for variables in ({"x": x, "xs": [x, 3, x]}, {"x": x, "xs": [x, 2**60, x]},
                      {"x": x, "xs": [0.25, x, 1.5]}, {"x": x, "xs": [x]},
                      {"x": x, "xs": [7, x, -(10**36)]}, {"x": x, "xs": [10**33, x, 10**33]}):  # fmt: skip
        _assert_generated_code_agrees(text, variables)


def _assert_generated_code_agrees(text: str, variables: dict) -> None:
    """The generated code of ``text`` gives the closures' value on ``variables``, or gives up."""
    expression, fast = fast_path_of(text)
    expected = expression.closures_result(variables).value
    try:
        actual = fast.evaluate(variables)
    except feel.Declined:
        return  # the closures evaluate
    assert identical(actual, expected), (text, variables, actual, expected)


def test_json_numbers_take_the_generated_code():
    """The common JSON shapes are computed by the generated code, not given up on."""
    for text, variables in [("max(xs)", {"xs": [3, 1, 2]}), ("min(xs)", {"xs": [0.5, 1.5]}),
                            ("x in [200..299]", {"x": 204}), ("x between 1 and 10", {"x": 5}),
                            ("some y in xs satisfies y > 99", {"xs": list(range(101))})]:  # fmt: skip
        assert fast_path_of(text)[1].evaluate(variables) is not None, text


@pytest.mark.parametrize("text", ["items[price > 99].name", "items[price = 100]", "items[price between 1 and 299]",
                                  "items[price in [200..299]]", "items[price != 100 and price < 300]"])  # fmt: skip
@pytest.mark.parametrize("x", JSON_NUMBERS, ids=[f"number{i}" for i in range(len(JSON_NUMBERS))])
def test_json_numbers_in_filter_items_are_read_as_the_closures_convert_them(text, x):
    # a host item's entry is checked where it is used, as a variable is
    for variables in ({"items": [{"price": x, "name": "a"}, {"price": 150, "name": "b"}]},
                      {"items": [{"name": "c"}, {"price": x}], "price": 250}):  # fmt: skip
        _assert_generated_code_agrees(text, variables)


def test_json_items_and_empty_lists_take_the_generated_code():
    """A filter of JSON items compares their entries as they are, and a filter of an
    empty list whose condition can be no index keeps nothing, without the closures."""
    for text, variables, value in [
            ("items[price > 10].name", {"items": [{"price": 3, "name": "a"}, {"price": 12, "name": "b"}]}, ["b"]),
            ("items[price > 10].name", {"items": []}, []),
            ("items[price in [1..5] or price = 7]", {"items": [], "price": 7}, []),
            ("items[item.price > limit]", {"items": [], "limit": 1}, [])]:  # fmt: skip
        assert fast_path_of(text)[1].evaluate(variables) == value, text


class Shadow(dict):
    """A context subclass: the closures read it."""


#: Lists of items a filter projected in its loop meets: entries missing, null, of other
#: kinds, items that are no context, a context subclass, and the common JSON shape.
PROJECTED_ITEMS = [
    [{"price": 3, "name": "a"}, {"price": 12, "name": "b"}, {"price": 30, "name": "c"}],
    [{"price": 12}, {"price": 20, "name": None}, {"price": 40, "name": 7}, {"price": 50, "name": 2.5}],
    [{"price": 12, "name": [1, {"a": 2}]}, {"price": 13, "name": {"x": 1}}],
    [None, {"price": 12, "name": "b"}, 5, "text"],
    [{"price": "12", "name": "a"}, {"price": 12, "name": "b"}],
    [{"price": None, "name": "a"}, {"price": Decimal("12.5"), "name": "b"}, {"price": 10**40, "name": "c"}],
    [Shadow({"price": 12, "name": "a"})], [{1: 2, "price": 12, "name": "a"}], [],
]


@pytest.mark.parametrize("text", ["items[price > 10].name", "count(items[price > 10].name)",
                                  "items[item.price > 10].name",
                                  'items[price > 10][name = "b"].price', "items[price > limit].name",
                                  "sum(items[price > 10].price)"])  # fmt: skip
@pytest.mark.parametrize("items", PROJECTED_ITEMS, ids=[f"items{i}" for i in range(len(PROJECTED_ITEMS))])
def test_a_filter_projected_in_its_loop_gives_the_closures_result(text, items):
    """``items[condition].name`` keeps and projects in one loop: the closures' value and
    warnings, or it gives up."""
    variables = {"items": items, "limit": 10}
    expression, fast = fast_path_of(text)
    assert fast is not None, text
    expected = expression.closures_result(variables)
    try:
        value = fast.evaluate(variables)
    except feel.Declined:  # the closures evaluate
        pass
    else:
        assert identical(value, expected.value), (text, items, value, expected.value)
    try:
        actual = fast.evaluate_result(variables)
    except feel.Declined:
        return
    assert identical(actual.value, expected.value), (text, items, actual.value, expected.value)
    assert said(actual) == said(expected), (text, items)


def test_the_common_projected_filter_takes_the_generated_code():
    fast = fast_path_of("items[price > 10].name")[1]
    assert fast.evaluate_result({"items": PROJECTED_ITEMS[0]}).value == ["b", "c"]
    assert fast.evaluate({"items": PROJECTED_ITEMS[1]}) == [None, None, Decimal(7), Decimal("2.5")]


def test_a_filter_of_an_empty_list_by_a_number_is_an_index():
    # `[][n]` is null with a warning (the closures evaluate the condition where the filter
    # is, and the generated code so), another verdict there keeps nothing
    expression, fast = fast_path_of("items[n + 0]")
    for n in (1, -1, "a", None):
        variables = {"items": [], "n": n}
        expected = expression.closures_result(variables)
        actual = fast.evaluate_result(variables)
        assert actual.value == expected.value and said(actual) == said(expected), (n, actual)
        assert fast.evaluate(variables) == expected.value
    assert said(fast.evaluate_result({"items": [], "n": 1})) != []
    assert fast.evaluate({"items": [], "n": "a"}) == []


@pytest.mark.parametrize("text, variables", [
    ("{id: response.body.id, name: response.body.name}", {"response": {"body": {"name": "x", "idd": 2}}}),
    ("error.code", {"error": {}}),
    ("items.name", {"items": [{"nam": 1}, {"name": "a"}, None, {}]}),
    ("for x in xs return x.a", {"xs": [{"b": 1}, {"a": 2}, {"aa": 3}]}),
    ("if error.code = 404 then 1 else 2", {"error": {"message": "m"}}),
    # a filter projected in its loop: the closures' projection warns after the filter
    ("items[price > 10].name", {"items": [{"price": 11}, {"price": 12, "name": "b"}, {"price": 13, "nme": 1}]}),
    ("items[price > 10].name", {"items": [{"price": 11}, {"price": "x"}, {"price": 12, "name": "b"}]}),
])  # fmt: skip
def test_a_missing_context_entry_warns_in_the_generated_code(text, variables):
    """A missing entry is null with the closures' warning (their hint too), said by the
    generated code's slow branch: ``evaluate_result`` does not give up and run again."""
    expression, fast = fast_path_of(text)
    closures = expression.closures_result(variables)
    result = fast.evaluate_result(variables)  # (Declined if it gave up)
    assert identical(result.value, closures.value) and said(result) == said(closures)
    assert any(w.kind == feel.WarningKind.NO_CONTEXT_ENTRY_FOUND for w in result.warnings)


def test_a_projection_that_gives_up_warns_once():
    # the item [] stops the generated projection after the item {} warned: the general
    # member that follows says it again, so the first is taken back
    expression, fast = fast_path_of("error.message + s")
    variables = {"s": "x", "error": [{}, []]}
    closures = expression.closures_result(variables)
    assert said(expression.evaluate_result(variables)) == said(closures)
    assert said(fast.evaluate_result(variables)) == said(closures)


@pytest.mark.parametrize("text, variables", [
    ("x + 1", {"xx": 1}),
    ("{a: x, b: y}", {"xy": 1}),
    ("if x > 1 then y else z", {"x": 2, "zz": 1}),
    ('upper case(name)', {"nmae": "a"}),
    ("if x then 1 else 2", {"x": 3}),
    ("if x then 1 else 2", {"x": "yes"}),
])  # fmt: skip
def test_a_missing_variable_read_once_warns_in_the_generated_code(text, variables):
    """A variable read at one place where no name is bound, missing, is null with the
    closures' warning and hint (and an ``if`` condition of another kind, its warning), said
    by the generated code: ``evaluate_result`` does not give up."""
    expression, fast = fast_path_of(text)
    closures = expression.closures_result(variables)
    result = fast.evaluate_result(variables)  # (Declined if it gave up)
    assert identical(result.value, closures.value) and said(result) == said(closures)
    assert result.warnings


@pytest.mark.parametrize("text", ["x + x", "for i in [1, 2] return i + x", "{a: 1, b: x + a}"])
def test_a_missing_variable_read_again_or_under_bound_names_is_for_the_closures(text):
    # the closures warn at each read, with hints of the names bound there
    expression, fast = fast_path_of(text)
    closures = expression.closures_result({"y": 1})
    assert closures.warnings
    with pytest.raises(feel.Declined):
        fast.evaluate_result({"y": 1})
    assert said(expression.evaluate_result({"y": 1})) == said(closures)


def test_string_of_a_list_or_context_is_called_in_the_generated_code():
    """``string()`` of a list or context walks it: called by the generated code in the
    state of its slow branches (its budgets), not given up on."""
    engine = feel.Engine(max_string=1000)
    for text, variables in [("string(xs)", {"xs": [1, "a", {"b": None}]}),
                            ("string(x)", {"x": {"a": [1, 2.5]}}), ("string([x])", {"x": "q"})]:
        expression = engine.compile(text, ["x", "xs"])
        fast = expression.program("generated")
        assert fast.evaluate(variables) == expression.closures_result(variables).value
    big, expression = {"xs": ["a" * 600, "b" * 600]}, engine.compile("string(xs)", ["xs"])
    with pytest.raises(feel.BudgetExceeded) as closures:
        expression.program("closures").evaluate(big)
    with pytest.raises(feel.BudgetExceeded) as generated:  # (raised by the code itself)
        expression.program("generated").evaluate(big)
    assert str(generated.value) == str(closures.value)


@pytest.mark.parametrize("text", COVERED + ['string("a")', 'upper case("a")', 'string(1)'])
def test_generated_code_never_assigns_a_constant_cell(text):
    # a constant is a cell of the generated function (k0, k1...): assigning one anywhere
    # makes it a local of the function, unbound where it is read first (string("a") gave
    # up with an UnboundLocalError on every evaluation, its size check assigned k0)
    expression, fast = fast_path_of(text)
    if fast is None:
        return
    header, *body = fast.source.splitlines()
    cells = set(re.findall(r"\bk\d+\b", header))
    assigned = {match.group(1) for line in body
                if (match := re.match(r"\s*(?:if .*: )?(\w+) = ", line))}  # fmt: skip
    assert not assigned & cells, fast.source
    fast.evaluate(COMMON)  # (and it runs: raises if it gave up)


GIANTS = [10**7000, -10**7000, 10**6001, -10**6001, 10**40, -10**40, 10, -5, 0, 3]


@pytest.mark.parametrize("operator", ["<", "<=", ">", ">=", "=", "!="])
@pytest.mark.parametrize("form", ["xs[item {op} {c}]", "for x in xs return if x {op} {c} then 1 else 2",
                                  "for x in xs return x {op} {c}", "xs[not(item {op} {c})]",
                                  "xs[item {op} {c} and item != 3]", "xs[item {op} {c} or item = 3]"])
@pytest.mark.parametrize("constant", [-5, 0, 10])
def test_host_ints_past_feels_range_compare_as_the_closures_say(operator, form, constant):
    # where only a true verdict matters (a filter's, an if's condition), the int is tested
    # against one bound of FEEL's range, on the side where it can compare true (past the
    # other, false and null are alike: writer.truthy); elsewhere against both
    text = form.format(op=operator, c=constant)
    expression, fast = fast_path_of(text.replace("xs", "numbers"))
    assert fast is not None, text
    for value in GIANTS:
        variables = {"numbers": [value, 3, value]}
        closures = expression.closures_result(variables)
        result = fast.evaluate_result(variables)
        assert identical(result.value, closures.value), (text, value, fast.source)
        assert said(result) == said(closures), (text, value)

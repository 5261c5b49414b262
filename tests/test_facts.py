"""The facts per node (feel/facts.py) both back ends read: constants and names."""

from __future__ import annotations

from decimal import Decimal

import pytest

import feel
from feel import nodes as n
from feel.facts import Facts
from feel.parser import parse
from feel.values import Range

ENGINE = feel.Engine()


def facts_of(text: str, engine: feel.Engine = ENGINE) -> tuple[n.Node, Facts]:
    return parse(text, engine.name_index([])), Facts(engine)


@pytest.mark.parametrize("text, value", [
    ("1 + 2 * 3", Decimal(7)),
    ("-1", Decimal(-1)),
    ('"a" + "b"', "ab"),
    ("1 < 2", True),
    ("null < 1", None),  # (null, no warning: a constant)
    ("[1..10]", Range(Decimal(1), Decimal(10), True, True)),
    ("2 ** 10", Decimal(1024)),
])  # fmt: skip
def test_a_constant_expression_is_known_with_its_value(text, value):
    tree, facts = facts_of(text)
    known = facts.constant(tree)
    assert known is not None and known.names == frozenset()
    assert known.value == value
    assert feel.evaluate(text) == value  # what an evaluation gives


@pytest.mark.parametrize("text", [
    "x + 1", "1 / 0", '1 = "a"', "[1, 2]", "{a: 1}", '@"2023-02-30"', "date(x)",
    '"a" + x', "if true then 1 else 2",
])  # fmt: skip
def test_what_needs_a_variable_or_warns_is_not_constant(text):
    tree, facts = facts_of(text)
    assert facts.constant(tree) is None


def test_a_literal_call_holds_unless_its_name_is_bound():
    tree, facts = facts_of('date("2023-01-31") + duration("P1D")')
    known = facts.constant(tree)
    assert known is not None and known.names == {"date", "duration"}
    assert str(known.value) == "2023-02-01"
    assert facts.value(tree) is None  # not a constant everywhere
    # bound, the call is the bound function's
    assert feel.evaluate('(function(date) date("x"))(function(s) s + "!")') == "x!"


def test_a_literal_call_of_a_host_function_is_not_a_literal():
    engine = feel.Engine(functions={"date": lambda text: "host " + text}, override_builtins=True)
    tree, facts = facts_of('date("2023-01-31")', engine)
    assert facts.constant(tree) is None
    assert engine.evaluate('date("2023-01-31")') == "host 2023-01-31"


def test_the_string_budget_keeps_a_long_sum_from_being_a_constant():
    engine = feel.Engine(max_string=3)
    tree, facts = facts_of('"ab" + "cd"', engine)
    assert facts.constant(tree) is None


def test_names_read_used_and_defined():
    tree, facts = facts_of("for x in xs return a.b + f(x) + item")
    assert facts.reads(tree) == {"xs", "a", "f", "x", "item"}  # (`b`: an entry, not a name)
    assert facts.uses(tree, "item") and not facts.uses(tree, "b")
    assert not facts.defines_function(tree)
    tree, facts = facts_of("{f: function(y) y + 1, r: f(2)}")
    assert facts.defines_function(tree)
    assert Facts.read_once(facts_of("a + b + a")[0]) == {"b"}


def _children_calls(monkeypatch, text: str) -> int:
    calls = 0
    original = n.children

    def counted(node):
        nonlocal calls
        calls += 1
        return original(node)

    monkeypatch.setattr(n, "children", counted)
    ENGINE.compile(text)
    monkeypatch.setattr(n, "children", original)
    return calls


def test_the_names_of_nested_contexts_are_found_in_one_walk(monkeypatch):
    # each context literal asks which names its entries read; nested ones share the walk
    # (a walk per context was quadratic in the depth)
    def nested(depth: int) -> str:
        return "{a: " * depth + "x" + "}" * depth

    shallow, deep = _children_calls(monkeypatch, nested(40)), _children_calls(monkeypatch, nested(80))
    assert deep <= 2.5 * shallow


@pytest.mark.parametrize("text, light", [
    ("x + 1", True),
    ("a.b.c > 2 and y", True),
    ('x = "a"', True),  # an equality with a constant: bounded by the text
    ("a = b", False),  # deep equality of lists and contexts counts steps
    ("for x in xs return x", False),
    ("x instance of number", True),
    ("count(xs)", False),  # a built-in that walks a list
    ('date("2023-01-31")', True),
    ("f(x)", False),  # a host's function, or a user's: anything
    ("x in [1..10]", True),
    ("x in (y)", False),  # an equality with a variable's value
])  # fmt: skip
def test_which_expressions_are_light(text, light):
    tree, facts = facts_of(text)
    assert facts.light(tree) is light


def test_a_type_check_from_the_host_is_not_light():
    engine = feel.Engine(resolve_type=lambda name: None)
    tree, facts = facts_of("x instance of number", engine)
    assert facts.light(tree) is False


@pytest.mark.parametrize("text, light", [
    ("< 10", True), ('"gold", "silver"', True), ("[1..10]", True), ("= x", False),
    ("? > x", True), ("-", True), ("not(1, y)", False),
])  # fmt: skip
def test_which_unary_tests_are_light(text, light):
    tree = parse(text, ENGINE.name_index([]), "unary_tests_start")
    assert Facts(ENGINE).tests_light(tree) is light


def test_an_expression_evaluates_light_as_its_facts_say_before_and_after_its_fast_path():
    # (lightness is found at the second evaluation, or when the generated code is made
    # and the tree let go: the values are the same either way)
    for text in ("x + 1", "for i in xs return i", "count(xs)"):
        engine = feel.Engine(tier="closures")
        variables = {"x": 1, "xs": [1, 2]}
        closures = engine.compile(text)
        assert [closures.evaluate(variables) for _ in range(3)] == [feel.evaluate(text, variables)] * 3
        eager = feel.Engine().compile(text)
        eager.why_not_generated()  # (the tree let go)
        assert eager.evaluate(variables) == feel.evaluate(text, variables)

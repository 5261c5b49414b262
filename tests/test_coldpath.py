"""The cold path: the integer-table LALR driver builds what Lark's own parser builds."""

from __future__ import annotations

from typing import Any

import pytest
from lark import Lark
from lark.exceptions import UnexpectedToken

from feel import parser
from feel.builtins.index import builtin_index
from feel.lexer import tokenize

EXPRESSIONS = [
    "1 + 1",
    "-2 ** 3 * 4 / 5 - 6",
    '{name: "x", total: price * qty, ok: total > 10}',
    'if a > 1 then "big" else "small"',
    "for x in [1, 2, 3], y in 1..2 return x * y",
    "some x in xs satisfies x > 3 and every y in ys satisfies y < x",
    'date("2020-01-01") + duration("P1D")',
    "a.b[item > 1].c(1, 2)(k: 3)",
    "x instance of list<context<a: number>>",
    "function(a: number, b) a + b",
    "1 between 0 and 2 or not(false)",
    "e in (< 10, [1..5], ]3..4[)",
    "e in ? < 10",
    "@\"2020-01-01\" = null",
    # with those above, every rule of the grammar (test_the_corpus_reduces_every_rule)
    "a != b and a <= b and a >= b and true",
    "x in 5", "x in ?", "x in ? = 1", "x in ? != 1", "x in ? <= 1", "x in ? > 1", "x in ? >= 1",
    "x in = 1", "x in != 1", "x in (1, 2)",
    "f() + g(a: 1, b: 2, c: 3)",
    "(1) + [1] + [] + {a: 1} + {} + {\"b c\": 1}",
    "[<= 1, > 1, (= 1), (!= 1)]",
    "[[1..2), [1..2[, (1..2], (1..2)]", "[(1..2[, ]1..2], ]1..2)]", "]1..2[",
    "x instance of null or x instance of function or x instance of context<>",
    "x instance of context<a: number, b: string, c: date>",
    "x instance of function<number, string, date> -> boolean",
    "x instance of function<number> -> boolean or x instance of function<> -> Any",
    "a or if c then 1 else 2",
    "[a = if c then 1 else 2, a != if c then 1 else 2, a < if c then 1 else 2]",
    "[a <= if c then 1 else 2, a > if c then 1 else 2, a >= if c then 1 else 2]",
    "[a between 1 and if c then 1 else 2, a in if c then [1] else [2]]",
    "[a + if c then 1 else 2, a - if c then 1 else 2, a * if c then 1 else 2]",
    "[a / if c then 1 else 2, a ** if c then 1 else 2, - if c then 1 else 2]",
    "for x in xs return x",
    "for x in a, y in b, z in c return x",
    "some x in xs satisfies x",
    "some x in a, y in b, z in c satisfies x",
    "every x in 1..3, y in b satisfies x",
    "[function() 1, function(a) a, function(a, b, c) a, function(a) external {java: {}}]",
]

UNARY_TESTS = ["< 10, [20..30]", "-", 'not("a", "b")', "not(= null)", "? > 1", ">= @\"P1D\"",
               "!= 1", "1, 2, 3"]  # fmt: skip


@pytest.fixture(scope="module")
def lark_itself() -> Lark:
    """Lark's own LALR parser over the same grammar, callbacks and tokens."""
    return Lark(parser.grammar_text(), parser="lalr", lexer=parser._TokenListLexer,
                start=["start", "unary_tests_start"], transformer=parser._Callbacks())  # fmt: skip


def _tokens(text: str, start: str) -> list:
    tokens = tokenize(text, builtin_index())
    if start == "unary_tests_start":
        parser._mark_negation(tokens)
    return tokens


@pytest.mark.parametrize(
    ("text", "start"),
    [(t, "start") for t in EXPRESSIONS] + [(t, "unary_tests_start") for t in UNARY_TESTS],
)
def test_the_driver_builds_the_tree_lark_builds(lark_itself, text, start):
    ours = parser.lark_parser().parse(_tokens(text, start), start)
    assert ours == lark_itself.parse(_tokens(text, start), start=start)


def test_the_corpus_reduces_every_rule():
    """Every rule Lark makes of grammar/feel.lark (each alternative, each repetition) is
    reduced by Lark's own parser on the corpus above, so the comparison covers the grammar."""
    recording = Lark(parser.grammar_text(), parser="lalr", lexer=parser._TokenListLexer,
                     start=["start", "unary_tests_start"], transformer=parser._Callbacks())  # fmt: skip
    callbacks = recording.parser.parser.parser.callbacks  # Lark calls one per reduction
    reduced: set = set()

    def recorded(rule: Any, callback: Any) -> Any:
        return lambda children: (reduced.add(rule), callback(children))[1]

    for rule, callback in list(callbacks.items()):
        callbacks[rule] = recorded(rule, callback)
    for text in EXPRESSIONS:
        recording.parse(_tokens(text, "start"), start="start")
    for text in UNARY_TESTS:
        recording.parse(_tokens(text, "unary_tests_start"), start="unary_tests_start")
    assert len(callbacks) > 150  # the grammar's rules as Lark expands them
    missed = [f"{rule.origin.name}: {' '.join(s.name for s in rule.expansion)}"
              for rule in callbacks if rule not in reduced]  # fmt: skip
    assert missed == []


@pytest.mark.parametrize("text", ["1 +", "(1", "{a 1}", "if x then 1", "[1, 2", "f(a: )", "1 2"])
def test_the_driver_expects_what_lark_expects(lark_itself, text):
    with pytest.raises(UnexpectedToken) as ours:
        parser.lark_parser().parse(_tokens(text, "start"), "start")
    with pytest.raises(UnexpectedToken) as theirs:
        lark_itself.parse(_tokens(text, "start"), start="start")
    assert ours.value.token.type == theirs.value.token.type
    if ours.value.token.type != "$END":  # the end's offset is ours to choose (the text's end)
        assert ours.value.token.start_pos == theirs.value.token.start_pos
    assert set(ours.value.expected) == set(theirs.value.expected)


def test_the_installed_lark_is_in_the_pinned_range():
    """feel/lalr.py reads Lark's internals, so pyproject.toml pins the versions it was
    tested with; a Lark outside them is caught here before the driver misreads it."""
    import re
    from pathlib import Path

    import lark

    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    pin = re.search(r'"lark>=([\d.]+),<([\d.]+)"', pyproject)
    assert pin is not None, "pyproject.toml pins lark as lark>=LOW,<HIGH"

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", text)[:3])

    low, high = version(pin.group(1)), version(pin.group(2))
    assert low <= version(lark.__version__) < high


def test_unit_chains_are_climbed_once_and_remembered():
    driver = parser.lark_parser()
    driver.parse(_tokens("7 * 8", "start"), "start")
    known = dict(driver.unit_chains)
    assert known  # `7` climbs the precedence levels
    driver.parse(_tokens("9 * 10", "start"), "start")
    assert driver.unit_chains == known  # the same chains, nothing new to climb


def test_the_feelin_column_says_why_it_is_empty(monkeypatch, tmp_path):
    from bench import cold

    monkeypatch.setattr(cold.shutil, "which", lambda name: None)
    assert cold.feelin_us([], 1, 1) == ({}, "node is not installed")
    monkeypatch.setattr(cold.shutil, "which", lambda name: "/usr/bin/node")
    monkeypatch.setattr(cold, "JS_FOLDER", tmp_path)
    times, why = cold.feelin_us([], 1, 1)
    assert times == {} and "feelin is not installed" in why

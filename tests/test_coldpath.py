"""The cold path: the integer-table LALR driver builds what Lark's own parser builds."""

from __future__ import annotations

import pytest
from lark import Lark
from lark.exceptions import UnexpectedToken

from feel import parser
from feel.lexer import builtin_index, tokenize

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
]

UNARY_TESTS = ["< 10, [20..30]", "-", 'not("a", "b")', "not(= null)", "? > 1", ">= @\"P1D\""]


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

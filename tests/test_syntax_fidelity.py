"""The grammar as DMN 1.5 writes it: one table of expressions and what they give.

Each row is an expression (or unary tests), and either its value or the syntax error it must
raise (line, column, and a piece of the message). The rows come from the DMN 1.5 grammar
(chapter 10.3.1.2) and its notes on tokens, names and white space (10.3.1.4):
- a binary operator's right operand is any expression, so ``if``/``for``/``some``/``every``
  may stand there and extend as far right as they can (rules 19-24, 49-51);
- ``not(...)`` holds positive unary tests, ``= e`` and ``!= e`` among them (rules 13-15);
- the test after ``in`` is a positive unary test, where ``?`` is the value tested;
- ``]`` opens an interval wherever an operand may start (rules 8-9);
- white space is the list of rule 61-62, with U+180E, U+200B and U+FEFF;
- a name is its tokens: runs of white space in it count as one space, and a context key or
  parameter may hold the operator characters ``. / - ' + *`` (rules 25-30);
- a string escape stands for a code point, so a surrogate escape must be half of a pair.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import pytest
from feelcheck import check

import feel
from feel import nodes as n
from feel.builtins.index import builtin_index
from feel.parser import parse


@dataclass(frozen=True)
class SyntaxErrorAt:
    """The expected syntax error: where it points and a piece of its message."""

    line: int
    column: int
    message: str


EXPRESSIONS: list[tuple[str, dict | None, Any]] = [
    # textual expressions as the right operand of a binary operator
    ("1 + if true then 2 else 3", None, 3),
    ("1 + if false then 2 else 3 * 10", None, 31),
    ("true and some x in [1] satisfies x = 1", None, True),
    ("false or every x in [1, 2] satisfies x > 0", None, True),
    ("true and every x in [1, 2] satisfies x > 1", None, False),
    ("[1, 2] = for x in [0, 1] return x + 1", None, True),
    ("- if true then 1 else 2", None, -1),
    ("2 ** if true then 3 else 0", None, 8),
    ("10 / if true then 4 else 0", None, 2.5),
    ("5 between 1 and if true then 9 else 0", None, True),
    ("x in if true then [1, 2] else []", {"x": 2}, True),
    ("1 < if true then 2 else 0", None, True),
    ("1 + 2 * if true then 3 else 0", None, 7),
    ("if true then 1 else 2 + 3", None, 1),
    ("(function(f) f(2))(function(x) x * 3) + if true then 1 else 0", None, 7),
    ("[1, 2, 3][item > 1 and some y in [3] satisfies y = item]", None, [3]),
    # the test after `in`: `?` is the value tested
    ("5 in ? < 10", None, True),
    ("15 in ? < 10", None, False),
    ("5 in (? < 10)", None, True),
    ("5 in ? >= 5", None, True),
    ("5 in ? != 5", None, False),
    ("5 in ? = 5 and false", None, False),
    ("5 in ? < 10 or false", None, True),
    # `]` after `[` opens an interval when an operand follows
    ("[ ]1..4] ] = [(1..4]]", None, True),
    ("5 in [ ]1..10] ]", None, True),
    ("1 in [ ]1..10] ]", None, False),
    ("[][1]", None, None),
    ("[ ] = []", None, True),
    ("count([ ])", None, 0),
    # DMN white space: U+180E, U+200B and U+FEFF separate tokens
    ("1\u180e+\u200b2\ufeff", None, 3),
    ("\ufeff1 + 1", None, 2),
    ("{\u180ea\u200b:\ufeff1}.a", None, 1),
    ("1\u2028+\u30002", None, 3),
    # names introduced by the expression may hold operator characters, spaced or not
    ("{a + 1: 2}", None, {"a + 1": 2}),
    ("{a + 1: 2}.a + 1", None, 2),
    ("{a + 1: 2, b: a + 1}.b", None, 2),
    ("(function(a + b) a + b * 2)(3)", None, 6),
    ("(function(a - b, c) a - b * c)(3, 2)", None, 6),
    ("(function(a * b: number) a * b)(4)", None, 4),
    ("{x*y: 5}.x*y", None, 5),
    ("{p/q: 1}", None, {"p/q": 1}),
    ("{a b + c: 1}", None, {"a b + c": 1}),
    # ...and a key without symbols leaves arithmetic alone
    ("{a: 1, b: a + 1}.b", None, 2),
    ("{a: 2, r: {x: a + 1}.x}.r", None, 3),
    # a run of white space in a name is one space, however the name is written
    ("{foo   bar: 2}.`foo   bar`", None, 2),
    ("{foo   bar: 2}.foo bar", None, 2),
    ("{foo bar: 2}.`foo  bar`", None, 2),
    ("{foo   bar: 2}", None, {"foo bar": 2}),
    ("{foo\t\tbar: 2}.foo bar", None, 2),
    ("foo bar", {"foo   bar": 1}, 1),
    ("foo   bar", {"foo bar": 1}, 1),
    ("`foo bar`", {"foo  bar": 1}, 1),
    ("`foo    bar` + 1", {"foo bar": 1}, 2),
    # string escapes: a surrogate pair is one code point
    ('"\\ud83d\\ude00"', None, "\U0001f600"),
    ('"\\U01F600"', None, "\U0001f600"),
    ('"\\U00D83D\\U00DE00"', None, "\U0001f600"),
    ('string length("a\\ud83d\\ude00b")', None, 3),
    # syntax errors
    ('"\\ud83d"', None, SyntaxErrorAt(1, 2, "lone surrogate \\ud83d")),
    ('"ab\\ud83d"', None, SyntaxErrorAt(1, 4, "lone surrogate")),
    ('"\\ud83dx"', None, SyntaxErrorAt(1, 2, "lone surrogate")),
    ('"\\ud83d\\u0041"', None, SyntaxErrorAt(1, 2, "lone surrogate")),
    ('"\\ude00"', None, SyntaxErrorAt(1, 2, "lone surrogate \\ude00")),
    ('"\\ud83d\\ud83d\\ude00"', None, SyntaxErrorAt(1, 2, "lone surrogate")),
    ('"a" +\n  "\\ud83d"', None, SyntaxErrorAt(2, 4, "lone surrogate")),
    ('@"\\ud83d"', None, SyntaxErrorAt(1, 3, "lone surrogate")),
    ('"\\U110000"', None, SyntaxErrorAt(1, 2, "beyond U+10FFFF")),
    ("1 \x1c+ 1", None, SyntaxErrorAt(1, 3, "unexpected character")),
    ("[ ]1..4]", None, SyntaxErrorAt(1, 9, "unexpected end of expression")),
    ("5 in ? <", None, SyntaxErrorAt(1, 9, "unexpected end of expression")),
    ("1 + if true then 2", None, SyntaxErrorAt(1, 19, "unexpected end of expression")),
    ("{a +: 1}", None, SyntaxErrorAt(1, 4, "unexpected '+'")),
]  # fmt: skip

UNARY_TESTS: list[tuple[str, Any, Any]] = [
    ("not(= null)", None, False),
    ("not(= null)", 1, True),
    ("not(!= 5)", 5, True),
    ("not(!= 5)", 4, False),
    ("not(= 1, = 2)", 2, False),
    ("not(= 1, = 2)", 3, True),
    ("not(!= 1, < 0)", 1, True),
    ("not(< 5, > 10)", 7, True),
    ("not(< 5, > 10)", 11, False),
    ("not(? > 5)", 3, True),
    ("not(= x)", 3, False),
    ("not(= if x > 1 then 3 else 4)", 4, True),
    ("= 1 + if true then 1 else 0", 2, True),
    ("? in ? < 10", 5, True),
    ("\ufeff< 10", 5, True),
]  # fmt: skip


def _ids(cases: list[tuple]) -> list[str]:
    return [ascii(case[0])[:60] for case in cases]


@pytest.mark.parametrize("expression, variables, expected", EXPRESSIONS, ids=_ids(EXPRESSIONS))
def test_expression(expression, variables, expected):
    if isinstance(expected, SyntaxErrorAt):
        with pytest.raises(feel.FeelSyntaxError) as caught:
            feel.compile(expression, list(variables or ()))
        error = caught.value
        assert (error.line, error.column) == (expected.line, expected.column), str(error)
        assert expected.message in str(error)
        caret_line = str(error).splitlines()[-1]
        assert caret_line.index("^") == str(error).splitlines()[-2].index("|") + 1 + expected.column
    else:
        check(expression, expected, variables)


@pytest.mark.parametrize("tests, value, expected", UNARY_TESTS, ids=_ids(UNARY_TESTS))
def test_unary_tests(tests, value, expected):
    assert feel.compile_unary_tests(tests).test(value, {"x": 3}) is expected


def test_not_stays_a_call_when_its_parentheses_do_not_hold_the_whole_tests():
    # `not(false) = true` is one expression test, compared with the input
    assert feel.unary_test("not(false) = true", True) is True
    assert feel.unary_test("not(false) = true", False) is False


def test_not_with_an_equality_test_is_a_syntax_error_outside_unary_tests():
    with pytest.raises(feel.FeelSyntaxError) as caught:
        feel.compile("not(= null)")
    assert (caught.value.line, caught.value.column) == (1, 5)


def _tree(text: str) -> n.Node:
    return parse(text, builtin_index())


def test_a_textual_right_operand_extends_as_far_right_as_it_can():
    tree = _tree("1 + if c then 2 else 3 * 4")
    assert isinstance(tree, n.Arithmetic) and tree.operator == "+"
    assert isinstance(tree.right, n.If)
    assert isinstance(tree.right.otherwise, n.Arithmetic) and tree.right.otherwise.operator == "*"
    assert (tree.right.start, tree.right.end) == (4, 26)


def test_the_comparison_after_in_question_mark_is_the_test():
    tree = _tree("5 in ? < 10")
    assert isinstance(tree, n.In) and len(tree.tests) == 1
    test = tree.tests[0]
    assert isinstance(test, n.Comparison) and test.operator == "<"
    assert test.left == n.Name(5, 6, "?")
    parenthesized = _tree("(5 in ?) < 10")
    assert isinstance(parenthesized, n.Comparison) and isinstance(parenthesized.left, n.In)


def test_a_bracket_after_an_open_bracket_opens_an_interval_filter():
    tree = _tree("[1, 2, 3][ ]1..4] ]")
    assert isinstance(tree, n.Filter)
    interval = tree.condition
    assert isinstance(interval, n.Interval)
    assert (interval.low_included, interval.high_included) == (False, True)


def test_negated_unary_tests_are_one_node():
    tree = parse("not(= null, != 5)", builtin_index(), start="unary_tests_start")
    assert isinstance(tree, n.UnaryTests) and tree.negated
    assert [test.operator for test in tree.tests] == ["=", "!="]


def test_after_a_binary_operator_the_expected_tokens_include_textual_expressions():
    with pytest.raises(feel.FeelSyntaxError) as caught:
        feel.compile("1 +")
    expected = caught.value.expected
    assert {"if", "for", "some", "every", "function"} <= set(expected)
    assert len(expected) == len(set(expected))
    assert '"?"' not in expected  # `?` is a name


def test_the_lalr_tables_only_shift_to_extend_a_construct_to_the_right(caplog):
    """Lark settles shift/reduce conflicts by shifting; the grammar's header says which
    ones it has. A textual expression (if, for, some, every, function) is never in one."""
    from lark import Lark
    from lark import logger as lark_logger

    from feel.parser import _TokenListLexer, grammar_text

    level = lark_logger.level
    lark_logger.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG, logger="lark"):
            Lark(grammar_text(), parser="lalr", lexer=_TokenListLexer,
                 start=["start", "unary_tests_start"], debug=True)  # fmt: skip
    finally:
        lark_logger.setLevel(level)
    messages = [record.getMessage() for record in caplog.records]
    reduced = {
        messages[i + 1].strip().removeprefix("* <").split(" :")[0]
        for i, message in enumerate(messages)
        if message.startswith("Shift/Reduce conflict") and i + 1 < len(messages)
    }
    assert reduced, "the conflicts were not seen in Lark's log"
    assert reduced <= {"primary", "unary", "power", "multiplicative", "additive", "type"}

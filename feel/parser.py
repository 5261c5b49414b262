"""Text to AST: the FEEL tokenizer feeding Lark's LALR(1) parser, built once.

The LALR tables are built on first use and cached on disk by Lark (``cache=True``), so
``import feel`` stays cheap and later processes skip table construction. AST nodes are
built during the parse (Lark calls :class:`AstBuilder` on each reduction), so no parse
tree is ever materialised; spans come from the tokens.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from importlib import resources
from typing import Any

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer

from feel import nodes as n
from feel.errors import FeelSyntaxError
from feel.hints import syntax_error_at
from feel.lalr import Driver
from feel.lexer import NameIndex, tokenize
from feel.lexer import RawToken as Token
from feel.values import finite_number

_FRIENDLY = {
    "NUMBER": "a number", "STRING": "a string", "TEMPORAL": "a temporal literal",
    "NAME": "a name", "LPAR": '"("', "RPAR": '")"', "LSQB": '"["', "RSQB": '"]"',
    "RSQB_OPEN": '"]"', "LSQB_CLOSE": '"["', "LBRACE": '"{"', "RBRACE": '"}"',
    "COMMA": '","', "COLON": '":"', "DOT": '"."', "DOTDOT": '".."', "PLUS": '"+"',
    "MINUS": '"-"', "STAR": '"*"', "SLASH": '"/"', "POW": '"**"', "EQ": '"="', "NE": '"!="',
    "LT": '"<"', "LE": '"<="', "GT": '">"', "GE": '">="', "ARROW": '"->"',
    "INPUT": "a name", "NOT": '"not"', "$END": "the end of the expression",  # INPUT: `?` after `in`
}  # fmt: skip


class _TokenListLexer(Lexer):
    """Lark's view of our tokenizer: the "text" handed to Lark is the token list itself."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, tokens: Any) -> Any:  # type: ignore[override]
        return iter(tokens)


def _span(first: Any, last: Any) -> tuple[int, int]:
    return (first.start_pos if isinstance(first, Token) else first.start,
            last.end_pos if isinstance(last, Token) else last.end)  # fmt: skip


class AstBuilder:
    """Lark callbacks, one per grammar rule or alias, each returning a node."""

    # -- literals and names
    def number(self, c: list) -> n.Node:
        t = c[0]
        value = finite_number(Decimal(t.value))
        if value is None:
            raise _NumberOutOfRange(t.start_pos)
        return n.Constant(t.start_pos, t.end_pos, value)

    def string(self, c: list) -> n.Node:
        t = c[0]
        return n.Constant(t.start_pos, t.end_pos, t.value)

    def true(self, c: list) -> n.Node:
        return n.Constant(c[0].start_pos, c[0].end_pos, True)

    def false(self, c: list) -> n.Node:
        return n.Constant(c[0].start_pos, c[0].end_pos, False)

    def null(self, c: list) -> n.Node:
        return n.Constant(c[0].start_pos, c[0].end_pos, None)

    def temporal(self, c: list) -> n.Node:
        return n.TemporalLiteral(c[0].start_pos, c[0].end_pos, c[0].value)

    def name(self, c: list) -> n.Node:
        return n.Name(c[0].start_pos, c[0].end_pos, c[0].value)

    def parenthesized(self, c: list) -> n.Node:
        return c[1]

    # -- structures
    def list_literal(self, c: list) -> n.Node:
        items = tuple(x for x in c[1:-1] if x is not None and not isinstance(x, Token))
        return n.ListExpr(*_span(c[0], c[-1]), items)

    def context_literal(self, c: list) -> n.Node:
        entries = tuple(x for x in c[1:-1] if x is not None and not isinstance(x, Token))
        return n.ContextExpr(*_span(c[0], c[-1]), entries)

    def context_entry(self, c: list) -> tuple:
        return (c[0].value, c[2])

    def interval(self, c: list) -> n.Node:
        return n.Interval(*_span(c[0], c[-1]), c[1], c[3], c[0].type == "LSQB", c[4].type == "RSQB")

    def open_range(self, c: list) -> n.Node:
        return n.OpenRange(*_span(c[0], c[1]), c[0].value, c[1])

    def operator_range(self, c: list) -> n.Node:
        return n.OpenRange(*_span(c[0], c[3]), c[1].value, c[2])

    # -- operators
    def arithmetic(self, c: list) -> n.Node:
        return n.Arithmetic(*_span(c[0], c[2]), c[1].value, c[0], c[2])

    def negation(self, c: list) -> n.Node:
        return n.Negation(*_span(c[0], c[1]), c[1])

    def compare(self, c: list) -> n.Node:
        return n.Comparison(*_span(c[0], c[2]), c[1].value, c[0], c[2])

    def between(self, c: list) -> n.Node:
        return n.Between(*_span(c[0], c[4]), c[0], c[2], c[4])

    def in_test(self, c: list) -> n.Node:
        target = c[2]
        tests = target if isinstance(target, tuple) else (target,)
        return n.In(*_span(c[0], tests[-1]), c[0], tests)

    def input_comparison(self, c: list) -> n.Node:
        test = n.Name(c[0].start_pos, c[0].end_pos, "?")
        return n.Comparison(*_span(c[0], c[2]), c[1].value, test, c[2])

    def in_list(self, c: list) -> tuple:
        return tuple(x for x in c if not isinstance(x, Token))

    def conjunction(self, c: list) -> n.Node:
        return n.Logical(*_span(c[0], c[2]), "and", c[0], c[2])

    def disjunction(self, c: list) -> n.Node:
        return n.Logical(*_span(c[0], c[2]), "or", c[0], c[2])

    def instance_of(self, c: list) -> n.Node:
        return n.InstanceOf(*_span(c[0], c[3]), c[0], c[3])

    # -- textual expressions
    def if_expression(self, c: list) -> n.Node:
        return n.If(*_span(c[0], c[5]), c[1], c[3], c[5])

    def iteration_context(self, c: list) -> n.Node:
        high = c[4] if len(c) > 3 else None
        return n.Iteration(*_span(c[0], c[-1]), c[0].value, c[2], high)

    quantifier_binding = iteration_context

    def for_expression(self, c: list) -> n.Node:
        iterations = tuple(x for x in c[1:-2] if isinstance(x, n.Iteration))
        return n.For(*_span(c[0], c[-1]), iterations, c[-1])

    def quantified_expression(self, c: list) -> n.Node:
        iterations = tuple(x for x in c[1:-2] if isinstance(x, n.Iteration))
        return n.Quantified(*_span(c[0], c[-1]), c[0].value, iterations, c[-1])

    def function_definition(self, c: list) -> n.Node:
        params = tuple(x for x in c[2:-2] if isinstance(x, tuple))
        body = c[-1]
        external = isinstance(body, tuple) and body[0] == "external"
        if external:
            body = body[1]
        return n.FunctionDefinition(*_span(c[0], body), params, body, external)

    def formal_parameter(self, c: list) -> tuple:
        return (c[0].value, c[2] if len(c) > 1 else None)

    def external_body(self, c: list) -> tuple:
        return ("external", c[1])

    # -- postfix
    def filter(self, c: list) -> n.Node:
        return n.Filter(*_span(c[0], c[3]), c[0], c[2])

    def path(self, c: list) -> n.Node:
        return n.Path(*_span(c[0], c[2]), c[0], c[2].value)

    def invocation(self, c: list) -> n.Node:
        arguments, named = c[2] if len(c) == 4 else ((), False)
        return n.Invocation(*_span(c[0], c[-1]), c[0], arguments, named)

    def positional_arguments(self, c: list) -> tuple:
        return (tuple(x for x in c if not isinstance(x, Token)), False)

    def named_arguments(self, c: list) -> tuple:
        return (tuple(x for x in c if not isinstance(x, Token)), True)

    def named_argument(self, c: list) -> tuple:
        return (c[0].value, c[2])

    # -- types
    def named_type(self, c: list) -> n.Node:
        return n.NamedType(c[0].start_pos, c[0].end_pos, c[0].value)

    def generic_type(self, c: list) -> n.Node:
        return n.GenericType(*_span(c[0], c[3]), c[0].value, c[2])

    def context_type(self, c: list) -> n.Node:
        fields = tuple(x for x in c[2:-1] if isinstance(x, tuple))
        if c[0].value != "context":
            return n.NamedType(*_span(c[0], c[-1]), "<unknown type>")
        return n.ContextType(*_span(c[0], c[-1]), fields)

    def type_field(self, c: list) -> tuple:
        return (c[0].value, c[2])

    def function_type(self, c: list) -> n.Node:
        params = tuple(x for x in c[2:-3] if isinstance(x, n.Node))
        return n.FunctionType(*_span(c[0], c[-1]), params, c[-1])

    # -- unary tests
    def positive_unary_tests(self, c: list) -> n.Node:
        tests = tuple(x for x in c if not isinstance(x, Token))
        return n.UnaryTests(tests[0].start, tests[-1].end, tests, False)

    def negated_unary_tests(self, c: list) -> n.Node:
        tests = c[2]
        return n.UnaryTests(*_span(c[0], c[3]), tests.tests, True)

    def any_input(self, c: list) -> n.Node:
        return n.UnaryTests(c[0].start_pos, c[0].end_pos, (), False)

    def test_equal(self, c: list) -> n.Node:
        return n.TestOperator(*_span(c[0], c[1]), "=", c[1])

    def test_not_equal(self, c: list) -> n.Node:
        return n.TestOperator(*_span(c[0], c[1]), "!=", c[1])

    # -- start rules
    def start(self, c: list) -> n.Node:
        return c[0]

    def unary_tests_start(self, c: list) -> n.Node:
        return c[0]


_PARSER: Driver | None = None
_PARSER_LOCK = threading.Lock()


def grammar_text() -> str:
    """The text of ``feel.lark``, from the installed package."""
    return resources.files("feel.grammar").joinpath("feel.lark").read_text(encoding="utf-8")


def lark_parser() -> Driver:
    """The LALR parser, built (or loaded from Lark's cache) on first use."""
    global _PARSER
    if _PARSER is None:
        with _PARSER_LOCK:
            if _PARSER is None:
                _PARSER = Driver(Lark(
                    grammar_text(),
                    parser="lalr",
                    lexer=_TokenListLexer,
                    start=["start", "unary_tests_start"],
                    transformer=_Callbacks(),
                    cache=True,
                ))
    return _PARSER


class _Callbacks(AstBuilder):
    """Lark looks callbacks up with getattr; rule names that are Python builtins live here."""


class _NumberOutOfRange(Exception):
    def __init__(self, offset: int) -> None:
        self.offset = offset


def parse(
    text: str, index: NameIndex, start: str = "start", max_string: int | None = None,
    max_tokens: int | None = None,
) -> n.Node:
    """Parse ``text`` (start rule ``start`` or ``unary_tests_start``) into an AST; a string
    literal longer than ``max_string`` characters, or more than ``max_tokens`` tokens, is a
    syntax error."""
    if not isinstance(text, str):
        raise FeelSyntaxError("expression must be a string", expression=repr(text))
    tokens = tokenize(text, index, max_string, max_tokens)
    if not tokens:
        raise FeelSyntaxError("empty expression", expression=text)
    if start == "unary_tests_start":
        _mark_negation(tokens)
    try:
        return lark_parser().parse(tokens, start=start)
    except UnexpectedInput as error:
        raise _syntax_error(text, tokens, error) from None
    except _NumberOutOfRange as error:
        raise syntax_error_at(text, error.offset, "number out of range (FEEL numbers have 34 "
                              "digits and an exponent within ±6143)") from None  # fmt: skip


def _mark_negation(tokens: list[Token]) -> None:
    """Make the ``not`` of ``not(tests)`` a NOT token when its parentheses hold the whole text.

    The tests inside may be ``= null`` or ``!= 5``, which are not arguments of a call, so
    the parser must know before it sees them; ``not(a) or b`` stays a call of ``not``.
    """
    if len(tokens) < 3 or tokens[0].type != "NAME" or tokens[0].value != "not":
        return
    if tokens[1].type != "LPAR" or tokens[-1].type != "RPAR":
        return
    depth = 0
    for position in range(1, len(tokens)):
        kind = tokens[position].type
        if kind == "LPAR":
            depth += 1
        elif kind == "RPAR":
            depth -= 1
            if depth == 0:
                if position == len(tokens) - 1:
                    tokens[0].type = "NOT"
                return


def _syntax_error(text: str, tokens: list[Token], error: UnexpectedInput) -> FeelSyntaxError:
    expected: tuple[str, ...] = ()
    if isinstance(error, UnexpectedToken):
        token = error.token
        expected = tuple(sorted({_FRIENDLY.get(e, e.lower()) for e in error.expected}))
        if token.type == "$END":
            last = tokens[-1]
            offset = last.end_pos
            message = "unexpected end of expression"
        else:
            offset = token.start_pos
            message = f"unexpected {token.value!r}" if token.value else "unexpected token"
    elif isinstance(error, (UnexpectedEOF, UnexpectedCharacters)):
        offset, message = len(text), "unexpected end of expression"
    else:  # pragma: no cover - Lark has no other kinds
        offset, message = 0, str(error)
    return syntax_error_at(text, offset, message, expected)

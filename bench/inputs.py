"""The inputs the fuzzer feeds the engine (see :mod:`bench.fuzz`): choosers (hypothesis
draws or ``random.Random``), random text, expressions derived from the grammar and broken,
mutations of the TCK's expressions, and hostile Python values as variables."""

from __future__ import annotations

import datetime as dt
import glob
import os
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from html import unescape
from importlib import resources
from typing import Any, ClassVar, Protocol, TypeVar

from feel.values import Range

T = TypeVar("T")

TCK_FOLDER = "/work/shared/dmn-tck/TestCases"


class Chooser(Protocol):
    """The source of randomness a generator draws from."""

    def pick(self, options: Sequence[T]) -> T:
        """One of ``options``."""

    def integer(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``."""


class RandomChooser:
    """A :class:`Chooser` over ``random.Random`` (for long runs)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: Sequence[T]) -> T:
        """One of ``options``, uniformly."""
        return options[self.rng.randrange(len(options))]

    def integer(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``, uniformly."""
        return self.rng.randint(low, high)


class DrawChooser:
    """A :class:`Chooser` over hypothesis' ``draw`` (shrinkable)."""

    def __init__(self, draw: Callable[[Any], Any]) -> None:
        self.draw = draw

    def pick(self, options: Sequence[T]) -> T:
        """One of ``options``; shrinks towards the first."""
        return options[self.integer(0, len(options) - 1)]

    def integer(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``; shrinks towards ``low``."""
        from hypothesis import strategies as st

        return self.draw(st.integers(low, high))


# -- the grammar ---------------------------------------------------------------------------

KEYWORD_TEXT = {
    "IF": "if", "THEN": "then", "ELSE": "else", "FOR": "for", "IN": "in", "RETURN": "return",
    "SOME": "some", "EVERY": "every", "SATISFIES": "satisfies", "AND": "and", "OR": "or",
    "BETWEEN": "between", "INSTANCE": "instance", "OF": "of", "FUNCTION": "function",
    "EXTERNAL": "external", "TRUE": "true", "FALSE": "false", "NULL": "null", "NOT": "not",
    "INPUT": "?",
    "LPAR": "(", "RPAR": ")", "LSQB": "[", "RSQB": "]", "RSQB_OPEN": "]", "LSQB_CLOSE": "[",
    "LBRACE": "{", "RBRACE": "}", "COMMA": ",", "COLON": ":", "DOT": ".", "DOTDOT": "..",
    "PLUS": "+", "MINUS": "-", "STAR": "*", "SLASH": "/", "POW": "**", "EQ": "=", "NE": "!=",
    "LT": "<", "LE": "<=", "GT": ">", "GE": ">=", "ARROW": "->",
}  # fmt: skip
NUMBERS = ["0", "1", "2", "3", "10", "-1", "0.5", "3.14", "1e3", ".5", "100", "1000000",
           "999999999999", "1e999", "0.000000000000000000000000000000000001"]  # fmt: skip
STRINGS = ['""', '"a"', '"abc"', '"Hello World"', '"2021-01-31"', '"P1D"', '"10:30:00"',
           '"(a+)+$"', '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"', '"."', '"\\n"',
           '"\\u0041\\U01F600"', '"x"', '"[a-z-[aeiou]]"', '"(\\\\w)\\\\1"', '"1.5"',
           '"{\\"a\\": 1}"', '"__class__"', '"💩"']  # fmt: skip
TEMPORALS = ['@"2021-01-31"', '@"10:30:00"', '@"2021-01-31T10:30:00@Europe/Paris"',
             '@"2021-01-31T10:30:00Z"', '@"P1Y2M"', '@"PT1H30M"', '@"-P2D"', '@"P999999999Y"',
             '@"999999999-12-31"', '@"nonsense"']  # fmt: skip
#: Names the generated expressions use: variables, iteration names, built-in functions and
#: types, properties, and Python attribute names that must lead nowhere.
NAMES = ["x", "y", "z", "item", "partial", "?", "a", "b", "f", "n", "xs", "count", "sum",
         "string", "string join", "sort", "concatenate", "matches", "replace", "split",
         "substring", "append", "flatten", "reverse", "number", "date", "date and time",
         "duration", "now", "context put", "get entries", "list replace", "index of", "union",
         "distinct values", "is defined", "string length", "upper case", "min", "max",
         "Any", "list", "context", "boolean", "start", "end", "year", "days", "value", "key",
         "__class__", "__dict__", "__import__", "__globals__", "__builtins__", "mro",
         "a b", "Full Name"]  # fmt: skip


@dataclass
class Grammar:
    """The rules of ``feel.lark``: nonterminal -> expansions, and each one's minimal height."""

    rules: dict[str, list[tuple[str, ...]]]
    height: dict[str, int] = field(default_factory=dict)

    def expansion_height(self, expansion: tuple[str, ...]) -> int:
        """The minimal derivation height of a sequence of symbols."""
        return 1 + max((self.height.get(s, 0) for s in expansion), default=0)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The FEEL grammar as loaded by Lark from the packaged ``feel.lark``."""
    from lark import Lark

    text = resources.files("feel.grammar").joinpath("feel.lark").read_text(encoding="utf-8")
    lark = Lark(text, parser="lalr", lexer="basic", start=["start", "unary_tests_start"])
    rules: dict[str, list[tuple[str, ...]]] = {}
    for rule in lark.rules:
        rules.setdefault(rule.origin.name, []).append(tuple(s.name for s in rule.expansion))
    result = Grammar(rules)
    infinity = 10**9
    result.height = {name: infinity for name in rules}
    changed = True
    while changed:  # least fixpoint of "height of the cheapest expansion"
        changed = False
        for name, expansions in rules.items():
            best = min(result.expansion_height(e) for e in expansions)
            if best < result.height[name]:
                result.height[name] = best
                changed = True
    return result


def terminal_text(chooser: Chooser, terminal: str) -> str:
    """Source text for one terminal of the grammar."""
    if terminal in KEYWORD_TEXT:
        return KEYWORD_TEXT[terminal]
    pools = {"NUMBER": NUMBERS, "STRING": STRINGS, "TEMPORAL": TEMPORALS, "NAME": NAMES}
    return chooser.pick(pools[terminal])


def derive(chooser: Chooser, symbol: str = "expression", height: int = 8,
           limit: int = 120) -> list[str]:  # fmt: skip
    """The tokens of a random derivation of ``symbol``, at most ``height`` rules deep
    (then only the cheapest expansions) and roughly ``limit`` tokens long."""
    rules = grammar()
    tokens: list[str] = []

    def expand(name: str, room: int) -> None:
        if name not in rules.rules:
            tokens.append(terminal_text(chooser, name))
            return
        expansions = rules.rules[name]
        if room <= 0 or len(tokens) > limit:
            cheapest = min(rules.expansion_height(e) for e in expansions)
            expansions = [e for e in expansions if rules.expansion_height(e) == cheapest]
        for child in chooser.pick(expansions):
            expand(child, room - 1)

    expand(symbol, height)
    return tokens


def break_tokens(chooser: Chooser, tokens: list[str]) -> list[str]:
    """``tokens`` slightly broken: one to three deletions, duplications, swaps or insertions."""
    tokens = list(tokens)
    for _ in range(chooser.integer(1, 3)):
        if not tokens:
            break
        at = chooser.integer(0, len(tokens) - 1)
        how = chooser.integer(0, 3)
        if how == 0:
            del tokens[at]
        elif how == 1:
            tokens.insert(at, tokens[at])
        elif how == 2 and at + 1 < len(tokens):
            tokens[at], tokens[at + 1] = tokens[at + 1], tokens[at]
        else:
            tokens.insert(at, chooser.pick(list(KEYWORD_TEXT.values()) + NAMES[:8]))
    return tokens


def grammar_expression(chooser: Chooser, broken: bool = False) -> str:
    """A random expression of the grammar, optionally slightly broken."""
    start = chooser.pick(["expression", "expression", "expression", "unary_tests"])
    tokens = derive(chooser, start, height=chooser.integer(1, 10))
    if broken:
        tokens = break_tokens(chooser, tokens)
    return " ".join(tokens)


# -- random text and TCK mutations ---------------------------------------------------------

ALPHABET = list('0123456789.,:;()[]{}<>=!+-*/"@\'`?\\ \n\t_abcdefxyz') + [
    "ä", "\u00b7", "\u0301", "\u2040", "😀", "\x00", "\ud800", "for ", " in ", " return ",
    "if ", " then ", " else ", "function", "some ", "every ", " satisfies ", " and ", " or ",
    "null", "true", "..", "//", "/*", "*/", "@\"", "instance of ", "between ", "external ",
    "item", "partial", "date(", "string join(", "matches(", "->", "**",
]  # fmt: skip


def random_text(chooser: Chooser, longest: int = 60) -> str:
    """Random characters and FEEL fragments."""
    return "".join(chooser.pick(ALPHABET) for _ in range(chooser.integer(0, longest)))


_TEXT = re.compile(r"<(?:\w+:)?text>(.*?)</(?:\w+:)?text>", re.DOTALL)


@lru_cache(maxsize=1)
def tck_expressions(folder: str = TCK_FOLDER) -> tuple[str, ...]:
    """The distinct ``<text>`` elements of the TCK's .dmn files (empty if the folder is missing)."""
    found: dict[str, None] = {}
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.dmn"), recursive=True)):
        with open(path, encoding="utf-8") as file:
            for match in _TEXT.finditer(file.read()):
                text = unescape(match.group(1)).strip()
                if text and len(text) < 2000:
                    found[text] = None
    return tuple(found)


def mutate_text(chooser: Chooser, text: str, others: Sequence[str] = ()) -> str:
    """``text`` with one to three character-level edits (or spliced with another text)."""
    for _ in range(chooser.integer(1, 3)):
        size = len(text)
        at = chooser.integer(0, size)
        end = chooser.integer(at, min(size, at + 8))
        how = chooser.integer(0, 4)
        if how == 0:
            text = text[:at] + text[end:]
        elif how == 1:
            text = text[:at] + chooser.pick(ALPHABET) + text[at:]
        elif how == 2:
            text = text[:at] + text[at:end] * chooser.integer(2, 4) + text[end:]
        elif how == 3 and others:
            other = chooser.pick(others)
            cut = chooser.integer(0, len(other))
            text = text[:at] + other[cut:]
        else:
            text = text[:at] + chooser.pick(ALPHABET) + text[end:]
    return text


# -- hostile variables ---------------------------------------------------------------------


class Spy:
    """An object whose attribute reads are recorded (FEEL must never read them)."""

    reads: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.secret = "secret"

    def __getattr__(self, name: str) -> Any:
        Spy.reads.append(name)
        raise AttributeError(name)


class Exploding:
    """An object whose every comparison, hash, iteration, len and str raise."""

    def _fail(self, *args: Any) -> Any:
        raise RuntimeError("exploding object touched")

    __eq__ = __lt__ = __hash__ = __iter__ = __len__ = __str__ = __bool__ = _fail  # type: ignore


def recursive_dict() -> dict:
    """A dict that contains itself."""
    value: dict = {"a": 1}
    value["self"] = value
    return value


def recursive_list() -> list:
    """A list that contains itself."""
    value: list = [1]
    value.append(value)
    return value


def deep_list(depth: int) -> Any:
    """``[[[...1...]]]`` nested ``depth`` times."""
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


SCALARS: list[Callable[[], Any]] = [
    lambda: None, lambda: True, lambda: False, lambda: 0, lambda: -7, lambda: 10**40,
    lambda: 10**5000, lambda: 1.5, lambda: float("nan"), lambda: float("inf"), lambda: -0.0,
    lambda: Decimal("NaN"), lambda: Decimal("sNaN"), lambda: Decimal("-Infinity"),
    lambda: Decimal("1E+999999"), lambda: Decimal("1E-999999"), lambda: Decimal("12.50"),
    lambda: "", lambda: "abc", lambda: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", lambda: "\ud800",
    lambda: dt.date(2021, 1, 31), lambda: dt.datetime(2021, 1, 31, 10, 30),
    lambda: dt.datetime(2021, 1, 31, 10, 30, tzinfo=dt.timezone.utc), lambda: dt.time(10, 30),
    lambda: dt.timedelta(days=-1, seconds=5), lambda: dt.timedelta.max, lambda: dt.date.max,
    lambda: b"bytes", lambda: bytearray(b"ba"), lambda: {1, 2}, lambda: frozenset([3]),
    lambda: (i for i in range(3)), lambda: range(5), lambda: object(), lambda: Spy(),
    lambda: Exploding(), lambda: Spy, lambda: (lambda a: a), lambda: (lambda: 1 / 0),
    lambda: len, lambda: recursive_dict(), lambda: recursive_list(), lambda: deep_list(3000),
    lambda: Range(Decimal(1), Decimal(5), True, False), lambda: 1j, lambda: ...,
]  # fmt: skip


def random_value(chooser: Chooser, depth: int = 3,
                 scalars: Sequence[Callable[[], Any]] = SCALARS) -> Any:  # fmt: skip
    """A random Python value: a hostile scalar, or a list/tuple/dict of random values."""
    how = chooser.integer(0, 5) if depth > 0 else 0
    if how <= 2:
        return chooser.pick(scalars)()
    size = chooser.integer(0, 4)
    if how == 3:
        return [random_value(chooser, depth - 1, scalars) for _ in range(size)]
    if how == 4:
        return tuple(random_value(chooser, depth - 1, scalars) for _ in range(size))
    keys: list[Any] = ["a", "b", "x", 1, None, "a b", "__class__", ("t",)]
    return {chooser.pick(keys): random_value(chooser, depth - 1, scalars) for _ in range(size)}


#: Expressions that touch variables ``x`` and ``y`` in every way.
VARIABLE_EXPRESSIONS = [
    "x", "y", "x.a", "x.__class__", "x[1]", "x[-1]", "x[item > 0]", "x[a = 1]", "x = y",
    "x != y", "x < y", "x + y", "x - y", "x * y", "x / y", "x ** y", "-x", "x and y", "not(x)",
    "x in y", "x in (1, y)", "x between y and 10", "count(x)", "string(x)", "sum(x)",
    "sort(x)", "reverse(x)", "distinct values(x)", "flatten(x)", "string join(x)",
    "for i in x return i", "some i in x satisfies i = y", "{a: x, b: y}", "[x, y]",
    "x instance of number", "x instance of list<Any>", "is defined(x.a)", "get entries(x)",
    "context put(x, \"k\", y)", "append(x, y)", "x(1)", "x(y)", "x()", "x.start", "x.year",
    "string length(x)", "matches(x, y)", "replace(x, \"a\", \"b\")", "date(x)", "number(x)",
    "to json(x)", "x in [1..10]", "index of(x, y)", "union(x, y)", "min(x)", "mean(x)",
]  # fmt: skip


def random_variables(chooser: Chooser,
                     scalars: Sequence[Callable[[], Any]] = SCALARS) -> dict[str, Any]:  # fmt: skip
    """Random values for ``x``, ``y`` and ``a`` (fresh objects each time)."""
    return {name: random_value(chooser, 3, scalars) for name in ("x", "y", "a")}


# -- running one input ---------------------------------------------------------------------

"""``python -m bench.fuzz --minutes N``: feed the engine hostile input and report what escapes.

Generators (shared with ``tests/test_fuzz.py``, which drives them from hypothesis):

- random text over an alphabet of FEEL symbols, keywords and odd characters;
- expressions derived from ``grammar/feel.lark`` (read with Lark, expanded at random with a
  height limit), valid or slightly broken by token mutations;
- mutations of the literal expressions of the DMN TCK (``<text>`` elements of the .dmn files);
- hostile Python values as variables (cycles, deep nesting, sets, bytes, generators,
  objects with side-effecting ``__getattr__``, NaN decimals...);
- attacks on the budgets (:mod:`bench.hostile`): values sharing sub-structure, built-ins
  over large lists, regular expressions outside RE2's subset.

Every input must either evaluate to a FEEL value or raise a :class:`feel.FeelError`, within
the engine's budgets. Anything else is a finding, printed with a shrunk reproduction.
Generators take a :class:`Chooser`, so hypothesis (shrinkable draws) and ``random.Random``
(fast, seeded) drive the same code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import os
import random
import re
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, partial
from html import unescape
from importlib import resources
from typing import Any, ClassVar, Protocol, TypeVar

import feel
from feel import fastpath, temporal
from feel.values import Function, Range

from bench.hostile import hostile_expression

T = TypeVar("T")

TCK_FOLDER = "/work/shared/dmn-tck/TestCases"

#: Budgets small enough that a fuzz input costs milliseconds, not seconds.
FUZZ_BUDGETS: dict[str, Any] = {
    "max_size": 10_000, "max_steps": 200_000, "max_string": 100_000, "max_depth": 60,
    "timeout": 1.0,
}  # fmt: skip
#: An evaluation slower than this (compile included) is a finding: the budgets did not bound it.
SLOW_SECONDS = 5.0


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


@dataclass
class Finding:
    """Something that broke a guarantee."""

    kind: str  # "exception", "slow", "bad value"
    detail: str
    text: str
    variables: str
    signature: str

    def report(self) -> str:
        """A paste-able reproduction."""
        return (f"[{self.kind}] {self.detail}\n  feel.evaluate({self.text!r}, {self.variables})\n"
                f"  signature: {self.signature}")  # fmt: skip


def _where(error: BaseException) -> str:
    """The innermost frame of ours in the traceback, as file:line."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/feel/" in f.filename] or frames
    last = ours[-1] if ours else None
    return f"{os.path.basename(last.filename)}:{last.lineno}" if last else "?"


def bad_value(value: Any, depth: int = 0, seen: set[int] | None = None) -> str | None:
    """Why ``value`` is not a FEEL value (None when it is): a cycle, a foreign type, a NaN..."""
    seen = set() if seen is None else seen
    kind = type(value)
    if value is None or kind in (str, bool):
        return None
    if kind is Decimal:
        return None if value.is_finite() else f"non-finite number {value}"
    if isinstance(value, (Function, Range)) or temporal.is_temporal(value):
        return None
    if kind in (list, dict):
        if id(value) in seen:
            return f"a {kind.__name__} that contains itself"
        if depth > 500:
            return None  # deep, but not wrong in itself
        seen.add(id(value))
        items = value.values() if kind is dict else value
        if kind is dict and any(type(k) is not str for k in value):
            return "a context key that is not a string"
        for item in items:
            why = bad_value(item, depth + 1, seen)
            if why:
                return why
        seen.discard(id(value))
        return None
    return f"a Python {kind.__name__} leaked out"


def fast_path_differs(engine: feel.Engine, text: str, variables: dict[str, Any] | None,
                      value: Any) -> str | None:  # fmt: skip
    """What is wrong when the fast path of ``text`` (feel.fastpath) computes anything but
    ``value``, the closures' value; None when it agrees, gives up, or there is none."""
    compiled = engine.compile(text, list(variables or ()))
    tree, constants = compiled._source
    fast = fastpath.generate(tree, engine, constants)
    if fast is None:
        return None
    try:
        fast_value = fast(variables or {})
    except Exception:
        return None  # gave up: the closures evaluate
    if not identical(fast_value, value):
        return f"the fast path differs: {fast_value!r} instead of {value!r}"
    return None


def identical(a: Any, b: Any) -> bool:
    """Same kinds, and for numbers the same digits and exponent, all the way down."""
    if type(a) is not type(b):
        return False
    if type(a) is Decimal:
        return a.as_tuple() == b.as_tuple()
    if type(a) is list:
        return len(a) == len(b) and all(map(identical, a, b))
    if type(a) is dict:
        return list(a) == list(b) and all(identical(a[key], b[key]) for key in a)
    if hasattr(a, "callable"):  # a host's function, wrapped afresh by each conversion
        return a.callable is b.callable
    return a is b or a == b


def check(engine: feel.Engine, text: str, variables: dict[str, Any] | None = None,
          unary: bool = False, tally: Counter[str] | None = None) -> Finding | None:  # fmt: skip
    """Evaluate ``text``; a Finding if anything but a FEEL value or a FeelError came out.
    ``tally`` counts the outcomes: value, null, syntax error, budget, other FeelError."""
    shown = _show(variables)
    started = time.monotonic()
    try:
        if unary:
            value = engine.compile_unary_tests(text, list(variables or ())).test(
                (variables or {}).get("x"), variables)
            why = bad_value(value)
        else:
            value = engine.evaluate(text, variables)
            why = bad_value(value) or fast_path_differs(engine, text, variables, value)
        if why is None:
            feel.to_python(value)
        outcome = "null" if value is None else "value"
    except feel.FeelSyntaxError:
        why, outcome = None, "syntax error"
    except feel.BudgetExceeded:
        why, outcome = None, "budget"
    except feel.FeelError:
        why, outcome = None, "other FeelError"
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        where = _where(error)
        return Finding("exception", f"{type(error).__name__}: {str(error)[:200]}", text, shown,
                       f"{type(error).__name__} at {where}")  # fmt: skip
    elapsed = time.monotonic() - started
    if tally is not None:
        tally[outcome] += 1
    if why is not None:
        return Finding("bad value", why, text, shown, why.split(" ")[0] + " " + why[-20:])
    if elapsed > SLOW_SECONDS:
        return Finding("slow", f"{elapsed:.1f} s", text, shown, "slow")
    return None


def _show(variables: dict[str, Any] | None) -> str:
    try:
        return repr(variables)[:300]
    except BaseException:
        return "<variables without a repr>"


def shrink(engine: feel.Engine, finding: Finding, variables: Any, seconds: float = 20.0) -> str:
    """A shorter text with the same finding signature (greedy chunk deletion)."""
    text = finding.text
    deadline = time.monotonic() + seconds
    chunk = max(1, len(text) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        at, progressed = 0, False
        while at < len(text) and time.monotonic() < deadline:
            candidate = text[:at] + text[at + chunk:]
            again = check(engine, candidate, variables() if callable(variables) else variables)
            if again is not None and again.signature == finding.signature:
                text, progressed = candidate, True
            else:
                at += chunk
        if not progressed:
            chunk //= 2
    return text


# -- the command ---------------------------------------------------------------------------

GENERATORS = ("text", "grammar", "broken grammar", "tck mutation", "variables", "hostile")


def one_input(chooser: Chooser, kind: str) -> tuple[str, Callable[[], Any] | None, bool]:
    """(text, variables factory or None, unary?) for one input of generator ``kind``."""
    if kind == "text":
        return random_text(chooser), None, False
    if kind in ("grammar", "broken grammar"):
        text = grammar_expression(chooser, broken=kind == "broken grammar")
        return text, None, False
    if kind == "hostile":
        return hostile_expression(chooser), None, False
    if kind == "tck mutation":
        texts = tck_expressions()
        return mutate_text(chooser, chooser.pick(texts), texts), None, False
    seed = chooser.integer(0, 2**32)
    text = chooser.pick(VARIABLE_EXPRESSIONS)
    if chooser.integer(0, 3) == 0:
        text = grammar_expression(chooser)

    def factory() -> dict[str, Any]:
        return random_variables(RandomChooser(random.Random(seed)))

    return text, factory, chooser.integer(0, 9) == 0


class Watchdog(threading.Thread):
    """Prints the current input and exits when one input runs far past every budget."""

    def __init__(self, limit: float) -> None:
        super().__init__(daemon=True)
        self.limit = limit
        self.current: tuple[float, str] = (time.monotonic(), "")

    def run(self) -> None:
        while True:
            time.sleep(1.0)
            started, text = self.current
            if time.monotonic() - started > self.limit:
                print(f"\nHANG: more than {self.limit:.0f} s on: {text!r}", flush=True)
                os._exit(3)


def budget_overhead(repeat: int = 15, closures: bool = False) -> float:
    """Print the evaluation time of the benchmark expressions with the default budgets and
    with step, time and depth budgets off (best of ``repeat`` interleaved runs); return the
    geometric mean of the ratios. ``closures``: without fast paths (feel.fastpath), whose
    budgets are settled when they are made.

    (The step counter still counts with ``max_steps=0``: this measures the checks, not the
    counting, which no engine setting removes.)
    """
    from bench.__main__ import median_us
    from bench.cases import CASES

    cases = [*CASES, ("loop of 10000", "count(for x in 1..10000 return x)", {}, None)]
    guarded, free = feel.Engine(), feel.Engine(max_steps=0, timeout=None, max_depth=0)
    print(f"\n{'closures alone' if closures else 'with fast paths'}:\n")
    print("| expression | budgets µs | no budgets µs | ratio |\n|---|---:|---:|---:|")
    product, count = 1.0, 0
    for name, text, variables, _ in cases:
        a, b = guarded.compile(text, list(variables)), free.compile(text, list(variables))
        if closures:
            a._source = b._source = None  # never make a fast path
        number = 20 if "10000" in name else 1000
        timings: list[list[float]] = [[], []]  # interleaved so that drift hits both alike
        for _ in range(repeat):
            for slot, compiled in enumerate((a, b)):
                timings[slot].append(
                    median_us(partial(compiled.evaluate, variables or None), 1, number))
        with_budgets, without = min(timings[0]), min(timings[1])  # the least disturbed runs
        ratio = with_budgets / without
        product *= ratio
        count += 1
        print(f"| {name} | {with_budgets:.1f} | {without:.1f} | {ratio:.3f} |")
    mean = product ** (1 / count)
    print(f"\ngeometric mean of the ratios: {mean:.3f} ({(mean - 1) * 100:+.1f}%)")
    return mean


def main(argv: list[str] | None = None) -> int:
    """Run the generators in turn for ``--minutes``; print counts and findings."""
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz")
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--kinds", default=",".join(GENERATORS),
                        help="the generators to run, separated by commas")  # fmt: skip
    parser.add_argument("--overhead", action="store_true",
                        help="measure what the budgets cost on the benchmark instead")  # fmt: skip
    options = parser.parse_args(argv)
    if options.overhead:
        budget_overhead()
        budget_overhead(closures=True)
        return 0
    seed = options.seed if options.seed is not None else random.randrange(2**32)
    print(f"seed {seed}; budgets {FUZZ_BUDGETS}")
    chooser = RandomChooser(random.Random(seed))
    engine = feel.Engine(**FUZZ_BUDGETS)  # type: ignore[arg-type]
    kinds = [k for k in options.kinds.split(",")
             if k in GENERATORS and (k != "tck mutation" or tck_expressions())]  # fmt: skip
    counts = {kind: [0, 0] for kind in kinds}  # inputs, findings
    tallies: dict[str, Counter[str]] = {kind: Counter() for kind in kinds}
    findings: dict[str, Finding] = {}
    watchdog = Watchdog(limit=60.0)
    watchdog.start()
    deadline = time.monotonic() + options.minutes * 60
    while time.monotonic() < deadline:
        kind = chooser.pick(kinds)
        text, factory, unary = one_input(chooser, kind)
        watchdog.current = (time.monotonic(), text)
        finding = check(engine, text, factory() if factory else None, unary, tallies[kind])
        counts[kind][0] += 1
        if finding is None:
            continue
        counts[kind][1] += 1
        if finding.signature not in findings:
            if finding.kind != "slow":
                finding.text = shrink(engine, finding, factory)
            findings[finding.signature] = finding
            print(finding.report(), flush=True)
    total = sum(c[0] for c in counts.values())
    print(f"\n{total} inputs in {options.minutes} min (seed {seed}):")
    for kind, (inputs, found) in counts.items():
        shares = ", ".join(f"{name} {n / max(inputs, 1):.0%}" for name, n in
                           tallies[kind].most_common())  # fmt: skip
        print(f"  {kind:15} {inputs:8} inputs, {found} with findings ({shares})")
    print(f"{len(findings)} distinct findings")
    for finding in findings.values():
        print(finding.report())
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())

"""The FEEL abstract syntax tree: one frozen dataclass per construct, each with a span.

``start`` and ``end`` are offsets into the source text; warnings and errors turn them
into line and column. Nodes are built by :mod:`feel.parser` and consumed once by
:mod:`feel.compiler`; evaluation never sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Node:
    """Base of all nodes: the span ``start``..``end`` in the source."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Constant(Node):
    """A literal: number, string, boolean or null (``value`` is the FEEL value)."""

    value: Any


@dataclass(frozen=True, slots=True)
class TemporalLiteral(Node):
    """``@"2023-01-19"``: the text between the quotes."""

    text: str


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A variable, context entry, parameter or built-in name."""

    name: str


@dataclass(frozen=True, slots=True)
class ListExpr(Node):
    """``[a, b, c]``."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class ContextExpr(Node):
    """``{key: value, ...}``: later entries see earlier ones."""

    entries: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class Interval(Node):
    """``[a..b)`` and friends."""

    low: Node
    high: Node
    low_included: bool
    high_included: bool


@dataclass(frozen=True, slots=True)
class OpenRange(Node):
    """``< 10``, ``>= x``: a range open on one side (DMN 1.5), or a unary comparison."""

    operator: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Arithmetic(Node):
    """``a + b``, ``a - b``, ``a * b``, ``a / b``, ``a ** b``."""

    operator: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Negation(Node):
    """``-a``."""

    operand: Node


@dataclass(frozen=True, slots=True)
class Comparison(Node):
    """``a = b``, ``!=``, ``<``, ``<=``, ``>``, ``>=``."""

    operator: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Between(Node):
    """``value between low and high``."""

    value: Node
    low: Node
    high: Node


@dataclass(frozen=True, slots=True)
class In(Node):
    """``value in test`` or ``value in (test, test, ...)``."""

    value: Node
    tests: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Logical(Node):
    """``a and b`` (``operator`` "and") or ``a or b``."""

    operator: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class If(Node):
    """``if condition then a else b``."""

    condition: Node
    then: Node
    otherwise: Node


@dataclass(frozen=True, slots=True)
class Iteration(Node):
    """One ``name in domain`` (or ``name in low..high``) of a ``for`` or quantifier."""

    name: str
    domain: Node
    high: Node | None


@dataclass(frozen=True, slots=True)
class For(Node):
    """``for x in xs, y in ys return body``."""

    iterations: tuple[Iteration, ...]
    body: Node


@dataclass(frozen=True, slots=True)
class Quantified(Node):
    """``some``/``every`` ``x in xs satisfies condition``."""

    quantifier: str
    iterations: tuple[Iteration, ...]
    condition: Node


@dataclass(frozen=True, slots=True)
class FunctionDefinition(Node):
    """``function(a, b: number) body``, or ``function(...) external {...}``."""

    parameters: tuple[tuple[str, Node | None], ...]
    body: Node
    external: bool


@dataclass(frozen=True, slots=True)
class Filter(Node):
    """``base[condition]``: a boolean filter or a 1-based index."""

    base: Node
    condition: Node


@dataclass(frozen=True, slots=True)
class Path(Node):
    """``base.name``: context entry, property, or projection over a list."""

    base: Node
    name: str


@dataclass(frozen=True, slots=True)
class Invocation(Node):
    """``callee(args)``; ``named`` tells whether ``arguments`` are (name, node) pairs."""

    callee: Node
    arguments: tuple[Any, ...]
    named: bool


@dataclass(frozen=True, slots=True)
class InstanceOf(Node):
    """``value instance of type``."""

    value: Node
    type: Node


@dataclass(frozen=True, slots=True)
class NamedType(Node):
    """A type by name: ``number``, ``date and time``, ``Any``, an item definition..."""

    name: str


@dataclass(frozen=True, slots=True)
class GenericType(Node):
    """``list<T>`` or ``range<T>``."""

    name: str
    argument: Node


@dataclass(frozen=True, slots=True)
class ContextType(Node):
    """``context<a: T, b: U>``."""

    fields: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class FunctionType(Node):
    """``function<T, U> -> R``."""

    parameters: tuple[Node, ...]
    result: Node


@dataclass(frozen=True, slots=True)
class UnaryTests(Node):
    """A list of positive unary tests (``negated`` for ``not(...)``); empty means ``-``."""

    tests: tuple[Node, ...]
    negated: bool


@dataclass(frozen=True, slots=True)
class TestOperator(Node):
    """``= e`` or ``!= e`` in unary tests (DMN 1.5)."""

    operator: str
    operand: Node


def number(text: str) -> Decimal:
    """The Decimal value of a number literal."""
    return Decimal(text)

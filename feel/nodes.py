"""The FEEL abstract syntax tree: one slots dataclass per construct, each with a span.

``start`` and ``end`` are offsets into the source text; warnings and errors turn them
into line and column. Nodes are built by :mod:`feel.parser` and consumed once by
:mod:`feel.compiler`; evaluation never sees them.

Nodes are immutable by convention, not ``frozen=True``: a frozen dataclass assigns each
field through ``object.__setattr__``, which made building a node about 3 times dearer, and
nodes are built on the cold path of every new expression. Nothing assigns to a node after
it is built; they compare and hash by value (``unsafe_hash`` is safe under that rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True, unsafe_hash=True)
class Node:
    """Base of all nodes: the span ``start``..``end`` in the source."""

    start: int
    end: int


#: Each node class's fields other than its span, found once per class.
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(kind: type) -> tuple[str, ...]:
    """The names of the fields of node class ``kind`` that hold its parts (not the span)."""
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = _CHILD_FIELDS[kind] = tuple(
            f for f in kind.__dataclass_fields__ if f not in ("start", "end"))  # type: ignore[attr-defined]
    return fields


def children(node: Node) -> list[Any]:
    """The values of ``node``'s fields other than its span: nodes, tuples of them, names,
    literals; the one way the tree walkers reach a node's parts."""
    return [getattr(node, field) for field in child_fields(type(node))]


@dataclass(slots=True, unsafe_hash=True)
class Constant(Node):
    """A literal: number, string, boolean or null (``value`` is the FEEL value)."""

    value: Any


@dataclass(slots=True, unsafe_hash=True)
class TemporalLiteral(Node):
    """``@"2023-01-19"``: the text between the quotes."""

    text: str


@dataclass(slots=True, unsafe_hash=True)
class Name(Node):
    """A variable, context entry, parameter or built-in name."""

    name: str


@dataclass(slots=True, unsafe_hash=True)
class ListExpr(Node):
    """``[a, b, c]``."""

    items: tuple[Node, ...]


@dataclass(slots=True, unsafe_hash=True)
class ContextExpr(Node):
    """``{key: value, ...}``: later entries see earlier ones."""

    entries: tuple[tuple[str, Node], ...]


@dataclass(slots=True, unsafe_hash=True)
class Interval(Node):
    """``[a..b)`` and friends."""

    low: Node
    high: Node
    low_included: bool
    high_included: bool


@dataclass(slots=True, unsafe_hash=True)
class OpenRange(Node):
    """``< 10``, ``>= x``: a range open on one side (DMN 1.5), or a unary comparison."""

    operator: str
    operand: Node


@dataclass(slots=True, unsafe_hash=True)
class Arithmetic(Node):
    """``a + b``, ``a - b``, ``a * b``, ``a / b``, ``a ** b``."""

    operator: str
    left: Node
    right: Node


@dataclass(slots=True, unsafe_hash=True)
class Negation(Node):
    """``-a``."""

    operand: Node


@dataclass(slots=True, unsafe_hash=True)
class Comparison(Node):
    """``a = b``, ``!=``, ``<``, ``<=``, ``>``, ``>=``."""

    operator: str
    left: Node
    right: Node


@dataclass(slots=True, unsafe_hash=True)
class Between(Node):
    """``value between low and high``."""

    value: Node
    low: Node
    high: Node


@dataclass(slots=True, unsafe_hash=True)
class In(Node):
    """``value in test`` or ``value in (test, test, ...)``."""

    value: Node
    tests: tuple[Node, ...]


@dataclass(slots=True, unsafe_hash=True)
class Logical(Node):
    """``a and b`` (``operator`` "and") or ``a or b``."""

    operator: str
    left: Node
    right: Node


@dataclass(slots=True, unsafe_hash=True)
class If(Node):
    """``if condition then a else b``."""

    condition: Node
    then: Node
    otherwise: Node


@dataclass(slots=True, unsafe_hash=True)
class Iteration(Node):
    """One ``name in domain`` (or ``name in low..high``) of a ``for`` or quantifier."""

    name: str
    domain: Node
    high: Node | None


@dataclass(slots=True, unsafe_hash=True)
class For(Node):
    """``for x in xs, y in ys return body``."""

    iterations: tuple[Iteration, ...]
    body: Node


@dataclass(slots=True, unsafe_hash=True)
class Quantified(Node):
    """``some``/``every`` ``x in xs satisfies condition``."""

    quantifier: str
    iterations: tuple[Iteration, ...]
    condition: Node


@dataclass(slots=True, unsafe_hash=True)
class FunctionDefinition(Node):
    """``function(a, b: number) body``, or ``function(...) external {...}``."""

    parameters: tuple[tuple[str, Node | None], ...]
    body: Node
    external: bool


@dataclass(slots=True, unsafe_hash=True)
class Filter(Node):
    """``base[condition]``: a boolean filter or a 1-based index."""

    base: Node
    condition: Node


@dataclass(slots=True, unsafe_hash=True)
class Path(Node):
    """``base.name``: context entry, property, or projection over a list."""

    base: Node
    name: str


@dataclass(slots=True, unsafe_hash=True)
class Invocation(Node):
    """``callee(args)``; ``named`` tells whether ``arguments`` are (name, node) pairs."""

    callee: Node
    arguments: tuple[Any, ...]
    named: bool


@dataclass(slots=True, unsafe_hash=True)
class InstanceOf(Node):
    """``value instance of type``."""

    value: Node
    type: Node


@dataclass(slots=True, unsafe_hash=True)
class NamedType(Node):
    """A type by name: ``number``, ``date and time``, ``Any``, an item definition..."""

    name: str


@dataclass(slots=True, unsafe_hash=True)
class GenericType(Node):
    """``list<T>`` or ``range<T>``."""

    name: str
    argument: Node


@dataclass(slots=True, unsafe_hash=True)
class ContextType(Node):
    """``context<a: T, b: U>``."""

    fields: tuple[tuple[str, Node], ...]


@dataclass(slots=True, unsafe_hash=True)
class FunctionType(Node):
    """``function<T, U> -> R``."""

    parameters: tuple[Node, ...]
    result: Node


@dataclass(slots=True, unsafe_hash=True)
class UnaryTests(Node):
    """A list of positive unary tests (``negated`` for ``not(...)``); empty means ``-``."""

    tests: tuple[Node, ...]
    negated: bool


@dataclass(slots=True, unsafe_hash=True)
class TestOperator(Node):
    """``= e`` or ``!= e`` in unary tests (DMN 1.5)."""

    operator: str
    operand: Node

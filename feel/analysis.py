"""Which variables an expression reads: its free names, and the static paths into them.

A host that evaluates an expression often wants to know beforehand which of its variables
the expression needs (Zeebe and the connector runtimes fetch only those). :func:`reads`
walks a tree once, at compile time, and answers with the names it reads that nothing
inside the expression binds, each with the context paths read from it where they are
written out: ``response.body.id + 1`` reads ``response``, by the path
``("response", "body", "id")``.

Not free: context keys (for the entries after them), ``for``/``some``/``every`` variables
(in the later domains and the body), ``partial`` in a ``for`` body, function parameters,
``item`` in a filter condition, ``?`` in unary tests, and the name of a function the
engine has (built-in or given to it) where it is called. The same name read as a value
(``count + 1``) is listed: a variable of that name is what it reads when there is one,
and hosts have many such variables (``count``, ``date``, ``sum``). A name inside a filter
condition other than ``item`` is listed too: it is an entry of each item that is a
context, or else a variable, and which one only the data tells.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from feel import nodes as n


@dataclass(frozen=True)
class Reads:
    """What an expression reads: ``variables`` (free names, in order of first appearance)
    and ``paths`` (each read as a tuple: the name, then the context keys read from it)."""

    variables: tuple[str, ...] = ()
    paths: tuple[tuple[str, ...], ...] = ()


NOTHING = Reads()


def reads(tree: n.Node, functions: Container[str], bound: frozenset[str] = frozenset()) -> Reads:
    """The free names ``tree`` reads and the paths read into them; ``functions`` are the
    names that are functions, not variables, unless bound; ``bound`` names are bound
    around the whole tree (``{"?"}`` for unary tests)."""
    walker = _Walker(functions)
    walker.visit(tree, bound)
    if not walker.paths:
        return NOTHING
    return Reads(tuple(dict.fromkeys(path[0] for path in walker.paths)), tuple(walker.paths))


class _Walker:
    """One walk over one tree: the paths found so far, in order, without repeats."""

    def __init__(self, functions: Container[str]) -> None:
        self.functions = functions
        self.paths: dict[tuple[str, ...], None] = {}

    def read(self, path: tuple[str, ...]) -> None:
        self.paths[path] = None

    def visit(self, node: Any, bound: frozenset[str]) -> None:
        """Record what ``node`` reads with the names ``bound`` around it."""
        kind = type(node)
        if kind in _LEAVES:
            return
        method = _METHODS.get(kind)
        if method is not None:
            method(self, node, bound)
        elif kind is tuple:
            for item in node:
                self.visit(item, bound)
        elif isinstance(node, n.Node):
            fields = _FIELDS.get(kind)
            if fields is None:
                fields = _FIELDS[kind] = tuple(f for f in node.__dataclass_fields__
                                               if f not in ("start", "end"))  # fmt: skip
            for field in fields:
                self.visit(getattr(node, field), bound)

    def v_Name(self, node: n.Name, bound: frozenset[str]) -> None:
        if node.name not in bound:
            self.read((node.name,))

    def v_Path(self, node: n.Path, bound: frozenset[str]) -> None:
        keys: list[str] = []
        base: n.Node = node
        while isinstance(base, n.Path):
            keys.append(base.name)
            base = base.base
        if isinstance(base, n.Name):
            if base.name not in bound:
                self.read((base.name, *reversed(keys)))
            return
        self.visit(base, bound)

    def v_ContextExpr(self, node: n.ContextExpr, bound: frozenset[str]) -> None:
        for key, value in node.entries:  # an entry sees the entries before it
            self.visit(value, bound)
            bound = bound | {key}

    def iterations(self, iterations: tuple[n.Iteration, ...], bound: frozenset[str]) -> frozenset[str]:
        for iteration in iterations:
            self.visit(iteration.domain, bound)
            self.visit(iteration.high, bound)
            bound = bound | {iteration.name}
        return bound

    def v_For(self, node: n.For, bound: frozenset[str]) -> None:
        self.visit(node.body, self.iterations(node.iterations, bound) | {"partial"})

    def v_Quantified(self, node: n.Quantified, bound: frozenset[str]) -> None:
        self.visit(node.condition, self.iterations(node.iterations, bound))

    def v_FunctionDefinition(self, node: n.FunctionDefinition, bound: frozenset[str]) -> None:
        self.visit(node.body, bound | {name for name, _ in node.parameters})

    def v_Filter(self, node: n.Filter, bound: frozenset[str]) -> None:
        self.visit(node.base, bound)
        self.visit(node.condition, bound | {"item"})

    def v_Invocation(self, node: n.Invocation, bound: frozenset[str]) -> None:
        callee = node.callee
        if not isinstance(callee, n.Name) or callee.name not in self.functions:
            self.visit(callee, bound)  # a free name that is no function: a variable's function
        if node.named:
            for _, value in node.arguments:
                self.visit(value, bound)
        else:
            self.visit(node.arguments, bound)

    def v_InstanceOf(self, node: n.InstanceOf, bound: frozenset[str]) -> None:
        self.visit(node.value, bound)  # (the type's names are types)


#: The node classes with a method of their own, and the fields of the others.
_METHODS: dict[type, Any] = {getattr(n, name[2:]): method for name, method in vars(_Walker).items()
                             if name.startswith("v_")}  # fmt: skip
_FIELDS: dict[type, tuple[str, ...]] = {}
#: Nodes and field values that read nothing, left at once (a third of the nodes visited
#: in the TCK's models are constants).
_LEAVES = frozenset([n.Constant, n.TemporalLiteral, str, type(None), bool])

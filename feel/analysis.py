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
    walker.bind(bound)
    walker.visit(tree)
    if not walker.paths:
        return NOTHING
    return Reads(tuple(dict.fromkeys(path[0] for path in walker.paths)), tuple(walker.paths))


class _Walker:
    """One walk over one tree: the paths found so far, in order, without repeats, and the
    names bound where the walk is, each with how many binders bind it. (Bound names are
    counted in and out as the walk enters and leaves a binder: a set copied per binder
    made a context of 10,000 entries cost 2 s, quadratic in its entries.)"""

    def __init__(self, functions: Container[str]) -> None:
        self.functions = functions
        self.paths: dict[tuple[str, ...], None] = {}
        self.bound: dict[str, int] = {}

    def read(self, path: tuple[str, ...]) -> None:
        self.paths[path] = None

    def bind(self, names: Any) -> None:
        bound = self.bound
        for name in names:
            bound[name] = bound.get(name, 0) + 1

    def unbind(self, names: Any) -> None:
        bound = self.bound
        for name in names:
            left = bound[name] - 1
            if left:
                bound[name] = left
            else:
                del bound[name]

    def visit(self, node: Any) -> None:
        """Record what ``node`` reads with the names :attr:`bound` around it."""
        kind = type(node)
        if kind in _LEAVES:
            return
        method = _METHODS.get(kind)
        if method is not None:
            method(self, node)
        elif kind is tuple:
            for item in node:
                self.visit(item)
        elif isinstance(node, n.Node):
            for field in n.child_fields(kind):
                self.visit(getattr(node, field))

    def within(self, names: Any, node: Any) -> None:
        """Visit ``node`` with ``names`` bound too."""
        self.bind(names)
        self.visit(node)
        self.unbind(names)

    def v_Name(self, node: n.Name) -> None:
        if node.name not in self.bound:
            self.read((node.name,))

    def v_Path(self, node: n.Path) -> None:
        keys: list[str] = []
        base: n.Node = node
        while isinstance(base, n.Path):
            keys.append(base.name)
            base = base.base
        if isinstance(base, n.Name):
            if base.name not in self.bound:
                self.read((base.name, *reversed(keys)))
            return
        self.visit(base)

    def v_ContextExpr(self, node: n.ContextExpr) -> None:
        keys = []
        for key, value in node.entries:  # an entry sees the entries before it
            self.visit(value)
            self.bind((key,))
            keys.append(key)
        self.unbind(keys)

    def iterations(self, iterations: tuple[n.Iteration, ...]) -> list[str]:
        """Visit the domains, binding each iteration's name for the later ones; the names
        stay bound (the caller unbinds them)."""
        names = []
        for iteration in iterations:
            self.visit(iteration.domain)
            self.visit(iteration.high)
            self.bind((iteration.name,))
            names.append(iteration.name)
        return names

    def v_For(self, node: n.For) -> None:
        names = self.iterations(node.iterations)
        self.within(("partial",), node.body)
        self.unbind(names)

    def v_Quantified(self, node: n.Quantified) -> None:
        names = self.iterations(node.iterations)
        self.visit(node.condition)
        self.unbind(names)

    def v_FunctionDefinition(self, node: n.FunctionDefinition) -> None:
        self.within([name for name, _ in node.parameters], node.body)

    def v_Filter(self, node: n.Filter) -> None:
        self.visit(node.base)
        self.within(("item",), node.condition)

    def v_Invocation(self, node: n.Invocation) -> None:
        callee = node.callee
        if not isinstance(callee, n.Name) or callee.name not in self.functions:
            self.visit(callee)  # a free name that is no function: a variable's function
        if node.named:
            for _, value in node.arguments:
                self.visit(value)
        else:
            self.visit(node.arguments)

    def v_InstanceOf(self, node: n.InstanceOf) -> None:
        self.visit(node.value)  # (the type's names are types)


#: The node classes with a method of their own (the others: their fields, nodes.child_fields).
_METHODS: dict[type, Any] = {getattr(n, name[2:]): method for name, method in vars(_Walker).items()
                             if name.startswith("v_")}  # fmt: skip
#: Nodes and field values that read nothing, left at once (a third of the nodes visited
#: in the TCK's models are constants).
_LEAVES = frozenset([n.Constant, n.TemporalLiteral, str, type(None), bool])

"""``instance of``: FEEL type expressions compiled to predicates over values."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel import nodes as n
from feel import temporal
from feel.runtime import charge
from feel.values import Function, Range

Predicate = Callable[[Any], bool]

_SIMPLE: dict[str, Predicate] = {
    "number": lambda v: type(v) is Decimal,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "list": lambda v: type(v) is list,
    "context": lambda v: type(v) is dict,
    "function": lambda v: isinstance(v, Function),
    "range": lambda v: isinstance(v, Range),
    "Any": lambda v: True,
    "Null": lambda v: v is None,
    "null": lambda v: v is None,
}

_TEMPORAL = ("date", "time", "date and time", "days and time duration", "years and months duration")


def type_predicate(node: n.Node, resolve: Callable[[str], Predicate | None] | None = None) -> Predicate:
    """A predicate for the type ``node``; ``resolve`` names other types (DMN item definitions).

    Unknown type names give a predicate that is always false.
    """
    if isinstance(node, n.NamedType):
        name = node.name
        if name in _SIMPLE:
            simple = _SIMPLE[name]
            if name in ("Null", "null"):
                return simple
            return lambda v: v is not None and simple(v)
        if name in _TEMPORAL:
            return lambda v: temporal.is_instance(v, name)
        found = resolve(name) if resolve else None
        return found if found is not None else (lambda v: False)
    if isinstance(node, n.GenericType):
        inner = type_predicate(node.argument, resolve)
        if node.name == "list":
            # one step per item checked, so that list<list<number>> over a large list
            # respects the budgets (charge() is true)
            return lambda v: type(v) is list and charge(len(v)) and all(inner(item) for item in v)
        if node.name == "range":
            return lambda v: isinstance(v, Range) and all(
                end is None or inner(end) for end in (v.start, v.end)
            )
        return lambda v: False
    if isinstance(node, n.ContextType):
        fields = [(key, type_predicate(t, resolve)) for key, t in node.fields]
        return lambda v: type(v) is dict and all(
            key in v and (v[key] is None or check(v[key])) for key, check in fields
        )
    if isinstance(node, n.FunctionType):
        arity = len(node.parameters)
        return lambda v: isinstance(v, Function) and _arity_fits(v, arity)
    return lambda v: False


def _arity_fits(function: Function, arity: int) -> bool:
    try:
        return len(function.parameter_names()) == arity
    except NotImplementedError:
        return True

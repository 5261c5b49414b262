"""Literals, names, lists, contexts and ranges."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel import hints, temporal
from feel import nodes as n
from feel import operators as op
from feel.compiler.core import Closure, Core, constant
from feel.compiler.paths import member
from feel.diagnostics import Failure, WarningKind
from feel.runtime import MISSING, Scope, warn
from feel.values import Range

#: Kinds of values that nothing can change.
_IMMUTABLE = frozenset([Decimal, str, bool, type(None)])


def missing_variable(scope: Scope, name: str, functions: Any, where: tuple) -> None:
    """Null for the variable ``name`` found nowhere, with the warning (the closest name in
    ``scope`` or of ``functions`` as a hint). Both tiers: the generated code's slow branch
    calls it too (:func:`feel.fastpath.helpers._no_variable`)."""
    warn(scope, WarningKind.NO_VARIABLE_FOUND, hints.no_variable(name, scope, functions), where)
    return None


class Structures(Core):
    """The closures of literals, names and the structures written in the text."""

    # -- literals and names
    def c_Constant(self, node: n.Constant) -> Closure:
        return constant(node.value)

    def c_TemporalLiteral(self, node: n.TemporalLiteral) -> Closure:
        from feel import java_time

        known = self.facts.constant(node)
        if known is not None:
            return constant(known.value)
        java = self.engine.dialect.java_temporal_texts
        try:  # (not a literal: parsed again for the failure's message)
            value = (java_time if java else temporal).parse_literal(node.text)
        except Failure as failure:
            kind, message, where = failure.kind, failure.message, self.where(node)

            def invalid(scope: Scope) -> Any:
                warn(scope, kind, message, where)
                return None

            return invalid
        return constant(value)

    def c_Name(self, node: n.Name) -> Closure:
        name = node.name
        where = self.where(node)
        functions = self.engine.functions

        dotted = name.split(".") if "." in name.strip(".") else None

        def lookup(scope: Scope) -> Any:
            s = scope
            while True:  # Scope.lookup, inline: a call less for every name read
                vars = s.vars
                if name in vars:
                    return vars[name]
                if s.parent is None:
                    break
                s = s.parent
            value = s.unread(name)
            if value is not MISSING:
                return value
            function = functions.get(name)
            if function is not None:
                return function
            if dotted is not None:
                # `a.b` lexed as one known name (a parameter somewhere is called "a.b")
                # but not bound here: read it as the path it also is.
                value = scope.lookup(dotted[0].strip())
                if value is not MISSING:
                    for part in dotted[1:]:
                        value = member(scope, value, part.strip(), where)
                    return value
            return missing_variable(scope, name, functions, where)

        return lookup

    # -- structures
    def c_ListExpr(self, node: n.ListExpr) -> Closure:
        items = tuple(self.compile(item) for item in node.items)
        if all(map(self.facts.plain, node.items)):
            values = [self.facts.constant(item).value for item in node.items]  # type: ignore[union-attr]
            return lambda scope: list(values)
        return lambda scope: [item(scope) for item in items]

    def c_ContextExpr(self, node: n.ContextExpr) -> Closure:
        entries = tuple((key, self.compile(value)) for key, value in node.entries)
        seen: set[str] = set()
        duplicate = None
        for key, _ in entries:
            if key in seen:
                duplicate = key
                break
            seen.add(key)
        if duplicate is not None:
            where = self.where(node)
            message = f"duplicate context entry {duplicate!r}"

            def invalid(scope: Scope) -> Any:
                warn(scope, WarningKind.INVALID_VALUE, message, where)
                return None

            return invalid

        def context(scope: Scope) -> Any:
            result: dict[str, Any] = {}
            inner = Scope(result, scope, scope.state)
            for key, value in entries:
                result[key] = value(inner)
            return result

        if self.facts.reads(node) & seen:
            return context
        values = [self.facts.value(value, []) for _, value in node.entries]
        if all(type(value) in _IMMUTABLE for value in values):
            template = {key: value for (key, _), value in zip(entries, values)}
            return lambda scope: dict(template)  # a fresh context each time

        def independent_context(scope: Scope) -> Any:
            # no entry reads another: no scope of the entries (0.1 µs)
            result: dict[str, Any] = {}
            for key, value in entries:
                result[key] = value(scope)
            return result

        return independent_context

    def c_Interval(self, node: n.Interval) -> Closure:
        low, high = self.compile(node.low), self.compile(node.high)
        low_included, high_included = node.low_included, node.high_included
        where = self.where(node)

        def interval(scope: Scope) -> Any:
            start, end = low(scope), high(scope)
            if start is not None and end is not None:
                try:
                    op.compare(start, end)
                except Failure as failure:
                    warn(scope, failure.kind, "range endpoints: " + failure.message, where)
                    return None
            return Range(start, end, low_included, high_included)

        return self.folded(node, interval)

    def c_OpenRange(self, node: n.OpenRange) -> Closure:
        operand = self.compile(node.operand)
        operator = node.operator

        def open_range(scope: Scope) -> Any:
            value = operand(scope)
            if operator[0] == "<":
                return Range(None, value, False, operator == "<=", operator)
            if operator[0] == ">":
                return Range(value, None, operator == ">=", False, operator)
            return Range(value, value, operator == "=", operator == "=", operator)

        return self.folded(node, open_range)

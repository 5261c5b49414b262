"""``a.b.c`` and :func:`member`: context entries, properties and projections."""

from __future__ import annotations

from typing import Any

from feel import hints, temporal
from feel import nodes as n
from feel.compiler.core import Closure, Core
from feel.diagnostics import Failure, WarningKind
from feel.runtime import MISSING, Scope, warn
from feel.values import Range, type_name

#: The properties of one kind of duration that the other kind lacks, and what it has.
_DURATION_PROPERTIES = dict.fromkeys(("days", "hours", "minutes", "seconds"), "years and months")
_DURATION_PROPERTIES.update(dict.fromkeys(("years", "months"), "days, hours, minutes and seconds"))


class Paths(Core):
    """The closure of a path."""

    def c_Path(self, node: n.Path) -> Closure:
        """``a.b.c`` is one closure: the base, then each key of a context in turn (what
        :func:`member` does for anything else); 0.3 µs less for ``a.b.c`` than a closure per dot."""
        steps: list[tuple[str, tuple]] = []
        base_node: n.Node = node
        while isinstance(base_node, n.Path):
            steps.append((base_node.name, self.where(base_node)))
            base_node = base_node.base
        steps.reverse()
        keys = tuple(steps)
        self.depth += len(keys) - 1  # the nesting the nodes have, as if compiled one by one
        try:
            base = self.compile(base_node)
        finally:
            self.depth -= len(keys) - 1

        def path_keys(scope: Scope) -> Any:
            value = base(scope)
            for key, where in keys:
                if type(value) is dict and key in value:
                    value = value[key]
                else:
                    value = member(scope, value, key, where)
            return value

        if type(base_node) is not n.Name:
            return path_keys
        name, names = base_node.name, tuple(key for key, _ in keys)

        def variable_path(scope: Scope) -> Any:
            """The path off a name: off a host's variable not read whole yet, its contexts
            read as they are, and only what the path reaches converted (see
            :mod:`feel.hostvars`)."""
            s = scope
            while True:  # Scope.lookup, inline
                vars = s.vars
                if name in vars:
                    value, taken = vars[name], 0
                    break
                if s.parent is None:
                    found = s.unread_path(name, names)
                    value, taken = (base(scope), 0) if found is MISSING else found
                    break
                s = s.parent
            for key, where in keys[taken:] if taken else keys:
                if type(value) is dict and key in value:
                    value = value[key]
                else:
                    value = member(scope, value, key, where)
            return value

        return variable_path


def member(scope: Scope, value: Any, name: str, where: tuple) -> Any:
    """``value.name``: a context entry, a property, or the projection over a list."""
    kind = type(value)
    if kind is dict:
        if name in value:
            return value[name]
        warn(scope, WarningKind.NO_CONTEXT_ENTRY_FOUND, hints.no_context_entry(name, value, scope), where)
        return None
    if kind is list:
        state = scope.state  # a projection counts its items, as nested lists can multiply them
        state.steps += len(value)
        state.check()
        return [item[name] if type(item) is dict and name in item else member(scope, item, name, where)
                for item in value]  # fmt: skip
    if value is None:
        return None
    if kind is Range:
        properties = {"start": value.start, "end": value.end,
                      "start included": value.start_included, "end included": value.end_included}
        if name in properties:
            return properties[name]
    elif temporal.is_temporal(value):
        try:
            found = temporal.get_property(value, name)
        except Failure as failure:
            warn(scope, failure.kind, failure.message, where)
            return None
        if found is None and name in _DURATION_PROPERTIES:  # `@"P1Y".days`: the other kind's
            warn(scope, WarningKind.NO_PROPERTY_FOUND,
                 f"a {type_name(value)} has no {name!r}, only "
                 f"{_DURATION_PROPERTIES[name]}", where)  # fmt: skip
        return found
    warn(scope, WarningKind.NO_PROPERTY_FOUND, f"{type_name(value)} has no property {name!r}", where)
    return None

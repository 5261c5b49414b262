"""Names, paths, lists and contexts: reading the host's values where they are used."""

from __future__ import annotations

import contextlib

from feel import nodes as n
from feel.compiler.paths import member
from feel.fastpath.kinds import FEEL, LIST, RAW, RAW_LIST, Unsupported, Value
from feel.fastpath.writer import Writer


class Paths(Writer):
    """The translation of names, paths, list and context literals."""

    def t_Name(self, node: n.Name) -> Value:
        return self.resolve(node.name, len(self.scopes), node)

    def resolve(self, name: str, depth: int, node: n.Name | None = None) -> Value:
        """The value of ``name`` seen from the ``depth`` innermost scopes, then the variables
        (read at ``node``)."""
        for level in range(depth - 1, -1, -1):
            scope = self.scopes[level]
            if type(scope) is dict:
                if name in scope:
                    return scope[name]
                continue
            item = scope.code  # a filter's item: its entry of that name if it has one
            result = self.temp()
            with self.block(f"if type({item}) is dict:"):
                self.line("try:")  # (no cost in Python 3.11 where it does not raise: one lookup)
                self.line(f"    {result} = {item}[{name!r}]")
                with self.block("except KeyError:"):
                    self.outer_name(result, item, name, level, scope.kind == RAW, node)
            with self.block("else:"):
                # (a dict subclass is a context for the closures)
                self.outer_name(result, item, name, level, scope.kind == RAW, node)
            # a host's item's entry is checked where it is used, as a variable is (a JSON
            # int compared with a whole constant as it is: 1.4 µs of 9.7 for
            # `items[price > 10].name` over 10 items); the outer value it may be is FEEL
            # already, and checking it again keeps it
            return Value(result, RAW if scope.kind == RAW else FEEL)
        known = self.read.get(("v", name))
        if known is not None:
            if known.code in self.absent and known.code in self.lazy:  # read at the first use
                self.line(f"if {known.code} is _UNSET: {known.code} = {self.lazy[known.code]}")
            elif known.code in self.lazy:
                self.read_lazily(known.code, name, node)
            function = self.engine.functions.get(name)
            if known.code in self.absent and function is not None:
                # read before a loop, maybe absent: the built-in, as the closures' (a dotted
                # name is there: see dotted)
                self.line(f"if {known.code} is _ABSENT: {known.code} = {self.cell(function)}")
            return known
        result = self.temp()
        if "." in name:  # there (a dotted name missing is a path for the closures: dotted)
            self.dotted.add(name)
            self.line(f"{result} = v[{name!r}]")
        elif name in self.engine.functions:  # missing: the built-in, as the closures'
            function = self.cell(self.engine.functions[name])
            self.line(f"{result} = v[{name!r}] if {name!r} in v else {function}")
        elif (node is not None and not self.looping and name in self.read_once
              and all(id(scope) in self.transparent for scope in self.scopes)):
            # missing: null, with the closures' warning (read once, where no name is bound:
            # their hint is of the host's names)
            functions = self.cell(self.engine.functions)
            self.read_entry(result, f"v[{name!r}]",
                            f"_no_variable(st, v, {name!r}, {functions}, {self.where(node)})")
        else:  # missing: null (where the caller keeps warnings, declined: see unsure)
            self.read_entry(result, f"v[{name!r}]", f"_member(v, {name!r}, st)")
            self.unsure.add(name)
        value = self.read[("v", name)] = Value(result, RAW)
        return value

    def read_lazily(self, code: str, name: str, node: n.Name | None) -> None:
        """Lines: the variable ``name``, hoisted before a filter's loop into ``code``, read
        at its first use (the items' entries usually hide it); missing, null with the
        closures' warning at each use, as they read it again (:func:`feel.fastpath.helpers.
        _lazy_variable`; ``code`` + ``m`` says it is missing), their hint from the names
        around the read: the item's entries, ``item``, the contexts around the filter."""
        around = []
        for scope in self.scopes:
            if type(scope) is not dict:
                around.append(f"(False, {scope.code})")  # a filter's item: its entries
            elif id(scope) not in self.transparent:
                around.append(f"(True, {self.cell(tuple(scope))})")
        where = self.where(node) if node is not None else "None"
        functions, scopes = self.cell(self.engine.functions), "".join(a + ", " for a in around)
        self.line(f"if {code} is _UNSET or {code} is None and {code}m: {code}, {code}m = "
                  f"_lazy_variable(v, {name!r}, st, {where}, {functions}, ({scopes}))")

    def outer_name(self, result: str, item: str, name: str, level: int, host: bool,
                   node: n.Name | None) -> None:  # fmt: skip
        """Lines: ``result`` is ``name`` read past a filter's ``item`` that has no entry of
        that name, from the ``level`` scopes around it; ``host``: the item is the host's,
        maybe a context to the closures that is not a dict with text keys (a subclass, keys
        of other kinds made text: converted first, :func:`feel.fastpath.helpers._item_entry`)."""
        if host:
            self.line(f"{result} = _item_entry({item}, {name!r}) if isinstance({item}, dict) "
                      "else _ABSENT")  # fmt: skip
            block = self.block(f"if {result} is _ABSENT:")
        else:
            block = contextlib.nullcontext()
        with block:
            self.line(f"{result} = {self.feel(self.resolve(name, level, node)).code}")

    def t_Path(self, node: n.Path) -> Value:
        if (type(node.base) is n.Filter and self.facts.constant(node.base) is None
                and self.facts.constant(node.base.condition) is None):
            return self.filter(node.base, node.name, self.where(node))  # one loop
        base = self.value(node.base)
        code = self.assign(base.code)
        key = repr(node.name)
        if base.kind in (LIST, RAW_LIST):  # a projection
            self.count_loop()
            entry = projected_entry("x", node.name, self.where(node), missing=True)
            result = self.temp()
            self.line(f"{result} = {self.listed(code, entry)}")
            if code in self.nullable:
                self.nullable.add(result)
            if base.kind == RAW_LIST:  # converted in the same loop if it is converted next
                self.convertible(result, len(self.lines) - 1,
                                 f"{result} = {self.listed(code, converted_entry(entry))}")
            return Value(result, RAW_LIST if base.kind == RAW_LIST else LIST)
        known = self.read.get((code, node.name))
        if known is not None:  # read again: a null (or a list's projection, whose items'
            # nulls warn) warns again, as the closures' read does
            self.line(f"if st is not None and ({known.code} is None or type({code}) is list) "
                      f"and _keeps(st): "
                      f"_slow(st, {self.cell(member)}, _feel({code}), {key}, {self.where(node)})")
            return known
        result = self.temp()
        if self.looping:  # no projection in a loop: the work would multiply
            other = "_entry"
        else:  # (a list is projected, and counted as a walk)
            other = "_member"
            self.count_walk()
        where = self.where(node)
        otherwise = f"{other}({code}, {key}, st, {where})"
        self.read_entry(result, f"{code}[{key}] if type({code}) is dict else {otherwise}",
                        f"_no_entry(st, {code}, {key}, {where})", (member, code, key, where))
        value = Value(result, RAW if base.kind == RAW else FEEL)
        self.read[(code, node.name)] = value
        return value

    def t_ListExpr(self, node: n.ListExpr) -> Value:
        items = [self.feel(self.value(item)).code for item in node.items]
        return Value(self.assign("[" + ", ".join(items) + "]"), LIST)

    def t_ContextExpr(self, node: n.ContextExpr) -> Value:
        keys = [key for key, _ in node.entries]
        if len(set(keys)) != len(keys):
            raise Unsupported("duplicate context entry")
        scope: dict[str, Value] = {}
        if not self.facts.reads(node) & set(keys):  # the closures' entries see the outer scope
            self.transparent.add(id(scope))
        self.scopes.append(scope)
        try:
            entries = []
            for key, entry in node.entries:
                value = self.feel(self.value(entry))
                value = Value(self.assign(value.code), value.kind)
                scope[key] = value
                entries.append(f"{key!r}: {value.code}")
        finally:
            self.scopes.pop()
        return Value(self.assign("{" + ", ".join(entries) + "}"), FEEL)


def projected_entry(item: str, name: str, where: str | None = None, missing: bool = False) -> str:
    """Code: the entry ``name`` of the list item ``item`` in a projection (null when the
    item is null, see :func:`feel.fastpath.helpers._entry`, with a warning where it says
    ``where``); ``missing``: also when it lacks it (else a KeyError, for a ``try``)."""
    key = repr(name)
    has = f" and {key} in {item}" if missing else ""
    if where is None:
        return f"({item}[{key}] if type({item}) is dict{has} else _entry({item}, {key}, st))"
    # an item of another kind: the closures' member, in the state (made here: `:=` in a
    # comprehension assigns the function's local)
    other = f"_slow((st := st or _state()), _MEMBER, _feel({item}), {key}, {where})"
    return (f"({item}[{key}] if type({item}) is dict{has} else _entry({item}, {key}, st, {where})"
            f" if type({item}) is dict or {item} is None else {other})")


def converted_entry(entry: str) -> str:
    """Code: the host's value ``entry`` (code, or a local) as a FEEL value."""
    if entry.isidentifier():
        return f"{entry} if type({entry}) is str else _feel({entry})"
    return f"y if type(y := {entry}) is str else _feel(y)"

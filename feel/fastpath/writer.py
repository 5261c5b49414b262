"""The translator's base: writing lines, checking kinds, reading variables, counting loops.

The node methods (``t_<Node>``) are in the modules named by construct (:mod:`.arithmetic`,
:mod:`.control`, :mod:`.paths`, :mod:`.calls`), each a mixin over :class:`Writer`;
:class:`feel.fastpath.translator.Translator` puts them together.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from feel import nodes as n
from feel.facts import Facts, Known
from feel.fastpath.helpers import HELPERS, MAX_ITEMS, _delegated, state_maker
from feel.fastpath.kinds import (
    BOOL, FEEL, LIST, NULL, NUM, RAW, RAW_LIST, STR, Unsupported, Value, in_range, small_int,
)


class Writer:
    """Writes the body of ``fast(v)`` for one tree; see :func:`feel.fastpath.generate`."""

    def __init__(self, engine: Any, facts: Facts, text: str = "") -> None:
        self.engine = engine
        self.facts = facts  # what the analysis knows of the tree (the closures read the same)
        self.text = text  # for the spans of the warnings of slow branches
        self.lines: list[str] = []
        self.indent = 1
        self.counter = itertools.count()
        self.cells: dict[str, Any] = dict(HELPERS)
        self.cells["_state"] = state_maker(engine)
        #: Names bound around the current node, innermost last: a dict of static names
        #: (context entries, iteration variables), or the item of a filter, a value whose
        #: entries are names when it is a context.
        self.scopes: list[dict[str, Value] | Value] = []
        #: Variables and paths already read in the current block: (base code, key) -> value.
        self.read: dict[tuple[str, str], Value] = {}
        #: Locals already checked in the current block, and the kind found.
        self.checked: dict[str, str] = {}
        self.walks = 0  # loops and other walks over lists, see count_walk
        self.absent: set[str] = set()  # locals of variables read before a loop: see hoist
        self.lazy: dict[str, str] = {}  # locals of variables read at their first use: hoist
        self.looping = 0  # loops around the current node
        #: Names read at one place in the tree (a missing one warns once in the closures).
        self.read_once: set[str] = set()
        #: The ids of the scopes in ``scopes`` the closures bind no names for (a context
        #: whose entries read none of its keys).
        self.transparent: set[int] = set()
        #: Lists of host values made by a loop, by their local: the last line and indent
        #: of that loop, the line that adds an item and that line converting it (see feel).
        self.projections: dict[str, tuple[int, int, int, str]] = {}
        #: Locals of a static kind LIST or RAW_LIST that may hold null instead (the result
        #: of a loop over a value that may not be a list: see Control.items_of).
        self.nullable: set[str] = set()
        #: Variables read where a missing one would be a warning the code does not give
        #: (in a loop, twice, or where names are bound: the closures' hint depends on the
        #: names around the read): with a caller that keeps warnings, the code declines
        #: at its start when one of them is missing (see :func:`feel.fastpath.translate`).
        self.unsure: set[str] = set()
        #: Built-ins a host's variable of the same name may hide (see binding_tests): with
        #: True, a variable of any value (``is defined``), else one that may be a function.
        self.shadowed: dict[str, bool] = {}
        #: Dotted names the code reads as variables (``a.b``, lexed as one name): one the
        #: host does not give is a path for the closures (``a``, then its entry ``b``,
        #: from the names bound around the read); the code declines at its start then.
        self.dotted: set[str] = set()
        #: The condition being translated whose verdict only matters when it is true (a
        #: filter's, an ``if``'s: a null there is as good as false), see t_Comparison.
        self.truthy: n.Node | None = None

    # -- writing
    def line(self, text: str) -> None:
        self.lines.append("    " * self.indent + text)

    def temp(self) -> str:
        return f"t{next(self.counter)}"

    def cell(self, value: Any) -> str:
        name = f"k{next(self.counter)}"
        self.cells[name] = value
        return name

    def assign(self, code: str) -> str:
        """A local holding ``code`` (``code`` itself when it already is one)."""
        if code.isidentifier():
            return code
        name = self.temp()
        self.line(f"{name} = {code}")
        return name

    @contextmanager
    def block(self, header: str) -> Iterator[None]:
        """Lines under ``header`` (an ``if``, ``else``...): what they read stays theirs."""
        self.line(header)
        self.indent += 1
        saved, checked = dict(self.read), dict(self.checked)
        try:
            yield
        finally:
            self.indent -= 1
            self.read, self.checked = saved, checked

    def where(self, node: n.Node) -> str:
        """A cell of what a warning at ``node`` needs to locate it (as the closures')."""
        return self.cell((self.text, node.start, node.end))

    def slow(self, result: str, general: Callable, *arguments: str) -> None:
        """The lines of a slow branch: ``result`` is ``general(scope, *arguments)``, the
        general case the closures call, in the state made at the first slow branch (the
        caller's, when it gave one: ``evaluate_result``)."""
        self.line("if st is None: st = _state()")
        self.line(f"{result} = _slow(st, {', '.join([self.cell(general), *arguments])})")

    @staticmethod
    def typed(python: type, *operands: tuple[str, Value]) -> str:
        """Code: each operand whose static kind is not ``python``'s is of that type."""
        static = NUM if python is Decimal else STR
        return " and ".join(f"type({code}) is {python.__name__}" for code, value in operands
                            if value.kind != static)  # fmt: skip

    @staticmethod
    def converted(*operands: tuple[str, Value]) -> list[str]:
        """Code of each operand as a FEEL value (host values tested as they are, such as a
        string, are converted in the slow branch only)."""
        return [f"_feel({code})" if value.kind in (RAW, RAW_LIST) else code for code, value in operands]

    def branches(self, guard: str, inline: str, general: Callable, *arguments: str,
                 kind: str = FEEL) -> Value:  # fmt: skip
        """The value of ``inline`` where ``guard`` holds (the operands of the kinds it
        computes), else of the slow branch ``general(scope, *arguments)`` (see :meth:`slow`);
        ``kind``: what both give."""
        result = self.temp()
        with self.block(f"if {guard}:"):
            self.line(f"{result} = {inline}")
        with self.block("else:"):
            self.slow(result, general, *arguments)
        return Value(result, kind)

    # -- conversions
    def feel(self, value: Value, number: bool = False) -> Value:
        """``value`` as a FEEL value (a host value converted as the closures would);
        ``number``: tested for a number first, the kind an operator expects there."""
        if value.kind == RAW_LIST:
            projected = self.projections.get(value.code)
            if projected is not None and projected[:2] == (len(self.lines) - 1, self.indent):
                # the loop just written, in this block, its list used by nothing else yet:
                # one loop that makes and converts (0.3 µs of 2.6 for `items[price > 10].name`)
                _, _, adding, converting = projected
                self.lines[adding] = converting
                return Value(value.code, LIST)
            items = self.listed(value.code, "x if type(x) is str else _feel(x)")
            return Value(self.assign(items), LIST)
        if value.kind != RAW:
            return value
        name = self.assign(value.code)
        known = self.checked.get(name)
        if known is not None:
            return Value(name, known)
        if number:
            self.line(f"if type({name}) is Decimal:")
            self.line(f"    if not ({in_range(name)}): {name} = _feel({name})")
            self.line(f"elif {small_int(name)}: {name} = Decimal({name})")
            self.line(f"elif type({name}) is not str: {name} = _feel({name})")
        else:
            self.line(f"if type({name}) is not str and not (type({name}) is Decimal and "
                      f"{in_range(name)}):")  # fmt: skip
            self.line(f"    {name} = Decimal({name}) if {small_int(name)} else _feel({name})")
        self.checked[name] = FEEL
        return Value(name, FEEL)

    def listed(self, items: str, each: str) -> str:
        """Code: the list of ``each`` (code of ``x``) for each ``x`` of the list ``items``
        (null where ``items`` may be null and is)."""
        listed = f"[{each} for x in {items}]"
        if items in self.nullable:
            listed = f"(None if {items} is None else {listed})"
        return listed

    def convertible(self, result: str, adding: int, converting: str) -> None:
        """Note that the list ``result`` of host values, made by the loop whose last line
        was just written, may convert each value where it adds it: line ``adding`` becomes
        ``converting`` (at that line's indent) if :meth:`feel` converts the list next."""
        indent = self.lines[adding][: len(self.lines[adding]) - len(self.lines[adding].lstrip())]
        self.projections[result] = (len(self.lines) - 1, self.indent, adding, indent + converting)

    def hoist(self, body: n.Node, bound: set[str], lazy: bool) -> None:
        """Read and check, before a loop, the variables its body may read (once, where the
        closures check every variable once: not once per item, which for a large list read
        in a loop of 256 multiplied the work by 256). ``lazy`` (a filter, whose items' entries
        usually hide the variables): at the first use instead (see resolve)."""
        for name in sorted(self.facts.reads(body) - bound):
            if any(type(scope) is not dict or name in scope for scope in self.scopes):
                continue  # bound around the loop, or in a filter's item: left where it is
            if "." in name:  # (there: see dotted)
                self.dotted.add(name)
            maybe_function = name in self.engine.functions or "." in name
            read = (f"_function_or_variable(v, {name!r})" if maybe_function
                    else f"_variable(v, {name!r}, st)")
            if not maybe_function and not lazy:  # (a filter's warns: Paths.read_lazily)
                self.unsure.add(name)
            if ("v", name) in self.read:
                value = self.feel(self.read[("v", name)])
            else:
                code = self.temp()
                if lazy:
                    self.line(f"{code} = _UNSET")
                    self.lazy[code] = read
                else:
                    self.line(f"{code} = {read}")
                if maybe_function:  # read if there, and only used if there (see resolve)
                    self.absent.add(code)
                value = Value(code, FEEL)
            self.read[("v", name)] = value

    def read_entry(self, result: str, read: str, missing: str,
                   general: tuple[Callable, str, str, str] | None = None) -> None:  # fmt: skip
        """``result = read``, or ``missing`` when that raises KeyError (a try costs nothing
        in Python 3.11 and reads once: 61 ns for ``error.code`` against 80 with ``in``);
        ``general`` (a function, the base, the key, where), the slow branch when ``read``
        does not hold: ``result = function(scope, base converted, key, where)``."""
        self.line("try:")
        self.line(f"    {result} = {read}")
        self.line("except KeyError:")
        self.line(f"    {result} = {missing}")
        if general is not None:
            function, base, key, where = general
            with self.block("except Elsewhere:"):  # not a context: the closures' general member
                self.slow(result, function, f"_feel({base})", key, where)

    def binding_tests(self, name: str, any_value: bool = False) -> list[str]:
        """Code, a test for each filter's item around: whether it binds ``name``, a built-in
        the code calls, to what the closures call instead (a function; ``any_value``: any
        value, for ``is defined``). A name bound around (by a loop) is the closures'; the
        host's variable of that name is tested at the code's start, before anything runs
        (:attr:`shadowed`)."""
        tests = []
        for scope in self.scopes:
            if type(scope) is dict:
                if name in scope:
                    raise Unsupported(name)
                continue
            item = scope.code  # (a dict subclass too; a key of another kind made text)
            tests.append(f"(isinstance({item}, dict) and ({name!r} in {item} or _has({item}, "
                         f"{name!r})))" if any_value else  # fmt: skip
                         f"(isinstance({item}, dict) and _binds_function({item}, {name!r}))")
        self.shadowed[name] = any_value or self.shadowed.get(name, False)
        return tests

    def unless_bound(self, node: n.Node, names: Iterable[str], emit: Callable[[], Value],
                     any_value: bool = False) -> Value:  # fmt: skip
        """The value ``emit()`` writes (of ``node``, which calls the built-ins ``names``),
        unless a filter's item around binds one of them (see :meth:`binding_tests`): then
        the closures' value of ``node``, evaluated in the names and items around it, as
        they evaluate it (:func:`feel.fastpath.helpers._delegated`)."""
        tests = [test for name in sorted(names) for test in self.binding_tests(name, any_value)]
        if not tests:
            return emit()
        from feel.compiler import Compiler  # (the closures of this node alone)

        result, levels = self.temp(), []
        for scope in self.scopes:
            if type(scope) is dict:  # names a loop binds, as FEEL values
                bound = (f"{name!r}: {code}" for name, code in
                         zip(scope, self.converted(*((v.code, v) for v in scope.values()))))
                levels.append(f"(True, {{{', '.join(bound)}}})")
            else:
                levels.append(f"(False, {self.converted((scope.code, scope))[0]})")
        with self.block(f"if {' or '.join(tests)}:"):
            closure = self.cell(Compiler(self.text, self.engine).compile(node))
            self.slow(result, _delegated, closure, "v", f"({', '.join(levels)},)")
        read = dict(self.read)  # (what the other branch reads is not read in this one)
        with self.block("else:"):
            self.line(f"{result} = {self.feel(emit()).code}")
        self.read = read
        return Value(result, FEEL)

    # -- nodes
    def value(self, node: n.Node) -> Value:
        known = self.facts.constant(node)
        if known is not None:  # (a literal such as `date("2023-01-31")`: see constant)
            return self.unless_bound(node, known.names, lambda: self.constant(known))
        method = getattr(self, "t_" + type(node).__name__, None)
        if method is None:
            raise Unsupported(type(node).__name__)
        return method(node)

    def constant(self, known: Known) -> Value:
        """A constant's value in the code (a literal's, such as ``date("2023-01-31")``,
        unless a variable of its function's name may be bound: then the closures compute)."""
        value = known.value
        kind = type(value)
        if kind is list:
            return Value(f"list({self.cell(value)})", FEEL)  # each evaluation its own list
        if kind is dict:
            raise Unsupported("constant context")
        if value is None:
            return Value("None", NULL)
        if kind is bool:
            return Value(repr(value), BOOL)
        static = {Decimal: NUM, str: STR}.get(kind, FEEL)
        return Value(self.cell(value), static)

    def count_loop(self) -> None:
        """Count a loop over a list; refuse one inside another."""
        if self.looping:
            raise Unsupported("a loop in a loop")
        self.count_walk()

    def count_walk(self) -> None:
        """Count a walk over at most MAX_ITEMS items (a loop, or a path that may project a
        list); refuse more than the engine's budgets would let the closures do."""
        self.walks += 1
        engine = self.engine
        steps = engine.max_steps  # (0 or None: no step budget)
        if (steps and self.walks * MAX_ITEMS * 2 > steps) or engine.max_size <= MAX_ITEMS:
            raise Unsupported("too many walks over lists for the budgets")

    @contextmanager
    def loop(self, header: str, body: n.Node, scope: dict[str, Value],
             *more: Value) -> Iterator[None]:  # fmt: skip
        """The body of a loop, with the names ``scope`` binds (and a filter's item)."""
        self.hoist(body, set(scope), lazy=bool(more))
        with self.block(header):
            self.scopes.extend((scope, *more))
            self.looping += 1
            try:
                yield
            finally:
                self.looping -= 1
                del self.scopes[-1 - len(more):]

"""Fast paths: an expression evaluated often is translated into one Python function.

The closures of :mod:`feel.compiler` serve every evaluation: they check all the variables
first (45 ns a number), and each node is a call. Once an :class:`feel.api.Expression` has
been evaluated twice, :func:`generate` translates its tree into the source of a single
function ``fast(variables)`` that reads the host's dict directly and checks only the
values it uses, where it uses them, with the kinds known at translation time (a constant,
the result of an arithmetic operation) never checked again.

A fast path covers the common case and nothing else. Anything beyond it (a value of an
unexpected kind, a null operand, an operation that fails, a list longer than
:data:`MAX_ITEMS`, a variable that shadows a built-in function) raises, and the closures
evaluate instead, with their warnings and budgets. The fast path is pure, so running the
closures after it changes nothing; and it is only used when the caller asks for the value
alone (``evaluate``), so dropping warnings is what the closures would do too. What it
computes must equal what the closures compute: tests/feelcheck.py runs every case of the
language tables both ways, and tests/test_fastpath.py and ``python -m bench.fuzz`` compare
the two on random variables of every kind.

Budgets: a fast path walks at most :data:`MAX_ITEMS` items in each loop, projection or
list built-in it holds, never a loop inside a loop, and the translation refuses an
expression whose walks could add up to half the engine's ``max_steps`` (or an engine whose
``max_size`` is below :data:`MAX_ITEMS`); strings are checked against ``max_string`` where
they are built. So wherever a fast path computes a value, the closures would not have run
out of a budget either; and their time budget is moot for work of a few microseconds.

One difference is deliberate: a fast path checks only the values it reads, so variables
the closures would refuse as a whole (nested too deeply, containing themselves) no longer
make the evaluation fail once the fast path is there, as long as the expression reads no
part of them that is refused (``x.a + 1`` with ``x = {"a": 1, "self": x}`` is 2).

Measured with ``python -m bench`` (medians, this 2-core machine): the twelve benchmark
expressions went from 4-17 times their hand-written Python to 0.3-3.0 times (result mapping
4.6 -> 0.55 µs, ``upper case(substring(...))`` 1.9 -> 0.2, ``max`` over 100 numbers 9.9 ->
5.2, of which 3 µs check the numbers). Making a fast path costs 50-225 µs, once.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from feel import nodes as n
from feel import operators as op
from feel.compiler import names_read, uses_name
from feel.convert import EXPONENT_LIMIT, _converted, is_feel
from feel.runtime import QUIET, Scope
from feel.types import type_predicate
from feel.values import DECIMAL, Range

#: Lists longer than this make a fast path give up (see the module docstring).
MAX_ITEMS = 256

# Static kinds of the values in generated code. RAW is a host value nobody checked yet;
# FEEL a FEEL value of unknown kind; the others FEEL values of a known kind.
RAW, FEEL, NUM, STR, BOOL, NULL = "raw", "feel", "number", "string", "boolean", "null"
#: A list of host values nobody checked (a filter's result over a host list), and a list
#: of FEEL values: lists known to be lists, so that a path over them is a projection.
RAW_LIST, LIST = "list of raw", "list"

_PYTHON_COMPARISON = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_DECIMAL_ARITHMETIC = {"+": "ADD", "-": "SUBTRACT", "*": "MULTIPLY", "/": "DIVIDE"}
#: Built-ins a fast path may call: they need no state and take and give values whose size
#: the result checks bound. (Those that walk a list are counted as loops.)
_SCALAR_CALLS = frozenset([
    "substring", "string length", "upper case", "lower case", "substring before",
    "substring after", "contains", "starts with", "ends with", "not", "abs", "modulo",
    "sqrt", "log", "exp", "odd", "even", "decimal", "floor", "ceiling", "round up",
    "round down", "round half up", "round half down", "number", "string",
])  # fmt: skip
_LIST_CALLS = frozenset(["max", "min", "sum", "count", "mean"])


class GiveUp(Exception):
    """Raised by generated code: this evaluation is for the closures."""


class Unsupported(Exception):
    """A construct the translation does not cover: the expression gets no fast path."""


class _Value:
    """A value in generated code: the Python expression that holds it and its static kind."""

    __slots__ = ("code", "kind")

    def __init__(self, code: str, kind: str) -> None:
        self.code = code
        self.kind = kind


def _number(value: Any) -> Decimal:
    """The FEEL number of a host value that is not a FEEL number as it is (an int, a float,
    a Decimal out of range), converted as the closures' variable check converts it."""
    converted = _converted(value)
    if type(converted) is not Decimal:
        raise GiveUp
    return converted


def _feel(value: Any) -> Any:
    """The FEEL value of a host value, as the closures' variable check makes it."""
    return value if is_feel(value) else _converted(value)


def _entry(value: Any, key: str) -> Any:
    """``value.key`` off the common path, for an item of a list: null stays null, an entry
    missing from a context with text keys only is null (the closures warn); anything else
    gives up."""
    if value is None:
        return None
    if type(value) is not dict:
        raise GiveUp
    for name in value:  # (a key of another kind is made text by the closures' variable check)
        if type(name) is not str:
            raise GiveUp
    return None


def _member(value: Any, key: str) -> Any:
    """:func:`_entry`, and over a list of at most :data:`MAX_ITEMS` items, the projection."""
    if type(value) is list and len(value) <= MAX_ITEMS:
        return [x[key] if type(x) is dict and key in x else _entry(x, key) for x in value]
    return _entry(value, key)


def _variable(v: dict, name: str) -> Any:
    """The variable ``name`` checked (null when missing, as the closures say)."""
    value = v.get(name, _ABSENT)
    if value is _ABSENT:
        return _entry(v, name)
    return value if type(value) is str else _feel(value)


def _function_or_variable(v: dict, name: str) -> Any:
    """The variable ``name`` checked, or :data:`_ABSENT` (a function or dotted name, for
    the closures) when missing."""
    value = v.get(name, _ABSENT)
    return value if value is _ABSENT or type(value) is str else _feel(value)


def _has(value: Any, key: str) -> bool:
    """Whether the context ``value`` has an entry ``key`` that is not null
    (``is defined(value.key)``)."""
    if type(value) is dict:
        if key in value:
            entry = value[key]
            return entry is not None and (type(entry) is str or _feel(entry) is not None)
        _entry(value, key)  # gives up where the closures would see text keys made of others
        return False
    if isinstance(value, dict):
        raise GiveUp  # a subclass: a context for the closures
    return False


def _extreme(items: Any, pick: Callable) -> Any:
    """``pick(items)`` (``max`` or ``min``) when ``items`` is a list of at most
    :data:`MAX_ITEMS` FEEL numbers as they are (null when empty), else give up."""
    if type(items) is not list or len(items) > MAX_ITEMS:
        raise GiveUp
    low, high = -EXPONENT_LIMIT, EXPONENT_LIMIT  # (locals: read 200 times here)
    for x in items:
        # (a subclass of Decimal could order itself: converted first by the closures);
        # Decimal's own methods, unbound, and is_finite only where adjusted() is 0, as it
        # is for NaN and infinities: 3.0 µs for 100 numbers, 3.4 as _feel tests
        if type(x) is not Decimal:
            raise GiveUp
        exponent = _ADJUSTED(x)
        if exponent <= low or exponent >= high or (not exponent and not _IS_FINITE(x)) or (
                _PLUS(x) != x):  # more than 34 digits: rounded by the closures
            raise GiveUp
    return pick(items) if items else None


_ADJUSTED, _IS_FINITE, _PLUS = Decimal.adjusted, Decimal.is_finite, DECIMAL.plus
_ABSENT: Any = type("Absent", (), {"__slots__": (), "__repr__": lambda self: "ABSENT"})()
_UNSET: Any = type("Unset", (), {"__slots__": (), "__repr__": lambda self: "UNSET"})()


def _span(low: Decimal, high: Decimal) -> list:
    """The integers from ``low`` to ``high`` (either way) as ``for x in low..high`` runs
    over them, when they are integers and at most :data:`MAX_ITEMS`."""
    if low != low.to_integral_value() or high != high.to_integral_value():
        raise GiveUp
    if abs(high - low) >= MAX_ITEMS:
        raise GiveUp
    step = 1 if high >= low else -1
    return [Decimal(i) for i in range(int(low), int(high) + step, step)]


def _items(items: Any) -> list:
    """``items`` when it is a list of at most :data:`MAX_ITEMS` items (checked or not)."""
    if type(items) is not list or len(items) > MAX_ITEMS:
        raise GiveUp
    return items


_HELPERS: dict[str, Any] = {
    "GiveUp": GiveUp, "Decimal": Decimal, "_number": _number, "_feel": _feel,
    "_member": _member, "_entry": _entry, "ADD": DECIMAL.add, "SUBTRACT": DECIMAL.subtract,
    "MULTIPLY": DECIMAL.multiply, "DIVIDE": op.divide, "NEGATE": DECIMAL.minus,
    "_extreme": _extreme, "_has": _has, "_items": _items, "_span": _span, "_ABSENT": _ABSENT,
    "_UNSET": _UNSET, "_PLUS": DECIMAL.plus, "_variable": _variable, "_function_or_variable": _function_or_variable,
}  # fmt: skip


def _in_range(name: str) -> str:
    """Code: the Decimal ``name`` is a FEEL number as it is (what :func:`is_feel` tests,
    written out where it runs for every number read)."""
    return (f"{name}.is_finite() and -{EXPONENT_LIMIT} < {name}.adjusted() < {EXPONENT_LIMIT}"
            f" and _PLUS({name}) == {name}")  # at most 34 digits, as is_feel  # fmt: skip


class _Translator:
    """Writes the body of ``fast(v)`` for one tree; see :func:`generate`."""

    def __init__(self, engine: Any, constants: dict[int, Callable]) -> None:
        self.engine = engine
        self.constants = constants
        self.lines: list[str] = []
        self.indent = 1
        self.counter = itertools.count()
        self.cells: dict[str, Any] = dict(_HELPERS)
        #: Names bound around the current node, innermost last: a dict of static names
        #: (context entries, iteration variables), or the item of a filter, a value whose
        #: entries are names when it is a context.
        self.scopes: list[dict[str, _Value] | _Value] = []
        #: Variables and paths already read in the current block: (base code, key) -> value.
        self.read: dict[tuple[str, str], _Value] = {}
        #: Locals already checked in the current block, and the kind found.
        self.checked: dict[str, str] = {}
        self.walks = 0  # loops and other walks over lists, see count_walk
        self.absent: set[str] = set()  # locals of variables read before a loop: see hoist
        self.lazy: dict[str, str] = {}  # locals of variables read at their first use: hoist
        self.looping = 0  # loops around the current node

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

    # -- checks
    def number(self, value: _Value) -> str:
        """Code of a checked FEEL number (gives up on anything else)."""
        if value.kind == NUM:
            return value.code
        if value.kind in (STR, BOOL, NULL, LIST, RAW_LIST):
            raise Unsupported("not a number")  # the closures warn
        name = self.assign(value.code)
        if self.checked.get(name) == NUM:
            return name
        if value.kind == RAW and self.checked.get(name) is None:
            self.line(f"if type({name}) is not Decimal or not ({_in_range(name)}): "
                      f"{name} = _number({name})")  # fmt: skip
        else:
            self.line(f"if type({name}) is not Decimal: raise GiveUp")
        self.checked[name] = NUM
        return name

    def string(self, value: _Value) -> str:
        """Code of a checked string."""
        if value.kind == STR:
            return value.code
        if value.kind in (NUM, BOOL, NULL, LIST, RAW_LIST):
            raise Unsupported("not a string")  # the closures warn
        name = self.assign(value.code)
        if self.checked.get(name) != STR:
            self.line(f"if type({name}) is not str: raise GiveUp")
            self.checked[name] = STR
        return name

    def feel(self, value: _Value) -> _Value:
        """``value`` as a FEEL value (a host value converted as the closures would)."""
        if value.kind == RAW_LIST:
            items = f"[x if type(x) is str else _feel(x) for x in {value.code}]"
            return _Value(self.assign(items), LIST)
        if value.kind != RAW:
            return value
        name = self.assign(value.code)
        known = self.checked.get(name)
        if known is not None:
            return _Value(name, known)
        self.line(f"if type({name}) is not str and not (type({name}) is Decimal and "
                  f"{_in_range(name)}): {name} = _feel({name})")  # fmt: skip
        self.checked[name] = FEEL
        return _Value(name, FEEL)

    def hoist(self, body: n.Node, bound: set[str], lazy: bool) -> None:
        """Read and check, before a loop, the variables its body may read (once, where the
        closures check every variable once: not once per item, which for a large list read
        in a loop of 256 multiplied the work by 256). ``lazy`` (a filter, whose items' entries
        usually hide the variables): at the first use instead (see resolve)."""
        for name in sorted(names_read(body) - bound):
            if any(type(scope) is not dict or name in scope for scope in self.scopes):
                continue  # bound around the loop, or in a filter's item: left where it is
            maybe_function = name in self.engine.functions or "." in name
            read = f"{'_function_or_variable' if maybe_function else '_variable'}(v, {name!r})"
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
                value = _Value(code, FEEL)
            self.read[("v", name)] = value

    def read_entry(self, result: str, read: str, missing: str) -> None:
        """``result = read``, or ``missing`` when that raises KeyError (a try costs nothing
        in Python 3.11 and reads once: 61 ns for ``error.code`` against 80 with ``in``)."""
        self.line("try:")
        self.line(f"    {result} = {read}")
        self.line("except KeyError:")
        self.line(f"    {result} = {missing}")

    def guard_unbound(self, name: str) -> None:
        """Give up when a variable (or a filter's item entry) named like the built-in
        ``name`` may shadow it."""
        for scope in self.scopes:
            if type(scope) is dict:
                if name in scope:
                    raise Unsupported(name)
            else:
                item = scope.code  # (a dict subclass too; a key of another kind made text)
                self.line(f"if isinstance({item}, dict) and ({name!r} in {item} or "
                          f"_has({item}, {name!r})): raise GiveUp")  # fmt: skip
        self.line(f"if {name!r} in v: raise GiveUp")

    # -- nodes
    def value(self, node: n.Node) -> _Value:
        closure = self.constants.get(id(node))
        if closure is not None:
            return self.constant(closure)
        method = getattr(self, "t_" + type(node).__name__, None)
        if method is None:
            raise Unsupported(type(node).__name__)
        return method(node)

    def constant(self, closure: Callable) -> _Value:
        names = getattr(closure, "unless_bound", ())
        for name in names:
            self.guard_unbound(name)
        value = closure(Scope({}, None, QUIET)) if names else closure.constant  # type: ignore[attr-defined]
        kind = type(value)
        if kind is list:
            return _Value(f"list({self.cell(value)})", FEEL)  # each evaluation its own list
        if kind is dict:
            raise Unsupported("constant context")
        if value is None:
            return _Value("None", NULL)
        if kind is bool:
            return _Value(repr(value), BOOL)
        static = {Decimal: NUM, str: STR}.get(kind, FEEL)
        return _Value(self.cell(value), static)

    def t_Name(self, node: n.Name) -> _Value:
        return self.resolve(node.name, len(self.scopes))

    def resolve(self, name: str, depth: int) -> _Value:
        """The value of ``name`` seen from the ``depth`` innermost scopes, then the variables."""
        for level in range(depth - 1, -1, -1):
            scope = self.scopes[level]
            if type(scope) is dict:
                if name in scope:
                    return scope[name]
                continue
            item = scope.code  # a filter's item: its entry of that name if it has one
            result = self.temp()
            with self.block(f"if type({item}) is dict and {name!r} in {item}:"):
                self.line(f"{result} = {item}[{name!r}]")
                if scope.kind == RAW:  # the entry checked here, once per item (a number inline)
                    self.line(f"if type({result}) is Decimal:")
                    self.line(f"    if not ({_in_range(result)}): {result} = _feel({result})")
                    self.line(f"elif type({result}) is not str: {result} = _feel({result})")
            with self.block("else:"):
                if scope.kind == RAW:  # a dict subclass, or keys made text: for the closures
                    self.line(f"if type({item}) is dict: _entry({item}, {name!r})")
                    self.line(f"elif isinstance({item}, dict): raise GiveUp")
                outer = self.resolve(name, level)
                self.line(f"{result} = {outer.code}")
            return _Value(result, RAW if outer.kind == RAW else FEEL)
        known = self.read.get(("v", name))
        if known is not None:
            if known.code in self.lazy:  # read at the first use
                self.line(f"if {known.code} is _UNSET: {known.code} = {self.lazy[known.code]}")
            if known.code in self.absent:  # read before a loop, maybe absent: a function
                self.line(f"if {known.code} is _ABSENT: raise GiveUp")
            return known
        result = self.temp()
        if name in self.engine.functions or "." in name:
            # missing: a function, or a dotted name read as a path; the closures know
            self.line(f"{result} = v[{name!r}]")
        else:  # missing: null, as the closures say
            self.read_entry(result, f"v[{name!r}]", f"_member(v, {name!r})")
        value = self.read[("v", name)] = _Value(result, RAW)
        return value

    def t_Path(self, node: n.Path) -> _Value:
        base = self.value(node.base)
        code = self.assign(base.code)
        key = repr(node.name)
        if base.kind in (LIST, RAW_LIST):  # a projection
            self.count_loop()
            items = f"[x[{key}] if type(x) is dict and {key} in x else _entry(x, {key}) for x in {code}]"
            return _Value(self.assign(items), RAW_LIST if base.kind == RAW_LIST else LIST)
        known = self.read.get((code, node.name))
        if known is not None:
            return known
        result = self.temp()
        if self.looping:  # no projection in a loop: the work would multiply
            other = "_entry"
        else:  # (a list is projected, and counted as a walk)
            other = "_member"
            self.count_walk()
        otherwise = f"{other}({code}, {key})"
        # (a FEEL context has text keys only: a missing entry is null, no need to look)
        missing = otherwise if base.kind == RAW else "None"
        self.read_entry(result, f"{code}[{key}] if type({code}) is dict else {otherwise}", missing)
        value = _Value(result, RAW if base.kind == RAW else FEEL)
        self.read[(code, node.name)] = value
        return value

    def t_ListExpr(self, node: n.ListExpr) -> _Value:
        items = [self.feel(self.value(item)).code for item in node.items]
        return _Value(self.assign("[" + ", ".join(items) + "]"), LIST)

    def t_ContextExpr(self, node: n.ContextExpr) -> _Value:
        keys = [key for key, _ in node.entries]
        if len(set(keys)) != len(keys):
            raise Unsupported("duplicate context entry")
        scope: dict[str, _Value] = {}
        self.scopes.append(scope)
        try:
            entries = []
            for key, entry in node.entries:
                value = self.feel(self.value(entry))
                value = _Value(self.assign(value.code), value.kind)
                scope[key] = value
                entries.append(f"{key!r}: {value.code}")
        finally:
            self.scopes.pop()
        return _Value(self.assign("{" + ", ".join(entries) + "}"), FEEL)

    def t_Arithmetic(self, node: n.Arithmetic) -> _Value:
        operator = node.operator
        if operator not in _DECIMAL_ARITHMETIC:
            raise Unsupported(operator)
        left, right = self.value(node.left), self.value(node.right)
        kinds = (left.kind, right.kind)
        if operator != "+" or NUM in kinds:
            a, b = self.number(left), self.number(right)
            return _Value(self.assign(f"{_DECIMAL_ARITHMETIC[operator]}({a}, {b})"), NUM)
        limit = self.engine.max_string
        if STR in kinds:
            a, b = self.string(left), self.string(right)
            result = self.assign(f"{a} + {b}")
            self.line(f"if len({result}) > {limit}: raise GiveUp")
            return _Value(result, STR)
        a, b = self.feel(left).code, self.feel(right).code
        a, b = self.assign(a), self.assign(b)
        result = self.temp()
        self.line(f"if type({a}) is Decimal and type({b}) is Decimal: {result} = ADD({a}, {b})")
        self.line(f"elif type({a}) is str and type({b}) is str and len({a}) + len({b}) <= {limit}: "
                  f"{result} = {a} + {b}")  # fmt: skip
        self.line("else: raise GiveUp")
        return _Value(result, FEEL)

    def t_Negation(self, node: n.Negation) -> _Value:
        operand = self.number(self.value(node.operand))
        return _Value(self.assign(f"NEGATE({operand})"), NUM)

    def t_Comparison(self, node: n.Comparison) -> _Value:
        operator = _PYTHON_COMPARISON[node.operator]
        equality = node.operator in ("=", "!=")
        left, right = self.value(node.left), self.value(node.right)
        kinds = (left.kind, right.kind)
        if NULL in kinds:
            if not equality:
                raise Unsupported("ordering with null")
            other = right if left.kind == NULL else left
            test = "is" if node.operator == "=" else "is not"
            return _Value(f"({self.feel(other).code} {test} None)", BOOL)
        if NUM in kinds:
            a, b = self.number(left), self.number(right)
        elif STR in kinds:
            a, b = self.string(left), self.string(right)
        elif BOOL in kinds and equality:
            a, b = (self.assign(self.feel(value).code) for value in (left, right))
            self.line(f"if type({a}) is not bool or type({b}) is not bool: raise GiveUp")
        else:
            a, b = (self.assign(self.feel(value).code) for value in (left, right))
            self.line(f"if type({a}) is not type({b}) or (type({a}) is not Decimal and "
                      f"type({a}) is not str): raise GiveUp")  # fmt: skip
        return _Value(f"({a} {operator} {b})", BOOL)  # a bool: used where it is, once

    def t_Between(self, node: n.Between) -> _Value:
        x = self.number(self.value(node.value))
        low = self.number(self.value(node.low))
        high = self.number(self.value(node.high))
        return _Value(f"({low} <= {x} and {x} <= {high})", BOOL)

    def t_In(self, node: n.In) -> _Value:
        """``x in test, ...`` with constant tests of one kind: numbers, strings, lists of
        them, or intervals of numbers (as the closures test, an input of that kind)."""
        tests: list[tuple[str, Any]] = []  # ("value" | "list" | "range", constant)
        for test in node.tests:
            if isinstance(test, n.ListExpr):
                items = [getattr(self.constants.get(id(item)), "constant", None) for item in test.items]
                tests.append(("list", items))
                continue
            expected = getattr(self.constants.get(id(test)), "constant", None)
            if type(expected) is Range and expected.operator is None:
                tests.append(("range", expected))
            else:
                tests.append(("value", expected))
        kinds = set()
        for form, expected in tests:
            if form == "range":
                kinds |= {type(expected.start), type(expected.end)}
            elif form == "list":
                kinds |= {type(item) for item in expected}
            else:
                kinds.add(type(expected))
        if kinds == {Decimal}:
            x = self.number(self.value(node.value))
        elif kinds == {str} and all(form != "range" for form, _ in tests):
            x = self.string(self.value(node.value))
        else:
            raise Unsupported("in with tests other than constants of one kind")
        checks = []
        for form, expected in tests:
            if form == "range":
                low = f"{self.cell(expected.start)} {'<=' if expected.start_included else '<'} {x}"
                high = f"{x} {'<=' if expected.end_included else '<'} {self.cell(expected.end)}"
                checks.append(f"({low} and {high})")
            elif form == "list":  # (one kind: a set finds what == would)
                checks.append(f"{x} in {self.cell(frozenset(expected))}")
            else:
                checks.append(f"{x} == {self.cell(expected)}")
        return _Value(f"({' or '.join(checks)})", BOOL)

    def t_Logical(self, node: n.Logical) -> _Value:
        # as the closures: `a and b` is false when either is false, true when both are true
        decisive = "False" if node.operator == "and" else "True"
        other = "True" if decisive == "False" else "False"
        left = self.assign(self.value(node.left).code)
        result = self.temp()
        with self.block(f"if {left} is {decisive}:"):
            self.line(f"{result} = {decisive}")
        with self.block("else:"):
            right = self.assign(self.value(node.right).code)
            self.line(f"if {right} is {decisive}: {result} = {decisive}")
            self.line(f"elif {left} is {other} and {right} is {other}: {result} = {other}")
            self.line("else: raise GiveUp")
        return _Value(result, BOOL)

    def t_If(self, node: n.If) -> _Value:
        condition = self.value(node.condition)
        # (a condition neither boolean nor null takes the else branch; the closures also warn)
        test = condition.code if condition.kind == BOOL else f"{self.assign(condition.code)} is True"
        result = self.temp()
        kinds = []
        with self.block(f"if {test}:"):
            then = self.feel(self.value(node.then))
            self.line(f"{result} = {then.code}")
            kinds.append(then.kind)
        with self.block("else:"):
            otherwise = self.feel(self.value(node.otherwise))
            self.line(f"{result} = {otherwise.code}")
            kinds.append(otherwise.kind)
        return _Value(result, kinds[0] if kinds[0] == kinds[1] else FEEL)

    def t_InstanceOf(self, node: n.InstanceOf) -> _Value:
        if self.engine.resolve_type is not None:
            raise Unsupported("a type predicate of the host")
        check = self.cell(type_predicate(node.type, None))
        value = self.feel(self.value(node.value)).code
        return _Value(self.assign(f"{check}({value})"), BOOL)

    def items_of(self, domain: n.Node) -> tuple[str, str]:
        """The local holding the list a loop runs over (counted as one), and the kind of
        its items."""
        value = self.value(domain)
        self.count_loop()
        return self.assign(f"_items({value.code})"), RAW if value.kind in (RAW, RAW_LIST) else FEEL

    def t_Filter(self, node: n.Filter) -> _Value:
        """``items[condition]`` with a boolean condition (an index gives up)."""
        if id(node.condition) in self.constants:
            raise Unsupported("constant filter")
        items, kind = self.items_of(node.base)
        kept, item, verdict = self.temp(), self.temp(), self.temp()
        self.line(f"{kept} = []")
        with self.loop(f"for {item} in {items}:", node.condition, {"item": _Value(item, kind)},
                       _Value(item, kind)):  # fmt: skip
            condition = self.value(node.condition)
            if condition.kind == BOOL:  # true or false, nothing else
                self.line(f"if {condition.code}: {kept}.append({item})")
            else:
                self.line(f"{verdict} = {condition.code}")
                self.line(f"if {verdict} is True: {kept}.append({item})")
                # (the first verdict a number: an index; anything but a boolean: a warning)
                self.line(f"elif {verdict} is not False and {verdict} is not None: raise GiveUp")
        if condition.kind != BOOL:
            self.line(f"if not {items}: raise GiveUp")  # the closures try the condition as an index
        return _Value(kept, RAW_LIST if kind == RAW else LIST)

    def t_For(self, node: n.For) -> _Value:
        """``for x in domain return body`` over one list or one ``low..high``."""
        if len(node.iterations) != 1 or uses_name(node.body, "partial"):
            raise Unsupported("for over several lists, or reading partial")
        (iteration,) = node.iterations
        if iteration.high is not None:
            low = self.number(self.value(iteration.domain))
            high = self.number(self.value(iteration.high))
            self.count_loop()
            items, kind = self.assign(f"_span({low}, {high})"), NUM
        else:
            items, kind = self.items_of(iteration.domain)
        results, item = self.temp(), self.temp()
        self.line(f"{results} = []")
        with self.loop(f"for {item} in {items}:", node.body, {iteration.name: _Value(item, kind)}):
            self.line(f"{results}.append({self.feel(self.value(node.body)).code})")
        return _Value(results, LIST)

    def t_Quantified(self, node: n.Quantified) -> _Value:
        """``some``/``every`` over one list."""
        if len(node.iterations) != 1 or node.iterations[0].high is not None:
            raise Unsupported("quantifier over several lists or a range")
        (iteration,) = node.iterations
        items, kind = self.items_of(iteration.domain)
        every = node.quantifier == "every"
        result, item = self.temp(), self.temp()
        self.line(f"{result} = {every}")
        with self.loop(f"for {item} in {items}:", node.condition,
                       {iteration.name: _Value(item, kind)}):  # fmt: skip
            condition = self.value(node.condition)
            if condition.kind == BOOL:  # true or false, nothing else
                test = f"not {condition.code}" if every else condition.code
            else:
                verdict = self.assign(condition.code)
                test = f"{verdict} is not True" if every else f"{verdict} is True"
                if self.engine.dialect.three_valued_quantifiers:  # (may be null: the closures)
                    self.line(f"if {verdict} is not True and {verdict} is not False: raise GiveUp")
            with self.block(f"if {test}:"):
                self.line(f"{result} = {not every}")
                self.line("break")
        return _Value(result, BOOL)

    def t_Invocation(self, node: n.Invocation) -> _Value:
        from feel.builtins.registry import Builtin

        callee = node.callee
        if node.named or not isinstance(callee, n.Name):
            raise Unsupported("call")
        name = callee.name
        if name == "is defined":
            return self.is_defined(node)
        function = self.engine.functions.get(name)
        if type(function) is not Builtin or name not in _SCALAR_CALLS | _LIST_CALLS:
            raise Unsupported(name)
        count = len(node.arguments)
        signature = next((s for s in function.signatures if s.accepts_count(count)), None)
        if signature is None or signature.needs_state:
            raise Unsupported(name)
        self.guard_unbound(name)
        inline = getattr(self, "call_" + name.replace(" ", "_"), None)
        result = inline(node.arguments) if inline is not None else None
        if result is not None:
            return result
        arguments = [self.assign(self.feel(self.value(argument)).code) for argument in node.arguments]
        if name in _LIST_CALLS:
            self.count_loop()
            for argument in arguments:
                self.line(f"if type({argument}) is list and len({argument}) > {MAX_ITEMS}: "
                          "raise GiveUp")  # fmt: skip
        result = self.assign(f"{self.cell(signature.impl)}({', '.join(arguments)})")
        self.line(f"if type({result}) is str and len({result}) > {self.engine.max_string}: "
                  "raise GiveUp")  # fmt: skip
        return _Value(result, FEEL)

    def is_defined(self, node: n.Invocation) -> _Value:
        """Camunda's ``is defined(x)``, as the compiler has it: whether ``x`` is not null,
        false for a missing variable or context entry."""
        if len(node.arguments) != 1:
            raise Unsupported("is defined with other than one argument")
        (argument,) = node.arguments
        if isinstance(argument, n.Name):
            name = argument.name
            for level in range(len(self.scopes) - 1, -1, -1):
                scope = self.scopes[level]
                if type(scope) is not dict:
                    raise Unsupported("is defined in a filter")
                if name in scope:
                    bound = self.feel(scope[name])
                    return _Value(f"({bound.code} is not None)", BOOL)
            if name in self.engine.functions:
                self.guard_unbound(name)  # (a variable of that name decides)
                return _Value("True", BOOL)
            return _Value(self.assign(f"_has(v, {name!r})"), BOOL)
        if isinstance(argument, n.Path):
            value = self.value(argument.base)
            base = self.assign(value.code)
            if value.kind != RAW:  # a FEEL context has text keys only
                return _Value(f"(type({base}) is dict and {base}.get({argument.name!r}) is not None)",
                              BOOL)  # fmt: skip
            return _Value(self.assign(f"_has({base}, {argument.name!r})"), BOOL)
        value = self.feel(self.value(argument))
        return _Value(f"({value.code} is not None)", BOOL)

    # -- built-ins written out (None: the general call); as the built-ins compute, for
    # arguments of the usual kinds
    def call_max(self, arguments: tuple, function: str = "max") -> _Value | None:
        if len(arguments) != 1:
            return None
        self.count_loop()
        return _Value(self.assign(f"_extreme({self.value(arguments[0]).code}, {function})"), FEEL)

    def call_min(self, arguments: tuple) -> _Value | None:
        return self.call_max(arguments, "min")

    def call_upper_case(self, arguments: tuple, method: str = "upper") -> _Value | None:
        if len(arguments) != 1:
            return None
        result = self.assign(f"{self.string(self.value(arguments[0]))}.{method}()")
        self.line(f"if len({result}) > {self.engine.max_string}: raise GiveUp")
        return _Value(result, STR)

    def call_lower_case(self, arguments: tuple) -> _Value | None:
        return self.call_upper_case(arguments, "lower")

    def call_string_length(self, arguments: tuple) -> _Value | None:
        if len(arguments) != 1:
            return None
        return _Value(self.assign(f"Decimal(len({self.string(self.value(arguments[0]))}))"), NUM)

    def call_contains(self, arguments: tuple, form: str = "{1} in {0}") -> _Value | None:
        if len(arguments) != 2:
            return None
        text, match = (self.string(self.value(argument)) for argument in arguments)
        return _Value(self.assign(form.format(text, match)), BOOL)

    def call_starts_with(self, arguments: tuple) -> _Value | None:
        return self.call_contains(arguments, "{0}.startswith({1})")

    def call_ends_with(self, arguments: tuple) -> _Value | None:
        return self.call_contains(arguments, "{0}.endswith({1})")

    def call_string(self, arguments: tuple) -> _Value | None:
        """``string(x)`` of a scalar (a list or context walks, and is for the closures)."""
        if len(arguments) != 1:
            return None
        value = self.feel(self.value(arguments[0]))
        if value.kind in (LIST, RAW_LIST):
            raise Unsupported("string of a list")
        if value.kind == STR:
            result = value.code
        else:
            code = self.assign(value.code)
            self.line(f"if type({code}) is list or type({code}) is dict: raise GiveUp")
            function = self.cell(self.engine.functions["string"].signatures[0].impl)
            result = self.assign(f"{function}({code})")
        self.line(f"if type({result}) is str and len({result}) > {self.engine.max_string}: "
                  "raise GiveUp")  # fmt: skip
        return _Value(result, FEEL)

    def call_substring(self, arguments: tuple) -> _Value | None:
        """``substring(s, start, length)`` with a constant start from 1 and length."""
        if len(arguments) not in (2, 3):
            return None
        numbers = [getattr(self.constants.get(id(node)), "constant", None) for node in arguments[1:]]
        if not all(type(x) is Decimal and x == x.to_integral_value() and 0 <= x < 10**9
                   for x in numbers):  # fmt: skip
            return None
        start = int(numbers[0])
        if start < 1:
            return None
        text = self.string(self.value(arguments[0]))
        self.line(f"if len({text}) < {start}: raise GiveUp")
        end = f"{start - 1 + int(numbers[1])}" if len(numbers) == 2 else ""
        result = self.assign(f"{text}[{start - 1}:{end}]")
        self.line(f"if len({result}) > {self.engine.max_string}: raise GiveUp")
        return _Value(result, STR)

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
    def loop(self, header: str, body: n.Node, scope: dict[str, _Value],
             *more: _Value) -> Iterator[None]:  # fmt: skip
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


def generate(tree: n.Node, engine: Any,
             constants: dict[int, Callable]) -> Callable[[dict], Any] | None:  # fmt: skip
    """The fast path of ``tree`` (compiled by ``engine``), or None when the
    tree holds a construct the translation does not cover. ``constants`` maps ``id(node)``
    to the constant closure the compiler made of that node. The function takes the
    variables as the host passed them (a dict) and raises :class:`GiveUp` (or any other
    exception) when the closures must evaluate."""
    translator = _Translator(engine, constants)
    try:
        result = translator.feel(translator.value(tree))
    except (Unsupported, RecursionError, MemoryError):
        return None
    translator.line(f"return {result.code}")
    names = list(translator.cells)
    source = (f"def make({', '.join(names)}):\n    def fast(v):\n"
              + "\n".join("    " + line for line in translator.lines)
              + "\n    return fast\n")  # fmt: skip
    namespace: dict[str, Any] = {}
    try:
        with warnings.catch_warnings():  # Python's, on code it finds odd: not for the host
            warnings.simplefilter("ignore")
            code = compile(source, "<feel fast path>", "exec")
    except (SyntaxError, RecursionError, MemoryError):  # e.g. over 100 levels of indentation
        return None
    exec(code, namespace)
    fast = namespace["make"](*(translator.cells[name] for name in names))
    fast.source = source  # type: ignore[attr-defined]
    return fast

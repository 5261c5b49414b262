"""Facts per node of one tree, found once and read by both back ends.

The closures (:mod:`feel.compiler`) and the generated code (:mod:`feel.fastpath`) ask the
same questions of a tree: is this sub-expression a constant, and what is its value; which
names does this part read; does it define a function; is it light. :class:`Facts` answers
each for one tree (a node's constant and names computed at the first question and kept),
so neither back end learns a fact from the other (they once shared constants through the
closures' attributes and a dict of closures) and no part of the tree is walked twice for
the same question.

**Constants.** A node is constant when its value is known without any variable:

- a literal (number, string, boolean, null) and a temporal literal that parses;
- arithmetic, negation and comparison of constants, by the general operation of the
  operator's entry in :mod:`feel.semantics`, where it gives a value without a warning
  (``1/0`` is not a constant: each evaluation warns);
- an interval or an open range of constants (``[1..10]``, ``< 5``);
- a call of ``date``, ``time``, ``date and time`` or ``duration`` (the engine's built-in)
  with constant arguments that are neither lists nor themselves such calls: a *literal*,
  whose value holds unless a scope binds the function's name (:attr:`Known.names`, the
  names of every literal call the value was computed from).

Lists and contexts of constants are not constants (each evaluation makes its own), but
:meth:`Facts.plain` tells a back end their items are.

**Lightness.** :meth:`Facts.light`: whether the closures of a part do work bounded by the
text, never count steps, read the clock nor need the evaluation's state (no loop, no user
function, no call but of a built-in flagged light, no deep equality): an expression made of
light parts alone is evaluated without making the context variable current.

**Names.** :meth:`Facts.reads` is every name a part may look up (a name with dots, ``a.b``,
also its first part), :meth:`Facts.uses` whether it reads one name as written,
:meth:`Facts.defines_function` whether it defines a function, and :meth:`Facts.read_once`
the names the whole tree reads exactly once.
"""

from __future__ import annotations

from typing import Any

from feel import nodes as n
from feel import operators as op
from feel.diagnostics import Failure
from feel.errors import FeelError
from feel.runtime import State
from feel.semantics import ARITHMETIC, COMPARISON
from feel.values import Range

#: Built-ins whose calls with constant arguments are literals (as in ``range()``): folded.
LITERAL_CALLS = frozenset(["date", "time", "date and time", "duration"])
_REGISTRY: tuple[Any, Any] | None = None  # (BUILTINS, Builtin), at the first call asked of


def _registry() -> tuple[Any, Any]:
    # imported when first needed: `import feel` does not load the built-ins (an engine does)
    global _REGISTRY
    if _REGISTRY is None:
        from feel.builtins import BUILTINS
        from feel.builtins.registry import Builtin

        _REGISTRY = (BUILTINS, Builtin)
    return _REGISTRY


class Known:
    """A constant's value, and the names of the literal calls it was computed from (empty:
    a constant everywhere; else it holds unless a scope binds one of them)."""

    __slots__ = ("names", "value")

    def __init__(self, value: Any, names: frozenset[str] = frozenset()) -> None:
        self.value, self.names = value, names

    def __repr__(self) -> str:
        return f"Known({self.value!r}, {set(self.names) or ''})"


_UNASKED = object()
_UNKNOWN = object()  # (an argument that is not a constant everywhere)


class Facts:
    """The facts of the nodes of one tree compiled by ``engine``. It knows the nodes by
    identity: whoever keeps the facts keeps the tree (as :class:`feel.Expression` does)."""

    __slots__ = ("_constants", "_engine", "_input", "_reads", "_uses")

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._constants: dict[int, Known | None] = {}
        self._reads: dict[int, frozenset[str]] = {}
        self._input: dict[int, bool] = {}
        self._uses: dict[int, frozenset[str]] = {}

    # -- constants
    def constant(self, node: Any) -> Known | None:
        """The value of ``node`` when it is constant (see the module), else None."""
        fold = _FOLD.get(type(node))
        if fold is None:
            return None  # (a node of a class that never is: asked often, kept nowhere)
        key = id(node)
        found = self._constants.get(key, _UNASKED)
        if found is _UNASKED:
            found = self._constants[key] = fold(self, node)
        return found

    def plain(self, node: Any) -> bool:
        """Whether ``node`` is a constant everywhere (no literal call's name to watch)."""
        known = self.constant(node)
        return known is not None and not known.names

    def value(self, node: Any, default: Any = None) -> Any:
        """The value of ``node`` when it is a constant everywhere and not a list (which each
        evaluation must copy): one a back end may use as it is; else ``default``."""
        known = self.constant(node)
        if known is None or known.names or type(known.value) is list:
            return default
        return known.value

    # -- lightness
    def light(self, node: Any) -> bool:
        """Whether ``node``'s closures are light (see the module): every part the closures
        compile is (one walk, without recursion, that stops at the first part that is not)."""
        pending: list[Any] = [node]
        while pending:
            item = pending.pop()
            visit = _VISIT.get(type(item))
            if visit is not None:
                if not visit(self, item, pending):
                    return False
            elif type(item) is tuple:
                pending.extend(item)
            elif isinstance(item, n.Node):
                return False  # (a loop, a filter, a function definition...)
        return True

    def tests_light(self, tests: n.UnaryTests) -> bool:
        """Whether the closures of unary tests are light."""
        return all(self.light(_tested(test)) and self._test_rule(test) for test in tests.tests)

    def _test_rule(self, test: n.Node) -> bool:
        # one positive unary test, as feel.unary compiles it: an equality with its operand
        # is light only with a constant operand, whose size bounds the work
        if isinstance(test, n.TestOperator):
            return self.plain(test.operand)
        if isinstance(test, n.OpenRange):
            return test.operator not in ("=", "!=") or self.plain(test.operand)
        return isinstance(test, n.Interval) or self.plain(test) or self.mentions_input(test)

    # -- names
    def mentions_input(self, node: Any) -> bool:
        """Whether ``?`` (a unary test's input) is read in ``node`` outside nested function
        definitions (``? > 10``: the test is that boolean)."""
        found = self._input.get(id(node))
        if found is None:
            found = self._input[id(node)] = mentions_input(node)
        return found

    def reads(self, node: Any) -> frozenset[str]:
        """Every name a part compiled from ``node`` may look up: each name, and for a name
        with dots (a parameter ``a.b`` lexed as one name) also its first part."""
        return self._names(node, self._reads, True)

    def uses(self, node: Any, name: str) -> bool:
        """Whether ``node`` reads ``name`` as written."""
        return name in self._names(node, self._uses, False)

    def defines_function(self, node: Any) -> bool:
        """Whether a function definition appears anywhere in ``node``."""
        return "(function)" in self._names(node, self._uses, False)

    @staticmethod
    def read_once(tree: n.Node) -> set[str]:
        """The names that appear once in ``tree`` (each appearance is a read, and its
        warning when the name is missing)."""
        counts: dict[str, int] = {}
        pending: list[Any] = [tree]
        while pending:
            item = pending.pop()
            if isinstance(item, n.Name):
                counts[item.name] = counts.get(item.name, 0) + 1
            elif isinstance(item, tuple):
                pending.extend(item)
            elif isinstance(item, n.Node):
                pending.extend(n.children(item))
        return {name for name, count in counts.items() if count == 1}

    def _names(self, node: Any, kept: dict[int, frozenset[str]], parts: bool) -> frozenset[str]:
        # One walk, without recursion (a tree may be as deep as the compiler allows), that
        # takes the names of a part asked before from `kept`: the compiler asks of the
        # inner parts first (a context's entries are compiled before the context), so
        # nested contexts and loops are walked once in all.
        found = kept.get(id(node))
        if found is not None:
            return found
        names: set[str] = set()
        pending: list[Any] = [node]
        while pending:
            item = pending.pop()
            kind = type(item)
            if kind is n.Name:
                names.add(item.name)
                if parts:
                    names.add(item.name.split(".")[0].strip())
            elif kind is tuple:
                pending.extend(item)
            elif kind is str or kind is n.Constant or kind is bool or item is None:
                continue  # (the leaves, most of a tree)
            elif isinstance(item, n.Node):
                known = kept.get(id(item))
                if known is not None:
                    names |= known
                    continue
                if not parts and isinstance(item, n.FunctionDefinition):
                    names.add("(function)")  # (no name has parentheses)
                pending.extend(n.children(item))
        found = kept[id(node)] = frozenset(names)
        return found


def _tested(test: n.Node) -> n.Node:
    """What feel.unary compiles of a unary test: its operand, or the test itself."""
    return test.operand if isinstance(test, (n.TestOperator, n.OpenRange)) else test


# The visits of Facts.light, by node class (a class without one is never light): each
# pushes the parts the closures of the node compile and says whether the node itself is
# light, its parts aside.
def _leaf(facts: Facts, node: Any, pending: list) -> bool:
    return True


def _binary(facts: Facts, node: Any, pending: list) -> bool:
    pending.append(node.left)
    pending.append(node.right)
    return True


def _comparison(facts: Facts, node: n.Comparison, pending: list) -> bool:
    pending.append(node.left)
    pending.append(node.right)  # (deep equality of lists and contexts counts steps)
    return node.operator not in ("=", "!=") or facts.plain(node.left) or facts.plain(node.right)


def _children(facts: Facts, node: Any, pending: list) -> bool:
    pending.extend(n.children(node))
    return True


def _instance_of(facts: Facts, node: n.InstanceOf, pending: list) -> bool:
    pending.append(node.value)  # (the type is read at compile time; a host's predicate, or
    # one of a list type, charges steps)
    return facts._engine.resolve_type is None and isinstance(node.type, n.NamedType)


def _membership(facts: Facts, node: n.In, pending: list) -> bool:
    pending.append(node.value)
    pending.extend(_tested(test) for test in node.tests)
    return all(facts._test_rule(test) for test in node.tests)


def _call(facts: Facts, node: n.Invocation, pending: list) -> bool:
    callee = node.callee
    if type(callee) is n.Name and callee.name == "is defined":
        if not node.named and len(node.arguments) == 1:
            pending.append(node.arguments[0])
        return True
    if not node.named:
        pending.extend(node.arguments)
    return _light_call(facts, node)


_VISIT: dict[type, Any] = {
    n.Constant: _leaf, n.TemporalLiteral: _leaf, n.Name: _leaf,
    n.Arithmetic: _binary, n.Logical: _binary, n.Comparison: _comparison,
    n.ListExpr: _children, n.ContextExpr: _children, n.Interval: _children,
    n.OpenRange: _children, n.Negation: _children, n.Between: _children, n.If: _children,
    n.Path: _children, n.InstanceOf: _instance_of, n.In: _membership, n.Invocation: _call,
}  # fmt: skip


def _light_call(facts: Facts, node: n.Invocation) -> bool:
    # a call is light when it calls a built-in flagged light by its name (or is a literal),
    # its arguments light too
    callee = node.callee
    if node.named or type(callee) is not n.Name:
        return False
    if facts.constant(node) is not None:
        return True
    function = facts._engine.functions.get(callee.name)
    builtin = _registry()[1]
    signature = function.positional(len(node.arguments)) if type(function) is builtin else None
    return signature is not None and signature.light


def mentions_input(node: Any) -> bool:
    """True when ``?`` appears in ``node`` (outside nested function definitions)."""
    if isinstance(node, n.Name):
        return node.name == "?"
    if isinstance(node, n.FunctionDefinition):
        return False
    if isinstance(node, tuple):
        return any(mentions_input(item) for item in node)
    if isinstance(node, n.Node):
        return any(mentions_input(child) for child in n.children(node))
    return False


# -- folding, by node class: a Known, or None when the node is not constant
def _fold_constant(facts: Facts, node: n.Constant) -> Known:
    return Known(node.value)


def _fold_temporal(facts: Facts, node: n.TemporalLiteral) -> Known | None:
    from feel import java_time, temporal

    parse = (java_time if facts._engine.dialect.java_temporal_texts else temporal).parse_literal
    try:
        return Known(parse(node.text))
    except Failure:
        return None  # (the closures warn at each evaluation)


def _operands(facts: Facts, *nodes: n.Node) -> tuple[list[Any], frozenset[str]] | None:
    values, names = [], frozenset()
    for node in nodes:
        known = facts.constant(node)
        if known is None:
            return None
        values.append(known.value)
        names |= known.names
    return values, names


def _fold_arithmetic(facts: Facts, node: n.Arithmetic) -> Known | None:
    found = _operands(facts, node.left, node.right)
    if found is None:
        return None
    (a, b), names = found
    if type(a) is str and type(b) is str and len(a) + len(b) > facts._engine.max_string:
        return None  # (the closures raise the size budget)
    try:
        return _known(ARITHMETIC[node.operator].general(a, b), names)
    except (Failure, FeelError):
        return None


def _fold_negation(facts: Facts, node: n.Negation) -> Known | None:
    found = _operands(facts, node.operand)
    if found is None:
        return None
    try:
        return _known(op.negate(found[0][0]), found[1])
    except Failure:
        return None


def _fold_comparison(facts: Facts, node: n.Comparison) -> Known | None:
    found = _operands(facts, node.left, node.right)
    if found is None:
        return None
    (a, b), names = found
    entry = COMPARISON[node.operator]
    try:
        verdict = entry.general(facts._engine.dialect)(a, b)
    except (Failure, FeelError):
        return None
    if verdict is None and entry.equality and a is not None and b is not None:
        return None  # (not comparable: the closures warn)
    return _known(verdict, names)


def _fold_interval(facts: Facts, node: n.Interval) -> Known | None:
    found = _operands(facts, node.low, node.high)
    if found is None:
        return None
    (start, end), names = found
    if start is not None and end is not None:
        try:
            op.compare(start, end)
        except (Failure, FeelError):
            return None
    return _known(Range(start, end, node.low_included, node.high_included), names)


def _fold_open_range(facts: Facts, node: n.OpenRange) -> Known | None:
    found = _operands(facts, node.operand)
    if found is None:
        return None
    value, operator = found[0][0], node.operator
    if operator[0] == "<":
        interval = Range(None, value, False, operator == "<=", operator)
    elif operator[0] == ">":
        interval = Range(value, None, operator == ">=", False, operator)
    else:
        interval = Range(value, value, operator == "=", operator == "=", operator)
    return _known(interval, found[1])


def _fold_invocation(facts: Facts, node: n.Invocation) -> Known | None:
    callee = node.callee
    if node.named or type(callee) is not n.Name or callee.name not in LITERAL_CALLS:
        return None
    arguments = [facts.value(argument, _UNKNOWN) for argument in node.arguments]
    if not arguments or any(argument is _UNKNOWN for argument in arguments):
        return None
    engine = facts._engine
    function = engine.functions.get(callee.name)
    if function is not _registry()[0][callee.name]:
        return None
    state = State(engine)
    try:
        value = function.invoke(state, arguments, None)
    except Exception:  # (the closures warn at each evaluation)
        return None
    if state.warnings or type(value) is list or (type(value) is str and len(value) > engine.max_string):
        return None
    return Known(value, frozenset([callee.name]))


def _known(value: Any, names: frozenset[str]) -> Known | None:
    if names and type(value) is list:
        return None  # (a literal's value is shared: a list each evaluation makes its own)
    return Known(value, names)


_FOLD: dict[type, Any] = {
    n.Constant: _fold_constant, n.TemporalLiteral: _fold_temporal, n.Arithmetic: _fold_arithmetic,
    n.Negation: _fold_negation, n.Comparison: _fold_comparison, n.Interval: _fold_interval,
    n.OpenRange: _fold_open_range, n.Invocation: _fold_invocation,
}  # fmt: skip

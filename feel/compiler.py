"""AST to closures: each node becomes one Python function ``evaluate(scope) -> value``, once.

Evaluation never walks the tree: a compiled expression is a tree of closures that call
each other directly. Closures hold only what was known at compile time (child closures,
constants, spans); everything that changes during an evaluation lives in the
:class:`feel.runtime.State` reached through ``scope.state``, so one compiled expression
is reentrant and can be shared between threads.

Failures raised by operators and functions (:class:`feel.diagnostics.Failure`) are caught
by the node that called them, which records a warning with its own span and yields null.
Constant sub-expressions (``2 * 3``, ``-1``) are folded at compile time, and so are calls
of ``date``, ``time``, ``date and time`` and ``duration`` with constant arguments, unless
a scope binds the name at run time.

Speed: in CPython a call costs little (20 ns); what a closure does inside costs. So the
common cases get closures of their own, chosen at compile time, that test the kinds of
the values once and fall back to the general path (which warns, converts, or calls the
operator of :mod:`feel.operators`): a constant operand of the usual kind is captured
(``x > 99``, ``a + " "``), ``a.b.c`` is one closure, a built-in called by its name goes
straight to its overload. A loop over a chain of operators in one closure was slower
than a closure per operator (0.89 µs against 0.81 for the five ``+`` of the benchmark's
string concatenation).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel import hints, iteration, temporal
from feel import nodes as n
from feel import operators as op
from feel.diagnostics import Failure, WarningKind, span_at
from feel.errors import BudgetExceeded, FeelError, FeelSyntaxError
from feel.functions import UserFunction
from feel.iteration import at_index as _at_index
from feel.runtime import MISSING, QUIET, NeedsState, Scope, State, warn
from feel.types import type_predicate
from feel.values import DECIMAL, Function, Range, type_name

Closure = Callable[[Scope], Any]

#: Nodes nested deeper than this are refused at compile time (a FeelSyntaxError), so
#: neither compiling nor evaluating can exhaust Python's stack.
MAX_DEPTH = 200

_ARITHMETIC = {"+": op.add, "-": op.subtract, "*": op.multiply, "/": op.divide, "**": op.power}
_COMPARISON = {
    "=": op.equal, "!=": op.not_equal, "<": op.less, "<=": op.less_equal,
    ">": op.greater, ">=": op.greater_equal,
}  # fmt: skip
_ONE = Decimal(1)
#: Python's own operators, exact for two Decimals or two strings (the common case).
_FAST_COMPARISON = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}  # fmt: skip
#: Operators whose Decimal-Decimal case is inlined (division by zero must warn: not "/").
_FAST_ARITHMETIC = {"+": DECIMAL.add, "-": DECIMAL.subtract, "*": DECIMAL.multiply}
#: Built-ins whose calls with constant arguments are literals (as in ``range()``): folded.
_LITERAL_CALLS = frozenset(["date", "time", "date and time", "duration"])
#: FEEL ``=`` by the dialect's (deep_equality_across_kinds, strict_kind_equality).
_EQUALITY = {(across, strict): op.equality(across, strict)
             for across in (False, True) for strict in (False, True)}  # fmt: skip
_INEQUALITY = {equal: op.negation_of(equal) for equal in _EQUALITY.values()}
#: The properties of one kind of duration that the other kind lacks, and what it has.
_DURATION_PROPERTIES = dict.fromkeys(("days", "hours", "minutes", "seconds"), "years and months")
_DURATION_PROPERTIES.update(dict.fromkeys(("years", "months"), "days, hours, minutes and seconds"))
#: Kinds of values that nothing can change.
_IMMUTABLE = frozenset([Decimal, str, bool, type(None)])
#: Nodes whose closures do work bounded by the text, never count steps, read the clock nor
#: call :func:`feel.runtime.checkpoint` (the methods of Comparison, In, InstanceOf and
#: Invocation decide for themselves). An expression made of these alone is *light*.
_LIGHT = frozenset([
    n.Constant, n.TemporalLiteral, n.Name, n.ListExpr, n.ContextExpr, n.Interval, n.OpenRange,
    n.Arithmetic, n.Negation, n.Comparison, n.Between, n.In, n.Logical, n.If, n.Path,
    n.InstanceOf, n.Invocation,
])  # fmt: skip


class Compiler:
    """Compiles the AST of one source text; create one per compilation."""

    def __init__(self, text: str, engine: Any) -> None:
        self.text = text
        self.engine = engine
        self.depth = 0
        #: Whether everything compiled so far is light (see :data:`_LIGHT`): then an
        #: evaluation needs no state of its own (:data:`feel.runtime.QUIET`).
        self.light = True
        #: The closures that are constants, by ``id`` of their node (for :mod:`feel.fastpath`).
        self.constants: dict[int, Closure] = {}
        self.dialect = engine.dialect
        #: FEEL ``=`` of this dialect (see :func:`feel.operators.equality`).
        self.equal = _EQUALITY[self.dialect.deep_equality_across_kinds,
                               self.dialect.strict_kind_equality]  # fmt: skip
        #: FEEL ``!=`` of this dialect.
        self.not_equal = _INEQUALITY[self.equal]

    # -- entry points
    def expression(self, node: n.Node) -> Closure:
        """The closure of an expression."""
        return self.compile(node)

    def compile(self, node: n.Node) -> Closure:
        """Dispatch on the node's class; refuse nesting deeper than :data:`MAX_DEPTH`."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            span = span_at(self.text, node.start, node.end)
            raise FeelSyntaxError(
                f"expression nested deeper than {MAX_DEPTH} levels",
                expression=self.text, line=span.line, column=span.column,
            )  # fmt: skip
        if type(node) not in _LIGHT:
            self.light = False
        try:
            closure = getattr(self, "c_" + type(node).__name__)(node)
        finally:
            self.depth -= 1
        if hasattr(closure, "constant") or hasattr(closure, "unless_bound"):
            self.constants[id(node)] = closure
        return closure

    # -- helpers
    def equality_with(self, *operands: Closure) -> None:
        """Note that a closure tests FEEL equality of ``operands``: it traverses lists and
        contexts (and counts steps) unless an operand is a constant, whose size (a tree
        written in the text) bounds the work."""
        if not any(hasattr(operand, "constant") for operand in operands):
            self.light = False

    def where(self, node: n.Node) -> tuple[str, int, int]:
        """What a warning needs to locate ``node`` (the span is computed only on failure)."""
        return (self.text, node.start, node.end)

    def fold(self, closure: Closure, *children: Closure) -> Closure:
        """``closure`` itself, or its value when every child is constant and it succeeds:
        a constant, or if a child is a literal call such as ``date("2023-01-31")``, a
        value that holds unless a scope binds that function's name (see :func:`unless_bound`)."""
        names: frozenset[str] = frozenset()
        for child in children:
            if not hasattr(child, "constant"):
                if not hasattr(child, "unless_bound"):
                    return closure
                names |= child.unless_bound  # type: ignore[attr-defined]
        state = State(self.engine)
        try:
            value = closure(Scope({}, None, state))
        except FeelError:
            return closure
        if state.warnings:
            return closure
        return unless_bound(value, names, closure) if names else constant(value)

    # -- literals and names
    def c_Constant(self, node: n.Constant) -> Closure:
        return constant(node.value)

    def c_TemporalLiteral(self, node: n.TemporalLiteral) -> Closure:
        from feel import java_time

        java = self.engine.dialect.java_temporal_texts
        try:
            return constant((java_time if java else temporal).parse_literal(node.text))
        except Failure as failure:
            kind, message, where = failure.kind, failure.message, self.where(node)

            def invalid(scope: Scope) -> Any:
                warn(scope, kind, message, where)
                return None

            return invalid

    def c_Name(self, node: n.Name) -> Closure:
        name = node.name
        where = self.where(node)
        functions = self.engine.functions

        dotted = name.split(".") if "." in name.strip(".") else None

        def lookup(scope: Scope) -> Any:
            s: Scope | None = scope
            while s is not None:
                vars = s.vars
                if name in vars:
                    return vars[name]
                s = s.parent
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
            warn(scope, WarningKind.NO_VARIABLE_FOUND, hints.no_variable(name, scope, functions), where)
            return None

        return lookup

    # -- structures
    def c_ListExpr(self, node: n.ListExpr) -> Closure:
        items = tuple(self.compile(item) for item in node.items)
        if all(hasattr(item, "constant") for item in items):
            values = [item.constant for item in items]  # type: ignore[attr-defined]
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

        if names_read(node) & seen:
            return context
        if all(type(getattr(value, "constant", [])) in _IMMUTABLE for _, value in entries):
            template = {key: value.constant for key, value in entries}  # type: ignore[attr-defined]
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

        return self.fold(interval, low, high)

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

        return self.fold(open_range, operand)

    # -- operators
    def c_Arithmetic(self, node: n.Arithmetic) -> Closure:
        left, right = self.compile(node.left), self.compile(node.right)
        operation = _ARITHMETIC[node.operator]
        where = self.where(node)
        fast = _FAST_ARITHMETIC.get(node.operator)
        if fast is None:

            def arithmetic(scope: Scope) -> Any:
                return guarded(scope, operation, left(scope), right(scope), where)

            return self.fold(arithmetic, left, right)
        plus = node.operator == "+"
        max_string = self.engine.max_string
        # A constant right operand of the common kinds is captured, and its kind tested
        # once here (`a + " "` 0.10 µs instead of 0.17; a loop over a whole chain of
        # operators in one closure was slower than a closure per operator).
        known = right.constant if _plain_constant(right) else None  # type: ignore[attr-defined]
        if type(known) is Decimal and not _foldable(left):

            def with_number(scope: Scope) -> Any:
                a = left(scope)
                if type(a) is Decimal:
                    try:
                        return fast(a, known)
                    except ArithmeticError:
                        pass  # the general operation warns
                return guarded(scope, operation, a, known, where)

            return with_number
        if type(known) is str and plus and not _foldable(left):
            size = len(known)

            def with_text(scope: Scope) -> Any:
                a = left(scope)
                if type(a) is str:
                    if len(a) + size > max_string:
                        raise BudgetExceeded("size", f"a string of more than {max_string} characters")
                    return a + known
                return guarded(scope, operation, a, known, where)

            return with_text

        def decimal_first(scope: Scope) -> Any:
            a, b = left(scope), right(scope)
            kind = type(a)
            if kind is type(b):
                if kind is Decimal:
                    try:
                        return fast(a, b)
                    except ArithmeticError:
                        pass  # the general operation warns
                elif kind is str and plus:
                    if len(a) + len(b) > max_string:
                        raise BudgetExceeded("size", f"a string of more than {max_string} characters")
                    return a + b
            return guarded(scope, operation, a, b, where)

        return self.fold(decimal_first, left, right)

    def c_Negation(self, node: n.Negation) -> Closure:
        operand = self.compile(node.operand)
        where = self.where(node)

        def negation(scope: Scope) -> Any:
            try:
                return op.negate(operand(scope))
            except Failure as failure:
                warn(scope, failure.kind, failure.message, where)
                return None

        return self.fold(negation, operand)

    def c_Comparison(self, node: n.Comparison) -> Closure:
        left, right = self.compile(node.left), self.compile(node.right)
        operation = _COMPARISON[node.operator]
        if node.operator == "=":
            operation = self.equal
        elif node.operator == "!=":
            operation = self.not_equal
        fast = _FAST_COMPARISON[node.operator]
        where = self.where(node)
        equality = node.operator in ("=", "!=")
        if equality:
            self.equality_with(left, right)
        known: Any = right.constant if _plain_constant(right) else None  # type: ignore[attr-defined]
        kind = type(known)
        if (kind is Decimal or kind is str) and not _foldable(left):
            # `code = "404"`, `x > 99`: the constant's kind is tested once, here

            def with_constant(scope: Scope) -> Any:
                a = left(scope)
                if type(a) is kind:
                    return fast(a, known)
                return compare_values(scope, operation, a, known, equality, where)

            return with_constant

        def comparison(scope: Scope) -> Any:
            a, b = left(scope), right(scope)
            kind = type(a)
            if kind is type(b) and (kind is Decimal or kind is str):
                return fast(a, b)
            return compare_values(scope, operation, a, b, equality, where)

        return self.fold(comparison, left, right)

    def c_Between(self, node: n.Between) -> Closure:
        value, low, high = (self.compile(x) for x in (node.value, node.low, node.high))
        where = self.where(node)
        if _plain_constant(low) and _plain_constant(high):
            start, end = low.constant, high.constant  # type: ignore[attr-defined]
            if type(start) is Decimal and type(end) is Decimal:
                # `x between 1 and 10`: Python's own comparison for a number (0.15 µs less)

                def between_numbers(scope: Scope) -> Any:
                    x = value(scope)
                    if type(x) is Decimal:
                        return start <= x and x <= end
                    return _between(scope, x, start, end, where)

                return between_numbers

        def between(scope: Scope) -> Any:
            return _between(scope, value(scope), low(scope), high(scope), where)

        return between

    def c_In(self, node: n.In) -> Closure:
        from feel.unary import compile_tests, test_value

        value = self.compile(node.value)
        if len(node.tests) == 1 and isinstance(node.tests[0], n.Interval):
            interval = self.compile(node.tests[0])
            expected = getattr(interval, "constant", None)
            if type(expected) is Range and type(expected.start) is type(expected.end) is Decimal:
                # `status in [200..299]`: Python's own comparisons for a number (1.2 -> 0.2 µs)
                start, end = expected.start, expected.end
                start_included, end_included = expected.start_included, expected.end_included
                where = self.where(node.tests[0])

                def in_numbers(scope: Scope) -> Any:
                    x = value(scope)
                    if type(x) is Decimal:
                        return (start <= x if start_included else start < x) and (
                            x <= end if end_included else x < end)  # fmt: skip
                    return test_value(scope, x, expected, where)

                return in_numbers
        test = compile_tests(self, node.tests, node)

        def membership(scope: Scope) -> Any:
            return test(scope, value(scope))

        return membership

    def c_Logical(self, node: n.Logical) -> Closure:
        left, right = self.compile(node.left), self.compile(node.right)
        where = self.where(node)
        if node.operator == "and":

            def conjunction(scope: Scope) -> Any:
                a = left(scope)
                if a is False:
                    return False
                b = right(scope)
                if b is False:
                    return False
                if a is True and b is True:
                    return True
                _warn_not_boolean(scope, "and", a, b, where)
                return None

            return conjunction

        def disjunction(scope: Scope) -> Any:
            a = left(scope)
            if a is True:
                return True
            b = right(scope)
            if b is True:
                return True
            if a is False and b is False:
                return False
            _warn_not_boolean(scope, "or", a, b, where)
            return None

        return disjunction

    def c_InstanceOf(self, node: n.InstanceOf) -> Closure:
        value = self.compile(node.value)
        check = type_predicate(node.type, self.engine.resolve_type)
        if self.engine.resolve_type is not None or not isinstance(node.type, n.NamedType):
            self.light = False  # a predicate from the host, or one that charges steps
        return lambda scope: check(value(scope))

    # -- textual expressions
    def c_If(self, node: n.If) -> Closure:
        condition, then, otherwise = (
            self.compile(x) for x in (node.condition, node.then, node.otherwise)
        )

        where = self.where(node.condition)

        def if_then_else(scope: Scope) -> Any:
            verdict = condition(scope)
            if verdict is True:
                return then(scope)
            if verdict is not False:
                iteration.warn_not_boolean(scope, "if", verdict, where)  # (null: no warning)
            return otherwise(scope)

        return if_then_else

    def iterations(self, node: n.Node, iterations: tuple[n.Iteration, ...]) -> list:
        """(name, domain closure, upper bound closure or None, where) per iteration context."""
        return [
            (it.name, self.compile(it.domain), self.compile(it.high) if it.high else None,
             self.where(it))
            for it in iterations
        ]  # fmt: skip

    def c_For(self, node: n.For) -> Closure:
        iterations = self.iterations(node, node.iterations)
        body = self.compile(node.body)
        max_size = self.engine.max_size
        needs_list = self.dialect.iteration_needs_list
        if len(iterations) > 1:

            bound = {"partial": _PARTIAL} if uses_name(node.body, "partial") else {}

            def nested_loops(scope: Scope) -> Any:
                results: list[Any] = []
                failed = iteration.bind_all(scope, iterations, 0, bound, body, results, max_size,
                                            needs_list, None)  # fmt: skip
                return None if failed else results

            return nested_loops
        ((name, domain, high, where),) = iterations
        reuse = not defines_function(node.body)
        # `partial` is a snapshot, so no result can contain the list being built
        snapshot = uses_name(node.body, "partial")

        def for_loop(scope: Scope) -> Any:
            values = iteration.domain(scope, domain, high, where, max_size, needs_list)
            if values is None:
                return None
            results: list[Any] = []
            state = scope.state
            append = results.append
            # One scope for every iteration unless the body defines a function, which
            # could keep a reference to the scope of its own iteration.
            inner = Scope({"partial": results}, scope, state)
            for value in values:
                state.steps += 1
                if not state.steps & 1023:
                    state.check()
                if reuse:
                    inner.vars[name] = value
                else:
                    inner = Scope({name: value, "partial": results}, scope, state)
                if snapshot:
                    inner.vars["partial"] = list(results)
                append(body(inner))
            return results

        return for_loop

    def c_Quantified(self, node: n.Quantified) -> Closure:
        iterations = self.iterations(node, node.iterations)
        condition = self.compile(node.condition)
        every = node.quantifier == "every"
        max_size = self.engine.max_size
        needs_list = self.dialect.iteration_needs_list
        three_valued = self.dialect.three_valued_quantifiers
        decides = iteration.quantifier_decides(every, three_valued)
        where = self.where(node.condition)

        if len(iterations) == 1 and not defines_function(node.condition):
            ((name, domain, high, domain_where),) = iterations
            word = node.quantifier

            def single_quantified(scope: Scope) -> Any:
                values = iteration.domain(scope, domain, high, domain_where, max_size, needs_list)
                if values is None:
                    return None
                state = scope.state
                inner = Scope({}, scope, state)
                vars = inner.vars
                undecided = warned = False
                for value in values:
                    state.steps += 1
                    if not state.steps & 1023:
                        state.check()
                    vars[name] = value
                    verdict = condition(inner)
                    if decides(verdict):
                        if verdict is not True and verdict is not False and not warned:
                            iteration.warn_not_boolean(scope, word, verdict, where)
                        return not every
                    if verdict is not True and verdict is not False:
                        undecided = True
                        if not warned and verdict is not None:
                            iteration.warn_not_boolean(scope, word, verdict, where)
                            warned = True
                return None if undecided and three_valued else every

            return single_quantified

        def quantified(scope: Scope) -> Any:
            results: list[Any] = []
            if iteration.bind_all(scope, iterations, 0, {}, condition, results, max_size,
                                  needs_list, decides):  # fmt: skip
                return None
            return iteration.quantified_result(scope, results, every, three_valued, where)

        return quantified

    def c_FunctionDefinition(self, node: n.FunctionDefinition) -> Closure:
        names = tuple(name for name, _ in node.parameters)
        checks = tuple(
            type_predicate(t, self.engine.resolve_type) if t is not None else None
            for _, t in node.parameters
        )
        body = self.compile(node.body)
        where = self.where(node)
        if node.external:
            resolve = self.engine.resolve_external

            def external(scope: Scope) -> Any:
                definition = body(scope)
                function = resolve(definition, names) if resolve else None
                if function is None:
                    warn(scope, WarningKind.UNSUPPORTED, "external functions are not enabled", where)
                return function

            return external

        def definition(scope: Scope) -> Any:
            return UserFunction(names, checks, body, scope)

        return definition

    # -- postfix
    def c_Filter(self, node: n.Filter) -> Closure:
        base = self.compile(node.base)
        condition = self.compile(node.condition)
        where = self.where(node)
        needs_list = self.dialect.iteration_needs_list
        if hasattr(condition, "constant"):
            index = condition.constant  # type: ignore[attr-defined]
            if type(index) is Decimal:
                if not needs_list:
                    return lambda scope: _at_index(scope, base(scope), index, where)

                def at_index_of_list(scope: Scope) -> Any:
                    items = base(scope)
                    if items is not None and type(items) is not list:
                        warn(scope, WarningKind.INVALID_TYPE,
                             f"can't filter a {type_name(items)}: a list is expected", where)  # fmt: skip
                        return None
                    return _at_index(scope, items, index, where)

                return at_index_of_list

        reuse = not defines_function(node.condition)
        # the condition of an empty list is tried where the filter is (an index?) unless
        # it reads the item, which only items have
        try_empty = not uses_name(node.condition, "item")
        condition_where = self.where(node.condition)

        def filtering(scope: Scope) -> Any:
            items = base(scope)
            if items is None:
                return None
            if type(items) is not list:
                if needs_list:
                    warn(scope, WarningKind.INVALID_TYPE,
                         f"can't filter a {type_name(items)}: a list is expected", where)  # fmt: skip
                    return None
                items = [items]
            elif not items:
                return iteration.filter_of_empty(scope, condition, where) if try_empty else []
            kept = []
            state = scope.state
            warned = False
            # Without a function definition in the condition nothing can keep a reference
            # to the per-item scopes, so two scope objects serve every item.
            item_scope = Scope({"item": None}, scope, state)
            entries_scope = Scope(None, item_scope, state)
            for position, item in enumerate(items):
                state.steps += 1
                if not state.steps & 1023:
                    state.check()
                if not reuse:
                    item_scope = Scope({"item": None}, scope, state)
                    entries_scope = Scope(None, item_scope, state)
                item_scope.vars["item"] = item
                if type(item) is dict:
                    entries_scope.vars = item
                    verdict = condition(entries_scope)
                else:
                    verdict = condition(item_scope)
                if verdict is True:
                    kept.append(item)
                elif verdict is not False and verdict is not None:
                    if position == 0 and type(verdict) is Decimal:
                        return _at_index(scope, items, condition(scope), where)
                    if not warned:  # once: the same reason, item after item
                        iteration.warn_not_boolean(scope, "a filter", verdict, condition_where)
                        warned = True
            return kept

        return filtering

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

        return path_keys

    def c_Invocation(self, node: n.Invocation) -> Closure:
        where = self.where(node)
        callee_node = node.callee
        if isinstance(callee_node, n.Name) and callee_node.name == "is defined":
            return self.is_defined(node)
        was_light, self.light = self.light, True
        if node.named:
            names = tuple(name for name, _ in node.arguments)
            values = tuple(self.compile(value) for _, value in node.arguments)
        else:
            names = ()
            values = tuple(self.compile(value) for value in node.arguments)
        light_arguments, self.light = self.light, False  # a call may need a state
        callee = self.callee(callee_node)
        named = node.named
        arguments = _arguments(values)
        max_size, max_string = self.engine.max_size, self.engine.max_string

        def invocation(scope: Scope) -> Any:
            function = callee(scope)
            if function is None:
                return None
            if named:
                args, kwargs = None, {k: v(scope) for k, v in zip(names, values)}
            else:
                args, kwargs = arguments(scope), None
            try:
                result = function.invoke(scope.state, args, kwargs)
                kind = type(result)
                if (kind is list and len(result) > max_size) or (
                    kind is str and len(result) > max_string
                ):
                    raise _too_large(function)
                return result
            except Exception as error:
                return _call_failed(scope, function, error, where)

        if named or not isinstance(callee_node, n.Name):
            return invocation
        if callee_node.name in _LITERAL_CALLS and values and all(map(_plain_constant, values)):
            from feel.builtins import BUILTINS

            if self.engine.functions.get(callee_node.name) is BUILTINS[callee_node.name]:
                literal = self.fold(invocation, *values)
                if literal is not invocation:  # no warning: the value of a literal
                    self.light = was_light  # a bound name needs a state: NeedsState
                    return unless_bound(literal.constant, frozenset([callee_node.name]),  # type: ignore[attr-defined]
                                        invocation)  # fmt: skip
        fast = self.builtin_call(callee_node.name, arguments, len(values), invocation, where)
        function = self.engine.functions.get(callee_node.name)  # flagged: feel.builtins.registry
        if fast is not None and function.positional(len(values)).light:
            self.light = was_light and light_arguments
        return fast or invocation

    def builtin_call(self, name: str, arguments: Callable[[Scope], list], count: int,
                     invocation: Closure, where: tuple) -> Closure | None:  # fmt: skip
        """For a positional call of a built-in by its name: a closure that calls the overload
        :meth:`Builtin.invoke` would pick for ``count`` arguments directly (chosen once here,
        that saves a third of a small call), unless a variable of that name holds a function,
        which ``invocation``, the general closure, then calls."""
        from feel.builtins.registry import Builtin

        function = self.engine.functions.get(name)
        if type(function) is not Builtin:
            return None
        signature = next((s for s in function.signatures if s.accepts_count(count)), None)
        if signature is None:
            return None
        impl, needs_state = signature.impl, signature.needs_state
        max_size, max_string = self.engine.max_size, self.engine.max_string

        def builtin(scope: Scope) -> Any:
            s: Scope | None = scope
            while s is not None:
                vars = s.vars
                if name in vars:
                    if isinstance(vars[name], Function):
                        if scope.state is QUIET:
                            raise NeedsState  # a function from a variable may need a state
                        return invocation(scope)
                    break
                s = s.parent
            args = arguments(scope)
            try:
                result = impl(scope.state, *args) if needs_state else impl(*args)
                kind = type(result)
                if (kind is list and len(result) > max_size) or (
                    kind is str and len(result) > max_string
                ):
                    raise _too_large(function)
                return result
            except Exception as error:
                return _call_failed(scope, function, error, where)

        return builtin

    def callee(self, node: n.Node) -> Closure:
        """A closure giving the function to call (a Function) or None after a warning."""
        where = self.where(node)
        if isinstance(node, n.Name):
            name = node.name
            functions = self.engine.functions

            dotted = name.split(".") if "." in name.strip(".") else None

            def named_function(scope: Scope) -> Any:
                value = scope.lookup(name)
                if isinstance(value, Function):
                    return value
                function = functions.get(name)
                if function is not None:
                    return function
                if value is MISSING and dotted is not None:  # `prefix.name` lexed as one name
                    value = scope.lookup(dotted[0].strip())
                    for part in dotted[1:]:
                        if type(value) is not dict:
                            value = MISSING
                            break
                        value = value.get(part.strip(), MISSING)
                    if isinstance(value, Function):
                        return value
                if value is MISSING or value is None:
                    warn(scope, WarningKind.NO_FUNCTION_FOUND, hints.no_function(name, scope, functions), where)
                else:
                    warn(scope, WarningKind.NOT_A_FUNCTION, f"{name!r} is not a function", where)
                return None

            return named_function
        compiled = self.compile(node)

        def computed_function(scope: Scope) -> Any:
            value = compiled(scope)
            if isinstance(value, Function):
                return value
            if value is not None:
                warn(scope, WarningKind.NOT_A_FUNCTION, f"{type_name(value)} is not a function", where)
            return None

        return computed_function

    def is_defined(self, node: n.Invocation) -> Closure:
        """Camunda's ``is defined(x)`` (8.4 on): whether ``x`` is not null; false for a missing
        variable or entry, without warning."""
        where = self.where(node)
        if node.named or len(node.arguments) != 1:

            def wrong(scope: Scope) -> Any:
                warn(scope, WarningKind.INVALID_ARGUMENTS, "is defined takes one argument", where)
                return None

            return wrong
        argument = node.arguments[0]
        if isinstance(argument, n.Name):
            name = argument.name
            functions = self.engine.functions

            def defined_name(scope: Scope) -> Any:
                value = scope.lookup(name)
                return name in functions if value is MISSING else value is not None

            return defined_name
        if isinstance(argument, n.Path):
            base = self.compile(argument.base)
            key = argument.name

            def defined_entry(scope: Scope) -> Any:
                container = base(scope)
                return type(container) is dict and container.get(key) is not None

            return defined_entry
        value = self.compile(argument)
        return lambda scope: value(scope) is not None

    # -- unary tests
    def c_UnaryTests(self, node: n.UnaryTests) -> Closure:
        raise FeelSyntaxError("unary tests are not an expression", expression=self.text)


#: Stands for the `partial` results in the bindings of nested iterations.
_PARTIAL = object()


def uses_name(node: Any, name: str) -> bool:
    """True when the name ``name`` is read anywhere in ``node``."""
    if isinstance(node, n.Name):
        return node.name == name
    if isinstance(node, tuple):
        return any(uses_name(item, name) for item in node)
    if isinstance(node, n.Node):
        return any(uses_name(getattr(node, field), name) for field in node.__dataclass_fields__
                   if field not in ("start", "end"))  # fmt: skip
    return False


def names_read(node: Any) -> set[str]:
    """Every name a closure compiled from ``node`` may look up in a scope: each name, and
    for a name with dots (a parameter ``a.b`` lexed as one name) also its first part."""
    found: set[str] = set()
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, n.Name):
            found.add(item.name)
            found.add(item.name.split(".")[0].strip())
        elif isinstance(item, tuple):
            pending.extend(item)
        elif isinstance(item, n.Node):
            pending.extend(getattr(item, field) for field in item.__dataclass_fields__
                           if field not in ("start", "end"))  # fmt: skip
    return found


def defines_function(node: Any) -> bool:
    """True when a function definition appears anywhere in ``node``."""
    if isinstance(node, n.FunctionDefinition):
        return True
    if isinstance(node, tuple):
        return any(defines_function(item) for item in node)
    if isinstance(node, n.Node):
        return any(defines_function(getattr(node, field)) for field in node.__dataclass_fields__
                   if field not in ("start", "end"))  # fmt: skip
    return False


def _arguments(values: tuple[Closure, ...]) -> Callable[[Scope], list]:
    """A function giving the list of the argument values (unrolled for up to three: a
    list comprehension costs 0.1 µs more in Python 3.11)."""
    if not values:
        return lambda scope: []
    if len(values) == 1:
        (a,) = values
        return lambda scope: [a(scope)]
    if len(values) == 2:
        a, b = values
        return lambda scope: [a(scope), b(scope)]
    if len(values) == 3:
        a, b, c = values
        return lambda scope: [a(scope), b(scope), c(scope)]
    return lambda scope: [value(scope) for value in values]


def _too_large(function: Any) -> BudgetExceeded:
    return BudgetExceeded("size", f"{getattr(function, 'name', 'a function')} built a value "
                          "larger than the size budget")  # fmt: skip


def _call_failed(scope: Scope, function: Any, error: Exception, where: tuple) -> None:
    """What a call that raised ``error`` gives: null and a warning for a Failure or a bug in
    a function; FeelErrors (budgets) go on; Python's recursion limit is the depth budget."""
    if isinstance(error, Failure):
        warn(scope, error.kind, error.message, where)
    elif isinstance(error, FeelError):
        raise error
    elif isinstance(error, RecursionError):
        raise BudgetExceeded("depth", "function calls nested too deeply") from None
    elif isinstance(error, MemoryError):  # never a warning
        raise BudgetExceeded("size", f"{getattr(function, 'name', 'a function')} ran out of "
                             "memory") from None
    else:
        warn(scope, WarningKind.FUNCTION_INVOCATION_FAILURE,
             f"{getattr(function, 'name', 'function')} failed: {error!r}", where)  # fmt: skip
    return None


def unless_bound(value: Any, names: frozenset[str], general: Closure) -> Closure:
    """A closure giving ``value``, computed at compile time from calls of the functions
    ``names`` (built-ins): unless a scope binds one of the names, when ``general`` computes
    it (0.4 µs for ``date("2023-01-31") + duration("P10D")`` instead of 5)."""
    if type(value) is list:
        return general  # never shared: each evaluation makes its own

    def literal(scope: Scope) -> Any:
        s: Scope | None = scope
        while s is not None:
            vars = s.vars
            for name in names:
                if name in vars:
                    if scope.state is QUIET:
                        raise NeedsState  # a function from a variable may need a state
                    return general(scope)
            s = s.parent
        return value

    literal.unless_bound = names  # type: ignore[attr-defined]
    return literal


def _foldable(closure: Closure) -> bool:
    """True for a closure :meth:`Compiler.fold` can fold."""
    return hasattr(closure, "constant") or hasattr(closure, "unless_bound")


def _plain_constant(closure: Closure) -> bool:
    """True for a constant closure whose value may be used without calling it (not a list,
    which each evaluation must copy)."""
    return hasattr(closure, "constant") and type(closure.constant) is not list  # type: ignore[attr-defined]


def constant(value: Any) -> Closure:
    """A closure that always returns ``value``; marked so that parents can fold it."""
    if type(value) is list:

        def copy(scope: Scope) -> Any:
            return list(value)

        copy.constant = value  # type: ignore[attr-defined]
        return copy

    def const(scope: Scope) -> Any:
        return value

    const.constant = value  # type: ignore[attr-defined]
    return const


def guarded(scope: Scope, operation: Callable, a: Any, b: Any, where: tuple) -> Any:
    """``operation(a, b)``; a Failure becomes null plus a warning."""
    try:
        return operation(a, b)
    except Failure as failure:
        warn(scope, failure.kind, failure.message, where)
        return None


def compare_values(scope: Scope, operation: Callable, a: Any, b: Any, equality: bool,
                   where: tuple) -> Any:  # fmt: skip
    """``a`` compared with ``b`` by the FEEL ``operation``: null with a warning when they
    can't be compared (equality of two different kinds too; null operands excepted)."""
    try:
        result = operation(a, b)
    except Failure as failure:
        warn(scope, failure.kind, failure.message, where)
        return None
    if result is None and equality and a is not None and b is not None:
        warn(
            scope, WarningKind.NOT_COMPARABLE,
            f"can't compare {type_name(a)} with {type_name(b)}", where,
        )  # fmt: skip
    return result


def _between(scope: Scope, x: Any, low: Any, high: Any, where: tuple) -> Any:
    try:
        above = op.greater_equal(x, low)
        below = op.less_equal(x, high)
    except Failure as failure:
        warn(scope, failure.kind, failure.message, where)
        return None
    return _and(above, below)


def _and(a: Any, b: Any) -> Any:
    if a is False or b is False:
        return False
    if a is True and b is True:
        return True
    return None


def _warn_not_boolean(scope: Scope, word: str, a: Any, b: Any, where: tuple) -> None:
    for value in (a, b):
        if value is not None and type(value) is not bool:
            warn(scope, WarningKind.INVALID_TYPE, f"{word}: {type_name(value)} is not a boolean", where)
            return


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

"""Arithmetic, comparisons, ``between``, ``in`` and ``and``/``or``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from feel import nodes as n
from feel.convert import DIGITS_LIMIT
from feel.fastpath.kinds import (
    BOOL, FEEL, LIST, NULL, NUM, RAW, RAW_LIST, STR, STRISH, VERDICT, Unsupported, Value, in_range,
)
from feel.fastpath.writer import Writer
from feel.semantics import (
    ARITHMETIC, COMPARISON, DECISIVE, arithmetic_values, between_values, compare_values, negated,
    not_boolean,
)
from feel.values import Range

#: The operators of open ranges (``< 10``) a test of ``in`` compares with inline.
_OPEN = ("<", "<=", ">", ">=")


def _endpoint(open_range: Range) -> Any:
    """The one end of an open range (``< 10``: 10)."""
    return open_range.end if open_range.start is None else open_range.start


def _whole(value: Any) -> bool:
    """Whether ``value`` is a Decimal whole number of fewer than 34 digits."""
    return (type(value) is Decimal and value.is_finite() and value == value.to_integral_value()
            and -DIGITS_LIMIT < value < DIGITS_LIMIT)  # fmt: skip

_NOT_NUMBERS = (STR, BOOL, NULL, LIST, RAW_LIST)
#: The test of a host's int ``x`` compared as it is with a whole constant (fewer than 34
#: digits) where only a true verdict matters (:attr:`Writer.truthy`): the bound on the side
#: where the comparison can be true. An int past it (+-_DL) is for the closures (they
#: convert some, make others null); one past the other bound compares false, and theirs is
#: false or null, not kept either way; none equals such a constant. (``!=`` is not here.)
_KEPT = {">": "{x} < _DL", ">=": "{x} < _DL", "<": "_NDL < {x}", "<=": "_NDL < {x}", "=": ""}


class Operators(Writer):
    """The translation of operators over numbers, strings and booleans."""

    def whole_constant(self, node: n.Node) -> int | None:
        """The value of ``node`` as an ``int`` when it is a constant whole number of fewer
        than 34 digits (compared with a host's int as it is, see :meth:`with_whole`)."""
        value = self.facts.value(node)
        return int(value) if _whole(value) else None

    def with_whole(self, value: Value, on_int: Callable[[str], str], on_decimal: Callable[[str], str],
                   on_number: Callable[[str], str], int_range: str | None = None) -> Value:  # fmt: skip
        """A test of ``value`` against whole constants: ``on_int`` when it is a host's int
        (JSON numbers mostly are), compared as it is, ``on_decimal`` when it is a FEEL
        number as it is, else ``on_number`` (which converts and checks it). As it is, because the closures' conversion would not change the verdict:
        an int of fewer than 34 digits converts exactly, a larger one rounds to a number as
        far from constants of fewer digits, and one past FEEL's range is for the closures
        (2.4 µs for ``some x in numbers satisfies x > 99`` over 100 ints, against 15 when
        each was converted). Each gives a boolean or null. ``int_range``: the test of an
        int's range, of ``{x}`` (past FEEL's range by default), where a narrower one will do
        (see :data:`_KEPT`)."""
        name = self.assign(value.code)
        result = self.temp()
        bound = (int_range if int_range is not None else "_NDL < {x} < _DL").format(x=name)
        with self.block(f"if type({name}) is int{' and ' + bound if bound else ''}:"):  # JSON first
            self.line(f"{result} = {on_int(name)}")
        with self.block(f"elif type({name}) is Decimal and {in_range(name)}:"):
            self.line(f"{result} = {on_decimal(name)}")
        with self.block("else:"):
            self.line(f"{result} = {on_number(name)}")
        return Value(result, VERDICT)

    def t_Arithmetic(self, node: n.Arithmetic) -> Value:
        """Two numbers inline (and two strings for ``+``); anything else, a null operand
        first, by the slow branch: the closures' general case, with its warning."""
        entry = ARITHMETIC[node.operator]
        if entry.code is None:
            raise Unsupported(node.operator)
        left, right = self.value(node.left), self.value(node.right)
        kinds = (left.kind, right.kind)
        plus = entry.strings
        if (not plus or NUM in kinds) and any(kind in _NOT_NUMBERS for kind in kinds):
            raise Unsupported("not a number")  # written so: the closures warn
        limit = self.engine.max_string
        result = self.temp()
        if plus and (STR in kinds or STRISH in kinds) and NUM not in kinds:  # `a + " "`: as they are
            if any(kind in _NOT_NUMBERS and kind != STR for kind in kinds):
                raise Unsupported("not a string")
            a, b = (self.assign(value.code) for value in (left, right))
            guard = self.typed(str, (a, left), (b, right))
            # (else the slow branch raises the budget; a constant's length known here)
            lengths, room = [], limit
            for code, node_side in ((a, node.left), (b, node.right)):
                known = self.facts.constant(node_side)
                if known is not None and type(known.value) is str:
                    room -= len(known.value)
                else:
                    lengths.append(f"len({code})")
            fits = f"{' + '.join(lengths) or '0'} <= {room}"
            with self.block(f"if {guard + ' and ' if guard else ''}{fits}:"):
                self.line(f"{result} = {a} + {b}")
            with self.block("else:"):
                self.slow(result, arithmetic_values, self.cell(entry.general), *self.converted((a, left), (b, right)),
                          self.where(node), repr(limit))  # fmt: skip
            return Value(result, STRISH)
        numeric = not plus or NUM in kinds
        a, b = (self.assign(self.feel(value, numeric).code) for value in (left, right))
        numbers = self.typed(Decimal, (a, left), (b, right)) or "True"
        if entry.nonzero:  # (by zero: the slow branch warns)
            numbers = f"{numbers} and {b}" if numbers != "True" else b
        strings = plus and NUM not in kinds
        if not strings and numbers == "True":
            return Value(self.assign(f"{entry.code}({a}, {b})"), NUM)
        with self.block(f"if {numbers}:"):
            self.line(f"{result} = {entry.code}({a}, {b})")
        if strings:
            with self.block(f"elif type({a}) is str and type({b}) is str and len({a}) + len({b}) <= {limit}:"):
                self.line(f"{result} = {a} + {b}")
        with self.block("else:"):
            self.slow(result, arithmetic_values, self.cell(entry.general), a, b,
                      self.where(node), repr(limit))  # fmt: skip
        return Value(result, FEEL)

    def t_Negation(self, node: n.Negation) -> Value:
        """``-x``: a number inline, anything else (a duration, a null) by the slow branch."""
        value = self.value(node.operand)
        operand = self.assign(self.feel(value, True).code)
        if value.kind == NUM:
            return Value(self.assign(f"NEGATE({operand})"), NUM)
        return self.branches(f"type({operand}) is Decimal", f"NEGATE({operand})",
                             negated, operand, self.where(node))

    def t_Comparison(self, node: n.Comparison) -> Value:
        """Two numbers or two strings compared inline (a JSON int with a whole constant as
        it is); anything else by the slow branch, the closures' general case."""
        operator = COMPARISON[node.operator].code
        known = self.whole_constant(node.right)
        if known is not None and not self.whole_constant(node.left):
            left = self.value(node.left)
            if left.kind == RAW:  # `x > 99` with x a JSON int, say
                constant = Value(self.cell(Decimal(known)), NUM)
                return self.with_whole(left, lambda x: f"({x} {operator} {known})",
                                       lambda x: f"({x} {operator} {constant.code})",
                                       lambda x: self.compared(node, Value(x, left.kind), constant).code,
                                       _KEPT.get(node.operator) if self.truthy is node else None)  # fmt: skip
        else:
            left = self.value(node.left)
        return self.compared(node, left, self.value(node.right))

    def compared(self, node: n.Comparison, left: Value, right: Value) -> Value:
        """The comparison ``node`` of ``left`` and ``right`` (see :meth:`t_Comparison`)."""
        entry = COMPARISON[node.operator]
        operator, equality = entry.code, entry.equality
        kinds = (left.kind, right.kind)
        if NULL in kinds:
            if not equality:
                raise Unsupported("ordering with null")
            other = right if left.kind == NULL else left
            test = "is" if node.operator == "=" else "is not"
            return Value(f"({self.feel(other).code} {test} None)", BOOL)
        arguments = None  # the slow branch's operands, when not a and b
        if NUM in kinds or STR in kinds:
            static = NUM if NUM in kinds else STR
            allowed = (STR, RAW, FEEL, STRISH) if static == STR else (NUM, RAW, FEEL)
            if any(kind not in allowed for kind in kinds):
                raise Unsupported(f"not a {static}")  # written so: the closures warn
            if static == STR:  # strings tested as they are (converted in the slow branch)
                a, b = (self.assign(value.code) for value in (left, right))
                guard = self.typed(str, (a, left), (b, right))
                arguments = self.converted((a, left), (b, right))
            else:
                a, b = (self.assign(self.feel(value, True).code) for value in (left, right))
                guard = self.typed(Decimal, (a, left), (b, right))
        elif BOOL in kinds and bool in entry.kinds:
            a, b = (self.assign(self.feel(value).code) for value in (left, right))
            guard = f"type({a}) is bool and type({b}) is bool"
        else:
            a, b = (self.assign(self.feel(value).code) for value in (left, right))
            inline = " or ".join(f"type({a}) is {kind.__name__}" for kind in entry.kinds)
            guard = f"type({a}) is type({b}) and ({inline})"
        if not guard:
            return Value(f"({a} {operator} {b})", BOOL)  # a bool: used where it is, once
        general = entry.general(self.engine.dialect)
        return self.branches(guard, f"({a} {operator} {b})", compare_values, self.cell(general),
                             *(arguments or (a, b)), repr(equality), self.where(node),
                             kind=VERDICT)  # fmt: skip

    def t_Between(self, node: n.Between) -> Value:
        low_known, high_known = self.whole_constant(node.low), self.whole_constant(node.high)
        if low_known is not None and high_known is not None:
            value = self.value(node.value)
            if value.kind == RAW:
                low, high = self.cell(Decimal(low_known)), self.cell(Decimal(high_known))
                ends = (Value(low, NUM), Value(high, NUM))
                return self.with_whole(value, lambda x: f"({low_known} <= {x} <= {high_known})",
                                       lambda x: f"({low} <= {x} <= {high})",
                                       lambda x: self.between(node, Value(x, value.kind), *ends).code)
        return self.between(node, *(self.value(part) for part in (node.value, node.low, node.high)))

    def between(self, node: n.Between, *operands: Value) -> Value:
        """``x between low and high``: three numbers compared inline, anything else (dates,
        strings, a null) by the slow branch, the closures' :func:`between_values`."""
        x, low, high = (self.assign(self.feel(value, True).code) for value in operands)
        guard = self.typed(Decimal, *zip((x, low, high), operands))
        if not guard:
            return Value(f"({low} <= {x} and {x} <= {high})", BOOL)
        return self.branches(guard, f"({low} <= {x} and {x} <= {high})", between_values,
                             x, low, high, self.where(node), kind=VERDICT)

    def t_In(self, node: n.In) -> Value:
        """``x in test, ...`` with constant tests of one kind: numbers, strings, lists of
        them, intervals of numbers, open ranges (``< 10``), as the closures test an input of
        that kind (another kind: their test, in a slow branch)."""
        tests: list[tuple[str, Any]] = []  # ("value" | "list" | "range", constant)
        for test in node.tests:
            if isinstance(test, n.ListExpr):
                items = [self.facts.value(item) for item in test.items]
                tests.append(("list", items))
                continue
            expected = self.facts.value(test)
            if type(expected) is Range and expected.operator is None:
                tests.append(("range", expected))
            elif type(expected) is Range and expected.operator in _OPEN:  # `< 10`
                tests.append(("open", expected))
            else:
                tests.append(("value", expected))
        kinds = set()
        for form, expected in tests:
            if form == "range":
                kinds |= {type(expected.start), type(expected.end)}
            elif form == "open":
                kinds.add(type(_endpoint(expected)))
            elif form == "list":
                kinds |= {type(item) for item in expected}
            else:
                kinds.add(type(expected))
        if kinds == {Decimal} and all(form == "range" for form, _ in tests) and all(
                _whole(end) for _, expected in tests for end in (expected.start, expected.end)):
            value = self.value(node.value)
            if value.kind == RAW:  # `status in [200..299]` with a JSON int
                return self.with_whole(value, lambda x: self.in_ranges(tests, x, int),
                                       lambda x: self.in_ranges(tests, x, self.cell),
                                       lambda x: self.membership(node, tests, Value(x, RAW), Decimal).code)
            return self.membership(node, tests, value, Decimal)
        if kinds == {Decimal}:
            return self.membership(node, tests, self.value(node.value), Decimal)
        if kinds == {str} and all(form != "range" for form, _ in tests):
            return self.membership(node, tests, self.value(node.value), str)
        raise Unsupported("in with tests other than constants of one kind")

    def membership(self, node: n.In, tests: list[tuple[str, Any]], value: Value,
                   python: type) -> Value:  # fmt: skip
        """``value in tests`` (constants of the type ``python``) inline for a value of
        that type; for a value of another kind, the closures' test of ``node``
        (:func:`feel.unary.compile_tests`) in a slow branch, with its warning."""
        static = NUM if python is Decimal else STR
        if value.kind == static:
            return Value(self.member_checks(tests, value.code), BOOL)
        result = self.temp()
        test = self.closures_test(node)
        if value.kind in (NUM, STR, BOOL, NULL, LIST, RAW_LIST):  # of another kind, statically
            self.slow(result, test, self.feel(value).code)
            return Value(result, VERDICT)
        x = self.feel(value, number=python is Decimal).code
        with self.block(f"if type({x}) is {python.__name__}:"):
            self.line(f"{result} = {self.member_checks(tests, x)}")
        with self.block("else:"):
            self.slow(result, test, x)
        return Value(result, VERDICT)

    def closures_test(self, node: n.In) -> Callable[[Any, Any], Any]:
        """The closures' test of the tests of ``node``: ``test(scope, value)``."""
        from feel.compiler import Compiler
        from feel.unary import compile_tests

        return compile_tests(Compiler(self.text, self.engine), node.tests, node)

    def member_checks(self, tests: list[tuple[str, Any]], x: str) -> str:
        """Code: ``x``, of the constants' type, passes one of ``tests``."""
        checks = []
        for form, expected in tests:
            if form == "range":
                checks.append(self.in_interval(expected, x, self.cell))
            elif form == "open":
                checks.append(f"{x} {expected.operator} {self.cell(_endpoint(expected))}")
            elif form == "list":  # (one kind: a set finds what == would)
                checks.append(f"{x} in {self.cell(frozenset(expected))}")
            else:
                checks.append(f"{x} == {self.cell(expected)}")
        return f"({' or '.join(checks)})"

    @staticmethod
    def in_ranges(tests: list, x: str, written: Callable[[Any], Any]) -> str:
        """Code: ``x`` is in one of the intervals ``tests``, their ends ``written`` (as int
        literals, or as cells of the Decimals)."""
        return f"({' or '.join(Operators.in_interval(expected, x, written) for _, expected in tests)})"

    @staticmethod
    def in_interval(interval: Range, x: str, written: Callable[[Any], Any]) -> str:
        """Code: ``x`` is in ``interval``, its ends ``written`` (int literals, or cells)."""
        low = f"{written(interval.start)} {'<=' if interval.start_included else '<'} {x}"
        high = f"{x} {'<=' if interval.end_included else '<'} {written(interval.end)}"
        return f"({low} and {high})"

    def t_Logical(self, node: n.Logical) -> Value:
        # as the closures: `a and b` is false when either is false, true when both are true
        decisive, other = repr(DECISIVE[node.operator]), repr(not DECISIVE[node.operator])
        left = self.assign(self.value(node.left).code)
        result = self.temp()
        with self.block(f"if {left} is {decisive}:"):
            self.line(f"{result} = {decisive}")
        with self.block("else:"):
            right = self.assign(self.value(node.right).code)
            self.line(f"if {right} is {decisive}: {result} = {decisive}")
            self.line(f"elif {left} is {other} and {right} is {other}: {result} = {other}")
            with self.block("else:"):  # (the operands as the closures see them: converted)
                self.slow(result, not_boolean, repr(node.operator), f"_feel({left})",
                          f"_feel({right})", self.where(node))  # fmt: skip
        return Value(result, VERDICT)  # (null from the slow branch)

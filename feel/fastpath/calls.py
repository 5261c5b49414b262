"""Calls of the built-ins flagged ``scalar`` or ``walks_list`` (:mod:`feel.builtins.registry`),
some written out, and ``is defined``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from feel import nodes as n
from feel.compiler.calls import call_failed, too_large
from feel.fastpath.helpers import MAX_ITEMS
from feel.fastpath.kinds import (
    BOOL, FEEL, LIST, NULL, NUM, RAW, RAW_LIST, STR, STRISH, Unsupported, Value,
)
from feel.fastpath.writer import Writer

#: Built-ins of strings written out: their count of arguments, the Python code of them
#: (strings), and its kind.
_STRING_FUNCTIONS = {
    "upper case": (1, "{0}.upper()", STR), "lower case": (1, "{0}.lower()", STR),
    "string length": (1, "Decimal(len({0}))", NUM), "contains": (2, "({1} in {0})", BOOL),
    "starts with": (2, "{0}.startswith({1})", BOOL), "ends with": (2, "{0}.endswith({1})", BOOL),
}  # fmt: skip


class Calls(Writer):
    """The translation of calls of built-ins by name, and of ``is defined``."""

    def t_Invocation(self, node: n.Invocation) -> Value:
        from feel.builtins.registry import Builtin

        callee = node.callee
        if node.named or not isinstance(callee, n.Name):
            raise Unsupported("call")
        name = callee.name
        if name == "is defined":
            return self.is_defined(node)
        function = self.engine.functions.get(name)
        if type(function) is not Builtin:
            raise Unsupported(name)
        # only built-ins flagged scalar or walks_list (see feel.builtins.registry): they need
        # no state and take and give values whose size the result checks bound
        signature = function.positional(len(node.arguments))
        if signature is None or not (signature.scalar or signature.walks_list):
            raise Unsupported(name)
        if signature.needs_state:
            raise Unsupported(name)
        return self.unless_bound(node, (name,), lambda: self.builtin_call(node, function, signature))

    def builtin_call(self, node: n.Invocation, function: Any, signature: Any) -> Value:
        """The call of the built-in ``function`` (by its name, with ``signature``) at ``node``."""
        name = node.callee.name  # type: ignore[attr-defined]
        written = _STRING_FUNCTIONS.get(name)
        if written is not None and len(node.arguments) == written[0]:
            return self.string_call(node, function, signature, written[1], written[2])
        inline = getattr(self, "call_" + name.replace(" ", "_"), None)
        result = inline(node.arguments, node) if inline is not None else None
        if result is not None:
            return result
        arguments = [self.assign(self.feel(self.value(argument)).code) for argument in node.arguments]
        result = self.temp()
        walks: bool | str = False
        if signature.walks_list:  # counted as a loop; over a long list, in the state
            self.count_loop()
            walks = self.assign(_any_long(arguments))
        self.read_call(result, node, function, signature, arguments, walks)
        return Value(result, FEEL)

    def read_call(self, result: str, node: n.Invocation, function: Any, signature: Any,
                  arguments: list[str], walks: bool | str = False) -> None:  # fmt: skip
        """Lines: ``result`` is the built-in called with FEEL ``arguments``, as the closures
        call it: a failure is null with its warning (:func:`feel.compiler.calls.call_failed`)
        in the state made at the first slow branch; a text past ``max_string`` raises the
        size budget. ``walks``: called in that state (its budgets), as the closures call it
        over a list or context (True), or where the local it names holds True."""
        impl, listed = self.cell(signature.impl), ", ".join(arguments)
        call = f"{impl}({listed})"
        if walks is True:
            self.line("if st is None: st = _state()")
            call = f"_slow(st, _called, {impl}, {listed})"
        elif walks:
            self.line(f"if {walks} and st is None: st = _state()")
            call = f"_slow(st, _called, {impl}, {listed}) if {walks} else {call}"
        self.line("try:")
        self.line(f"    {result} = {call}")
        with self.block("except Exception as error:"):
            self.slow(result, call_failed, self.cell(function), "error", self.where(node))
        self.too_long(result, function, f"type({result}) is str and ")

    def too_long(self, result: str, function: Any, test: str = "") -> None:
        """Lines: a text ``result`` of ``function`` past ``max_string`` raises the size
        budget, as the closures' call does (where ``test`` holds)."""
        with self.block(f"if {test}len({result}) > {self.engine.max_string}:"):
            # (it raises: assigned to a temporary, as ``result`` may be a constant's cell)
            self.slow(self.temp(), too_large, self.cell(function))

    def string_call(self, node: n.Invocation, function: Any, signature: Any, form: str,
                    kind: str) -> Value:  # fmt: skip
        """A built-in of strings written out (``form`` of the arguments' codes, of static
        ``kind``) for strings; other arguments by the general call (:meth:`read_call`)."""
        values = [self.value(argument) for argument in node.arguments]
        if any(value.kind not in (STR, RAW, FEEL, STRISH) for value in values):
            raise Unsupported("not a string")  # written so: the closures warn
        codes = [self.assign(value.code) for value in values]
        guard = self.typed(str, *zip(codes, values))
        written = form.format(*codes)
        if not guard:
            result = self.assign(written)
            if kind == STR:
                self.too_long(result, function)
            return Value(result, kind)
        result = self.temp()
        with self.block(f"if {guard}:"):
            self.line(f"{result} = {written}")
            if kind == STR:
                self.too_long(result, function)
        with self.block("else:"):
            self.read_call(result, node, function, signature, self.converted(*zip(codes, values)))
        return Value(result, STRISH if kind == STR else FEEL)

    def is_defined(self, node: n.Invocation) -> Value:
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
                    return Value(f"({bound.code} is not None)", BOOL)
            if name in self.engine.functions:  # (a variable of that name decides)
                return self.unless_bound(node, (name,), lambda: Value("True", BOOL), any_value=True)
            return Value(self.assign(f"_has(v, {name!r})"), BOOL)
        if isinstance(argument, n.Path):
            value = self.value(argument.base)
            base = self.assign(value.code)
            if value.kind != RAW:  # a FEEL context has text keys only
                return Value(f"(type({base}) is dict and {base}.get({argument.name!r}) is not None)",
                              BOOL)  # fmt: skip
            return Value(self.assign(f"_has({base}, {argument.name!r})"), BOOL)
        value = self.feel(self.value(argument))
        return Value(f"({value.code} is not None)", BOOL)

    # -- built-ins written out (None: the general call); as the built-ins compute, for
    # arguments of the usual kinds
    def call_max(self, arguments: tuple, node: n.Invocation, function: str = "max") -> Value | None:
        if len(arguments) != 1:
            return None
        self.count_loop()
        items, result = self.assign(self.value(arguments[0]).code), self.temp()
        self.line("try:")
        self.line(f"    {result} = _extreme({items}, {function})")
        # anything else (a long list, other kinds, numbers to round): the built-in, in the
        # state (its budgets; a failure is null with its warning), as the closures call it
        with self.block("except Elsewhere:"):
            builtin = self.engine.functions[function]
            self.line("if st is None: st = _state()")
            self.line(f"{result} = _slow(st, _walked, {self.cell(builtin)}, "
                      f"{self.cell(builtin.positional(1).impl)}, {self.where(node)}, _feel({items}))")
        return Value(result, FEEL)

    def call_min(self, arguments: tuple, node: n.Invocation) -> Value | None:
        return self.call_max(arguments, node, "min")

    def call_string(self, arguments: tuple, node: n.Invocation) -> Value | None:
        """``string(x)``: of a scalar inline; of a list or context (a walk) in a state."""
        if len(arguments) != 1:
            return None
        value = self.feel(self.value(arguments[0]))
        builtin = self.engine.functions["string"]
        signature = builtin.signatures[0]
        if value.kind == LIST and value.code not in self.nullable:
            result = self.temp()
            self.read_call(result, node, builtin, signature, [value.code], walks=True)
        elif value.kind == STR:
            result = value.code
            self.too_long(result, builtin)
        else:
            code = self.assign(value.code)
            result = self.temp()
            with self.block(f"if type({code}) is list or type({code}) is dict:"):
                self.read_call(result, node, builtin, signature, [code], walks=True)
            with self.block("else:"):
                self.line(f"{result} = {self.cell(signature.impl)}({code})")
                self.too_long(result, builtin, f"type({result}) is str and ")
        return Value(result, FEEL)

    def call_substring(self, arguments: tuple, node: n.Invocation) -> Value | None:
        """``substring(s, start, length)`` with a constant start from 1 and length (a start
        past the end, or ``s`` not a string: the general call, which warns)."""
        if len(arguments) not in (2, 3):
            return None
        numbers = [self.facts.value(node) for node in arguments[1:]]
        if not all(type(x) is Decimal and x == x.to_integral_value() and 0 <= x < 10**9
                   for x in numbers):  # fmt: skip
            return None
        start = int(numbers[0])
        if start < 1:
            return None
        value = self.value(arguments[0])
        text = self.feel(value).code
        function = self.engine.functions["substring"]
        signature = function.positional(len(arguments))
        constants = [self.cell(x) for x in numbers]
        result = self.temp()
        if value.kind in (NUM, BOOL, NULL, LIST, RAW_LIST):  # of another kind, statically:
            # the general call (which warns) of the argument already computed
            self.read_call(result, node, function, signature, [text, *constants])
            return Value(result, FEEL)
        end = f"{start - 1 + int(numbers[1])}" if len(numbers) == 2 else ""
        guard = "" if value.kind == STR else f"type({text}) is str and "
        with self.block(f"if {guard}len({text}) >= {start}:"):
            self.line(f"{result} = {text}[{start - 1}:{end}]")
            self.too_long(result, function)
        with self.block("else:"):
            self.read_call(result, node, function, signature, [text, *constants])
        return Value(result, FEEL)


def _any_long(arguments: list[str]) -> str:
    """A test that one of ``arguments`` is a list longer than :data:`MAX_ITEMS` (the
    built-in is then called in the state, which its walk charges)."""
    return " or ".join(f"type({a}) is list and len({a}) > {MAX_ITEMS}" for a in arguments)

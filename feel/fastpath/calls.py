"""Calls of the built-ins flagged ``scalar`` or ``walks_list`` (:mod:`feel.builtins.registry`),
some written out, and ``is defined``."""

from __future__ import annotations

from decimal import Decimal

from feel import nodes as n
from feel.fastpath.helpers import MAX_ITEMS
from feel.fastpath.kinds import BOOL, FEEL, LIST, NUM, RAW, RAW_LIST, STR, Unsupported, Value
from feel.fastpath.writer import Writer


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
        self.guard_unbound(name)
        inline = getattr(self, "call_" + name.replace(" ", "_"), None)
        result = inline(node.arguments) if inline is not None else None
        if result is not None:
            return result
        arguments = [self.assign(self.feel(self.value(argument)).code) for argument in node.arguments]
        if signature.walks_list:  # counted as a loop
            self.count_loop()
            for argument in arguments:
                self.line(f"if type({argument}) is list and len({argument}) > {MAX_ITEMS}: "
                          "raise GiveUp")  # fmt: skip
        result = self.assign(f"{self.cell(signature.impl)}({', '.join(arguments)})")
        self.line(f"if type({result}) is str and len({result}) > {self.engine.max_string}: "
                  "raise GiveUp")  # fmt: skip
        return Value(result, FEEL)

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
            if name in self.engine.functions:
                self.guard_unbound(name)  # (a variable of that name decides)
                return Value("True", BOOL)
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
    def call_max(self, arguments: tuple, function: str = "max") -> Value | None:
        if len(arguments) != 1:
            return None
        self.count_loop()
        return Value(self.assign(f"_extreme({self.value(arguments[0]).code}, {function})"), FEEL)

    def call_min(self, arguments: tuple) -> Value | None:
        return self.call_max(arguments, "min")

    def call_upper_case(self, arguments: tuple, method: str = "upper") -> Value | None:
        if len(arguments) != 1:
            return None
        result = self.assign(f"{self.string(self.value(arguments[0]))}.{method}()")
        self.line(f"if len({result}) > {self.engine.max_string}: raise GiveUp")
        return Value(result, STR)

    def call_lower_case(self, arguments: tuple) -> Value | None:
        return self.call_upper_case(arguments, "lower")

    def call_string_length(self, arguments: tuple) -> Value | None:
        if len(arguments) != 1:
            return None
        return Value(self.assign(f"Decimal(len({self.string(self.value(arguments[0]))}))"), NUM)

    def call_contains(self, arguments: tuple, form: str = "{1} in {0}") -> Value | None:
        if len(arguments) != 2:
            return None
        text, match = (self.string(self.value(argument)) for argument in arguments)
        return Value(self.assign(form.format(text, match)), BOOL)

    def call_starts_with(self, arguments: tuple) -> Value | None:
        return self.call_contains(arguments, "{0}.startswith({1})")

    def call_ends_with(self, arguments: tuple) -> Value | None:
        return self.call_contains(arguments, "{0}.endswith({1})")

    def call_string(self, arguments: tuple) -> Value | None:
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
        return Value(result, FEEL)

    def call_substring(self, arguments: tuple) -> Value | None:
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
        return Value(result, STR)

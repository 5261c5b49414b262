"""Function definitions and calls: built-ins called straight to their overload, literal
calls folded, Camunda's ``is defined``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from feel import hints
from feel import nodes as n
from feel.compiler.core import Closure, Core, unless_bound
from feel.diagnostics import Failure, WarningKind
from feel.errors import BudgetExceeded, FeelError
from feel.functions import UserFunction
from feel.runtime import MISSING, Scope, warn
from feel.types import type_predicate
from feel.values import Function, type_name


class Calls(Core):
    """The closures of function definitions and invocations."""

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

    def c_Invocation(self, node: n.Invocation) -> Closure:
        where = self.where(node)
        callee_node = node.callee
        if isinstance(callee_node, n.Name) and callee_node.name == "is defined":
            return self.is_defined(node)
        if node.named:
            names = tuple(name for name, _ in node.arguments)
            values = tuple(self.compile(value) for _, value in node.arguments)
        else:
            names = ()
            values = tuple(self.compile(value) for value in node.arguments)
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
                return call_failed(scope, function, error, where)

        if named or not isinstance(callee_node, n.Name):
            return invocation
        known = self.facts.constant(node)  # a literal, such as `date("2023-01-31")`
        if known is not None:
            return unless_bound(known.value, known.names, invocation)
        return self.builtin_call(callee_node.name, arguments, len(values), invocation, where) or invocation

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
        signature = function.positional(count)
        if signature is None:
            return None
        impl, needs_state = signature.impl, signature.needs_state
        max_size, max_string = self.engine.max_size, self.engine.max_string

        def builtin(scope: Scope) -> Any:
            s = scope
            while True:  # a function bound to the name is called instead (Scope.lookup inline)
                vars = s.vars
                if name in vars:
                    bound = vars[name]
                    break
                if s.parent is None:  # (a host's variable of another kind: not read)
                    bound = s.unread_function(name)
                    break
                s = s.parent
            if isinstance(bound, Function):
                return invocation(scope)
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
                return call_failed(scope, function, error, where)

        return builtin

    def callee(self, node: n.Node) -> Closure:
        """A closure giving the function to call (a Function) or None after a warning."""
        where = self.where(node)
        if isinstance(node, n.Name):
            name = node.name
            functions = self.engine.functions

            dotted = name.split(".") if "." in name.strip(".") else None
            known = name in functions  # then only a function bound to the name hides it

            def named_function(scope: Scope) -> Any:
                value = scope.lookup(name, known)
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


def too_large(scope: Scope, function: Any) -> None:
    """Raise what a call of ``function`` that built a value past the size budget raises
    (generated code's slow branch for a text too long, :mod:`feel.fastpath`)."""
    raise _too_large(function)


def _too_large(function: Any) -> BudgetExceeded:
    return BudgetExceeded("size", f"{getattr(function, 'name', 'a function')} built a value "
                          "larger than the size budget")  # fmt: skip


def call_failed(scope: Scope, function: Any, error: Exception, where: tuple) -> None:
    """What a call that raised ``error`` gives: null and a warning for a Failure or a bug in
    a function; FeelErrors (budgets) go on; Python's recursion limit is the depth budget.
    (Both tiers: generated code's slow branch of a call calls it too, :mod:`feel.fastpath`.)"""
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
